/**
 * Random values a zod schema accepts, for property tests that draw claims from the claim model itself
 * (every kind, every optional part). The text of string fields without a pattern comes from the caller's
 * `text(min, max)` (filtered by the pattern when a string has both, as the model's text does), so each test
 * keeps its own alphabet; the rest of the draw is the same for all.
 */
import fc from 'fast-check';

/** The parts of zod 4's internal definition that the generator reads. */
export interface ZodNode {
  _zod: {
    def: {
      type: string;
      checks?: Array<{ _zod: { def: { check: string; minimum?: number; maximum?: number; pattern?: RegExp; value?: number } } }>;
      shape?: Record<string, ZodNode>;
      element?: ZodNode;
      innerType?: ZodNode;
      options?: ZodNode[];
    };
    values?: Set<unknown>;
  };
}

/** Text of `min`..`max` characters (max may be Infinity). */
export type TextArbitrary = (min: number, max: number) => fc.Arbitrary<string>;

/** A random value zod accepts for `node` (and `undefined` for optional/defaulted keys sometimes). Throws on a zod type it has no generator for. */
export function zodArbitrary(node: ZodNode, text: TextArbitrary, depth = 0): fc.Arbitrary<unknown> {
  const def = node._zod.def;
  const checks = (def.checks ?? []).map((c) => c._zod.def);
  const min = checks.find((c) => c.check === 'min_length')?.minimum ?? 0;
  const max = checks.find((c) => c.check === 'max_length')?.maximum ?? Infinity;
  switch (def.type) {
    case 'string': {
      const pattern = checks.find((c) => c.pattern)?.pattern;
      if (!pattern) return text(min, max);
      // A pattern with lengths (the model's text: not blank, min..max): the caller's text that matches it.
      if (min > 0 || max < Infinity) return text(min, max).filter((s) => pattern.test(s));
      return fc.stringMatching(pattern);
    }
    case 'number': {
      const low = checks.find((c) => c.check === 'greater_than')?.value ?? -5;
      return fc.integer({ min: low, max: low + 40 });
    }
    case 'boolean':
      return fc.boolean();
    case 'enum':
    case 'literal':
      return fc.constantFrom(...node._zod.values!);
    case 'array':
      return fc.array(zodArbitrary(def.element!, text, depth + 1), { minLength: min, maxLength: Math.min(max, min + (depth > 2 ? 1 : 3)) });
    case 'optional':
    case 'default':
      return fc.option(zodArbitrary(def.innerType!, text, depth), { nil: undefined, freq: 2 });
    case 'object': {
      const shape = def.shape!;
      const keys = Object.keys(shape);
      return fc.tuple(...keys.map((k) => zodArbitrary(shape[k], text, depth + 1))).map((values) => {
        const o: Record<string, unknown> = {};
        keys.forEach((k, i) => {
          if (values[i] !== undefined) o[k] = values[i];
        });
        return o;
      });
    }
    case 'union':
      return fc.oneof(...def.options!.map((o) => zodArbitrary(o, text, depth)));
    default:
      throw new Error(`no generator for ${def.type}`);
  }
}
