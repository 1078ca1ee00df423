/** Money as the imports and forms give it: "1,234.56", "$12", "12.5" → a Decimal with at most 2 places. */
import { Decimal } from 'decimal.js';
import '../money/precision.js';

const MONEY = /^-?\d+(\.\d{1,2})?$/;

/** A decimal amount from user or bank text, or undefined when it is not money (more than 2 decimals, letters…). */
export function parseMoney(raw: string): Decimal | undefined {
  let s = raw.trim().replace(/[$,\s]/g, '');
  if (/^\(.*\)$/.test(s)) s = `-${s.slice(1, -1)}`;
  return MONEY.test(s) ? new Decimal(s) : undefined;
}

/** A non-negative decimal text that `toFixed(2)` leaves as it is (no leading zero, 2 places) or only pads. */
const PLAIN_CENTS = /^(?:0|[1-9]\d*)(\.\d\d)?$/;

/**
 * An amount with exactly 2 places, as decimal.js's `toFixed(2)` writes it. Texts already written so
 * ("125.00", or "125" → "125.00") skip decimal.js (issue 12, round 10: intake writes three per claim);
 * test/property/money-cents.property.test.ts compares the two.
 */
export function cents(d: Decimal.Value): string {
  if (typeof d === 'string') {
    const m = PLAIN_CENTS.exec(d);
    if (m) return m[1] ? d : d + '.00';
  }
  return new Decimal(d).toFixed(2);
}

/** YYYY-MM-DD from "YYYY-MM-DD", "MM/DD/YYYY" or "YYYYMMDD"; undefined for anything else. */
export function parseDay(raw: string): string | undefined {
  const s = raw.trim();
  let y: string, m: string, d: string;
  let r = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (r) [, y, m, d] = r;
  else if ((r = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s))) [, m, d, y] = [r[0], r[1].padStart(2, '0'), r[2].padStart(2, '0'), r[3]];
  else return undefined;
  const date = new Date(`${y}-${m}-${d}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${y}-${m}-${d}` ? undefined : `${y}-${m}-${d}`;
}

/** Whole days from `a` to `b` (YYYY-MM-DD each). */
export const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

export const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
