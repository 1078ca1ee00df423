/** Turning model values into X12 element values and back (dates, amounts, quantities, flags). */
import { Decimal } from 'decimal.js';
import '../money/precision.js';

/** "2024-03-15" → "20240315" (D8). */
export const toD8 = (iso: string): string => iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10);

/** "20240315" → "2024-03-15". */
export const fromD8 = (d8: string): string => `${d8.slice(0, 4)}-${d8.slice(4, 6)}-${d8.slice(6, 8)}`;

/** A date range as RD8 ("20240301-20240305"), or D8 when there is no end or it equals the start. */
export function dateOrRange(from: string, to?: string): { format: 'D8' | 'RD8'; value: string } {
  if (!to || to === from) return { format: 'D8', value: toD8(from) };
  return { format: 'RD8', value: `${toD8(from)}-${toD8(to)}` };
}

/** Reads a D8 or RD8 value back into from/to ISO dates. */
export function readDateOrRange(format: string, value: string): { from: string; to?: string } {
  if (format === 'RD8') {
    const [a, b] = value.split('-');
    return { from: fromD8(a), to: fromD8(b ?? a) };
  }
  return { from: fromD8(value) };
}

/**
 * A decimal string as an X12 R value: no trailing zeros, no trailing point, no exponent ("80.50" → "80.5",
 * "100.00" → "100"). Decimal, never float.
 */
export const x12Decimal = (value: string): string => new Decimal(value).toFixed();

export const sum = (values: readonly string[]): Decimal => values.reduce((acc, v) => acc.plus(v), new Decimal(0));

/** Y/N flag element; undefined when the flag is absent or false (the element is then left out). */
export const yesOrAbsent = (flag: boolean | undefined): string | undefined => (flag ? 'Y' : undefined);
