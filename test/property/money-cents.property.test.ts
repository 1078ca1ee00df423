/**
 * Issue 12, round 10: `cents` returns a non-negative amount text already written with 2 places (or with
 * none) without decimal.js. For any text — amounts as claims carry them, with any number of places,
 * leading zeros, signs, negative zero, exponents, spaces, and not numbers at all — and for numbers, it
 * must give what `new Decimal(x).toFixed(2)` gives, or throw the same error.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { cents } from '../../src/accounts/money.js';
import { propertySeed } from '../helpers/property-seed.js';

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const amountText = fc
  .tuple(fc.constantFrom('', '', '', '-', '+', ' '), digits(0, 22), fc.constantFrom('', '.', '.', '.', '.'), digits(0, 4), fc.constantFrom('', '', '', 'e2', ' ', 'x'))
  .map(([sign, whole, dot, frac, tail]) => sign + whole + dot + frac + tail);
const inputs = fc.oneof(
  { weight: 6, arbitrary: amountText },
  { weight: 1, arbitrary: fc.constantFrom('0', '-0', '-0.00', '0.00', '00.00', '125', '125.00', '125.5', '1.005', '', '.', 'NaN', 'Infinity', '1e3') },
  { weight: 1, arbitrary: fc.oneof(fc.double({ noNaN: true }), fc.integer()) },
);

function outcome(f: () => string): string {
  try {
    return 'ok ' + f();
  } catch (err) {
    return 'throws ' + String((err as Error).message);
  }
}

describe('cents = Decimal#toFixed(2)', () => {
  it('is the same for any text or number', () => {
    let fast = 0;
    fc.assert(
      fc.property(inputs, (x) => {
        expect(outcome(() => cents(x))).toBe(outcome(() => new Decimal(x).toFixed(2)));
        if (typeof x === 'string' && /^(?:0|[1-9]\d*)(\.\d\d)?$/.test(x)) fast++;
      }),
      { numRuns: 20_000, seed: propertySeed(20261207) },
    );
    expect(fast).toBeGreaterThan(300); // the texts that skip decimal.js were really drawn
  });
});
