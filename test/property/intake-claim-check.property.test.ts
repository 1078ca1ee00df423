/**
 * Issue 12, round 10: `recordIntakeChunk` checks its claims with `toIntakeClaim` (a hand-written check
 * with `IntakeClaimSchema.parse` behind it) instead of the zod parse. For any value — intake claims as
 * `checkClaims` builds them, the same with one field broken or an extra key at any level, and values that
 * are not claims at all — both must agree: the same output (same keys, undefined ones included, nested
 * objects new, `data` the same reference), or both throw a ZodError with the same issues.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ZodError } from 'zod';
import { toIntakeClaim } from '../../src/ledger/intake-claim-check.js';
import { IntakeClaimSchema } from '../../src/ledger/posting-types.js';
import { propertySeed } from '../helpers/property-seed.js';

const money = fc.oneof(
  fc.constantFrom('0', '0.00', '125.5', '-3.25', '1000000.99', '007'),
  fc.tuple(fc.integer({ min: -99999, max: 999999 }), fc.integer({ min: 0, max: 99 })).map(([a, b]) => `${a}.${String(b).padStart(2, '0')}`),
);
const brokenMoney = fc.constantFrom('', 'abc', '1e3', '1.', '.5', ' 1', '1,00', '+1', 12.5, null, undefined);
const text = fc.string({ minLength: 1, maxLength: 8 });
const nullishText = fc.oneof(text, fc.constant(null), fc.constant(undefined), fc.constant(''));
/** Any JSON-ish value, for `data` and for broken fields. */
const anything = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer(), fc.double(), fc.string({ maxLength: 4 }), fc.boolean(), fc.array(fc.integer(), { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }));

/** An object with some of `optional`'s keys left out, and sometimes an unknown extra key. */
const withSomeKeys = (required: Record<string, fc.Arbitrary<unknown>>, optional: Record<string, fc.Arbitrary<unknown>>) =>
  fc.tuple(fc.record(required), fc.record(optional, { requiredKeys: [] }), fc.option(fc.tuple(fc.constantFrom('extra', 'x', 'constructor'), anything), { nil: undefined })).map(([r, o, extra]) => ({ ...r, ...o, ...(extra ? { [extra[0]]: extra[1] } : {}) }));

const line = withSomeKeys({ lineNumber: fc.integer({ min: 1, max: 50 }), charge: money }, { lineControl: nullishText, procedureCode: nullishText, units: nullishText });
const rejected = fc.array(withSomeKeys({ code: fc.string({ maxLength: 6 }), message: fc.string({ maxLength: 6 }) }, { field: fc.oneof(fc.string({ maxLength: 4 }), fc.constant(undefined)) }), { maxLength: 3 });
const held = withSomeKeys({ reason: fc.constantFrom('partner-hold', 'incomplete', 'forwarded'), missing: fc.array(fc.record({ field: fc.string({ maxLength: 4 }), message: fc.string({ maxLength: 4 }) }), { maxLength: 2 }) }, {});

/** A claim as `checkClaims` builds it (and the variants other callers may hand over). */
const claim = withSomeKeys(
  { index: fc.integer({ min: 0, max: 200_000 }), partnerId: text, payerId: text, claimType: text, patientControlNumber: text, totalCharge: money, lines: fc.array(line, { maxLength: 4 }), data: anything },
  { serviceDate: nullishText, rejected: fc.oneof(rejected, fc.constant(undefined)), held: fc.oneof(held, fc.constant(undefined)) },
);

/** One field of a claim (or of its first line / rejection / hold) replaced by a wrong value, or removed. */
const broken = fc
  .tuple(
    claim,
    fc.constantFrom('index', 'partnerId', 'payerId', 'claimType', 'patientControlNumber', 'totalCharge', 'serviceDate', 'lines', 'data', 'rejected', 'held', 'line.lineNumber', 'line.charge', 'line.units', 'line', 'rejected.code', 'rejected.field', 'held.reason', 'held.missing'),
    fc.oneof(anything, brokenMoney, fc.constantFrom(-1, 0, 1.5, Number.NaN, 2 ** 60, '', 'x', [], {})),
    fc.boolean(),
  )
  .map(([c, field, value, remove]) => {
    const out: Record<string, any> = structuredClone(c);
    const [head, tail] = field.split('.');
    const holder = !tail ? out : head === 'line' ? out.lines?.[0] : head === 'rejected' ? out.rejected?.[0] : out.held;
    const key = tail ?? head;
    if (holder && typeof holder === 'object') {
      if (remove) delete holder[key];
      else holder[key] = value;
    }
    return out as unknown;
  });

const notAClaim = fc.oneof(anything, fc.constant([]), fc.constant(Object.create(null)), fc.date());

function outcome(f: () => unknown): { ok: unknown } | { issues: unknown } {
  try {
    return { ok: f() };
  } catch (err) {
    if (!(err instanceof ZodError)) throw err;
    return { issues: err.issues };
  }
}

describe('toIntakeClaim = IntakeClaimSchema.parse', () => {
  it('gives the same claim, or the same ZodError, for valid, broken and non-claim values', () => {
    let fast = 0;
    fc.assert(
      fc.property(fc.oneof({ weight: 3, arbitrary: claim }, { weight: 3, arbitrary: broken }, { weight: 1, arbitrary: notAClaim }), (value) => {
        const ours = outcome(() => toIntakeClaim(value));
        const zods = outcome(() => IntakeClaimSchema.parse(value));
        expect(ours).toStrictEqual(zods);
        if ('ok' in ours) {
          fast++;
          const a = ours.ok as { data: unknown; lines: unknown[] };
          expect(a).not.toBe(value); // a copy: insertIntakeClaims may set its `rejected`
          expect(a.data).toBe((value as { data: unknown }).data);
          if (a.lines.length) expect(a.lines[0]).not.toBe((value as { lines: unknown[] }).lines[0]);
        }
      }),
      { numRuns: 3000, seed: propertySeed(20261207) },
    );
    expect(fast).toBeGreaterThan(800); // many values really took the hand-written path
  });
});
