/**
 * Amounts on the hot path are exact integer cents (values.ts), decimal.js only where a value does not fit
 * (more than two decimals, beyond 2^53 cents). These tests hold the cents path to decimal.js: the same
 * claims built from amounts read by `amountOf` (cents known) and from plain `new Decimal` (cents unknown,
 * so every sum and difference goes through decimal.js) must derive and balance identically.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { checkClaimBalance, checkPaymentBalance, addClaimToTotals, newTotals } from '../../../src/remits/balance.js';
import { deriveClaim, deriveLine } from '../../../src/remits/derive.js';
import type { Adjustment, ClaimPayment, ServiceLine } from '../../../src/remits/model.js';
import { amountOf, amountOfCents, centsFixed2, centsOf, centsOfAmount, centsOfBytes, minusAmount, plusAmount, sum } from '../../../src/remits/values.js';

const ctx = { base: { file: 'x.835', transaction: '0001' }, firstSegment: 3 };

/** An R amount as a payer might send it: sign, 0–18 integer digits, 0–4 decimals, sometimes a bare point. */
const rawAmount = fc
  .tuple(fc.boolean(), fc.stringMatching(/^\d{0,18}$/), fc.constantFrom('', '.', 'dot'), fc.stringMatching(/^\d{0,4}$/))
  .map(([neg, whole, point, frac]) => {
    const body = point === '' ? whole : `${whole}.${point === 'dot' ? frac : ''}`;
    return (neg ? '-' : '') + body;
  })
  .filter((s) => /^-?(\d+\.?\d*|\.\d+)$/.test(s));

/** Mostly ordinary money, sometimes three decimals or huge (the fallback). */
const money = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -99_999_99, max: 99_999_99 }).map((c) => new Decimal(c).div(100).toFixed()) },
  { weight: 1, arbitrary: fc.integer({ min: -99_999, max: 99_999 }).map((m) => new Decimal(m).div(1000).toFixed()) },
  { weight: 1, arbitrary: fc.bigInt({ min: 10n ** 14n, max: 10n ** 18n }).map((b) => `${b}.25`) },
);

describe('exact cents', () => {
  it('centsOf gives exact cents exactly when the value is written with at most 2 decimals and fits in 2^53 cents', () => {
    fc.assert(
      fc.property(rawAmount, (raw) => {
        const exact = new Decimal(raw).times(100);
        const c = centsOf(raw);
        // Decimals as written: "1.500" has three, and takes the decimal.js path though its value would fit.
        const decimals = raw.includes('.') ? raw.length - raw.indexOf('.') - 1 : 0;
        const fits = decimals <= 2 && exact.abs().lte(Number.MAX_SAFE_INTEGER);
        if (fits) expect(c).toBe(exact.isZero() ? 0 : exact.toNumber());
        else expect(c).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
    expect(['', '-', '.', '1e5', '1.2.3', '12a', ' 1'].map(centsOf)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('falls back to decimal.js for values cents cannot hold, and stays exact', () => {
    const thousandths = [amountOf('0.001')!, amountOf('0.002')!];
    expect(centsOfAmount(thousandths[0])).toBeUndefined();
    expect(sum(thousandths).toFixed()).toBe('0.003');
    const huge = amountOf('90071992547409.93')!; // 2^53 + 1 cents
    expect(centsOfAmount(huge)).toBeUndefined();
    expect(plusAmount(huge, amountOf('0.01')!).toFixed()).toBe('90071992547409.94');
    // A sum that leaves the safe range part-way switches to decimal.js without losing anything.
    const big = amountOf('45035996273704.96')!; // 2^52 cents
    expect(centsOfAmount(big)).toBe(2 ** 52);
    expect(sum([big, big, amountOf('0.01')!]).toFixed()).toBe('90071992547409.93');
    expect(minusAmount(amountOf('-0.05')!, amountOf('0.1')!).toFixed(2)).toBe('-0.15');
  });

  it('prints cents as Decimal.toFixed(2) and makes Decimals of the same value', () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (c) => {
        const viaDecimal = new Decimal(c).div(100);
        expect(centsFixed2(c)).toBe(viaDecimal.toFixed(2));
        expect(amountOfCents(c).equals(viaDecimal)).toBe(true);
        expect(centsOfAmount(amountOfCents(c))).toBe(c);
      }),
      { numRuns: 2000 },
    );
  });

  it('derives and balances a claim the same with exact cents as with decimal.js alone', () => {
    const adjustment = fc.record({ group: fc.constantFrom('CO', 'PR', 'OA', 'PI'), reason: fc.constantFrom('1', '2', '3', '45', '23'), amount: money });
    const lineArb = fc.record({ charge: money, paid: money, adjustments: fc.array(adjustment, { maxLength: 4 }) });
    const claimArb = fc.record({ billed: money, paid: money, pr: fc.option(money), interest: fc.option(money), adjustments: fc.array(adjustment, { maxLength: 3 }), lines: fc.array(lineArb, { maxLength: 4 }) });
    type Raw = typeof claimArb extends fc.Arbitrary<infer T> ? T : never;

    const build = (raw: Raw, amount: (s: string) => Decimal): ClaimPayment => {
      const adjs = (list: Raw['adjustments']): Adjustment[] => list.map((a) => ({ group: a.group, groupDescription: '', reason: a.reason, reasonDescription: '', amount: amount(a.amount) }));
      const lines: ServiceLine[] = raw.lines.map((l) =>
        deriveLine({ procedure: { qualifier: 'HC', code: '99213', modifiers: [] }, charge: amount(l.charge), paid: amount(l.paid), adjustments: adjs(l.adjustments), references: [], amounts: [], quantities: [], remarks: [] }),
      );
      const c: Parameters<typeof deriveClaim>[0] = {
        patientControlNumber: 'PCN-TEST',
        status: '1',
        statusDescription: '',
        billed: amount(raw.billed),
        paid: amount(raw.paid),
        filingIndicator: '12',
        adjustments: adjs(raw.adjustments),
        references: [],
        contacts: [],
        amounts: raw.interest === null ? [] : [{ qualifier: 'I', amount: amount(raw.interest) }],
        quantities: [],
        lines,
      };
      if (raw.pr !== null) c.patientResponsibilityAmount = amount(raw.pr);
      return deriveClaim(c);
    };
    const plain = (s: string) => new Decimal(s);
    const read = (s: string) => amountOf(s)!;
    // Values compared as text: every amount field of the model, and every finding's message.
    const text = (c: ClaimPayment) => JSON.stringify(c);

    fc.assert(
      fc.property(claimArb, (raw) => {
        const slow = build(raw, plain);
        const fast = build(raw, read);
        expect(text(fast)).toBe(text(slow));
        expect(checkClaimBalance(fast, ctx)).toEqual(checkClaimBalance(slow, ctx));
        const totalsSlow = newTotals();
        const totalsFast = newTotals();
        addClaimToTotals(totalsSlow, slow, checkClaimBalance(slow, ctx));
        addClaimToTotals(totalsFast, fast, checkClaimBalance(fast, ctx));
        const payment = { handling: 'I', amount: plain(raw.paid), creditDebit: 'C', method: 'CHK', methodDescription: '' };
        expect(JSON.stringify(checkPaymentBalance(payment, totalsFast, [], ctx))).toBe(JSON.stringify(checkPaymentBalance(payment, totalsSlow, [], ctx)));
      }),
      { numRuns: 1500 },
    );
  });

  it('balances a claim whose amounts are all exact without decimal.js arithmetic going wrong on floats', () => {
    // 0.1 + 0.2 in floating point is 0.30000000000000004; in cents it is 30.
    const line = deriveLine({ procedure: { qualifier: 'HC', code: '99213', modifiers: [] }, charge: amountOf('0.3')!, paid: amountOf('0')!, adjustments: [{ group: 'CO', groupDescription: '', reason: '45', reasonDescription: '', amount: amountOf('0.1')! }, { group: 'CO', groupDescription: '', reason: '45', reasonDescription: '', amount: amountOf('0.2')! }], references: [], amounts: [], quantities: [], remarks: [] });
    const c = deriveClaim({ patientControlNumber: 'P', status: '1', statusDescription: '', billed: amountOf('0.3')!, paid: amountOf('0')!, filingIndicator: '12', adjustments: [], references: [], contacts: [], amounts: [], quantities: [], lines: [line] });
    expect(checkClaimBalance(c, ctx)).toEqual([]);
    expect(c.allowed.toFixed(2)).toBe('0.00');
  });
});

describe('centsOfBytes (the byte readers of x12gw validate: 835 balancing and the 837 claim checks)', () => {
  it('answers as centsOf does, for amounts and for any text, read in place inside a larger buffer', () => {
    const anyText = fc.oneof(rawAmount, fc.string({ maxLength: 12 }), fc.constantFrom('', '-', '.', '-0', '-.5', '1.', '1..2', '9007199254740993'));
    fc.assert(
      fc.property(anyText, fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), (raw, before, after) => {
        const bytes = Buffer.from(before + raw + after, 'latin1');
        const from = Buffer.byteLength(before, 'latin1');
        expect(centsOfBytes(bytes, from, from + Buffer.byteLength(raw, 'latin1'))).toBe(centsOf(raw));
      }),
      { numRuns: 3000 },
    );
  });
});
