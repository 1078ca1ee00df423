/**
 * Issue 12: the pretty JSON writer prints each member with JSON.stringify at its depth (inside nested
 * one-element arrays, the ends cut off) instead of re-indenting a depth-0 text with a regex. It must print
 * byte for byte what the old writer (test/unit/text/pretty-json-reference.ts) and JSON.stringify(whole,
 * null, 2) print, for any JSON-ish value at any depth: nested and empty arrays and objects, strings with
 * new lines, quotes, backslashes, unicode and lone surrogates, odd keys, undefined / functions / symbols
 * (dropped from objects, null in arrays), NaN and Infinity, -0, toJSON values (Decimal, Date, custom,
 * one that returns undefined), boxed primitives; written whole or opened container by container.
 */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prettyJsonWriter, stringifyAtDepth, type PrettyJsonWriter } from '../../src/text/pretty-json.js';
import { referencePrettyJsonWriter } from '../unit/text/pretty-json-reference.js';

const text = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'ab 0\n\r\t"\\/\u2028\u2029é日😀\u0000\u001f{}[],:'.split('')), maxLength: 10 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.string({ unit: fc.constantFrom('\ud800', '\udc00', 'x'), maxLength: 4 }),
);
const key = fc.oneof(text, fc.constantFrom('__proto__', '0', '1', 'toJSON', 'constructor', ''));
/** Leaves; `keyed`: a toJSON that prints the key it is called with (the writers call it with '' for a member written alone, as the old one did; JSON.stringify of the whole document passes the real key). */
const leaves = (keyed: boolean) => fc.oneof(
  { weight: 4, arbitrary: text },
  { weight: 2, arbitrary: fc.double() },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(true, false, null, undefined, -0, NaN, -Infinity, () => 1, Symbol('s')) },
  { weight: 1, arbitrary: fc.constantFrom('0', '12.50', '-3.001', '1e-9', '123456789012345678901234567890.5').map((d) => new Decimal(d)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 4e12 }).map((t) => new Date(t)) },
  { weight: 1, arbitrary: text.map((s) => ({ toJSON: (k: string) => ({ key: keyed ? k : 'any', s, list: [s, { s }] }) })) },
  { weight: 1, arbitrary: fc.constant({ toJSON: () => undefined }) },
  { weight: 1, arbitrary: fc.oneof(text.map((s) => new String(s)), fc.integer().map((n) => new Number(n)), fc.constant(new Boolean(false))) },
);
const values = (keyed: boolean) => fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaves(keyed), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(key, tie('value'), { maxKeys: 5 }).map((entries) => {
    // fc.dictionary makes a null-prototype-free plain object; __proto__ as an own key as JSON.parse makes it.
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(entries)) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
    return o;
  }),
})).value;
const value = values(true);

/** What both writers offer (the reference one has no text/head). */
type ContainerWriter = Pick<PrettyJsonWriter, 'beginArray' | 'beginObject' | 'value' | 'end'>;

/** Writes `doc` through `w`, opening containers by hand where `split` says so (else one value() call). */
function write(w: ContainerWriter, doc: unknown, split: () => boolean, key?: string) {
  const container = typeof doc === 'object' && doc !== null && !(doc instanceof Decimal) && !(doc instanceof Date) && !('toJSON' in doc) && !(doc instanceof String || doc instanceof Number || doc instanceof Boolean);
  if (!container || !split()) return w.value(doc, key);
  if (Array.isArray(doc)) {
    w.beginArray(key);
    for (const item of doc) write(w, item, split);
  } else {
    w.beginObject(key);
    for (const [k, v] of Object.entries(doc)) write(w, v, split, k);
  }
  w.end();
}

function print(make: (emit: (text: string) => void) => ContainerWriter, doc: unknown, splits: readonly boolean[]): string {
  let out = '';
  let at = 0;
  write(make((t) => (out += t)), doc, () => splits[at++ % splits.length]);
  return out;
}

describe('prettyJsonWriter = the regex re-indenting writer = JSON.stringify(whole, null, 2)', () => {
  it('for random documents written whole or container by container', () => {
    fc.assert(
      fc.property(value, fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (doc, splits) => {
        expect(print(prettyJsonWriter, doc, splits)).toBe(print(referencePrettyJsonWriter, doc, splits));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(values(false), fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (doc, splits) => {
        expect(print(prettyJsonWriter, doc, splits)).toBe(JSON.stringify(doc, null, 2) ?? '');
      }),
      { numRuns: 3000 },
    );
  });

  it('for one member at any depth (stringifyAtDepth) as the regex gave it', () => {
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 12 }), (doc, depth) => {
        const old = JSON.stringify(doc, null, 2)?.replace(/\n/g, '\n' + '  '.repeat(depth));
        expect(stringifyAtDepth(doc, depth)).toBe(old);
      }),
      { numRuns: 3000 },
    );
  });

  it('survives a toJSON that writes JSON at the same depth while the chain is in use', () => {
    const inner = { toJSON: () => stringifyAtDepth({ a: [1, { b: 'c' }] }, 2) };
    expect(stringifyAtDepth([{ inner }], 2)).toBe(JSON.stringify([{ inner }], null, 2).replace(/\n/g, '\n    '));
    expect(stringifyAtDepth({ x: 1 }, 3)).toBe('{\n        "x": 1\n      }');
  });
});
