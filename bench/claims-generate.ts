/**
 * Claims generation benchmark: 100,000 synthetic claims (professional, then institutional) through the
 * whole path — schema, scrubber, 837 writer — into a counting sink, each measurement in its own child
 * process so its peak RSS is its own:
 *   ours       createPipeline (zod parse + every scrubber edit + batch writer + X12Writer)
 *   write-only createBatchWriter alone (each claim is built and parsed outside the clock)
 *   node-x12   the same segments (from our claim → segment mapping) handed to node-x12's X12Generator
 *              as JS EDI Notation and serialised with toString() — where it survives
 * Prints claims/s, output MB/s and peak RSS at 10,000 and 100,000 claims (flat RSS = flat memory).
 * BENCH_CLAIMS=10000,100000 to change the counts.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createBatchWriter } from '../src/claims/batch-writer.js';
import { Claim, type ClaimInput, type ClaimKind } from '../src/claims/model.js';
import { PartnerProfile, sequentialAllocator } from '../src/claims/partner.js';
import { createPipeline } from '../src/claims/pipeline.js';
import { npiCheckDigit } from '../src/claims/scrub/formats.js';
import { prepareClaim } from '../src/claims/write/prepare.js';
import { KINDS } from '../src/claims/kinds.js';
import type { SegmentData } from '../src/x12/writer.js';

type Mode = 'ours' | 'write-only' | 'node-x12';
const MODES: Mode[] = ['ours', 'write-only', 'node-x12'];

interface Measurement {
  mode: Mode;
  kind: ClaimKind;
  claims: number;
  bytes: number;
  ms: number;
  maxRssMb: number;
  error?: string;
}

const PARTNER = PartnerProfile.parse({
  id: 'bench',
  name: 'Bench',
  isa: { senderId: 'BENCHSENDER', receiverId: 'BENCHRECEIVER' },
  gs: { senderCode: 'BENCHSENDER', receiverCode: 'BENCHRECEIVER' },
  submitter: { name: 'BENCH SUBMITTER', id: 'SUB123', contact: { name: 'DESK', phone: '5555550100' } },
  receiver: { name: 'BENCH RECEIVER', id: 'REC456' },
});

/** Synthetic claim n: 50 billing providers, a new subscriber every claim, two lines. Values made up. */
export function syntheticClaim(kind: ClaimKind, n: number): ClaimInput {
  const id = String(n).padStart(8, '0');
  const provider = n % 50;
  const npi = `1${String(10000000 + provider)}`;
  const common = {
    claimId: `${kind[0].toUpperCase()}${id}`,
    billingProvider: { entity: 'organization', name: `BENCH CLINIC ${provider}`, npi: npi + npiCheckDigit(npi), taxId: '123456789', address: { line1: '1 BENCH WAY', city: 'SPRINGFIELD', state: 'IL', postalCode: '627010001' } },
    subscriber: { name: { last: 'TESTPATIENT', first: 'ALEX' }, memberId: `MBR${id}`, claimFilingIndicator: 'CI', birthDate: '1980-01-01', gender: 'F', address: { line1: `${n % 900} TEST ST`, city: 'SPRINGFIELD', state: 'IL', postalCode: '62701' } },
    payer: { name: 'TEST PAYER', id: 'PAYER01' },
  };
  if (kind === 'institutional') {
    return {
      kind, ...common, totalCharge: '1650', typeOfBill: '131', statementFrom: '2024-01-10', statementTo: '2024-01-10', admissionType: '3', patientStatus: '01',
      diagnoses: [{ code: 'J449' }, { code: 'R05' }],
      attendingProvider: { entity: 'person', name: 'DOCTOR', firstName: 'TEST', npi: '1234567893' },
      lines: [
        { revenueCode: '0450', procedureCode: '99284', charge: '1500', units: '1', serviceDate: '2024-01-10' },
        { revenueCode: '0300', procedureCode: '85025', charge: '150', units: '1', serviceDate: '2024-01-10' },
      ],
    } as ClaimInput;
  }
  return {
    kind: 'professional', ...common, totalCharge: '150', placeOfService: '11', diagnoses: ['J449', 'R05'],
    lines: [
      { procedureCode: '99213', charge: '100', units: '1', diagnosisPointers: [1, 2], serviceDate: '2024-01-10' },
      { procedureCode: '85025', charge: '50', units: '1', diagnosisPointers: [1], serviceDate: '2024-01-10' },
    ],
  } as ClaimInput;
}

const formatElement = (v: SegmentData['elements'][number]): string =>
  v === undefined || v === null ? '' : typeof v === 'string' ? v : Array.isArray(v) ? v.join(':') : v.repeat.map((r) => (Array.isArray(r) ? r.join(':') : r)).join('^');

async function nodeX12(kind: ClaimKind, count: number): Promise<number> {
  const { JSEDINotation, X12Generator } = await import('node-x12');
  const version = KINDS[kind].version;
  const jsen = new JSEDINotation(['00', '          ', '00', '          ', 'ZZ', 'BENCHSENDER    ', 'ZZ', 'BENCHRECEIVER  ', '240101', '1200', '^', '00501', '000000001', '0', 'T', ':']);
  const group = jsen.addFunctionalGroup(['HC', 'BENCHSENDER', 'BENCHRECEIVER', '20240101', '1200', '1', 'X', version]);
  for (let start = 0; start < count; start += 5000) {
    const tx = group.addTransaction(['837', String(start / 5000 + 1).padStart(4, '0'), version]);
    tx.addSegment('BHT', ['0019', '00', `B${start}`, '20240101', '1200', 'CH']);
    let hl = 0;
    for (let n = start; n < Math.min(count, start + 5000); n++) {
      const p = prepareClaim(Claim.parse(syntheticClaim(kind, n)));
      tx.addSegment('HL', [String(++hl), '', '20', '1']);
      const parent = hl;
      for (const s of p.billingProvider) tx.addSegment(s.id, s.elements.map(formatElement));
      tx.addSegment('HL', [String(++hl), String(parent), '22', '0']);
      for (const s of [...p.subscriber, ...p.claimLoop]) tx.addSegment(s.id, s.elements.map(formatElement));
    }
  }
  return new X12Generator(jsen, { format: true, endOfLine: '\n' }).toString().length;
}

async function measure(mode: Mode, kind: ClaimKind, count: number): Promise<Measurement> {
  const started = process.hrtime.bigint();
  let bytes = 0;
  const sink = { write: (t: string) => void (bytes += t.length), close() {} };
  if (mode === 'node-x12') bytes = await nodeX12(kind, count);
  else if (mode === 'write-only') {
    // Only the writer is timed: each claim is built and parsed outside the clock.
    const w = createBatchWriter({ partner: PARTNER, date: '20240101', time: '1200', allocator: sequentialAllocator(), openFile: () => sink });
    let writing = 0n;
    for (let n = 0; n < count; n++) {
      const claim = Claim.parse(syntheticClaim(kind, n));
      const t = process.hrtime.bigint();
      w.add(claim);
      writing += process.hrtime.bigint() - t;
    }
    const t = process.hrtime.bigint();
    w.end();
    writing += process.hrtime.bigint() - t;
    return { mode, kind, claims: count, bytes, ms: Number(writing) / 1e6, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  } else {
    const p = createPipeline({ partners: () => PARTNER, defaultPartnerId: 'bench', today: '2024-06-01', date: '20240101', time: '1200', allocator: sequentialAllocator(), openFile: () => sink });
    for (let n = 0; n < count; n++) {
      if (!p.accept(syntheticClaim(kind, n), { index: n }).accepted) throw new Error(`synthetic claim ${n} was rejected`);
    }
    p.end();
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { mode, kind, claims: count, bytes, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

function runChild(mode: Mode, kind: ClaimKind, count: number): Measurement {
  const self = fileURLToPath(import.meta.url);
  const args = self.endsWith('.ts') ? ['--import', 'tsx', self] : [self];
  try {
    const out = execFileSync(process.execPath, [...args, 'measure', mode, kind, String(count)], { encoding: 'utf8', timeout: 900_000, maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
    return JSON.parse(out.trim().split('\n').pop()!);
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    const reason = (e.stderr ?? e.message).split('\n').find((l) => /Error|heap|memory|string/i.test(l)) ?? 'failed';
    return { mode, kind, claims: count, bytes: 0, ms: 0, maxRssMb: 0, error: reason.trim().slice(0, 120) };
  }
}

export async function run(counts = (process.env.BENCH_CLAIMS ?? '10000,100000').split(',').map(Number)): Promise<string> {
  const lines: string[] = [];
  const log = (s: string) => {
    lines.push(s);
    console.log(s);
  };
  log('Claims generation benchmark: each run in its own child process (MB = MiB)');
  log('claims   kind           mode          claims/s     MB/s   output MB   peak RSS MB   result');
  for (const count of counts) for (const kind of ['professional', 'institutional'] as const) {
    for (const mode of MODES) {
      const m = runChild(mode, kind, count);
      const seconds = m.ms / 1000;
      const result = m.error ? `did not survive: ${m.error}` : 'ok';
      const rate = m.error ? 0 : m.claims / seconds;
      const mbs = m.error ? 0 : m.bytes / 1048576 / seconds;
      log(`${String(count).padEnd(8)} ${kind.padEnd(14)} ${mode.padEnd(10)} ${rate.toFixed(0).padStart(11)} ${mbs.toFixed(1).padStart(8)} ${(m.bytes / 1048576).toFixed(1).padStart(11)} ${m.maxRssMb.toFixed(0).padStart(13)}   ${result}`);
    }
  }
  return lines.join('\n');
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  if (process.argv[2] === 'measure') {
    const m = await measure(process.argv[3] as Mode, process.argv[4] as ClaimKind, Number(process.argv[5]));
    process.stdout.write(JSON.stringify(m) + '\n');
  } else {
    await run();
  }
}
