/** Turning raw 835 element values into model values: amounts, ISO dates, optional strings. */
import { Decimal } from 'decimal.js';
import '../money/precision.js';

const AMOUNT = /^-?(\d+\.?\d*|\.\d+)$/;

/**
 * Exact integer cents of an X12 amount (R) with at most two decimals ("-12.5" → -1250), or undefined when
 * it has more decimals, is beyond 2^53 cents, or is not a number. The hot path's money: sums and
 * balancing run on these, decimal.js only where a value does not fit.
 */
export function centsOf(raw: string): number | undefined {
  const n = raw.length;
  if (n === 0) return undefined;
  let i = raw.charCodeAt(0) === 45 ? 1 : 0;
  const negative = i === 1;
  let whole = 0;
  let digits = 0;
  for (; i < n; i++) {
    const c = raw.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
    digits++;
  }
  let cents = whole * 100;
  if (i < n) {
    if (raw.charCodeAt(i) !== 46 || n - i - 1 > 2) return undefined;
    let scale = 10;
    for (i++; i < n; i++) {
      const c = raw.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return undefined;
      cents += c * scale;
      scale /= 10;
      digits++;
    }
  }
  if (digits === 0 || !Number.isSafeInteger(cents)) return undefined;
  return negative && cents !== 0 ? -cents : cents;
}

/** `centsOf` of bytes[from, to) read one character per byte (latin1), without making the string: the same answers. */
export function centsOfBytes(bytes: Uint8Array, from: number, to: number): number | undefined {
  let i = bytes[from] === 45 ? from + 1 : from;
  const negative = i > from;
  let whole = 0;
  let digits = 0;
  for (; i < to; i++) {
    const c = bytes[i] - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
    digits++;
  }
  let cents = whole * 100;
  if (i < to) {
    if (bytes[i] !== 46 || to - i - 1 > 2) return undefined;
    let scale = 10;
    for (i++; i < to; i++) {
      const c = bytes[i] - 48;
      if (c < 0 || c > 9) return undefined;
      cents += c * scale;
      scale /= 10;
      digits++;
    }
  }
  if (digits === 0 || !Number.isSafeInteger(cents)) return undefined;
  return negative && cents !== 0 ? -cents : cents;
}

/**
 * Amounts read from files are interned by their exact cents: a Decimal is immutable, and an 835 repeats
 * the same few hundred amounts, so each is parsed once (saving ~0.7 µs per amount) and the look-up is by
 * number, not by text. Each interned Decimal knows its cents (CENTS), so sums and balancing can skip
 * decimal.js. Bounded: cleared when full.
 */
const INTERNED = new Map<number, Decimal>();
const INTERN_LIMIT = 8192;
const CENTS = new WeakMap<Decimal, number>();

function intern(cents: number, raw: string | undefined): Decimal {
  let d = INTERNED.get(cents);
  if (d === undefined) {
    d = new Decimal(raw ?? centsText(cents));
    CENTS.set(d, cents);
    if (INTERNED.size >= INTERN_LIMIT) INTERNED.clear();
    INTERNED.set(cents, d);
  }
  return d;
}

/** The interned Decimal of `cents` read from a file (not "-0"): what `amountOfBytes` answers for them, 0 included. */
export function amountOfReadCents(cents: number): Decimal {
  return intern(cents, undefined);
}

/** The exact cents of an amount made here (amountOf, amountOfCents), or undefined (then use decimal.js). */
export function centsOfAmount(d: Decimal): number | undefined {
  return CENTS.get(d);
}

/** The Decimal of an exact number of cents (interned, so it knows its cents). */
export function amountOfCents(cents: number): Decimal {
  if (cents === 0) return ZERO;
  return intern(cents, undefined);
}

/** Cents as X12 writes the amount: "-12.5" for -1250, "3" for 300. */
function centsText(cents: number): string {
  const negative = cents < 0;
  const abs = negative ? -cents : cents;
  const whole = Math.floor(abs / 100);
  const frac = abs - whole * 100;
  const tail = frac === 0 ? '' : frac % 10 === 0 ? `.${frac / 10}` : `.${frac < 10 ? '0' : ''}${frac}`;
  return `${negative ? '-' : ''}${whole}${tail}`;
}

/** Cents with two decimals, as `Decimal.toFixed(2)` prints them ("-0.05", "12.50"). */
export function centsFixed2(cents: number): string {
  const negative = cents < 0;
  const abs = negative ? -cents : cents;
  const whole = Math.floor(abs / 100);
  const frac = abs - whole * 100;
  return `${negative ? '-' : ''}${whole}.${frac < 10 ? '0' : ''}${frac}`;
}

/** A decimal amount, or undefined when the element is empty or not a number (the guide engine reports that). */
export function amountOf(raw: string): Decimal | undefined {
  if (raw === '') return undefined;
  const cents = centsOf(raw);
  // "-0" keeps its own (negative zero) Decimal, as it always had.
  if (cents !== undefined && (cents !== 0 || raw.charCodeAt(0) !== 45)) return intern(cents, raw);
  return AMOUNT.test(raw) ? new Decimal(raw) : undefined;
}

/**
 * `amountOf` of bytes[from, to) read one character per byte (latin1), without making the string when the
 * amount has exact cents (the same interned Decimal; only the text it is first built from differs, and
 * decimal.js keeps no trailing zeros, so the value and its printing are the same).
 */
export function amountOfBytes(bytes: Buffer, from: number, to: number): Decimal | undefined {
  if (from === to) return undefined;
  const cents = centsOfBytes(bytes, from, to);
  if (cents !== undefined && (cents !== 0 || bytes[from] !== 45)) return intern(cents, undefined);
  return amountOf(latin1Slice(bytes, from, to));
}

/** Buffer#latin1Slice: bytes → string, one character per byte (a stable, untyped Buffer method). */
export const latin1Slice = (b: Buffer, start: number, end: number): string => (b as unknown as { latin1Slice(s: number, e: number): string }).latin1Slice(start, end);

/** A decimal amount; 0 when empty or not a number. */
export function amountOr0(raw: string): Decimal {
  return amountOf(raw) ?? ZERO;
}

export const ZERO = new Decimal(0);
CENTS.set(ZERO, 0);

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

/** Sum of the amounts `amount` picks from `items` (undefined = not counted); no intermediate arrays.
 * Exact integer cents while every term has them (see centsOfAmount), decimal.js from the first that does not. */
export function sumOf<T>(items: Iterable<T>, amount: (item: T) => Decimal | undefined): Decimal {
  let cents = 0;
  let exact = true;
  let total: Decimal | undefined;
  for (const item of items) {
    const a = amount(item);
    if (a === undefined) continue;
    if (exact) {
      const c = CENTS.get(a);
      if (c !== undefined && Number.isSafeInteger(cents + c)) {
        cents += c;
        continue;
      }
      exact = false;
      total = cents === 0 ? undefined : amountOfCents(cents);
    }
    total = plusOrFirst(total, a);
  }
  if (exact) return amountOfCents(cents);
  return total === undefined || total.isZero() ? ZERO : total;
}

/** Sum of amounts. */
export function sum(values: Iterable<Decimal>): Decimal {
  return sumOf(values, (v) => v);
}

/** `a + b`: exact cents when both have them, decimal.js otherwise. */
export function plusAmount(a: Decimal, b: Decimal): Decimal {
  const ca = CENTS.get(a);
  const cb = ca === undefined ? undefined : CENTS.get(b);
  if (cb !== undefined && Number.isSafeInteger(ca! + cb)) return amountOfCents(ca! + cb);
  return a.plus(b);
}

/** `a − b`: exact cents when both have them, decimal.js otherwise. */
export function minusAmount(a: Decimal, b: Decimal): Decimal {
  const ca = CENTS.get(a);
  const cb = ca === undefined ? undefined : CENTS.get(b);
  if (cb !== undefined && Number.isSafeInteger(ca! - cb)) return amountOfCents(ca! - cb);
  return a.minus(b);
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
