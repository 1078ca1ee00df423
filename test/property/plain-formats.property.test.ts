/**
 * Issue 12, round 7: the compiled claim check tests the model's amount, quantity and date patterns by hand
 * (src/claims/plain-formats.ts). Each must answer what the regex answers for every string: random strings
 * over the characters that matter (digits, sign, dot, dash, look-alikes: full-width and Arabic-Indic digits,
 * newline, space), strings of every length around the limits, and the model's own patterns.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Amount, IsoDate, Quantity } from '../../src/claims/model.js';
import { handWrittenTest, isIsoDateShape, isPlainAmount, isPlainQuantity } from '../../src/claims/plain-formats.js';

const AMOUNT = /^-?\d{1,15}(\.\d{1,2})?$/;
const QUANTITY = /^\d{1,12}(\.\d{1,3})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const unit = fc.constantFrom(...'0123456789'.split(''), '-', '.', '+', ' ', '\n', 'e', 'x', '０', '٣', '/', ':');
/** Digit runs of every length in [min, max], each length as likely (the limits are reached often). */
const digits = (min: number, max: number) =>
  fc.integer({ min, max }).chain((n) => fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: n, maxLength: n }));
/** Strings near each pattern's shape: sign?, 0-17 digits, dot?, 0-4 digits, and a random tail or head. */
const nearDecimal = fc
  .tuple(fc.constantFrom('', '-', '+', '--'), digits(0, 17), fc.constantFrom('', '.', '..', ','), digits(0, 4), fc.constantFrom('', '\n', ' ', 'x', '.'))
  .map((parts) => parts.join(''));
const nearDate = fc
  .tuple(digits(3, 5), fc.constantFrom('-', '/', ''), digits(1, 3), fc.constantFrom('-', '.'), digits(1, 3), fc.constantFrom('', '\n', 'Z'))
  .map((parts) => parts.join(''));
const anyText = fc.oneof(fc.string({ unit, maxLength: 22 }), nearDecimal, nearDate, fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 }));

/** The first string where `check` and `re` disagree, over `runs` random strings (undefined when none). */
function counterexample(check: (s: string) => boolean, re: RegExp, runs = 20000): string | undefined {
  const result = fc.check(fc.property(anyText, (s) => check(s) === re.test(s)), { numRuns: runs, seed: 7 });
  return result.failed ? (result.counterexample![0] as string) : undefined;
}

describe('hand-written pattern checks = the regexes', () => {
  it('amount, quantity and date shape: the same answer for every string', () => {
    expect(counterexample(isPlainAmount, AMOUNT)).toBeUndefined();
    expect(counterexample(isPlainQuantity, QUANTITY)).toBeUndefined();
    expect(counterexample(isIsoDateShape, DATE)).toBeUndefined();
  });

  it('every length around the limits, with and without sign and fraction', () => {
    for (let whole = 0; whole <= 17; whole++)
      for (let frac = -1; frac <= 4; frac++)
        for (const sign of ['', '-']) {
          const s = sign + '7'.repeat(whole) + (frac < 0 ? '' : '.' + '3'.repeat(frac));
          expect(isPlainAmount(s)).toBe(AMOUNT.test(s));
          expect(isPlainQuantity(s)).toBe(QUANTITY.test(s));
        }
    for (const s of ['', '-', '.', '-.5', '1.', '0', '-0', '00.00', '1\n', '\n1', '2024-01-01', '2024-01-01\n', '20240-1-01', '2024-1-011', '2024-01-0a']) {
      expect([s, isPlainAmount(s)]).toEqual([s, AMOUNT.test(s)]);
      expect([s, isPlainQuantity(s)]).toEqual([s, QUANTITY.test(s)]);
      expect([s, isIsoDateShape(s)]).toEqual([s, DATE.test(s)]);
    }
  });

  it('are the checks used for the model\'s own patterns (and only for patterns without flags)', () => {
    const patternOf = (schema: unknown) => (schema as { _zod: { def: { checks: Array<{ _zod: { def: { pattern: RegExp } } }> } } })._zod.def.checks[0]._zod.def.pattern;
    expect(handWrittenTest(patternOf(Amount))).toBe(isPlainAmount);
    expect(handWrittenTest(patternOf(Quantity))).toBe(isPlainQuantity);
    expect(handWrittenTest(patternOf(IsoDate))).toBe(isIsoDateShape);
    expect(handWrittenTest(new RegExp(AMOUNT.source, 'm'))).toBeUndefined();
    expect(handWrittenTest(/^\d{5}$/)).toBeUndefined();
  });

  it('catches planted faults: a limit off by one, a fraction of none allowed, a sign where there is none', () => {
    const wider = (s: string) => /^-?\d{1,16}(\.\d{1,2})?$/.test(s);
    const emptyFraction = (s: string) => /^-?\d{1,15}(\.\d{0,2})?$/.test(s);
    const signedQuantity = (s: string) => /^-?\d{1,12}(\.\d{1,3})?$/.test(s);
    const slashDate = (s: string) => /^\d{4}[-/]\d{2}-\d{2}$/.test(s);
    expect(counterexample(wider, AMOUNT)).toBeDefined();
    expect(counterexample(emptyFraction, AMOUNT)).toBeDefined();
    expect(counterexample(signedQuantity, QUANTITY)).toBeDefined();
    expect(counterexample(slashDate, DATE)).toBeDefined();
  });
});
