/**
 * Issue 12, round 7: the 837 writer turns model amounts and quantities into X12 R values without
 * decimal.js when they are plain decimal strings (`plainX12Decimal`). It must write exactly what
 * `new Decimal(value).toFixed()` writes: random plain strings (signs, leading zeros, zero fractions,
 * -0, 40+ digits), and anything else goes to decimal.js (undefined here, the same text through `x12Decimal`).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import '../../src/money/precision.js';
import { plainX12Decimal, x12Decimal } from '../../src/claims/x12-values.js';

const decimalJs = (v: string): string => {
  try {
    return new Decimal(v).toFixed();
  } catch {
    return 'throws';
  }
};
const ours = (v: string): string => {
  try {
    return x12Decimal(v);
  } catch {
    return 'throws';
  }
};

const digitRun = (max: number) => fc.integer({ min: 0, max }).chain((n) => fc.string({ unit: fc.constantFrom('0', '0', '0', '1', '5', '9'), minLength: n, maxLength: n }));
const plainish = fc
  .tuple(fc.constantFrom('', '', '-', '+', '--'), digitRun(45), fc.constantFrom('', '', '.', ','), digitRun(12), fc.constantFrom('', '', ' ', 'e2', 'E-1', '.'))
  .map((p) => p.join(''));
// (No exponent of many digits: decimal.js would write 1e999999999 out in full.)
const anyText = fc.oneof(plainish, fc.string({ unit: fc.constantFrom(...'0123456789-.+ x'.split('')), maxLength: 14 }), fc.constantFrom('1e3', '1E-2', '-5e0', '0e5', 'Infinity', 'NaN', '0x1F', '0b1'));

/** The first string where `f` and decimal.js disagree (undefined when none). */
function counterexample(f: (v: string) => string, runs = 20000): string | undefined {
  const r = fc.check(fc.property(anyText, (v) => f(v) === decimalJs(v)), { numRuns: runs, seed: 12 });
  return r.failed ? (r.counterexample![0] as string) : undefined;
}

describe('x12Decimal without decimal.js for plain decimals = decimal.js toFixed()', () => {
  it('the same text (or the same refusal) for every string', () => {
    expect(counterexample(ours)).toBeUndefined();
  });

  it('takes the plain path for plain decimals, and only for them', () => {
    fc.assert(
      fc.property(anyText, (v) => {
        const plain = /^-?\d+(\.\d+)?$/.test(v);
        const fast = plainX12Decimal(v);
        expect(fast !== undefined).toBe(plain);
        if (fast !== undefined) expect(fast).toBe(decimalJs(v));
      }),
      { numRuns: 5000 },
    );
    for (const [v, want] of [['-0', '0'], ['-0.00', '0'], ['007', '7'], ['-007.50', '-7.5'], ['80.50', '80.5'], ['100.00', '100'], ['0.05', '0.05'], ['1'.repeat(44) + '.10', '1'.repeat(44) + '.1']]) expect(plainX12Decimal(v)).toBe(want);
  });

  it('catches planted faults: "-0" kept, zeros of the whole part kept, the point left after a zero fraction', () => {
    const keepsMinusZero = (v: string) => (/^-0+(\.0+)?$/.test(v) ? '-0' : ours(v));
    const keepsLeadingZeros = (v: string) => (/^0\d/.test(v) ? v : ours(v));
    const keepsPoint = (v: string) => (/^\d+\.0+$/.test(v) ? v.replace(/0+$/, '') : ours(v));
    expect(counterexample(keepsMinusZero)).toBeDefined();
    expect(counterexample(keepsLeadingZeros)).toBeDefined();
    expect(counterexample(keepsPoint)).toBeDefined();
  });
});
