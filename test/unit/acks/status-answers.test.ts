/**
 * 277 (005010X212) samples read into per-claim answers (trace, references, STC category/code/entity,
 * amounts, dates) and their meaning for the claim; the inbox's reader tells a 277 (X212) from a 277CA
 * (X214) by ST03/GS08 and reads each its own way.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readClaimStatuses } from '../../../src/acks/read-277.js';
import { answerMeaning, statusAnswersOf } from '../../../src/acks/status-answers.js';
import { parseResponse } from '../../../src/gateway/read-responses.js';

const root = new URL('../../../', import.meta.url).pathname;
const sample = (p: string) => readFileSync(`${root}samples/${p}`);

describe('277 (X212) answers', () => {
  it('reads the pended, finalized and not-found sample into one answer per claim', () => {
    const { responses } = readClaimStatuses(sample('x12/277/pending-and-not-found.valid.x12'));
    const answers = statusAnswersOf(responses);
    expect(answers.map((a) => [a.trace, a.patientAccountNumber, a.payerClaimNumber, a.category, a.statusCode, a.effectiveDate, a.charge, a.paid])).toEqual([
      ['STATREQ0601', 'PCN2001', undefined, 'P2', '0', '2024-04-23', '5420', undefined],
      ['STATREQ0602', 'PCN1999', 'PAYCLM0001999B', 'F1', '101', '2024-04-29', '180', '120'],
      ['STATREQ0603', 'PCN2199', undefined, 'A4', '35', '2024-04-23', undefined, undefined],
    ]);
    expect(answers.map((a) => answerMeaning(a.category, a.statusCode).outcome)).toEqual(['pending', 'finalized-paid', 'action-needed']);
  });

  it('reads subscriber (2200D) and dependent (2200E) answers with the entity', () => {
    const answers = statusAnswersOf(readClaimStatuses(sample('x12/277/status-responses.valid.x12')).responses);
    expect(answers.slice(0, 2).map((a) => [a.trace, a.category, a.statusCode, a.entity ?? null])).toEqual([
      ['STATREQ0001', 'F1', '65', null],
      ['STATREQ0002', 'F2', '88', 'QC'],
    ]);
  });

  it('says what each category means and the next step in words', () => {
    expect(answerMeaning('P1', '20')).toMatchObject({ outcome: 'pending' });
    expect(answerMeaning('A2', '20').outcome).toBe('pending');
    expect(answerMeaning('F2', '88').outcome).toBe('denied');
    expect(answerMeaning('F0', '3').nextStep).toMatch(/call the payer/);
    expect(answerMeaning('A4', '35')).toMatchObject({ outcome: 'action-needed' });
    expect(answerMeaning('A4', '35').words).toMatch(/^A4: .*Not Found/);
    expect(answerMeaning('R3', '21').nextStep).toMatch(/more information/);
    expect(answerMeaning('E0', '0').outcome).toBe('action-needed');
  });

  it('the inbox reads a 277 (X212) as status answers and a 277CA (X214) as claim acknowledgments', () => {
    const x212 = parseResponse(sample('x12/277/pending-and-not-found.valid.x12'), 'a.277');
    expect(x212.kind).toBe('277');
    expect('answers' in x212 && x212.answers).toHaveLength(3);
    const x214 = parseResponse(sample('acks/claims-accepted.277ca'), 'b.277');
    expect(x214.kind).toBe('277CA');
    expect('posting' in x214 && 'claims' in x214.posting && x214.posting.claims.length).toBeGreaterThan(0);
  });
});
