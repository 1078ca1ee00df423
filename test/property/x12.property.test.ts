/**
 * Property tests of the syntax layer and the engine:
 *  - random segments written with random legal delimiter sets tokenize back to the same values, whatever the chunking;
 *  - random mutations, truncations and binary junk never throw and never hang: they only produce findings.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Tokenizer } from '../../src/x12/tokenizer.js';
import { formatIsa, formatSegment, structureSegment, type SegmentData } from '../../src/x12/writer.js';
import type { Delimiters } from '../../src/x12/delimiters.js';
import { readX12, allFindings } from '../../src/guides/index.js';

const DELIMITER_CHARS = ['*', '|', '^', '~', ':', '>', '!', '+', '\n', '\u001d', '\u001e', '\u001f', '`', '{', '}', '\\'];
const VALUE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz0123456789 -.,/()&#@'.split('').concat(DELIMITER_CHARS);

const delimiters = fc
  .shuffledSubarray(DELIMITER_CHARS, { minLength: 4, maxLength: 4 })
  .map(([element, component, repetition, segment]): Delimiters => ({ element, component, repetition, segment }));

function valueFor(d: Delimiters) {
  const allowed = VALUE_CHARS.filter((c) => ![d.element, d.component, d.repetition, d.segment].includes(c) && c !== '\n');
  return fc.array(fc.constantFrom(...allowed), { minLength: 0, maxLength: 12 }).map((a) => a.join(''));
}

const segmentId = fc
  .tuple(fc.constantFrom(...'ABCDFHKLMNPRTVWXYZ'), fc.constantFrom(...'ABCDEFGHJKLMNOPQRSTUVWXYZ0123456789'), fc.option(fc.constantFrom(...'0123456789ABC'), { nil: '' }))
  .map(([a, b, c]) => a + b + c)
  .filter((id) => !['ISA', 'IEA', 'GS', 'GE', 'ST', 'SE'].includes(id));

function segmentFor(d: Delimiters) {
  const v = valueFor(d);
  const element = fc.oneof(v, fc.array(v, { minLength: 2, maxLength: 4 }), fc.array(v, { minLength: 2, maxLength: 3 }).map((r) => ({ repeat: r })));
  return fc.record({ id: segmentId, elements: fc.array(element, { minLength: 1, maxLength: 8 }) }) as fc.Arbitrary<SegmentData>;
}

const HEADER = { senderQualifier: 'ZZ', senderId: 'S', receiverQualifier: 'ZZ', receiverId: 'R', controlNumber: 1, date: '20240101', time: '1200', usage: 'T' as const };

describe('tokenizer properties', () => {
  it('tokenizes written segments back to the same values with any legal delimiters and any chunking', () => {
    const scenario = delimiters.chain((d) => fc.tuple(fc.constant(d), fc.array(segmentFor(d), { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 64 }), fc.boolean()));
    fc.assert(
      fc.property(scenario, ([d, segments, chunk, newline]) => {
        const eol = newline && d.segment !== '\n' ? '\r\n' : '';
        const text = formatIsa(HEADER, d) + d.segment + eol + segments.map((s) => formatSegment(s, d) + d.segment + eol).join('') + 'IEA' + d.element + '0' + d.element + '000000001' + d.segment;
        const t = new Tokenizer();
        const got = [];
        for (let i = 0; i < text.length; i += chunk) got.push(...t.push(text.slice(i, i + chunk)).segments);
        got.push(...t.end().segments);
        const body = got.slice(1, -1);
        expect(body.map((s) => s.id)).toEqual(segments.map((s) => s.id));
        body.forEach((s, i) => expect(formatSegment(structureSegment(s), d)).toBe(formatSegment(segments[i], d)));
        expect(got[0].delimiters).toEqual(d);
      }),
      { numRuns: 300 },
    );
  });
});

const SAMPLE = [
  'ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       *240101*1200*^*00501*000000001*1*T*:~',
  'GS*HC*SUB*REC*20240101*1200*1*X*005010X222A1~',
  'ST*837*0001*005010X222A1~',
  'BHT*0019*00*BATCH1*20240101*1200*CH~',
  'NM1*41*2*TEST SUBMITTER*****46*SUB123~',
  'PER*IC*CONTACT*TE*5555550100~',
  'NM1*40*2*TEST RECEIVER*****46*REC456~',
  'HL*1**20*1~',
  'NM1*85*2*TEST CLINIC*****XX*1234567893~',
  'N3*1 MAIN ST~',
  'N4*SPRINGFIELD*IL*627010001~',
  'REF*EI*123456789~',
  'HL*2*1*22*0~',
  'SBR*P*18*GRP1******CI~',
  'NM1*IL*1*TESTPATIENT*ALEX****MI*MBR000123~',
  'NM1*PR*2*TEST PAYER*****PI*PAYER1~',
  'CLM*PCN0001*100***11:B:1*Y*A*Y*Y~',
  'HI*ABK:J449~',
  'LX*1~',
  'SV1*HC:99213*100*UN*1***1~',
  'DTP*472*D8*20231215~',
  'SE*19*0001~',
  'GE*1*1~',
  'IEA*1*000000001~',
].join('\n');

describe('engine robustness', () => {
  it('never throws on random byte mutations, insertions, deletions and truncations', () => {
    const bytes = Buffer.from(SAMPLE);
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(bytes.length - 1), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(bytes.length - 1), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(bytes.length - 1), byte: fc.constant(0) }),
    );
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 12 }), fc.option(fc.nat(bytes.length), { nil: undefined }), (edits, cut) => {
        const arr = [...bytes];
        for (const e of edits) {
          const at = Math.min(e.at, arr.length - 1);
          if (e.kind === 'flip') arr[at] = e.byte;
          else if (e.kind === 'insert') arr.splice(at, 0, e.byte);
          else arr.splice(at, 1);
        }
        const mutated = Buffer.from(cut === undefined ? arr : arr.slice(0, cut));
        const report = readX12(mutated);
        for (const f of allFindings(report)) {
          expect(typeof f.code).toBe('string');
          expect(f.position.byteOffset ?? f.position.segmentNumber).toBeTypeOf('number');
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on binary junk, and says it is not X12', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 4000 }), (junk) => {
        const report = readX12(Buffer.from(junk));
        const findings = allFindings(report);
        if (report.interchanges.length === 0) expect(findings.some((f) => f.severity === 'error')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('changing the delimiters of a file changes nothing in what is read', () => {
    const alt: Delimiters = { element: '|', component: '>', repetition: '!', segment: '\n' };
    const original = readX12(SAMPLE);
    const { segments } = (() => {
      const t = new Tokenizer();
      const a = t.push(SAMPLE);
      const b = t.end();
      return { segments: [...a.segments, ...b.segments] };
    })();
    const rewritten = segments.map((s) => (s.id === 'ISA' ? formatIsa({ ...HEADER, senderId: 'SUBMITTER', receiverId: 'RECEIVER', ackRequested: true }, alt) : formatSegment(structureSegment(s), alt))).join(alt.segment) + alt.segment;
    const again = readX12(rewritten);
    expect(allFindings(again).map((f) => f.code)).toEqual(allFindings(original).map((f) => f.code));
    expect(again.interchanges[0].groups[0].transactions[0].status).toBe(original.interchanges[0].groups[0].transactions[0].status);
  });
});
