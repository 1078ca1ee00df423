/**
 * The simulated payer's 277 (X212) for a 276: it validates with zero findings against our 277 guide map,
 * mirrors the request's hierarchy (subscriber 2200D and dependent 2200E answers), echoes each trace, and
 * reads back through our 277 reader into the decided statuses — the 276 writer, the simulator's 277 writer
 * and the 277 reader checked against each other and the maps; goldens in samples/276-277/answers-<n>.277.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allFindings, readX12 } from '../../../src/guides/index.js';
import { flattenTree } from '../../../src/guides/tree.js';
import { readClaimStatuses } from '../../../src/acks/read-277.js';
import { statusAnswersOf } from '../../../src/acks/status-answers.js';
import { questionsOf, write277, type StatusQuestion } from '../../../src/simulator/status-response.js';
import type { Segment } from '../../../src/x12/tokenizer.js';

const root = new URL('../../../', import.meta.url).pathname;
const request = readFileSync(`${root}samples/276-277/requests.276`, 'utf8');
const envelope = { senderId: 'SIMCH', receiverId: 'PRACTICE01', senderCode: 'SIMCH', receiverCode: 'PRACTICE01', interchangeControl: 77, groupControl: 78, date: '20260110', time: '1200', usage: 'T' as const };

function transactions(text: string): Segment[][] {
  const out: Segment[][] = [];
  readX12(text, { buildTree: true, onTransaction: (t) => t && out.push([...flattenTree(t)]) });
  return out;
}

const decide = (q: StatusQuestion) => (q.patientControlNumber?.endsWith('1') ? { category: 'F1', status: '65', paid: '80', payerClaimNumber: 'PAY1' } : q.patientControlNumber?.endsWith('3') ? { category: 'A4', status: '35' } : { category: 'P1', status: '20' });

describe('simulated 277 (X212) answers to a 276', () => {
  const sets = transactions(request);
  it('reads the questions of the request (trace, CLM01, payer claim number, charge)', () => {
    const qs = sets.flatMap(questionsOf);
    expect(qs.length).toBe(12);
    expect(qs[0]).toEqual({ trace: 'T000001', patientControlNumber: 'P-1001', payerClaimNumber: 'PCN-PAYER-0', charge: '175' });
  });

  for (const [k, segments] of sets.entries()) {
    it(`transaction ${k + 1}: validates against the 277 map and reads back into the decided statuses`, () => {
      const text = write277(envelope, segments, decide);
      const report = readX12(text, { file: 'answer.277' });
      expect(allFindings(report)).toEqual([]);
      expect(report.interchanges[0].groups[0].transactions[0]).toMatchObject({ guideId: '277', guideVersion: '005010X212' });
      const answers = statusAnswersOf(readClaimStatuses(text).responses);
      const qs = questionsOf(segments);
      expect(answers.map((a) => a.trace)).toEqual(qs.map((q) => q.trace));
      expect(answers.map((a) => [a.patientAccountNumber, a.category, a.statusCode, a.charge])).toEqual(qs.map((q) => [q.patientControlNumber, decide(q).category, decide(q).status, q.charge]));
      const paid = answers.find((a) => a.category === 'F1');
      if (paid) expect(paid).toMatchObject({ paid: '80', payerClaimNumber: 'PAY1', effectiveDate: '2026-01-10' });
      expect(text).toBe(readFileSync(`${root}samples/276-277/answers-${k + 1}.277`, 'utf8'));
    });
  }
});
