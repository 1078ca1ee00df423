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
export const x12Decimal = (value: string): string => plainX12Decimal(value) ?? new Decimal(value).toFixed();

/**
 * Issue 12, round 7: `x12Decimal` of a plain decimal string (`-?digits(.digits)?`) without decimal.js —
 * leading zeros of the whole part and trailing zeros of the fraction dropped, "-0" as "0", as decimal.js's
 * `toFixed()` writes it (test/property/x12-decimal.property.test.ts); undefined for any other text.
 */
export function plainX12Decimal(value: string): string | undefined {
  const n = value.length;
  const negative = n > 0 && value.charCodeAt(0) === 45;
  let i = negative ? 1 : 0;
  const wholeStart = i;
  while (i < n && isDigitCode(value.charCodeAt(i))) i++;
  const wholeEnd = i;
  if (wholeEnd === wholeStart) return undefined;
  let fracEnd = wholeEnd;
  if (i < n) {
    if (value.charCodeAt(i) !== 46) return undefined;
    i++;
    const fracStart = i;
    while (i < n && isDigitCode(value.charCodeAt(i))) i++;
    if (i !== n || i === fracStart) return undefined;
    fracEnd = n;
    while (fracEnd > fracStart && value.charCodeAt(fracEnd - 1) === 48) fracEnd--;
    if (fracEnd === fracStart) fracEnd = wholeEnd; // an all-zero fraction: no point
  }
  let lead = wholeStart;
  while (lead < wholeEnd - 1 && value.charCodeAt(lead) === 48) lead++;
  const digits = value.slice(lead, fracEnd);
  if (digits === '0') return '0';
  return negative ? '-' + digits : lead === 0 && fracEnd === n ? value : digits;
}

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

export const sum = (values: readonly string[]): Decimal => values.reduce((acc, v) => acc.plus(v), new Decimal(0));

/** Y/N flag element; undefined when the flag is absent or false (the element is then left out). */
export const yesOrAbsent = (flag: boolean | undefined): string | undefined => (flag ? 'Y' : undefined);
