/** Numeric keys of short codes (byte-keys.ts): the same key from bytes as from text, distinct for distinct codes. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { byteKey, hasKey, keyedCodes, MAX_KEY_LENGTH, stringKey } from '../../../src/guides/byte-keys.js';

describe('byte keys', () => {
  it('gives a value the same key from its bytes (latin1) as from its text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: MAX_KEY_LENGTH }), fc.nat(5), (value, pad) => {
        const bytes = Buffer.concat([Buffer.alloc(pad, 42), Buffer.from(value, 'latin1'), Buffer.alloc(3, 42)]);
        expect(byteKey(bytes, pad, pad + value.length)).toBe(stringKey(value));
      }),
    );
  });

  it('keeps distinct codes distinct (leading zeros and NUL bytes included)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('\u0000', '0', '1', 'A', '\u00ff'), minLength: 1, maxLength: 6 }), fc.string({ unit: fc.constantFrom('\u0000', '0', '1', 'A', '\u00ff'), minLength: 1, maxLength: 6 }), (a, b) => {
        expect(stringKey(a) === stringKey(b)).toBe(a === b);
      }),
    );
    expect(stringKey('0')).not.toBe(stringKey('00'));
  });

  it('has no key for empty, long or non-latin1 values; such codes are flagged for a string look-up', () => {
    expect(stringKey('')).toBe(-1);
    expect(stringKey('ABCDEFG')).toBe(-1);
    expect(stringKey('A\u0100')).toBe(-1);
    expect(byteKey(Buffer.from('ABCDEFG'), 0, 7)).toBe(-1);
    const codes = new Set(['45', '1', 'LONGCODE']);
    const keyed = keyedCodes(codes);
    expect(keyed.hasLong).toBe(true);
    expect(keyed.keys.has(stringKey('45'))).toBe(true);
    expect(keyed.keys.has(stringKey('4'))).toBe(false);
    expect(keyedCodes(codes)).toBe(keyed);
    expect(keyedCodes(new Set(['A', 'B'])).hasLong).toBe(false);
  });

  it('finds a key in the hash table exactly when the set has it (codes of every length, sets of every size)', () => {
    const code = fc.string({ unit: fc.constantFrom('\u0000', '0', '1', '9', 'A', 'Z', '\u00ff'), minLength: 1, maxLength: MAX_KEY_LENGTH });
    fc.assert(
      fc.property(fc.uniqueArray(code, { maxLength: 600 }), fc.array(code, { maxLength: 50 }), (codes, probes) => {
        const keyed = keyedCodes(new Set(codes));
        expect(keyed.table.length).toBeGreaterThanOrEqual(2 * keyed.keys.size);
        for (const c of [...codes, ...probes]) expect(hasKey(keyed, stringKey(c))).toBe(keyed.keys.has(stringKey(c)));
      }),
      { numRuns: 300 },
    );
    const keyed = keyedCodes(new Set(['CO', 'PR', 'OA', 'PI', 'CR']));
    expect(hasKey(keyed, stringKey('CO'))).toBe(true);
    expect(hasKey(keyed, stringKey('C'))).toBe(false);
    expect(hasKey(keyedCodes(new Set<string>()), stringKey('CO'))).toBe(false);
  });
});
