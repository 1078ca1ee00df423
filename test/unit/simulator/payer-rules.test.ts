/**
 * The simulated payers' rules: SIMPAYER2 denies 97110 without GP and 99213 without 25 (CO-4 for the
 * whole line), pays the same lines with the modifier, and the default payer is untouched; the simulator
 * reads the modifiers from the 837.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { readX12 } from '../../../src/guides/index.js';
import { adjudicate, bucketOf } from '../../../src/simulator/adjudicate.js';
import { payerRuleDenial } from '../../../src/simulator/payer-rules.js';
import { claimsOf837, type ReceivedClaim } from '../../../src/simulator/received-claims.js';

/** A patient control number the hash sends down the "paid" path (so only the payer rule can deny). */
const paidPcn = Array.from({ length: 200 }, (_, i) => `PR-${i}`).find((p) => bucketOf(p) >= 15)!;

const claim = (payerId: string): ReceivedClaim => ({
  patientControlNumber: paidPcn,
  charge: '300.00',
  memberId: 'M1',
  patientLast: 'X',
  patientFirst: 'Y',
  billingNpi: '1234567893',
  billingName: 'CLINIC',
  payerId,
  lines: [
    { lineNumber: 1, procedure: '97110', modifiers: [], qualifier: 'HC', charge: '100.00', units: '1' },
    { lineNumber: 2, procedure: '97110', modifiers: ['GP'], qualifier: 'HC', charge: '100.00', units: '1' },
    { lineNumber: 3, procedure: '99213', modifiers: ['25'], qualifier: 'HC', charge: '100.00', units: '1' },
  ],
  transaction: '0001',
  frequency: '1',
});

describe('simulated payer rules', () => {
  it('denies the line billed without the modifier, pays the ones with it, and every line balances', () => {
    const a = adjudicate(claim('SIMPAYER2'));
    expect(a.lines[0].paid.toFixed(2)).toBe('0.00');
    expect(a.lines[0].adjustments.map((x) => `${x.group}-${x.reason} ${x.amount.toFixed(2)}`)).toEqual(['CO-4 100.00']);
    expect(a.lines[1].paid.gt(0)).toBe(true);
    expect(a.lines[2].paid.gt(0)).toBe(true);
    for (const l of a.lines) expect(l.charge.minus(l.paid).eq(l.adjustments.reduce((s, x) => s.plus(x.amount), new Decimal(0)))).toBe(true);
  });

  it('leaves the default simulated payer as it was', () => {
    const a = adjudicate(claim('SIMPAYER1'));
    expect(a.lines.flatMap((l) => l.adjustments).some((x) => x.reason === '4')).toBe(false);
    expect(a.lines[0].paid.gt(0)).toBe(true);
    expect(payerRuleDenial({ payerId: 'SIMPAYER2' }, { procedure: '99213', modifiers: [] })?.carc).toBe('4');
    expect(payerRuleDenial({ payerId: 'SIMPAYER2' }, { procedure: '99214', modifiers: [] })).toBeUndefined();
  });

  it('reads the modifiers of each line from the 837', () => {
    const got: ReceivedClaim[] = [];
    readX12(readFileSync(join(__dirname, '../../../samples/claims/professional.837')), {
      file: 'professional.837',
      buildTree: true,
      onTransaction: (tree, ctx) => {
        if (tree && ctx.guide?.map.id.startsWith('837')) got.push(...claimsOf837(tree, ctx.transaction.controlNumber).claims);
      },
    });
    expect(got[0].lines.map((l) => [l.procedure, l.modifiers])).toEqual([
      ['99213', ['25']],
      ['87880', []],
    ]);
  });
});
