/**
 * The walker's use counts live in one stacked row per open loop (round 7 of issue 12), not an array per
 * loop instance: each new instance must count from zero, the rows must grow when loops nest past the first
 * allocation, and a closed loop's row must be given back (memory stays flat over any number of claims).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { write837 } from '../../../bench/synthetic.js';
import { X12Reader, allFindings } from '../../../src/guides/reader.js';

const dir = mkdtempSync(join(tmpdir(), 'walker-counts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The walker of the transaction set being read, as the reader holds it (its private rows, for the test). */
const rowsOf = (reader: X12Reader) => (reader as unknown as { walker?: { counts: Int32Array; countsTop: number; stack: Array<{ base: number; pos: number }> } }).walker;

describe('walker use counts', () => {
  it('counts each loop instance from zero, grows the rows as loops nest and gives them back as loops close', async () => {
    const file = join(dir, 'claims.x12');
    const claims = await write837(file, 1_200_000);
    expect(claims).toBeGreaterThan(2_000);
    const bytes = readFileSync(file);
    // One transaction set of 5,000 claims; read with the use counts checked on every claim.
    const reader = new X12Reader({ buildTree: false });
    let deepest = 0;
    let largest = 0;
    let checked = 0;
    for (let at = 0; at < bytes.length; at += 65_536) {
      reader.push(bytes.subarray(at, at + 65_536));
      const w = rowsOf(reader);
      if (w) {
        deepest = Math.max(deepest, w.countsTop);
        largest = Math.max(largest, w.counts.length);
        // Every open loop has used the child it is at (its row survived the rows' growth and later loops).
        for (const frame of w.stack) if (frame.pos >= 0) {
          expect(w.counts[frame.base + frame.pos]).toBeGreaterThanOrEqual(1);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
    const report = reader.end();
    // Valid: no loop instance inherited the counts of the one before it (a stale row reports segments over
    // their maximum use, or misses a required one).
    expect(allFindings(report)).toEqual([]);
    // The rows grew past their first 64 entries (nested 837P loops need a few hundred) …
    expect(largest).toBeGreaterThan(64);
    // … and stay at the depth of the open loops, whatever the number of claims read.
    expect(deepest).toBeLessThan(1_000);
    expect(largest).toBeLessThanOrEqual(2_048);
  });

  it('reports a second use of a once-only segment in each loop instance, not across instances', () => {
    const isa = 'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240101*1200*^*00501*000000001*0*T*:~';
    const claim = (hl: number, pcn: string, extraCn1: boolean) =>
      `HL*${hl}*1*22*0~SBR*P*18*GRP1******CI~NM1*IL*1*DOE*JANE****MI*M1~NM1*PR*2*PAYER*****PI*P1~CLM*${pcn}*100***11:B:1*Y*A*Y*Y~${extraCn1 ? 'CN1*02*10~CN1*02*10~' : 'CN1*02*10~'}HI*ABK:J449~LX*1~SV1*HC:99213*100*UN*1***1~DTP*472*D8*20231215~`;
    const body =
      'BHT*0019*00*B1*20240101*1200*CH~NM1*41*2*SUB*****46*S1~PER*IC*C*TE*5555550100~NM1*40*2*REC*****46*R1~' +
      'HL*1**20*1~NM1*85*2*CLINIC*****XX*1234567893~N3*1 MAIN ST~N4*SPRINGFIELD*IL*627010001~REF*EI*123456789~' +
      claim(2, 'A1', false) + claim(3, 'A2', true) + claim(4, 'A3', false);
    const segments = body.split('~').length - 1 + 2;
    const text = `${isa}GS*HC*S*R*20240101*1200*1*X*005010X222A1~ST*837*0001*005010X222A1~${body}SE*${segments}*0001~GE*1*1~IEA*1*000000001~`;
    const reader = new X12Reader({ buildTree: false });
    reader.push(Buffer.from(text));
    const over = allFindings(reader.end()).filter((f) => f.code === 'GUIDE-SEGMENT-OVER-MAXIMUM');
    // Only the second claim has two CN1s: one finding, at its second CN1 (a row not zeroed would count on).
    expect(over.map((f) => f.position.segmentId)).toEqual(['CN1']);
  });
});
