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
  /**
   * The same keys as an open-addressing hash table (linear probing, 0 = empty slot: no key is 0), a power
   * of two at least twice their number: `hasKey` looks a key up in a few typed-array reads.
   */
  table: Float64Array;
  /** table.length - 1, and the shift that takes a 32-bit hash to a slot. */
  mask: number;
  shift: number;
}

/** The slot a key hashes to (Fibonacci hashing of its low and high 32 bits). */
function slotOf(key: number, shift: number): number {
  return Math.imul((key | 0) ^ ((key / 4294967296) | 0), 0x9e3779b1) >>> shift;
}

/** Is `key` (a byteKey, ≥ 0) one of the keyed codes? Same answer as `keyed.keys.has(key)`. */
export function hasKey(keyed: KeyedCodes, key: number): boolean {
  const table = keyed.table;
  const mask = keyed.mask;
  let at = slotOf(key, keyed.shift);
  for (;;) {
    const v = table[at];
    if (v === key) return true;
    if (v === 0) return false;
    at = (at + 1) & mask;
  }
}

/** The hash table of a set of keys (see KeyedCodes.table). */
function tableOf(keys: ReadonlySet<number>): Pick<KeyedCodes, 'table' | 'mask' | 'shift'> {
  let bits = 3;
  while (1 << bits < keys.size * 2) bits++;
  const table = new Float64Array(1 << bits);
  const mask = table.length - 1;
  const shift = 32 - bits;
  for (const key of keys) {
    let at = slotOf(key, shift);
    while (table[at] !== 0) at = (at + 1) & mask;
    table[at] = key;
  }
  return { table, mask, shift };
}

const cache = new WeakMap<ReadonlySet<string>, KeyedCodes>();

/** The numeric keys of a code set, computed once per set (compiled guides share their sets). */
export function keyedCodes(codes: ReadonlySet<string>): KeyedCodes {
  let keyed = cache.get(codes);
  if (keyed === undefined) {
    const keys = new Set<number>();
    let hasLong = false;
    for (const code of codes) {
      const k = stringKey(code);
      if (k < 0) hasLong = true;
      else keys.add(k);
    }
    keyed = { keys, hasLong, ...tableOf(keys) };
    cache.set(codes, keyed);
  }
  return keyed;
}
