/** The simulated payer answers replacements and voids like a payer (issue 11 item 2). */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { answerClaim, bucketOf, type PayerMemory } from '../../../src/simulator/adjudicate.js';
import type { ReceivedClaim } from '../../../src/simulator/received-claims.js';

const pcnIn = (lo: number, hi: number) => {
  for (let i = 0; ; i++) if (bucketOf(`SIMPCN${i}`) >= lo && bucketOf(`SIMPCN${i}`) < hi) return `SIMPCN${i}`;
};

const claim = (pcn: string, over: Partial<ReceivedClaim> = {}): ReceivedClaim => ({
  patientControlNumber: pcn,
  charge: '150',
  memberId: 'M1',
  patientLast: 'SYNTHETIC',
  patientFirst: 'PAT',
  billingNpi: '1234567893',
  billingName: 'CLINIC',
  payerId: 'P1',
  transaction: '0001',
  frequency: '1',
  diagnosis: 'J069',
  lines: [
    { lineNumber: 1, procedure: '99213', qualifier: 'HC', charge: '100', units: '1' },
    { lineNumber: 2, procedure: '85025', qualifier: 'HC', charge: '50', units: '1' },
  ],
  ...over,
});

const total = (xs: Array<{ paid: Decimal }>) => xs.reduce((s, x) => s.plus(x.paid), new Decimal(0)).toFixed(2);

describe('the simulated payer', () => {
  it('answers a replacement with a reversal of the standing payment (CLP02 22, negated, same payer claim number) plus the new adjudication', () => {
    const memory: PayerMemory = new Map();
    const pcn = pcnIn(10, 15); // partially paid
    const [first] = answerClaim(claim(pcn), memory);
    expect(first.path).toBe('partial');
    const answers = answerClaim(claim(pcn, { frequency: '7', originalClaimNumber: first.payerClaimNumber, lines: [{ lineNumber: 1, procedure: '99214', qualifier: 'HC', charge: '150', units: '1' }] }), memory);
    expect(answers.map((a) => a.status)).toEqual(['22', '1']);
    const [reversal, again] = answers;
    expect(reversal.payerClaimNumber).toBe(first.payerClaimNumber);
    expect(reversal.paid.toFixed(2)).toBe(first.paid.negated().toFixed(2));
    expect(reversal.patientResponsibility.toFixed(2)).toBe(first.patientResponsibility.negated().toFixed(2));
    expect(reversal.lines.flatMap((l) => l.adjustments).every((a) => a.amount.lte(0))).toBe(true);
    expect(again.path).toBe('paid'); // the procedure was corrected
    expect(again.payerClaimNumber).not.toBe(first.payerClaimNumber);
    expect(total(answers)).toBe(again.paid.minus(first.paid).toFixed(2));
  });

  it('pays a bundling reduction (CO-97) corrected by a modifier on the same procedure', () => {
    const memory: PayerMemory = new Map();
    const pcn = pcnIn(10, 15); // partially paid
    const [first] = answerClaim(claim(pcn), memory);
    expect(first.path).toBe('partial');
    const withModifier = claim(pcn, { frequency: '7', originalClaimNumber: first.payerClaimNumber, lines: [{ lineNumber: 1, procedure: '99213', qualifier: 'HC', charge: '100', units: '1' }, { lineNumber: 2, procedure: '85025', qualifier: 'HC', charge: '50', units: '1', modifiers: ['59'] }] });
    const [, again] = answerClaim(withModifier, memory);
    expect(again.path).toBe('paid');
    const [, same] = answerClaim({ ...withModifier, originalClaimNumber: again.payerClaimNumber }, memory);
    expect(same.path).toBe('paid'); // nothing changed since: the standing answer holds
  });

  it('pays a corrected denial when the diagnosis was fixed, and denies it again when nothing that mattered changed', () => {
    const pcn = pcnIn(0, 10); // denied CO-50
    const m1: PayerMemory = new Map();
    const [denied] = answerClaim(claim(pcn), m1);
    expect(denied.status).toBe('4');
    const fixed = answerClaim(claim(pcn, { frequency: '7', originalClaimNumber: denied.payerClaimNumber, diagnosis: 'J020' }), m1);
    expect(fixed.map((a) => [a.status, a.path])).toEqual([['22', 'denied'], ['1', 'paid']]);
    expect(fixed[1].paid.gt(0)).toBe(true);
    const m2: PayerMemory = new Map();
    answerClaim(claim(pcn), m2);
    const same = answerClaim(claim(pcn, { frequency: '7', originalClaimNumber: denied.payerClaimNumber, memberId: 'M2' }), m2);
    expect(same.map((a) => a.status)).toEqual(['22', '4']);
  });

  it('answers a void with the reversal only and never pays it', () => {
    const memory: PayerMemory = new Map();
    const pcn = pcnIn(15, 100);
    const [paid] = answerClaim(claim(pcn), memory);
    expect(paid.paid.gt(0)).toBe(true);
    const answers = answerClaim(claim(pcn, { frequency: '8', originalClaimNumber: paid.payerClaimNumber }), memory);
    expect(answers.map((a) => a.status)).toEqual(['22']);
    expect(total(answers)).toBe(paid.paid.negated().toFixed(2));
    expect(answerClaim(claim(pcn, { frequency: '8', originalClaimNumber: paid.payerClaimNumber }), memory)).toEqual([]);
  });
});
