/**
 * The 835 model's field reader (src/remits/segment-fields.ts) reads from a segment's bytes what the
 * split segment gives: `element`, `opt`, `amountOf`, `isoDate`, `components` — on random segments
 * (amounts with and without exact cents, "-0", dates valid and not, codes, composites with repetitions,
 * empty and missing elements, any delimiters) — and the exact cents it keeps of each amount — and on the same segments read from their elements (UTF-8
 * text, segments made in memory, segments already split).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldsOf } from '../../src/remits/segment-fields.js';
import { amountOf, centsOfAmount, isoDate, opt } from '../../src/remits/values.js';
import { components, element } from '../../src/x12/elements.js';
import { makeSegment, scannedOf, tokenize, type Segment } from '../../src/x12/tokenizer.js';
import { propertySeed } from '../helpers/property-seed.js';

/** An ISA with the given delimiters (element, repetition, component, terminator), 106 characters + terminator. */
function isa(el: string, rep: string, comp: string, term: string): string {
  const fields = ['ISA', '00', '          ', '00', '          ', 'ZZ', 'SENDER         ', 'ZZ', 'RECEIVER       ', '240101', '1200', rep, '00501', '000000001', '0', 'T', comp];
  return fields.join(el) + term;
}

const DELIMITERS = fc.constantFrom(['*', '^', ':', '~'], ['|', '!', '>', '\n'], ['*', '^', ':', "'"], ['+', '{', '}', '~']);

const value = fc.oneof(
  fc.constantFrom('', '0', '-0', '0.00', '10', '10.5', '10.50', '-20', '.5', '5.', '1.234', '-', '.', 'abc', '99999999999999999999', '90071992547409.91', '-0.001', '00012'),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => (n / 100).toString()),
  fc.constantFrom('20240301', '20241399', '20240230', '20240100', '2024030', '202403011', '2024-03-01', '00000000', '99991231'),
  fc.constantFrom('CO', 'PR', '45', '1', '472', 'HC', '6R', 'B6', 'N130', 'PCN000000001', 'A', 'XYZW', 'MÜLLER'),
  fc.string({ maxLength: 6 }),
);
/** A composite or repeated element written with the delimiters at hand. */
const composite = fc.array(fc.array(fc.constantFrom('HC', '99213', '25', '', 'LAB', 'NU', '0450'), { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 3 });
const segmentParts = fc.array(fc.oneof(value.map((v) => ({ v })), composite.map((c) => ({ c }))), { maxLength: 16 });

type Part = { v: string } | { c: string[][] };

function segmentText(parts: Part[], el: string, rep: string, comp: string, term: string): string | undefined {
  // A value holding a delimiter (or a line break) would be another segment, element or component: not this test's point.
  const bad = [el, rep, comp, term, '\r', '\n'];
  if (parts.some((p) => 'v' in p && bad.some((d) => p.v.includes(d)))) return undefined;
  return ['SVC', ...parts.map((p) => ('v' in p ? p.v : p.c.map((r) => r.join(comp)).join(rep)))].join(el);
}

/** Every read of every position 0..length+2 through the field reader, and the same through the split segment. */
function reads(s: Segment, split: Segment) {
  const fresh: unknown[] = [];
  const old: unknown[] = [];
  const n = split.elements.length + 2;
  const scratch: string[] = [];
  for (let pos = 0; pos < n; pos++) {
    const f = fieldsOf(s);
    const amount = f.amount(pos);
    // The cents the reader keeps of that amount are centsOfAmount's (NaN without them; 0 for no amount, read as ZERO).
    const cents = f.cents;
    const parts = f.splitComponents(pos);
    // Components without an array: splitComponents' count, then componentText of each and of one past the end ('').
    const each = Array.from({ length: parts + 1 }, (_, k) => f.componentText(k));
    fresh.push(f.text(pos), f.opt(pos), amount?.toJSON() ?? 'none', String(cents), f.date(pos) ?? 'none', [...f.components(pos, scratch)], each);
    const oldAmount = amountOf(element(split, pos));
    old.push(element(split, pos), opt(element(split, pos)), oldAmount?.toJSON() ?? 'none', String(oldAmount === undefined ? 0 : (centsOfAmount(oldAmount) ?? NaN)), isoDate(element(split, pos)) ?? 'none', components(split, pos), [...components(split, pos), '']);
    expect(fieldsOf(s).length).toBe(split.elements.length);
  }
  return { fresh, old };
}

describe('segment field reader = the split segment', () => {
  it('reads every element of random segments the same from bytes and from elements', () => {
    let fromBytes = 0;
    fc.assert(
      fc.property(DELIMITERS, segmentParts, ([el, rep, comp, term], parts) => {
        const text = segmentText(parts, el, rep, comp, term);
        if (text === undefined) return;
        const file = isa(el, rep, comp, term) + text + term;
        const [first] = tokenize(file).segments.slice(1);
        const [second] = tokenize(file).segments.slice(1);
        expect(second.id).toBe('SVC');
        if (scannedOf(first)?.bytes !== undefined) fromBytes++;
        const { fresh, old } = reads(first, second);
        expect(fresh).toEqual(old);
        // Once split (the bytes are gone), and made in memory: the same again.
        void first.elements;
        expect(scannedOf(first)?.bytes).toBeUndefined();
        expect(reads(first, second).fresh).toEqual(old);
        expect(reads(makeSegment([...second.elements], 2, 0, second.delimiters), second).fresh).toEqual(old);
      }),
      { numRuns: 2000, seed: propertySeed(20261207) },
    );
    // Most segments are ASCII: the bytes path was the one tested.
    expect(fromBytes).toBeGreaterThan(1000);
  });
});
