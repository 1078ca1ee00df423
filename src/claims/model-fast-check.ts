/**
 * Issue 12: a structural check of the claim model compiled once from its zod schema, for the common
 * case of a claim that fits. It answers either "the claim fits, and here is exactly what zod's parse
 * would return" (same values, same key order, defaults filled in the same way) or "not sure"; whenever
 * it is not sure the caller asks zod (`safeParse`), so every claim that does not fit — and every odd one
 * that might — is judged and described by zod alone: the same accept/reject and the same error list.
 *
 * It is "not sure" (never "wrong") about anything zod might judge differently: a key present with the
 * value undefined, a string whose length zod would count in code points, a schema node it does not know
 * (then every claim that reaches that node goes to zod). Proof: test/property/model-fast-check.property.test.ts.
 */
import type { z } from 'zod';
import { Claim } from './model.js';
import { handWrittenTest } from './plain-formats.js';

/** What a compiled check returns when it cannot vouch for the value. */
export const NOT_SURE: unique symbol = Symbol('not sure');
type Check = (value: unknown) => unknown;

/** The parts of zod's definitions the compiler reads (zod 4: `schema._zod.def`, checks' `_zod.def`). */
interface Def {
  type: string;
  checks?: Array<{ _zod: { def: CheckDef } }>;
  shape?: Record<string, Schema>;
  catchall?: Schema;
  element?: Schema;
  innerType?: Schema;
  options?: Schema[];
  discriminator?: string;
  defaultValue?: unknown;
}
interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  format?: string;
  pattern?: RegExp;
  value?: number;
  inclusive?: boolean;
}
interface Schema {
  _zod: { def: Def; values?: ReadonlySet<unknown>; optin?: string; optout?: string };
}

const notSure: Check = () => NOT_SURE;

/** A length zod measures the same way (UTF-16 units here; code points there only when it could differ). */
function lengthCheck(checks: CheckDef[]): ((length: number, text?: string) => boolean) | undefined {
  let min = 0;
  let max = Infinity;
  for (const c of checks) {
    if (c.check === 'min_length' && typeof c.minimum === 'number') min = Math.max(min, c.minimum);
    else if (c.check === 'max_length' && typeof c.maximum === 'number') max = Math.min(max, c.maximum);
    else return undefined;
  }
  // A code point is one or two units: units ≤ max fits in code points too; units ≥ min is only sure
  // when even all-surrogate text would reach min (min ≤ 1, or units ≥ 2·min), or when the text (short
  // then: fewer than 2·min units) has no surrogate, so its units are its code points.
  return (n, text) => n <= max && n >= min && (min <= 1 || n >= 2 * min || (text !== undefined && !SURROGATE.test(text)));
}

const SURROGATE = /[\uD800-\uDFFF]/;

function compileString(def: Def): Check {
  const checks = (def.checks ?? []).map((c) => c._zod.def);
  const patterns: RegExp[] = [];
  const lengths: CheckDef[] = [];
  for (const c of checks) {
    if (c.check === 'string_format' && c.format === 'regex' && c.pattern instanceof RegExp) patterns.push(c.pattern);
    else lengths.push(c);
  }
  const length = lengthCheck(lengths);
  if (!length) return notSure;
  // Issue 12, round 7: the model's date, amount and quantity patterns by hand (plain-formats.ts, the same answers).
  const only = patterns.length === 1 ? handWrittenTest(patterns[0]) : undefined;
  if (only) return (value) => (typeof value === 'string' && length(value.length, value) && only(value) ? value : NOT_SURE);
  return (value) => {
    if (typeof value !== 'string' || !length(value.length, value)) return NOT_SURE;
    for (const p of patterns) {
      p.lastIndex = 0;
      if (!p.test(value)) return NOT_SURE;
    }
    return value;
  };
}

function compileNumber(def: Def): Check {
  let integer = false;
  let min = -Infinity;
  let minInclusive = true;
  for (const { _zod } of def.checks ?? []) {
    const c = _zod.def;
    if (c.check === 'number_format' && c.format === 'safeint') integer = true;
    else if (c.check === 'greater_than' && typeof c.value === 'number') {
      min = c.value;
      minInclusive = c.inclusive === true;
    } else return notSure;
  }
  return (value) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return NOT_SURE;
    if (integer && !Number.isSafeInteger(value)) return NOT_SURE;
    if (minInclusive ? value < min : value <= min) return NOT_SURE;
    return value;
  };
}

function compileArray(def: Def, compile: (s: Schema) => Check): Check {
  const element = compile(def.element!);
  const length = lengthCheck((def.checks ?? []).map((c) => c._zod.def));
  if (!length) return notSure;
  return (value) => {
    if (!Array.isArray(value) || !length(value.length)) return NOT_SURE;
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = element(value[i]);
      if (v === NOT_SURE) return NOT_SURE;
      out[i] = v;
    }
    return out;
  };
}

const REQUIRED = 0;
const OPTIONAL = 1;
const DEFAULTED = 2;

/** Plain data objects only (what JSON.parse makes): nothing inherited that `in` or `for…in` could see. */
const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

function compileObject(def: Def, compile: (s: Schema) => Check): Check {
  // Strict objects only: a key the model does not know is zod's to report.
  if (def.catchall?._zod.def.type !== 'never' || (def.checks ?? []).length) return notSure;
  const keys = Object.keys(def.shape!);
  const kinds: number[] = [];
  const fields: Check[] = [];
  const defaults: Array<Schema | undefined> = [];
  for (const key of keys) {
    const field = def.shape![key];
    const { optin, optout } = field._zod;
    if (optin === undefined) kinds.push(REQUIRED);
    else if (optin === 'optional' && optout === 'optional') kinds.push(OPTIONAL);
    else if (optin === 'defaulted' && optout === undefined && field._zod.def.type === 'default') kinds.push(DEFAULTED);
    else return notSure;
    fields.push(compile(field._zod.def.type === 'default' || field._zod.def.type === 'optional' ? field._zod.def.innerType! : field));
    defaults.push(field._zod.def.type === 'default' ? field : undefined);
  }
  const known = new Set(keys);
  return generatedObjectCheck(keys, kinds, fields, defaults, known);
}

/**
 * Issue 12, round 9: the object check as code generated once per object of the model, one named load and
 * one store per key in the model's order (the loop over `keys` it replaces made every load, store and
 * call megamorphic). The same steps as that loop, key by key:
 *   absent (undefined): "not sure" when the key is present or required; a defaulted key gets zod's default
 *     (a fresh copy each time, from the same getter zod reads); an optional one stays absent;
 *   present: the key's own check, "not sure" passed up.
 * Keys are written as JSON string literals (the model's own key names; never user input).
 */
function generatedObjectCheck(keys: string[], kinds: number[], fields: Check[], defaults: Array<Schema | undefined>, known: Set<string>): Check {
  const body: string[] = [];
  keys.forEach((key, i) => {
    const k = JSON.stringify(key);
    const absent =
      kinds[i] === REQUIRED ? 'return NOT_SURE;' : `if (${k} in value) return NOT_SURE;` + (kinds[i] === DEFAULTED ? ` out[${k}] = defaults[${i}]._zod.def.defaultValue;` : '');
    body.push(`v = value[${k}]; if (v === undefined) { ${absent} } else { p = f${i}(v); if (p === NOT_SURE) return NOT_SURE; out[${k}] = p; }`);
  });
  const source = `${keys.map((_, i) => `const f${i} = fields[${i}];`).join('\n')}
return function objectCheck(value) {
  if (!isPlainObject(value)) return NOT_SURE;
  for (const key in value) if (!known.has(key)) return NOT_SURE;
  const out = {};
  let v, p;
  ${body.join('\n  ')}
  return out;
};`;
  return new Function('isPlainObject', 'known', 'NOT_SURE', 'fields', 'defaults', source)(isPlainObject, known, NOT_SURE, fields, defaults) as Check;
}

function compileUnion(def: Def, compile: (s: Schema) => Check): Check {
  const discriminator = def.discriminator;
  if (typeof discriminator !== 'string') return notSure;
  const byValue = new Map<unknown, Check>();
  for (const option of def.options ?? []) {
    const literal = option._zod.def.shape?.[discriminator];
    if (!literal || literal._zod.def.type !== 'literal' || !literal._zod.values) return notSure;
    const check = compile(option);
    for (const v of literal._zod.values) {
      if (byValue.has(v)) return notSure;
      byValue.set(v, check);
    }
  }
  return (value) => {
    if (!isPlainObject(value)) return NOT_SURE;
    const check = byValue.get(value[discriminator]);
    return check ? check(value) : NOT_SURE;
  };
}

/** Compiles a zod schema (the node types the claim model uses; anything else is "not sure"). */
export function compileFastCheck(schema: z.ZodType): Check {
  const compile = (s: Schema): Check => {
    const def = s._zod.def;
    switch (def.type) {
      case 'string':
        return compileString(def);
      case 'number':
        return compileNumber(def);
      case 'boolean':
        return (def.checks ?? []).length ? notSure : (value) => (typeof value === 'boolean' ? value : NOT_SURE);
      case 'enum':
      case 'literal': {
        const values = s._zod.values;
        if (!values || (def.checks ?? []).length) return notSure;
        return (value) => (values.has(value) ? value : NOT_SURE);
      }
      case 'array':
        return compileArray(def, compile);
      case 'object':
        return compileObject(def, compile);
      case 'union':
        return compileUnion(def, compile);
      default:
        // optional/default are handled by their object; anywhere else (and any other node) zod decides.
        return notSure;
    }
  };
  return compile(schema as unknown as Schema);
}

const claimCheck = compileFastCheck(Claim);

/** The claim zod's `Claim.safeParse(value)` would return when the fast check is sure it fits; undefined otherwise. */
export function fastClaim(value: unknown): Claim | undefined {
  const out = claimCheck(value);
  return out === NOT_SURE ? undefined : (out as Claim);
}

/** `Claim.safeParse` with the fast check first (same result: zod decides whenever the check is not sure). */
export function parseClaim(value: unknown): ReturnType<typeof Claim.safeParse> {
  const fast = fastClaim(value);
  return fast ? { success: true, data: fast } : Claim.safeParse(value);
}
