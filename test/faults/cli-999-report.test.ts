/**
 * Issue 12, round 4: 999 / TA1 reports stream. `x12gw report` keeps only each 999's summary (AK1, AK9) in
 * a first read and writes its transaction sets in a second, one AK2 loop at a time, with back-pressure
 * (src/cli/commands/report.ts `reportAcknowledgments`, writers in src/acks/report.ts).
 *  - Small files (the samples, a TA1 after a 999, random 999s): CSV byte-identical to the CSV the old
 *    whole report printed (its code kept below as the reference), JSON identical to `JSON.stringify` of the
 *    whole models, HTML identical to the whole page — with and without `--claims`.
 *  - A generated 999 with 150,000 transaction sets (an 837 of that many ST sets) reported as CSV under a
 *    64 MiB heap: every transaction set in it. Before, every TransactionAck and then the whole CSV were
 *    held, and the capped CLI ran out of heap.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { reportCommand } from '../../src/cli/commands/report.js';
import { readAcknowledgments } from '../../src/acks/read-999.js';
import { acknowledgmentHtml } from '../../src/acks/report.js';
import { index837, mapAcknowledgmentTo837, type MappedError } from '../../src/acks/map-to-837.js';
import type { Acknowledgment999, InterchangeAcknowledgment } from '../../src/acks/model.js';
import { csvRow } from '../../src/text/csv.js';

const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
const SAMPLES = join(ROOT, 'samples', 'acks');
const dir = mkdtempSync(join(tmpdir(), 'x12gw-999-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The whole acknowledgment CSV as `x12gw report` printed it before streaming (the reference). */
function wholeCsv(acks: readonly Acknowledgment999[], ta1: readonly InterchangeAcknowledgment[]): string {
  let out = csvRow(['kind', 'acknowledged', 'transaction_set', 'result', 'segment', 'segment_position', 'loop', 'element', 'error_code', 'problem', 'claim']);
  for (const t of ta1) out += csvRow(['TA1', t.interchangeControlNumber, '', t.status, '', '', '', '', t.note, t.noteDescription, '']);
  for (const a of acks) {
    for (const t of a.transactions) {
      const head = ['999', a.acknowledgedGroup.controlNumber, `${t.transactionSet} ${t.controlNumber}`, t.status];
      if (!t.segmentErrors.length) out += csvRow([...head, '', '', '', '', t.errors.map((e) => e.code).join('; '), t.errors.map((e) => e.description).join('; '), '']);
      for (const s of t.segmentErrors) {
        const claim = s.businessUnit?.name === 'CLM01' ? s.businessUnit.value : '';
        if (!s.elements.length) out += csvRow([...head, s.segmentId, s.segmentPosition, s.loop ?? '', '', s.code, s.description, claim]);
        for (const e of s.elements) out += csvRow([...head, s.segmentId, s.segmentPosition, s.loop ?? '', `${s.segmentId}${String(e.element).padStart(2, '0')}${e.component ? '-' + e.component : ''}`, e.code, e.description, claim]);
      }
    }
  }
  return out;
}

let n = 0;
/** `x12gw report` in this process, to a file: exit code and the report's text. */
async function report(file: string, format: string, claims?: string): Promise<{ code: number; text: string }> {
  const output = join(dir, `out-${n++}.${format}`);
  const write = process.stderr.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    const code = await reportCommand(file, { format, output, claims });
    return { code, text: readFileSync(output, 'utf8') };
  } finally {
    process.stderr.write = write;
  }
}

async function expectSameAsWhole(file: string, claims?: string): Promise<void> {
  const { acks, ta1 } = readAcknowledgments(readFileSync(file), { file });
  const mapped = new Map<Acknowledgment999, MappedError[]>();
  if (claims) {
    const index = index837(readFileSync(claims));
    for (const a of acks) mapped.set(a, mapAcknowledgmentTo837(a, index));
  }
  const title = `Acknowledgment report — ${file.split('/').pop()}`;
  expect((await report(file, 'csv', claims)).text).toBe(wholeCsv(acks, ta1));
  expect((await report(file, 'json', claims)).text).toBe(JSON.stringify({ ta1, acknowledgments: acks.map((a) => (mapped.has(a) ? { ...a, claimsHit: mapped.get(a) } : a)) }, null, 2) + '\n');
  expect((await report(file, 'html', claims)).text).toBe(acknowledgmentHtml(acks, ta1, { title, mapped }));
}

const ISA = (control: number) => `ISA*00*          *00*          *ZZ*CH01           *ZZ*SUBM01         *240316*1015*^*00501*${String(control).padStart(9, '0')}*0*T*:~\n`;

/** A 999 answering `sets` transaction sets: accepted, or rejected with a claim-level element error. */
function write999(sets: Array<{ rejected: boolean; pcn: string }>, control = 900, group = 201): string {
  const body = [`AK1*HC*${group}*005010X222A1~`];
  sets.forEach((s, i) => {
    body.push(`AK2*837*${String(i + 1).padStart(4, '0')}*005010X222A1~`);
    if (s.rejected) body.push('IK3*CLM*18*2300*8~', `CTX*CLM01:${s.pcn}~`, 'IK4*5:3*1325*7*9~', 'IK5*R*5~');
    else body.push('IK5*A~');
  });
  const rejected = sets.filter((s) => s.rejected).length;
  body.push(`AK9*${rejected === 0 ? 'A' : rejected === sets.length ? 'R' : 'P'}*${sets.length}*${sets.length}*${sets.length - rejected}~`);
  return `${ISA(control)}GS*FA*CH01*SUBM01*20240316*1015*${control}*X*005010X231A1~\nST*999*0001*005010X231A1~\n${body.join('\n')}\nSE*${body.length + 2}*0001~\nGE*1*${control}~\nIEA*1*${String(control).padStart(9, '0')}~\n`;
}

describe('999 / TA1 report streamed = whole report', () => {
  it('on the samples, a TA1 after a 999, with and without the 837', async () => {
    const mixed = join(dir, 'mixed.999');
    writeFileSync(mixed, readFileSync(join(SAMPLES, 'partially-accepted.999'), 'latin1') + readFileSync(join(SAMPLES, 'interchange-rejected.ta1'), 'latin1') + readFileSync(join(SAMPLES, 'rejected.999'), 'latin1'));
    for (const f of ['accepted.999', 'partially-accepted.999', 'rejected.999', 'interchange-rejected.ta1'].map((x) => join(SAMPLES, x)).concat(mixed)) {
      await expectSameAsWhole(f);
      await expectSameAsWhole(f, join(SAMPLES, 'claims-answered.837'));
    }
  });

  it('on random 999s (several 999s per file)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.record({ rejected: fc.boolean(), pcn: fc.stringMatching(/^[A-Z0-9]{1,8}$/) }), { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 3 }), async (files) => {
        const path = join(dir, `random-${n++}.999`);
        writeFileSync(path, files.map((sets, i) => write999(sets, 900 + i, 201 + i)).join(''));
        await expectSameAsWhole(path);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});

describe('a large 999 under a 64 MiB heap', () => {
  it('CSV: a row per transaction set, exit 1 (rejected sets)', async () => {
    const SETS = 150_000;
    const file = join(dir, 'big.999');
    const sets = Array.from({ length: SETS }, (_, i) => ({ rejected: i % 10 === 3, pcn: `PCN${i}` }));
    writeFileSync(file, write999(sets));
    const cli = spawn(process.execPath, ['--max-old-space-size=64', '--import', 'tsx', MAIN, 'report', '--format', 'csv', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let rows = 0;
    let rejected = 0;
    let carry = '';
    cli.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    cli.stdout!.on('data', (d: Buffer) => {
      const text = carry + d.toString('utf8');
      const cut = text.lastIndexOf('\n') + 1;
      for (const line of text.slice(0, cut).split('\r\n')) {
        if (line.startsWith('999,')) rows++;
        if (line.startsWith('999,') && line.includes(',R,CLM,')) rejected++;
      }
      carry = text.slice(cut);
    });
    const status = await new Promise<number | null>((resolve) => cli.once('close', resolve));
    expect(stderr).toBe('');
    expect(status).toBe(1);
    expect(rows).toBe(SETS);
    expect(rejected).toBe(SETS / 10);
  }, 240_000);
});
