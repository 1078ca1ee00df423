/**
 * `report --format json` as the CLI writes it (issue 12, round 10): claims streamed through
 * `remittanceJsonWriter(…).claim`, their JSON pieces gathered across claims and joined ~4,096 at a time, and
 * the printed text of each amount read from the file kept per interned Decimal (`amountText` in
 * src/remits/report.ts). Property, on random 835s written with write835 and read back (the models as the
 * reader makes them: interned amounts, shared codes): the streamed text, and `remittanceJson`'s, are byte for
 * byte `JSON.stringify` of the remittances with their explained claims (the reference, with no writer code),
 * also when the same amounts are printed again (the cache warm). Amounts: whole cents, negative, many digits,
 * more than two decimals (malformed for X12, read with decimal.js, not interned), zero. Several remittances
 * per file and enough claims that the pieces are emitted in the middle of a remittance (asserted).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readRemittances } from '../../src/remits/read-remittances.js';
import { explainedClaim, remittanceJson, remittanceJsonWriter } from '../../src/remits/report.js';
import type { Remittance } from '../../src/remits/model.js';
import { write835 } from '../../src/remits/write-835.js';
import { adj, claim, envelope, line, remittance } from '../unit/remits/build.js';
import { propertySeed } from '../helpers/property-seed.js';

const amount = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -99_999, max: 999_999 }).map((c) => (c / 100).toFixed(2)) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 400 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('0', '0.5', '-0.01', '123456789012345.67', '-98765432109876.5', '1.005', '-2.999', '0.125', '99999999999999999') },
);

const GROUPS = ['CO', 'PR', 'OA', 'PI'];
const REASONS = ['1', '2', '3', '45', '97', '16', '23', 'B7'];
const adjustment = fc.record({ group: fc.constantFrom(...GROUPS), reason: fc.constantFrom(...REASONS), amount });
const serviceLine = fc.record({ charge: amount, paid: amount, adjustments: fc.array(adjustment, { maxLength: 3 }), control: fc.option(fc.constantFrom('L1', 'L2', 'LINE 3'), { nil: undefined }) });
const claimInput = fc.record({ billed: amount, paid: amount, adjustments: fc.array(adjustment, { maxLength: 2 }), lines: fc.array(serviceLine, { maxLength: 3, size: 'max' }), status: fc.constantFrom('1', '2', '4', '22') });
/** Up to 3 remittances of up to 60 claims each (a claim is ~50–400 pieces: the 4,096-piece batch is crossed). */
const file = fc.array(fc.record({ payment: amount, claims: fc.array(claimInput, { minLength: 1, maxLength: 60, size: 'max' }) }), { minLength: 1, maxLength: 3 });

type FileInput = typeof file extends fc.Arbitrary<infer T> ? T : never;

function read835(input: FileInput): Remittance[] {
  let n = 0;
  const toWrite = input.map((r) =>
    remittance(
      r.claims.map((c) =>
        claim(
          c.billed,
          c.paid,
          c.adjustments.map((a) => adj(a.group, a.reason, a.amount)),
          c.lines.map((l) => line(l.charge, l.paid, l.adjustments.map((a) => adj(a.group, a.reason, a.amount)), l.control ? { lineControlNumber: l.control } : {})),
          { patientControlNumber: `PCN${++n}`, status: c.status, payerClaimControlNumber: `ICN${n}` },
        ),
      ),
      r.payment,
    ),
  );
  return readRemittances(write835(toWrite, envelope), { keepClaims: true }).remittances;
}

/** The members the writer prints after the claims (known only when the transaction set ends), in the model's order. */
const AFTER_CLAIMS = new Set(['claims', 'providerSummaries', 'claimCount', 'reversals', 'providerAdjustments', 'balance', 'findings']);

/** The reference: JSON.stringify of each remittance with its members in the writer's order and its claims explained. */
function reference(rs: readonly Remittance[]): string {
  const docs = rs.map((r) => {
    const entries = Object.entries(r);
    return Object.fromEntries([...entries.filter(([k]) => !AFTER_CLAIMS.has(k)), ['claims', r.claims.map((c) => explainedClaim(c))], ...entries.filter(([k]) => k !== 'claims' && AFTER_CLAIMS.has(k))]);
  });
  return JSON.stringify(docs, null, 2) + '\n';
}

/** The writer as the CLI drives it: each claim as it is read, then the remittance; the emitted pieces counted. */
function streamed(rs: readonly Remittance[]): { text: string; emitsWithinClaims: number } {
  const out: string[] = [];
  let withinClaims = 0;
  let inClaims = false;
  const w = remittanceJsonWriter((t) => {
    out.push(t);
    if (inClaims) withinClaims++;
  });
  for (const r of rs) {
    const progress = { ...r, claims: [] };
    r.claims.forEach((c, i) => {
      // The first claim opens the remittance (its header is emitted then): counted from the second on.
      inClaims = i > 0;
      w.claim(c, progress);
      inClaims = false;
    });
    w.remittance(r);
  }
  w.end();
  return { text: out.join(''), emitsWithinClaims: withinClaims };
}

describe('report --format json, streamed: claims gathered across claims, amounts printed once per interned Decimal', () => {
  it('is byte for byte JSON.stringify of the explained remittances, cold and warm, streamed and whole (fixed seed)', () => {
    let crossed = 0;
    fc.assert(
      fc.property(file, (input) => {
        const rs = read835(input);
        const want = reference(rs);
        const first = streamed(rs);
        expect(first.text).toBe(want);
        // Again: every amount's text now comes from the cache.
        expect(streamed(rs).text).toBe(want);
        expect(remittanceJson(rs)).toBe(want);
        if (first.emitsWithinClaims > 0) crossed++;
      }),
      { numRuns: 60, seed: propertySeed(20261207) },
    );
    // The batch of pieces was emitted in the middle of a remittance's claims in some runs (not only at its end).
    expect(crossed).toBeGreaterThan(5);
  });
});
