/**
 * Issue 12: the scrubber's amount checks without decimal.js on the common path. Each helper answers
 * exactly what its decimal.js expression answers (test/property/scrub-write-hot-spots.property.test.ts), and
 * hands anything outside plain decimal strings — or beyond exact integer cents — back to decimal.js.
 */
import { Decimal } from 'decimal.js';
import '../../money/precision.js';
import { centsOf } from '../../remits/values.js';

const PLAIN_SIGNED = /^-?\d+(\.\d+)?$/;
const PLAIN = /^\d+(\.\d+)?$/;
const ZERO = /^0+(\.0+)?$/;

/** `new Decimal(value).isNegative()` ("-0" is negative to decimal.js too). */
export function isNegativeAmount(value: string): boolean {
  if (PLAIN_SIGNED.test(value)) return value.charCodeAt(0) === 45;
  return new Decimal(value).isNegative();
}

/** `new Decimal(value).lte(0)`. */
export function isZeroOrLess(value: string): boolean {
  if (PLAIN.test(value)) return ZERO.test(value);
  return new Decimal(value).lte(0);
}

/** `sum(values).equals(total)` with decimal.js: in exact integer cents whenever every value fits. */
export function sumEquals(values: readonly string[], total: string): boolean {
  const expected = centsOf(total);
  if (expected !== undefined) {
    let cents = 0;
    let exact = true;
    for (const v of values) {
      const c = centsOf(v);
      if (c === undefined || !Number.isSafeInteger((cents += c))) {
        exact = false;
        break;
      }
    }
    if (exact) return cents === expected;
  }
  return values.reduce((acc, v) => acc.plus(v), new Decimal(0)).equals(total);
}
