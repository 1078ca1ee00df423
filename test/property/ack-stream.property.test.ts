/**
 * Issue 12, round 4: the inbox reads a 999 or TA1 from the file (src/gateway/ack-stream.ts) instead of
 * parsing it whole (`parseResponse`). Over random 999s (several per file, a TA1 interchange among them)
 * with random corruptions (segments dropped, repeated, swapped, elements emptied), pushed in random chunk
 * sizes: the same verdict, the same postings and the same findings as the whole parse.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectKind, parseResponse } from '../../src/gateway/read-responses.js';
import { AckResponseStream } from '../../src/gateway/ack-stream.js';
import { allFindings } from '../../src/guides/reader.js';
import { chunksOf, corruptSegments } from '../helpers/stream-inputs.js';

const ISA = (control: number) => `ISA*00*          *00*          *ZZ*CH01           *ZZ*SUBM01         *240316*1015*^*00501*${String(control).padStart(9, '0')}*0*T*:~\n`;

function write999(sets: Array<{ status: string; errors: number }>, control: number): string {
  const body = [`AK1*HC*${control}*005010X222A1~`];
  sets.forEach((s, i) => {
    body.push(`AK2*837*${String(i + 1).padStart(4, '0')}*005010X222A1~`);
    for (let e = 0; e < s.errors; e++) body.push(`IK3*CLM*${18 + e}*2300*8~`, `CTX*CLM01:PCN${i}~`, 'IK4*5:3*1325*7*9~');
    body.push(s.status === 'A' ? 'IK5*A~' : `IK5*${s.status}*5~`);
  });
  body.push(`AK9*P*${sets.length}*${sets.length}*${sets.filter((s) => s.status !== 'R').length}~`);
  return `${ISA(control)}GS*FA*CH01*SUBM01*20240316*1015*${control}*X*005010X231A1~\nST*999*0001*005010X231A1~\n${body.join('\n')}\nSE*${body.length + 2}*0001~\nGE*1*${control}~\nIEA*1*${String(control).padStart(9, '0')}~\n`;
}

const ta1 = (control: number, status: string) => `${ISA(control)}TA1*${String(control - 100).padStart(9, '0')}*240315*0900*${status}*${status === 'A' ? '000' : '006'}~\nIEA*0*${String(control).padStart(9, '0')}~\n`;

const corruption = fc.record({ kind: fc.constantFrom('drop', 'repeat', 'swap', 'empty-element', 'none'), at: fc.nat(), to: fc.nat() });

const sets = fc.array(fc.record({ status: fc.constantFrom('A', 'E', 'R'), errors: fc.integer({ min: 0, max: 2 }) }), { minLength: 0, maxLength: 6 });

describe('999 / TA1 streamed read = whole parse', () => {
  it('same verdict, postings and findings over random corrupted files and chunkings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(sets.map((s) => ({ s })), fc.constantFrom('A', 'R').map((t) => ({ t }))), { minLength: 1, maxLength: 3 }),
        fc.array(corruption, { maxLength: 3 }),
        fc.array(fc.integer({ min: 1, max: 500 }), { maxLength: 4 }),
        (parts, corruptions, sizes) => {
          const text = parts.map((p, i) => ('s' in p ? write999(p.s, 300 + i) : ta1(300 + i, p.t))).join('');
          const bytes = Buffer.from(corruptSegments(text, corruptions), 'latin1');
          const kind = detectKind(bytes.toString('latin1', 0, 4096));
          if (kind !== '999' && kind !== 'TA1') return;
          const whole = parseResponse(bytes, 'x.999');
          const stream = new AckResponseStream(kind, 'x.999');
          for (const chunk of chunksOf(bytes, sizes)) stream.push(chunk);
          const streamed = stream.end();
          expect(streamed.kind).toBe(whole.kind);
          if ('findings' in whole) {
            expect(streamed).toEqual(whole);
            return;
          }
          expect('findings' in streamed).toBe(false);
          const w = whole as Exclude<typeof whole, { findings: unknown }>;
          const s = streamed as typeof w;
          expect('posting' in s ? s.posting : 'postings' in s ? s.postings : undefined).toEqual('posting' in w ? w.posting : 'postings' in w ? w.postings : undefined);
          expect(allFindings(s.report)).toEqual(allFindings(w.report));
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);
});
