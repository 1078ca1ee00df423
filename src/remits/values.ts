/** Turning raw 835 element values into model values: amounts, ISO dates, optional strings. */
import { Decimal } from 'decimal.js';

const AMOUNT = /^-?(\d+\.?\d*|\.\d+)$/;

/** A decimal amount, or undefined when the element is empty or not a number (the guide engine reports that). */
export function amountOf(raw: string): Decimal | undefined {
  return raw !== '' && AMOUNT.test(raw) ? new Decimal(raw) : undefined;
}

/** A decimal amount; 0 when empty or not a number. */
export function amountOr0(raw: string): Decimal {
  return amountOf(raw) ?? ZERO;
}

export const ZERO = new Decimal(0);

/** CCYYMMDD → YYYY-MM-DD; undefined for anything else (reported by the guide engine). */
export function isoDate(raw: string): string | undefined {
  if (!/^\d{8}$/.test(raw)) return undefined;
  const month = Number(raw.slice(4, 6));
  const day = Number(raw.slice(6, 8));
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}`;
}

/** YYYY-MM-DD → CCYYMMDD (for writing). */
export function x12Date(iso: string): string {
  return iso.replace(/-/g, '');
}

/** The value, or undefined when empty (keeps optional model fields absent rather than ""). */
export function opt(raw: string | undefined): string | undefined {
  return raw === undefined || raw === '' ? undefined : raw;
}

/** `a + b` where `a` may be absent (a running sum's start): no allocation for the first term (a zero
 * first term becomes ZERO, so a "-0" in a file sums to 0 as it always did). */
export function plusOrFirst(a: Decimal | undefined, b: Decimal): Decimal {
  return a === undefined ? (b.isZero() ? ZERO : b) : a.plus(b);
}

/** Sum of the amounts `amount` picks from `items` (undefined = not counted); no intermediate arrays. */
export function sumOf<T>(items: Iterable<T>, amount: (item: T) => Decimal | undefined): Decimal {
  let total: Decimal | undefined;
  for (const item of items) {
    const a = amount(item);
    if (a !== undefined) total = plusOrFirst(total, a);
  }
  return total === undefined || total.isZero() ? ZERO : total;
}

/** Sum of amounts. */
export function sum(values: Iterable<Decimal>): Decimal {
  return sumOf(values, (v) => v);
}

/** An amount as X12 writes it: no exponent, no trailing zeros after the point. */
export function x12Amount(value: Decimal): string {
  return value.toFixed();
}

/** An amount for people: two decimals, thousands separated ("1,234.50", "-20.00"). */
export function displayAmount(value: Decimal | undefined): string {
  if (value === undefined) return '';
  const fixed = value.toFixed(2);
  const negative = fixed.startsWith('-');
  const [whole, cents] = (negative ? fixed.slice(1) : fixed).split('.');
  return `${negative ? '-' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}
