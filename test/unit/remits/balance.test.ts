import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { checkClaimBalance, checkPaymentBalance, newTotals, addClaimToTotals } from '../../../src/remits/balance.js';
import { amountOf } from '../../../src/remits/values.js';
import { adj, claim, d, line } from './build.js';

const ctx = { base: { file: 'x.835', interchange: '1', transaction: '0001' }, firstSegment: 3 };

describe('835 balancing', () => {
  it('accepts a claim whose billed − paid equals its claim and line adjustments', () => {
    const c = claim('300', '170', [adj('OA', '23', '10')], [line('200', '120', [adj('CO', '45', '30'), adj('PR', '1', '50')]), line('100', '60', [adj('PR', '2', '40')])]);
    expect(checkClaimBalance(c, ctx)).toEqual([]);
  });

  it('reports a service line that does not balance, with the amounts and its position', () => {
    const l = line('200', '150', [adj('CO', '45', '30')], { position: { segmentNumber: 20, byteOffset: 700 } });
    const findings = checkClaimBalance(claim('200', '150', [], [l]), ctx);
    const f = findings.find((x) => x.code === '835-BALANCE-LINE')!;
    expect(f.severity).toBe('error');
    expect(f.snip).toBe(3);
    expect(f.message).toContain('charge 200.00');
    expect(f.message).toContain('off by 20.00');
    expect(f.position).toMatchObject({ file: 'x.835', segmentNumber: 20, segmentInTransaction: 18, loop: '2110', segmentId: 'SVC' });
    // The claim is out by the same 20.
    expect(findings.find((x) => x.code === '835-BALANCE-CLAIM')!.message).toContain('off by 20.00');
  });

  it('explains a claim difference equal to the interest it carries', () => {
    const c = claim('100', '105', [], [], { amounts: [{ qualifier: 'I', amount: d('5') }] });
    const findings = checkClaimBalance(c, ctx);
    expect(findings.map((f) => [f.code, f.severity])).toEqual([['835-BALANCE-CLAIM-INTEREST', 'info']]);
  });

  it('warns when CLP05 disagrees with the PR adjustments', () => {
    const c = claim('100', '70', [adj('PR', '1', '30')], [], { patientResponsibilityAmount: d('25') });
    expect(checkClaimBalance(c, ctx).map((f) => f.code)).toEqual(['835-PATIENT-RESPONSIBILITY-MISMATCH']);
  });

  it('checks BPR02 = sum of CLP04 − sum of PLB, a debit counting negative', () => {
    const totals = newTotals();
    addClaimToTotals(totals, claim('100', '80', [adj('CO', '45', '20')]), []);
    addClaimToTotals(totals, claim('50', '40', [adj('CO', '45', '10')]), []);
    const plb = [{ providerId: 'P', reason: 'WO', reasonDescription: '', amount: d('30') }, { providerId: 'P', reason: 'L6', reasonDescription: '', amount: d('-2.5') }];
    const ok = checkPaymentBalance({ handling: 'I', amount: d('92.5'), creditDebit: 'C', method: 'ACH', methodDescription: '' }, totals, plb, ctx);
    expect(ok.finding).toBeUndefined();
    expect(ok.balance.balanced).toBe(true);
    expect(ok.balance.expectedPayment.toString()).toBe('92.5');
    const off = checkPaymentBalance({ handling: 'I', amount: d('92.51'), creditDebit: 'C', method: 'ACH', methodDescription: '' }, totals, plb, ctx);
    expect(off.finding?.code).toBe('835-BALANCE-PAYMENT');
    expect(off.finding?.message).toContain('off by 0.01');
    const recoup = newTotals();
    const debit = checkPaymentBalance({ handling: 'I', amount: d('30'), creditDebit: 'D', method: 'ACH', methodDescription: '' }, recoup, [plb[0]], ctx);
    expect(debit.balance.balanced).toBe(true);
  });

  it('sums claims paid exactly, in cents or decimal.js (amounts read from files, built in memory, beyond 2^53 cents)', () => {
    const paid = fc.oneof(
      fc.integer({ min: -100_000, max: 1_000_000 }).map((n) => amountOf(new Decimal(n).dividedBy(100).toFixed())!),
      fc.constantFrom('90071992547409.91', '45035996273704.96', '1.234', '-0', '0').map((v) => amountOf(v)!),
      fc.integer({ min: -100_000, max: 100_000 }).map((n) => new Decimal(n).dividedBy(100)),
    );
    fc.assert(
      fc.property(fc.array(paid, { maxLength: 8 }), (amounts) => {
        const totals = newTotals();
        for (const a of amounts) addClaimToTotals(totals, { ...claim('0', '0'), paid: a }, []);
        const expected = amounts.reduce((t, a) => t.plus(a), new Decimal(0));
        const { balance } = checkPaymentBalance({ handling: 'I', amount: expected, creditDebit: 'C', method: 'ACH', methodDescription: '' }, totals, [], ctx);
        expect(balance.claimsPaid.toJSON()).toBe(expected.toJSON());
        expect(balance.balanced).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('counts claim and line imbalances into the payment summary', () => {
    const totals = newTotals();
    const bad = claim('100', '50', [], [line('100', '50', [adj('CO', '45', '10')])]);
    addClaimToTotals(totals, bad, checkClaimBalance(bad, ctx));
    const result = checkPaymentBalance({ handling: 'I', amount: d('50'), creditDebit: 'C', method: 'ACH', methodDescription: '' }, totals, [], ctx);
    expect(result.finding).toBeUndefined();
    expect(result.balance).toMatchObject({ claimImbalances: 1, lineImbalances: 1, balanced: false });
  });
});
