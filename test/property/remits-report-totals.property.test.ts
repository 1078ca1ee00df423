/**
 * The HTML remittance report's totals row (src/remits/report.ts: running sums in exact cents for amounts
 * that know theirs, decimal.js for the others) equals the sums made with decimal.js alone, on remittances
 * read from 835 text (amounts interned with their cents) and built in memory (plain Decimals), with
 * amounts that have cents and amounts that do not, and sums beyond 2^53 cents.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { readRemittances } from '../../src/remits/read-remittances.js';
import { remittanceHtml } from '../../src/remits/report.js';
import { displayAmount } from '../../src/remits/values.js';
import { write835 } from '../../src/remits/write-835.js';
import type { ClaimPayment, Remittance } from '../../src/remits/model.js';
import { adj, claim, envelope, line, remittance } from '../unit/remits/build.js';

const amount = fc.oneof(
  fc.integer({ min: -20_000, max: 200_000 }).map((n) => new Decimal(n).dividedBy(100).toFixed()),
  fc.constantFrom('0', '1.234', '0.005', '45035996273704.96', '90071992547409.91', '-3.5'),
);
const claimArb = fc.record({ billed: amount, paid: amount, co: amount, pr: fc.tuple(fc.constantFrom('1', '2', '3', '96'), amount), lines: fc.array(fc.tuple(amount, amount, amount), { maxLength: 2 }) }).map((c) =>
  claim(c.billed, c.paid, [adj('CO', '45', c.co), adj('PR', c.pr[0], c.pr[1])], c.lines.map(([charge, paid, pr]) => line(charge, paid, [adj('PR', '2', pr)]))),
);

/** The totals row's cells, in order. */
function totalsRow(html: string): string[] {
  const row = /<tr class="totals">(.*?)<\/tr>/s.exec(html)![1];
  return [...row.matchAll(/<td class="num">(.*?)<\/td>/g)].map((m) => m[1]);
}

/** The same row made with decimal.js alone. */
function expectedRow(r: Remittance): string[] {
  const add = (pick: (c: ClaimPayment) => Decimal) => r.claims.reduce((t, c) => t.plus(pick(c)), new Decimal(0));
  return [
    add((c) => c.billed),
    add((c) => c.allowed),
    r.balance.claimsPaid,
    add((c) => c.patientResponsibility.deductible),
    add((c) => c.patientResponsibility.coinsurance),
    add((c) => c.patientResponsibility.copay),
    add((c) => c.patientResponsibility.other),
    add((c) => c.patientResponsibility.total),
  ].map((v) => displayAmount(v));
}

describe('HTML report totals in cents = decimal.js sums', () => {
  it('read from 835 text and built in memory, claims listed or only counted', () => {
    fc.assert(
      fc.property(fc.array(claimArb, { minLength: 1, maxLength: 12 }), fc.nat(3), (claims, shown) => {
        const text = write835([remittance(claims, '0')], { ...envelope });
        const [read] = readRemittances(text).remittances;
        expect(totalsRow(remittanceHtml([read], { maxClaimsShown: shown }))).toEqual(expectedRow(read));
        // Built in memory: no amount knows its cents.
        const built: Remittance = { ...read, claims };
        expect(totalsRow(remittanceHtml([built], { maxClaimsShown: shown }))).toEqual(expectedRow(built));
      }),
      { numRuns: 300 },
    );
  });
});
