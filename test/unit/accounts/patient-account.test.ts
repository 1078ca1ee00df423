import { describe, expect, it } from 'vitest';
import { checkEntry, DEFAULT_STATEMENT_POLICY as P, dueForCollections, nextStatement, summarizeAccount, type ClaimMoney } from '../../../src/accounts/patient-account.js';

const claim = (pr: string, charge = '100.00', paid = '60.00'): ClaimMoney => ({ claimLedgerId: `L${pr}`, claimId: `C${pr}`, serviceDate: '2026-01-02', charge, insurancePaid: paid, insuranceAdjustments: '20.00', patientResponsibility: pr });

describe('patient account', () => {
  it('sums the claims and the entries to the cent', () => {
    const s = summarizeAccount([claim('20.00'), claim('10.10')], [{ kind: 'payment', amount: '0.10', date: '2026-02-01' }, { kind: 'adjustment', amount: '5.00', date: '2026-02-02' }]);
    expect(s).toMatchObject({ charges: '200.00', insurancePaid: '120.00', insuranceAdjustments: '40.00', patientResponsibility: '30.10', patientPayments: '0.10', patientAdjustments: '5.00', balance: '25.00', due: '25.00', credit: '0.00', inCredit: false });
  });

  it('keeps an overpayment as a flagged credit, and a refund consumes it', () => {
    const claims = [claim('15.00')];
    const pay = checkEntry(claims, [], { kind: 'payment', amount: '40.00', date: '2026-02-01' });
    expect(pay).toMatchObject({ ok: true, becomesCredit: true, after: { balance: '-25.00', due: '0.00', credit: '25.00', inCredit: true } });
    const entries = [{ kind: 'payment' as const, amount: '40.00', date: '2026-02-01' }];
    expect(checkEntry(claims, entries, { kind: 'refund', amount: '25.01', date: '2026-02-03' })).toMatchObject({ ok: false, code: 'refund-exceeds-credit' });
    const refund = checkEntry(claims, entries, { kind: 'refund', amount: '25.00', date: '2026-02-03' });
    expect(refund).toMatchObject({ ok: true, becomesCredit: false, after: { balance: '0.00', credit: '0.00', inCredit: false } });
  });

  it('refuses a refund without a credit, an adjustment larger than what is due, and amounts ≤ 0', () => {
    expect(checkEntry([claim('10.00')], [], { kind: 'refund', amount: '1.00', date: '2026-02-03' })).toMatchObject({ ok: false, code: 'refund-exceeds-credit' });
    expect(checkEntry([claim('10.00')], [], { kind: 'adjustment', amount: '10.01', date: '2026-02-03' })).toMatchObject({ ok: false, code: 'adjustment-exceeds-balance' });
    expect(checkEntry([claim('10.00')], [], { kind: 'adjustment', amount: '10.00', date: '2026-02-03' })).toMatchObject({ ok: true, after: { balance: '0.00' } });
    expect(checkEntry([claim('10.00')], [], { kind: 'payment', amount: '0.00', date: '2026-02-03' })).toMatchObject({ ok: false, code: 'not-positive' });
  });
});

describe('statement cycle', () => {
  it('goes 1 → 2 → 3 every 30 days without a payment, then stops at the final notice', () => {
    expect(nextStatement({ due: '10.00', paidSinceLast: false, today: '2026-03-01' }, P)).toEqual({ send: true, level: 1, dueDate: '2026-03-31', final: false });
    expect(nextStatement({ due: '10.00', last: { level: 1, date: '2026-03-01' }, paidSinceLast: false, today: '2026-03-30' }, P)).toEqual({ send: false, reason: 'not-yet' });
    expect(nextStatement({ due: '10.00', last: { level: 1, date: '2026-03-01' }, paidSinceLast: false, today: '2026-03-31' }, P)).toMatchObject({ send: true, level: 2, final: false });
    expect(nextStatement({ due: '10.00', last: { level: 2, date: '2026-03-31' }, paidSinceLast: false, today: '2026-04-30' }, P)).toMatchObject({ send: true, level: 3, final: true });
    expect(nextStatement({ due: '10.00', last: { level: 3, date: '2026-04-30' }, paidSinceLast: false, today: '2026-06-30' }, P)).toEqual({ send: false, reason: 'final-notice-sent' });
  });

  it('starts again at level 1 after a payment, and sends nothing when nothing is due or the account is in credit', () => {
    expect(nextStatement({ due: '5.00', last: { level: 2, date: '2026-03-01' }, paidSinceLast: true, today: '2026-04-01' }, P)).toMatchObject({ send: true, level: 1 });
    expect(nextStatement({ due: '0.00', paidSinceLast: false, today: '2026-04-01' }, P)).toEqual({ send: false, reason: 'nothing-due' });
    expect(nextStatement({ due: '4.99', paidSinceLast: false, today: '2026-04-01' }, { ...P, minimumBalance: '5.00' })).toEqual({ send: false, reason: 'nothing-due' });
  });

  it('hands an account to collections after the configured notices and days, not before, not after a payment', () => {
    const last = { level: 3, date: '2026-04-30' };
    expect(dueForCollections({ due: '10.00', last, paidSinceLast: false, today: '2026-05-29' }, P)).toBe(false);
    expect(dueForCollections({ due: '10.00', last, paidSinceLast: false, today: '2026-05-30' }, P)).toBe(true);
    expect(dueForCollections({ due: '10.00', last, paidSinceLast: true, today: '2026-06-30' }, P)).toBe(false);
    expect(dueForCollections({ due: '0.00', last, paidSinceLast: false, today: '2026-06-30' }, P)).toBe(false);
    // two notices configured: level 2 is the last one
    expect(dueForCollections({ due: '10.00', last: { level: 2, date: '2026-04-30' }, paidSinceLast: false, today: '2026-05-15' }, { ...P, notices: 2, collectionsAfterDays: 15 })).toBe(true);
    expect(dueForCollections({ due: '10.00', last: { level: 2, date: '2026-04-30' }, paidSinceLast: false, today: '2026-06-30' }, P)).toBe(false);
  });
});
