/**
 * Property tests for the 835 writer and reader: random balanced remittances written by our writer and
 * read back give the same model and balance; changing any one amount by 0.01 is flagged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { readRemittances } from '../../src/remits/read-remittances.js';
import { write835, type RemittanceToWrite } from '../../src/remits/write-835.js';
import { allFindings } from '../../src/guides/reader.js';
import type { Adjustment, ClaimPayment, ProviderAdjustment, ServiceLine } from '../../src/remits/model.js';
import { adj, claim, comparable, envelope, line, remittance } from '../unit/remits/build.js';

const cents = (n: number) => new Decimal(n).dividedBy(100);
const REASONS: Record<string, string[]> = { CO: ['45', '97', '29', '16'], PR: ['1', '2', '3', '96'], OA: ['23', '94'], PI: ['94', '45'] };
const id = fc.stringMatching(/^[A-Z0-9]{2,12}$/);

const adjustment = fc
  .record({ group: fc.constantFrom('CO', 'PR', 'OA', 'PI'), pick: fc.nat(), amount: fc.integer({ min: 1, max: 50_000 }) })
  .map(({ group, pick, amount }) => adj(group, REASONS[group][pick % REASONS[group].length], cents(amount).toFixed()));

const serviceLine = fc
  .record({ paid: fc.integer({ min: 0, max: 100_000 }), adjustments: fc.array(adjustment, { maxLength: 3 }), code: fc.constantFrom('99213', '99214', '36415', '85025'), control: id })
  .map(({ paid, adjustments, code, control }) => {
    const charge = cents(paid).plus(adjustments.reduce((s, a) => s.plus(a.amount), new Decimal(0)));
    return line(charge.toFixed(), cents(paid).toFixed(), adjustments, { procedure: { qualifier: 'HC', code, modifiers: [] }, lineControlNumber: control, serviceDate: '2024-03-01' });
  });

const claimPayment = fc
  .record({ pcn: id, icn: id, status: fc.constantFrom('1', '2', '3', '4', '19', '22'), lines: fc.array(serviceLine, { maxLength: 3 }), claimAdjustments: fc.array(adjustment, { maxLength: 2 }), paidIfNoLines: fc.integer({ min: 0, max: 100_000 }) })
  .map(({ pcn, icn, status, lines, claimAdjustments, paidIfNoLines }) => {
    const claimAdj = claimAdjustments.reduce((s, a) => s.plus(a.amount), new Decimal(0));
    const lineAdj = lines.flatMap((l) => l.adjustments).reduce((s, a) => s.plus(a.amount), new Decimal(0));
    const paid = lines.length ? lines.reduce((s, l) => s.plus(l.paid), new Decimal(0)).minus(claimAdj) : cents(paidIfNoLines);
    const billed = paid.plus(claimAdj).plus(lineAdj);
    return claim(billed.toFixed(), paid.toFixed(), claimAdjustments, lines, { headerNumber: '1', patientControlNumber: pcn, payerClaimControlNumber: icn, status, patient: { role: 'QC', entityType: '1', lastName: 'SYNTHETIC', firstName: 'PERSON', idQualifier: 'MI', id: pcn } });
  });

const plbEntry = fc.record({ reason: fc.constantFrom('L6', 'WO', 'FB', 'CS'), amount: fc.integer({ min: -10_000, max: 10_000 }).filter((n) => n !== 0), ref: fc.option(id, { nil: undefined }) }).map(
  ({ reason, amount, ref }): ProviderAdjustment => ({ providerId: '1234567893', fiscalPeriodDate: '2024-12-31', reason, reasonDescription: '', amount: cents(amount), ...(ref ? { reference: ref } : {}) }),
);

const balancedRemittance = fc.record({ claims: fc.array(claimPayment, { minLength: 1, maxLength: 5 }), plb: fc.array(plbEntry, { maxLength: 3 }) }).map(({ claims, plb }) => {
  const total = claims.reduce((s, c) => s.plus(c.paid), new Decimal(0)).minus(plb.reduce((s, p) => s.plus(p.amount), new Decimal(0)));
  const r = remittance(claims, total.abs().toFixed(), { providerAdjustments: plb });
  r.payment.creditDebit = total.isNegative() ? 'D' : 'C';
  return r;
});

const withoutDescriptions = (x: unknown) => JSON.parse(JSON.stringify(comparable(x as RemittanceToWrite), (k, v) => (/[dD]escription$/.test(k) ? undefined : v)));

/** Every amount that takes part in balancing, as a way to change it. */
function amountEditors(r: RemittanceToWrite): Array<(x: RemittanceToWrite) => void> {
  const bump = (d: Decimal) => d.plus('0.01');
  const out: Array<(x: RemittanceToWrite) => void> = [(x) => void (x.payment.amount = bump(x.payment.amount))];
  r.claims.forEach((c, ci) => {
    out.push((x) => void (x.claims[ci].billed = bump(x.claims[ci].billed)));
    out.push((x) => void (x.claims[ci].paid = bump(x.claims[ci].paid)));
    c.adjustments.forEach((_, ai) => out.push((x) => void (x.claims[ci].adjustments[ai].amount = bump(x.claims[ci].adjustments[ai].amount))));
    c.lines.forEach((l, li) => {
      const at = (x: RemittanceToWrite): ServiceLine => x.claims[ci].lines[li];
      out.push((x) => void (at(x).charge = bump(at(x).charge)));
      out.push((x) => void (at(x).paid = bump(at(x).paid)));
      l.adjustments.forEach((_, ai) => out.push((x) => void (at(x).adjustments[ai].amount = bump(at(x).adjustments[ai].amount))));
    });
  });
  r.providerAdjustments.forEach((_, pi) => out.push((x) => void (x.providerAdjustments[pi].amount = bump(x.providerAdjustments[pi].amount))));
  return out;
}

function clone(r: RemittanceToWrite): RemittanceToWrite {
  const copyAdj = (a: Adjustment): Adjustment => ({ ...a });
  const copyLine = (l: ServiceLine): ServiceLine => ({ ...l, adjustments: l.adjustments.map(copyAdj) });
  const copyClaim = (c: ClaimPayment): ClaimPayment => ({ ...c, adjustments: c.adjustments.map(copyAdj), lines: c.lines.map(copyLine) });
  return { ...r, payment: { ...r.payment }, claims: r.claims.map(copyClaim), providerAdjustments: r.providerAdjustments.map((p) => ({ ...p })) };
}

describe('835 write → read properties', () => {
  it('a balanced remittance written and read back gives the same model, balanced, with no findings', () => {
    fc.assert(
      fc.property(balancedRemittance, (r) => {
        const read = readRemittances(write835([r], envelope));
        expect(allFindings(read.report)).toEqual([]);
        const back = read.remittances[0];
        expect(back.balance.balanced).toBe(true);
        expect(withoutDescriptions(back)).toMatchObject(withoutDescriptions(r));
        // Written again, the same bytes.
        expect(write835(read.remittances, envelope)).toBe(write835([r], envelope));
      }),
      { numRuns: 150 },
    );
  });

  it('changing any one amount by 0.01 is flagged as an imbalance', () => {
    fc.assert(
      fc.property(balancedRemittance, fc.nat(), (r, pick) => {
        const editors = amountEditors(r);
        const changed = clone(r);
        editors[pick % editors.length](changed);
        const back = readRemittances(write835([changed], envelope)).remittances[0];
        expect(back.balance.balanced).toBe(false);
        expect(back.findings.some((f) => f.code.startsWith('835-BALANCE-') && f.severity === 'error')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
