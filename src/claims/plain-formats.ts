/**
 * Issue 12: the claim model's three commonest string patterns checked character by character (no regex
 * engine on the hot path of the compiled model check). Each answers exactly what its pattern's `test`
 * answers for every string (test/property/plain-formats.property.test.ts); `\d` is ASCII 0-9 only, as in
 * a regex without the `u` or `v` flag.
 */

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Digits in text[from, to); the index of the first non-digit (or `to`). */
function digitsFrom(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && isDigit(text.charCodeAt(i))) i++;
  return i;
}

/** `^-?\d{1,intMax}(\.\d{1,fracMax})?$` (without the sign when `signed` is false). */
function plainDecimal(text: string, signed: boolean, intMax: number, fracMax: number): boolean {
  const n = text.length;
  let i = signed && n > 0 && text.charCodeAt(0) === 45 ? 1 : 0;
  const start = i;
  i = digitsFrom(text, i, n);
  const whole = i - start;
  if (whole < 1 || whole > intMax) return false;
  if (i === n) return true;
  if (text.charCodeAt(i) !== 46) return false;
  const fracStart = i + 1;
  const end = digitsFrom(text, fracStart, n);
  const frac = end - fracStart;
  return end === n && frac >= 1 && frac <= fracMax;
}

/** `/^-?\d{1,15}(\.\d{1,2})?$/` (model.ts `Amount`). */
export const isPlainAmount = (text: string): boolean => plainDecimal(text, true, 15, 2);

/** `/^\d{1,12}(\.\d{1,3})?$/` (model.ts `Quantity`). */
export const isPlainQuantity = (text: string): boolean => plainDecimal(text, false, 12, 3);

/** `/^\d{4}-\d{2}-\d{2}$/` (model.ts `IsoDate`: the shape only, not the calendar). */
export function isIsoDateShape(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  return digitsFrom(text, 0, 4) === 4 && digitsFrom(text, 5, 7) === 7 && digitsFrom(text, 8, 10) === 10;
}

/** The hand-written test for a pattern (by its source, flags none), when there is one. */
const BY_SOURCE = new Map<string, (text: string) => boolean>([
  ['^-?\\d{1,15}(\\.\\d{1,2})?$', isPlainAmount],
  ['^\\d{1,12}(\\.\\d{1,3})?$', isPlainQuantity],
  ['^\\d{4}-\\d{2}-\\d{2}$', isIsoDateShape],
]);

export function handWrittenTest(pattern: RegExp): ((text: string) => boolean) | undefined {
  return pattern.flags === '' ? BY_SOURCE.get(pattern.source) : undefined;
}
