/**
 * Short codes as numbers, so a value can be looked up in a code set straight from the bytes it was read
 * from, without making a string. A key packs up to six single-byte characters under a leading 1 (so "0"
 * and "00" differ): at most 2^48 + 2^48, well inside a double's exact integers.
 */

/** Longest value that has a numeric key. */
export const MAX_KEY_LENGTH = 6;

/** The key of bytes[a, b), or -1 when the value is longer than MAX_KEY_LENGTH (or empty). */
export function byteKey(bytes: Uint8Array, a: number, b: number): number {
  if (b <= a || b - a > MAX_KEY_LENGTH) return -1;
  let k = 1;
  for (let i = a; i < b; i++) k = k * 256 + bytes[i];
  return k;
}

/** The key of a string, or -1 when it has none (too long, empty, or a character above 0xFF). */
export function stringKey(s: string): number {
  if (s.length === 0 || s.length > MAX_KEY_LENGTH) return -1;
  let k = 1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) return -1;
    k = k * 256 + c;
  }
  return k;
}

export interface KeyedCodes {
  /** Keys of every code that has one. */
  keys: Set<number>;
  /** True when some code has no key (longer than MAX_KEY_LENGTH): long values must be looked up as strings. */
  hasLong: boolean;
}

const cache = new WeakMap<ReadonlySet<string>, KeyedCodes>();

/** The numeric keys of a code set, computed once per set (compiled guides share their sets). */
export function keyedCodes(codes: ReadonlySet<string>): KeyedCodes {
  let keyed = cache.get(codes);
  if (keyed === undefined) {
    keyed = { keys: new Set(), hasLong: false };
    for (const code of codes) {
      const k = stringKey(code);
      if (k < 0) keyed.hasLong = true;
      else keyed.keys.add(k);
    }
    cache.set(codes, keyed);
  }
  return keyed;
}
