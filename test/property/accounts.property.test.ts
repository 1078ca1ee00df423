/**
 * Property tests for patient accounts and reassociation: over random claims and random sequences of
 * payments, adjustments and refunds (each checked by the account rules before it is taken), the balance
 * is always Σ patient responsibility − payments − adjustments + refunds to the cent, due − credit equals
 * the balance, no refund ever exceeds the credit, and the grand total is the sum of the accounts.
 * Reassociation never uses a deposit twice and every match's difference is deposit − ERA.
 */
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { checkEntry, summarizeAccount, type AccountEntry, type ClaimMoney } from '../../src/accounts/patient-account.js';
import { reassociate } from '../../src/accounts/reassociation.js';

const cents = fc.integer({ min: 0, max: 500_00 }).map((c) => new Decimal(c).dividedBy(100).toFixed(2));
const positive = fc.integer({ min: 1, max: 300_00 }).map((c) => new Decimal(c).dividedBy(100).toFixed(2));
/** Claims numbered by their place in the list (fast-check's map passes no index: numbered here, not per claim). */
const claimsArb = fc.array(fc.record({ pr: cents, paid: cents, adj: cents }), { maxLength: 6 }).map((list) =>
  list.map(({ pr, paid, adj }, i): ClaimMoney => ({ claimLedgerId: `L${i}`, claimId: `C${i}`, serviceDate: null, charge: new Decimal(pr).plus(paid).plus(adj).toFixed(2), insurancePaid: paid, insuranceAdjustments: adj, patientResponsibility: pr })),
);
const entryArb = fc.record({ kind: fc.constantFrom('payment', 'adjustment', 'refund') as fc.Arbitrary<AccountEntry['kind']>, amount: positive });

describe('patient account properties', () => {
  it('balance = Σ PR − payments − adjustments + refunds; refunds never exceed the credit; adjustments never make a credit', () => {
    fc.assert(
      fc.property(claimsArb, fc.array(entryArb, { maxLength: 20 }), (claims, attempts) => {
        const taken: AccountEntry[] = [];
        for (const a of attempts) {
          const before = summarizeAccount(claims, taken);
          const r = checkEntry(claims, taken, { ...a, date: '2026-01-01' });
          if (a.kind === 'refund') expect(r.ok).toBe(new Decimal(a.amount).lessThanOrEqualTo(before.credit));
          if (a.kind === 'adjustment') expect(r.ok).toBe(new Decimal(a.amount).lessThanOrEqualTo(before.due));
          if (a.kind === 'payment') expect(r.ok).toBe(true);
          if (r.ok) taken.push({ ...a, date: '2026-01-01' });
        }
        const s = summarizeAccount(claims, taken);
        const sum = (k: AccountEntry['kind']) => taken.filter((e) => e.kind === k).reduce((x, e) => x.plus(e.amount), new Decimal(0));
        const pr = claims.reduce((x, c) => x.plus(c.patientResponsibility), new Decimal(0));
        expect(s.balance).toBe(pr.minus(sum('payment')).minus(sum('adjustment')).plus(sum('refund')).toFixed(2));
        expect(new Decimal(s.due).minus(s.credit).toFixed(2)).toBe(s.balance);
        expect(new Decimal(s.due).isNegative() || new Decimal(s.credit).isNegative()).toBe(false);
        expect(s.charges).toBe(new Decimal(s.insurancePaid).plus(s.insuranceAdjustments).plus(s.patientResponsibility).toFixed(2));
      }),
      { numRuns: 300 },
    );
  });
});

describe('reassociation properties', () => {
  const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-03-${String(d).padStart(2, '0')}`);
  it('never matches a deposit or an ERA twice; matched + unmatched account for every ERA and deposit; differences to the cent', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ trace: fc.constantFrom('T1', 'T2', 'T3', 'T4'), amount: fc.constantFrom('10.00', '20.00', '30.05'), date: day }), { maxLength: 8 }),
        fc.array(fc.record({ reference: fc.constantFrom('', 'T1', 'x T2 y', 'T3', 'T44'), amount: fc.constantFrom('10.00', '20.00', '30.00', '30.05'), date: day }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 5 }),
        (eras, deposits, windowDays) => {
          const E = eras.map((e, i) => ({ id: `E${i}`, ...e }));
          const D = deposits.map((d, i) => ({ id: `D${i}`, ...d }));
          const r = reassociate(E, D, { windowDays });
          const deps = r.matched.map((m) => m.depositId);
          expect(new Set(deps).size).toBe(deps.length);
          expect(new Set(r.matched.map((m) => m.eraId)).size).toBe(r.matched.length);
          expect(r.matched.length + r.unmatchedEras.length).toBe(E.length);
          expect(r.matched.length + r.unmatchedDeposits.length).toBe(D.length);
          for (const m of r.matched) {
            const e = E.find((x) => x.id === m.eraId)!;
            const d = D.find((x) => x.id === m.depositId)!;
            expect(m.difference).toBe(new Decimal(d.amount).minus(e.amount).toFixed(2));
            if (m.by === 'amount-date') expect(m.difference).toBe('0.00');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
