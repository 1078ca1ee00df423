/**
 * Issue 12, round 6: the inbox reads a 999, a 277 (X212) and a 271 from the file in two streaming passes
 * (src/gateway/ack-stream.ts, claim-status-stream.ts, eligibility-stream.ts) instead of holding the file,
 * its tree or its posting whole. Over random files (several interchanges; for the 999 several groups per
 * transaction set) with random corruptions (segments dropped, repeated, swapped, HL levels and TRN
 * qualifiers changed, elements emptied), pushed in random chunk sizes:
 *  - the first pass (validation, nothing kept) fails exactly when `parseResponse` does, with the same findings;
 *  - the second pass (structure only) gives the items the ledger posts — 999 verdicts and group ends,
 *    277 answers, 271 answers — equal to the whole parse's, in the same order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseResponse } from '../../src/gateway/read-responses.js';
import { Ack999ItemStream, AckResponseStream } from '../../src/gateway/ack-stream.js';
import { ClaimStatusSurvey, StatusAnswerStream } from '../../src/gateway/claim-status-stream.js';
import { EligibilityAnswerStream, EligibilitySurvey } from '../../src/gateway/eligibility-stream.js';
import { allFindings } from '../../src/guides/reader.js';
import type { Ack999Item, Ack999Posting } from '../../src/ledger/posting-types.js';
import { chunksOf, corruptSegments } from '../helpers/stream-inputs.js';

const root = join(import.meta.dirname, '../..');
const sample = (p: string) => readFileSync(join(root, 'samples', p), 'latin1');

const corruption = fc.record({ kind: fc.constantFrom('drop', 'repeat', 'swap', 'hl-level', 'trn-qualifier', 'empty-element', 'none'), at: fc.nat(), to: fc.nat(), value: fc.constantFrom('20', '21', '22', '23', '19', 'PT', '2', '1', '') });
const sizes = fc.array(fc.integer({ min: 1, max: 700 }), { maxLength: 4 });

/** Reads `bytes` through a stream's push/end in the given chunks and collects what it hands out. */
function streamed<T>(stream: { push(c: Buffer): T[]; end(): T[] }, bytes: Buffer, chunkSizes: number[]): T[] {
  const out: T[] = [];
  for (const c of chunksOf(bytes, chunkSizes)) out.push(...stream.push(c));
  out.push(...stream.end());
  return out;
}

function surveyed<R>(survey: { push(c: Buffer): void; end(): R }, bytes: Buffer, chunkSizes: number[]): R {
  for (const c of chunksOf(bytes, chunkSizes)) survey.push(c);
  return survey.end();
}

/** The whole posting as items, written out here (not through `ack999Items`, whose schema would refuse a corrupted status). */
function itemsOfWhole(groups: Ack999Posting['groups']): Ack999Item[] {
  return groups.flatMap((g) => [...g.transactions.map((t) => ({ kind: 'transaction' as const, groupControl: g.groupControl, transaction: t })), { kind: 'group' as const, groupControl: g.groupControl, status: g.status, transactions: g.transactions.length, position: g.position }]);
}

const ISA = (control: number) => `ISA*00*          *00*          *ZZ*CH01           *ZZ*SUBM01         *240316*1015*^*00501*${String(control).padStart(9, '0')}*0*T*:~\n`;

/** A 999 file: per transaction set, several AK1 groups, each with its AK2 verdicts (or none). */
function write999(transactionSets: Array<Array<Array<{ status: string; errors: number }>>>, control: number): string {
  const sts = transactionSets.map((groups, k) => {
    const body: string[] = [];
    groups.forEach((sets, g) => {
      body.push(`AK1*HC*${control * 10 + g}*005010X222A1~`);
      sets.forEach((s, i) => {
        body.push(`AK2*837*${String(i + 1).padStart(4, '0')}*005010X222A1~`);
        for (let e = 0; e < s.errors; e++) body.push(`IK3*CLM*${18 + e}*2300*8~`, 'IK4*5:3*1325*7*9~');
        body.push(s.status === 'A' ? 'IK5*A~' : `IK5*${s.status}*5~`);
      });
      body.push(`AK9*${sets.some((s) => s.status === 'R') ? 'P' : 'A'}*${sets.length}*${sets.length}*${sets.filter((s) => s.status !== 'R').length}~`);
    });
    const st = String(k + 1).padStart(4, '0');
    return `ST*999*${st}*005010X231A1~\n${body.join('\n')}\nSE*${body.length + 2}*${st}~\n`;
  });
  return `${ISA(control)}GS*FA*CH01*SUBM01*20240316*1015*${control}*X*005010X231A1~\n${sts.join('')}GE*${sts.length}*${control}~\nIEA*1*${String(control).padStart(9, '0')}~\n`;
}

const verdicts = fc.array(fc.record({ status: fc.constantFrom('A', 'E', 'R'), errors: fc.integer({ min: 0, max: 2 }) }), { maxLength: 4 });
const file999 = fc.array(fc.array(fc.array(verdicts, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 2 });

describe('999 / 277 / 271 streamed posting = whole posting', () => {
  it('999: the survey fails exactly when the whole parse does; the items are the whole posting’s, in order', () => {
    fc.assert(
      fc.property(file999, fc.array(corruption, { maxLength: 3 }), sizes, (files, corruptions, chunkSizes) => {
        const bytes = Buffer.from(corruptSegments(files.map((f, i) => write999(f, 300 + i)).join(''), corruptions), 'latin1');
        const whole = parseResponse(bytes, 'x.999');
        if (whole.kind !== '999') return;
        const survey = surveyed(new AckResponseStream('999', 'x.999', { keep: false }), bytes, chunkSizes);
        expect('findings' in survey).toBe('findings' in whole);
        if ('findings' in whole) {
          expect(survey).toEqual(whole);
          return;
        }
        const w = whole as Extract<typeof whole, { kind: '999'; posting: unknown }>;
        expect(allFindings((survey as typeof w).report)).toEqual(allFindings(w.report));
        expect(streamed(new Ack999ItemStream('x.999'), bytes, chunkSizes)).toEqual(itemsOfWhole(w.posting.groups));
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('277 (X212): the survey fails exactly when the whole parse does; the answers are the whole parse’s, in order', () => {
    const files = [sample('276-277/answers-1.277'), sample('276-277/answers-2.277')];
    fc.assert(
      fc.property(fc.array(fc.nat(1), { minLength: 1, maxLength: 3 }), fc.array(corruption, { maxLength: 3 }), sizes, (picks, corruptions, chunkSizes) => {
        const bytes = Buffer.from(corruptSegments(picks.map((p) => files[p]!).join(''), corruptions), 'latin1');
        const whole = parseResponse(bytes, 'x.277');
        if (whole.kind !== '277') return;
        const survey = surveyed(new ClaimStatusSurvey('x.277', [], '277'), bytes, chunkSizes);
        expect('findings' in survey).toBe('findings' in whole);
        if ('findings' in whole) {
          expect(survey).toEqual(whole);
          return;
        }
        const w = whole as Extract<typeof whole, { kind: '277'; answers: unknown }>;
        expect(allFindings((survey as { report: typeof w.report }).report)).toEqual(allFindings(w.report));
        expect(streamed(new StatusAnswerStream('x.277'), bytes, chunkSizes)).toEqual(w.answers);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('271: the survey fails exactly when the whole parse does; the answers are the whole parse’s, in order', () => {
    const files = [sample('270-271/benefits.271'), sample('270-271/rejected.271')];
    fc.assert(
      fc.property(fc.array(fc.nat(1), { minLength: 1, maxLength: 3 }), fc.array(corruption, { maxLength: 3 }), sizes, (picks, corruptions, chunkSizes) => {
        const bytes = Buffer.from(corruptSegments(picks.map((p) => files[p]!).join(''), corruptions), 'latin1');
        const whole = parseResponse(bytes, 'x.271');
        if (whole.kind !== '271') return;
        const survey = surveyed(new EligibilitySurvey('x.271'), bytes, chunkSizes);
        expect('findings' in survey).toBe('findings' in whole);
        if ('findings' in whole) {
          expect(survey).toEqual(whole);
          return;
        }
        const w = whole as Extract<typeof whole, { kind: '271'; answers: unknown }>;
        expect((survey as { answers: number }).answers).toBe(w.answers.length);
        expect(allFindings((survey as { report: typeof w.report }).report)).toEqual(allFindings(w.report));
        expect(streamed(new EligibilityAnswerStream('x.271'), bytes, chunkSizes)).toEqual(w.answers);
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
