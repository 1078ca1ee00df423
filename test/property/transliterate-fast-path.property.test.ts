/**
 * Issue 12: `transliterateText` skips its copy when no free-text field holds a character outside the X12
 * set (one regex test per text field). That fast path must give exactly what the slow path (the copy,
 * `transliterateCopy`) gives — the same value and the same changed fields — for claims as JSON.parse
 * makes them: real claim shapes with random text (plain, accented, unmappable), random extra keys at any
 * depth (arrays included), and prototypes other than plain objects. And the claim accepted from either
 * value gets the same outcome.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { acceptClaim } from '../../src/claims/accept-claim.js';
import { TEXT_FIELDS, transliterateCopy, transliterateText } from '../../src/claims/transliterate.js';
import { dentalInput, institutionalInput, professionalInput } from '../unit/claims/fixtures.js';

const today = '2024-06-01';
const textKeys = [...TEXT_FIELDS];

/** Text as practices send it: mostly plain, sometimes accented, curly-quoted, non-Latin or control. */
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...'ABCXYZ abc019-.,\'#&/'.split('')), maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(...'AÉñßẞ’“”–…\u00A0ØłŒé\u0301ﬁ'.split('')), maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('日', '😀', '\u0007', '\t', 'Ж', 'A'), maxLength: 5 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
);

/** JSON values whose keys are often free-text keys, so text sits in objects and arrays at any depth. */
const key = fc.oneof(fc.constantFrom(...textKeys), fc.constantFrom('memberId', 'code', 'x', '__proto__', '0', 'constructor'));
const { value: json } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, text, fc.integer(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }),
}));

/** A JSON.parse-made value from letrec's key/value pairs (JSON.parse keeps "__proto__" as an own key). */
function fromPairs(v: unknown): unknown {
  // letrec objects are arrays of [key, value]; turn them into JSON text so JSON.parse builds them.
  const render = (x: unknown, asObject: boolean): string => {
    if (asObject && Array.isArray(x)) return '{' + (x as Array<[string, unknown]>).map(([k, y]) => `${JSON.stringify(k)}:${render(y, isPairs(y))}`).join(',') + '}';
    if (Array.isArray(x)) return '[' + x.map((y) => render(y, isPairs(y))).join(',') + ']';
    return JSON.stringify(x);
  };
  return JSON.parse(render(v, isPairs(v)));
}
const isPairs = (x: unknown): boolean => Array.isArray(x) && x.length > 0 && x.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string');

/** A fixture claim with random text written into some of its free-text fields and random keys added. */
const claim = fc
  .tuple(
    fc.constantFrom(professionalInput, institutionalInput, dentalInput),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(...textKeys), text), { maxLength: 6 }),
    fc.option(fc.tuple(key, json), { nil: undefined }),
  )
  .map(([make, edits, extra]) => {
    const c = JSON.parse(JSON.stringify(make())) as Record<string, unknown>;
    const objects: Array<Record<string, unknown>> = [];
    const visit = (x: unknown) => {
      if (Array.isArray(x)) x.forEach(visit);
      else if (x && typeof x === 'object') {
        objects.push(x as Record<string, unknown>);
        Object.values(x).forEach(visit);
      }
    };
    visit(c);
    for (const [at, k, v] of edits) objects[at % objects.length][k] = v;
    const text = JSON.stringify(c);
    const withExtra = extra ? text.slice(0, -1) + `,${JSON.stringify(extra[0])}:${JSON.stringify(fromPairs(extra[1]) ?? null)}}` : text;
    return JSON.parse(withExtra) as unknown;
  });

/** Every own key (in order, "__proto__" included), prototype and value, as comparable data. */
function shape(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  const proto = Object.getPrototypeOf(v) === Array.prototype ? 'Array' : Object.getPrototypeOf(v) === Object.prototype ? 'Object' : 'other';
  return { proto, entries: Reflect.ownKeys(v).map((k) => [String(k), Object.getOwnPropertyDescriptor(v, k)?.enumerable, shape((v as Record<string | symbol, unknown>)[k])]) };
}

describe('transliterateText fast path', () => {
  it('gives the slow path\'s value and changed fields on random claims and random JSON', () => {
    fc.assert(
      fc.property(fc.oneof(claim, json.map(fromPairs)), (raw) => {
        const before = JSON.stringify(raw);
        const fast = transliterateText(raw);
        const slow = transliterateCopy(raw);
        expect(fast.changed).toEqual(slow.changed);
        expect(JSON.stringify(fast.value)).toBe(JSON.stringify(slow.value));
        expect(shape(fast.value)).toEqual(shape(slow.value));
        expect(JSON.stringify(raw)).toBe(before);
      }),
      { numRuns: 1500 },
    );
  });

  it('gives the same accept/reject and findings as the copied claim', () => {
    fc.assert(
      fc.property(claim, (raw) => {
        const a = acceptClaim(raw, { today });
        const b = acceptClaim(transliterateCopy(raw).value, { today });
        // b's input is already transliterated, so its CHARACTERS-REPLACED warnings are a's.
        const replaced = a.findings.filter((f) => f.code === 'CHARACTERS-REPLACED');
        expect(a.findings.filter((f) => f.code !== 'CHARACTERS-REPLACED')).toEqual(b.findings.filter((f) => f.code !== 'CHARACTERS-REPLACED'));
        expect(replaced.map((f) => f.field)).toEqual(transliterateCopy(raw).changed.map((c) => c.field));
        expect(a.accepted).toBe(b.accepted);
        expect(a.claim).toEqual(b.claim);
      }),
      { numRuns: 400 },
    );
  });

  it('takes the slow path for objects that are not plain JSON data', () => {
    class Name {
      last = 'MUÑOZ';
    }
    const raw = { subscriber: { name: new Name() } };
    expect(shape(transliterateText(raw).value)).toEqual(shape(transliterateCopy(raw).value));
    expect(transliterateText(raw).changed).toEqual([{ field: '$.subscriber.name.last' }]);
    const bare = Object.assign(Object.create(null) as object, { name: 'PLAIN' });
    expect(shape(transliterateText({ a: bare }).value)).toEqual(shape(transliterateCopy({ a: bare }).value));
  });
});
