/**
 * Benchmark: 835 → Remittance models, streamed claim by claim.
 *
 * Generates synthetic 835s of about 100 MB and 1 GB into a temporary folder (written with our own 835
 * writer, deleted afterwards), then reads each in a child process (so peak RSS is the reader's alone)
 * with `keepClaims: false` under a 64 MiB heap cap, and reports MB/s, the ratio to a `Buffer.indexOf` scan
 * floor of the same file measured in the same run, and peak RSS. Goal (issue 12): ≥ 1/20 of the floor,
 * ≤ 200 MB RSS at 1 GB.
 *
 *   npx tsx bench/remits-parse.ts            # 100 MB and 1 GB
 *   npx tsx bench/remits-parse.ts 100        # sizes in MB
 */
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { fork } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Decimal } from 'decimal.js';
import { X12Writer, formatSegment } from '../src/x12/writer.js';
import { DEFAULT_DELIMITERS } from '../src/x12/delimiters.js';
import { claimSegments, writeRemittance, type RemittanceToWrite } from '../src/remits/write-835.js';
import { readRemittanceStream } from '../src/remits/read-remittances.js';
import { deriveClaim, deriveLine } from '../src/remits/derive.js';
import type { Adjustment, ClaimPayment, ServiceLine } from '../src/remits/model.js';
import { scanFloor } from './synthetic.js';
import { record } from './issue-12-summary.js';

const d = (v: string) => new Decimal(v);
const adj = (group: string, reason: string, amount: string): Adjustment => ({ group, groupDescription: '', reason, reasonDescription: '', amount: d(amount) });

function line(code: string, charge: string, paid: string, adjustments: Adjustment[], n: number): ServiceLine {
  return deriveLine({
    procedure: { qualifier: 'HC', code, modifiers: [] },
    charge: d(charge),
    paid: d(paid),
    units: '1',
    serviceDate: '2024-03-01',
    adjustments,
    lineControlNumber: `L${n}`,
    references: [],
    amounts: [],
    quantities: [],
    remarks: [],
  });
}

/** A claim paid 180 of 250 (CO-45 contractual 40, PR-2 coinsurance 30), two lines; every claim balances. */
function claim(n: number): ClaimPayment {
  const lines = [line('99213', '150', '110', [adj('CO', '45', '20'), adj('PR', '2', '20')], 1), line('85025', '100', '70', [adj('CO', '45', '20'), adj('PR', '2', '10')], 2)];
  return deriveClaim({
    headerNumber: '1',
    patientControlNumber: `PCN${n}`,
    status: '1',
    statusDescription: '',
    billed: d('250'),
    paid: d('180'),
    patientResponsibilityAmount: d('30'),
    filingIndicator: '12',
    payerClaimControlNumber: `ICN${n}`,
    facilityType: '11',
    frequency: '1',
    adjustments: [],
    patient: { role: 'QC', entityType: '1', lastName: 'SYNTHETIC', firstName: 'PATIENT', idQualifier: 'MI', id: `M${n}` },
    references: [],
    contacts: [],
    amounts: [],
    quantities: [],
    lines,
  });
}

/** Writes an 835 of about `bytes` bytes (one transaction set) and returns the number of claims written. */
export function generate835(path: string, bytes: number): number {
  const fd = openSync(path, 'w');
  let buffer: string[] = [];
  let pending = 0;
  let written = 0;
  const flush = () => {
    writeSync(fd, buffer.join(''));
    buffer = [];
    pending = 0;
  };
  const w = new X12Writer((t) => {
    buffer.push(t);
    pending += t.length;
    written += t.length;
    if (pending > 1 << 20) flush();
  }, DEFAULT_DELIMITERS, '\n');
  w.startInterchange({ senderQualifier: 'ZZ', senderId: 'BENCHPAYER', receiverQualifier: 'ZZ', receiverId: 'BENCHPROVIDER', controlNumber: 1, date: '20240315', time: '0930', usage: 'T' });
  w.startGroup({ functionalId: 'HP', senderCode: 'BENCHPAYER', receiverCode: 'BENCHPROVIDER', date: '20240315', time: '0930', controlNumber: 1, version: '005010X221A1' });
  const probe = claim(1);
  let count = 0;
  // The claim count is fixed before writing (BPR02 must equal the sum of CLP04): estimate from one claim's size.
  const perClaim = claimSegments(probe).reduce((n, seg) => n + formatSegment(seg).length + 2, 0);
  const total = Math.max(1, Math.floor(bytes / perClaim));
  const header: RemittanceToWrite = {
    payment: { handling: 'I', amount: probe.paid.times(total), creditDebit: 'C', method: 'ACH', methodDescription: '', format: 'CCP', senderBank: { idQualifier: '01', id: '999999992', accountQualifier: 'DA', account: '123456' }, originatingCompanyId: '1512345678', receiverBank: { idQualifier: '01', id: '999988880', accountQualifier: 'DA', account: '98765' }, date: '2024-03-15' },
    trace: { number: 'BENCHTRACE1', originatorId: '1512345678' },
    payer: { name: 'BENCH HEALTH PLAN', address: { lines: ['1 PAYER WAY'], city: 'SPRINGFIELD', state: 'IL', postalCode: '62701' }, references: [], contacts: [{ function: 'BL', numbers: [{ qualifier: 'TE', value: '8005550100' }] }] },
    payee: { name: 'BENCH CLINIC', idQualifier: 'XX', id: '1234567893', references: [], contacts: [] },
    claims: [],
    providerAdjustments: [],
  };
  function* claims() {
    for (let i = 1; i <= total; i++) {
      count++;
      yield claim(i);
    }
  }
  writeRemittance(w, header, '0001', claims());
  w.endGroup();
  w.endInterchange();
  flush();
  closeSync(fd);
  void written;
  return count;
}

interface ParseResult {
  claims: number;
  seconds: number;
  bytes: number;
  maxRssMb: number;
  balanced: boolean;
}

/** Reads `path` claim by claim, keeping nothing per claim. */
export async function parse835(path: string, structureOnly = false): Promise<ParseResult> {
  const bytes = statSync(path).size;
  let claims = 0;
  const start = process.hrtime.bigint();
  const { remittances } = await readRemittanceStream(createReadStream(path, { highWaterMark: 1 << 20 }), { keepClaims: false, structureOnly, onClaim: () => claims++ });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { claims, seconds, bytes, maxRssMb: process.resourceUsage().maxRSS / 1024, balanced: remittances.every((r) => r.balance.balanced) };
}

/** The scan floor of the same file (synthetic.ts), in the shape of a parse result. */
async function floorResult(path: string): Promise<ParseResult> {
  const f = await scanFloor(path);
  return { claims: f.segments, seconds: f.seconds, bytes: f.bytes, maxRssMb: process.resourceUsage().maxRSS / 1024, balanced: true };
}

function parseInChild(path: string, structureOnly: boolean | 'floor'): Promise<ParseResult> {
  return new Promise((resolve, reject) => {
    // Same heap cap as the engine benchmark (64 MiB old space, small young generation): finishing a 1 GB
    // remittance that way is the proof that nothing per claim is kept.
    const child = fork(fileURLToPath(import.meta.url), ['--parse', path, structureOnly === 'floor' ? 'floor' : structureOnly ? 'structure' : 'validate'], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [...process.execArgv, '--max-old-space-size=64', '--max-semi-space-size=4'],
    });
    child.once('message', (m) => resolve(m as ParseResult));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`parser exited with ${code}`));
    });
  });
}

export interface BenchRow {
  name: string;
  sizeMb: number;
  claims: number;
  mbPerSecond: number;
  peakRssMb: number;
  balanced: boolean;
  /** The scan floor of the same file in the same run (MB/s), and this row's share of it. */
  floorMbPerSecond: number;
  vsFloor: number;
}

export async function run(sizesMb: number[] = (process.env.BENCH_SIZES ?? '100,1024').split(',').map(Number)): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'x12gw-bench-835-'));
  const rows: BenchRow[] = [];
  try {
    for (const mb of sizesMb) {
      const path = join(dir, `bench-${mb}mb.835`);
      generate835(path, mb * 1024 * 1024);
      const f = await parseInChild(path, 'floor');
      const floor = f.bytes / 1048576 / f.seconds;
      process.stdout.write(`${String(Math.round(f.bytes / 1048576)).padStart(5)} MB  ${'Buffer.indexOf scan floor'.padEnd(48)} ${floor.toFixed(1).padStart(6)} MB/s  peak RSS ${String(Math.round(f.maxRssMb)).padStart(4)} MB\n`);
      for (const structureOnly of [false, true]) {
        const r = await parseInChild(path, structureOnly);
        const speed = r.bytes / 1048576 / r.seconds;
        const row: BenchRow = { name: `835 → models, ${structureOnly ? 'structure + balancing' : 'full validation + balancing'}`, sizeMb: Math.round(r.bytes / 1048576), claims: r.claims, mbPerSecond: Math.round(speed * 10) / 10, peakRssMb: Math.round(r.maxRssMb), balanced: r.balanced, floorMbPerSecond: Math.round(floor * 10) / 10, vsFloor: Math.round((speed / floor) * 1000) / 1000 };
        rows.push(row);
        if (!structureOnly) record({ row: 'remit-models', label: `${row.sizeMb} MB ${row.name}`, bench: 'remits-parse', fileMb: r.bytes / 1048576, mbPerSecond: speed, floorMbPerSecond: floor, peakRssMb: r.maxRssMb, error: r.balanced ? undefined : 'not balanced' });
        process.stdout.write(`${String(row.sizeMb).padStart(5)} MB  ${row.name.padEnd(48)} ${String(row.mbPerSecond).padStart(6)} MB/s  ${row.vsFloor.toFixed(3).padStart(6)} × floor  peak RSS ${String(row.peakRssMb).padStart(4)} MB  ${row.claims} claims  balanced ${row.balanced}  (goal ≥ 1/20 of the floor, ≤ 200 MB RSS)\n`);
      }
      rmSync(path, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  if (process.argv[2] === '--parse') {
    const result = process.argv[4] === 'floor' ? await floorResult(process.argv[3]) : await parse835(process.argv[3], process.argv[4] === 'structure');
    if (process.send) process.send(result);
    else process.stdout.write(JSON.stringify(result) + '\n');
  } else {
    const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
    await run(sizes.length ? sizes : undefined);
  }
}
