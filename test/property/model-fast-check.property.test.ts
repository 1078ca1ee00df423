/**
 * Issue 12: `acceptClaim` asks a structural check compiled from the claim model before zod. It may only
 * ever say "fits" when zod's `safeParse` succeeds, and then must return exactly zod's data (values, key
 * order, defaults); otherwise zod decides, so accept/reject and the error list are zod's.
 *
 * Inputs: random valid claims drawn from the zod schema itself (every kind, every optional part, strings
 * at their length limits, with surrogate pairs sometimes), the fixtures and samples, and random
 * corruptions of each: a key removed, set to undefined, replaced by a value of another type or an
 * out-of-range one, an unknown key added, an array emptied or overfilled, another prototype.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { z } from 'zod';
import { acceptClaim } from '../../src/claims/accept-claim.js';
import { Claim } from '../../src/claims/model.js';
import { compileFastCheck, fastClaim, NOT_SURE, parseClaim } from '../../src/claims/model-fast-check.js';
import { modelFindings } from '../../src/claims/model-problems.js';
import { dentalInput, institutionalInput, professionalInput } from '../unit/claims/fixtures.js';
import { propertySeed } from '../helpers/property-seed.js';
import { zodArbitrary, type ZodNode } from '../helpers/zod-arbitrary.js';

/** Text of a given length range: mostly plain, sometimes with surrogate pairs (zod counts code points). */
function text(min: number, max: number): fc.Arbitrary<string> {
  const hi = Math.min(max, min + 12);
  return fc.oneof(
    { weight: 6, arbitrary: fc.string({ unit: fc.constantFrom(...'ABCZ 019-.'.split('')), minLength: min, maxLength: hi }) },
    { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('A', '😀', 'é'), minLength: min, maxLength: hi }) },
    { weight: 1, arbitrary: fc.constantFrom(...[min, max].filter((n) => Number.isFinite(n)).map((n) => 'X'.repeat(n))) },
  );
}

const valid = (node: ZodNode): fc.Arbitrary<unknown> => zodArbitrary(node, text);

/** Values of every kind, for replacing a field. */
const anyValue = fc.oneof(
  fc.constantFrom(undefined, null, true, false, 0, -0, 1, 1.5, -1, 2 ** 53, Number.MAX_SAFE_INTEGER, '', ' ', '1', '2024-13-45', '12.345', '😀', '😀😀', 'X'.repeat(81), 'FOO', [], {}, ['A'], [1], { x: 1 }),
  fc.string({ maxLength: 4 }),
  fc.integer(),
);

type Path = Array<string | number>;
function paths(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
  else if (value && typeof value === 'object') for (const k of Object.keys(value)) paths((value as Record<string, unknown>)[k], [...at, k], out);
  return out;
}

/** One corruption at one path of a JSON copy of `claim`. */
function corrupt(claim: unknown, pick: number, how: number, replacement: unknown, key: string): unknown {
  // An earlier corruption may have replaced the whole claim by undefined, which JSON cannot copy.
  if (claim === undefined) return how % 7 === 2 ? replacement : undefined;
  const copy = JSON.parse(JSON.stringify(claim)) as Record<string, unknown>;
  const all = paths(copy);
  const path = all[pick % all.length];
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  const parent = parentPath.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], copy) as Record<string | number, unknown> | undefined;
  const target = path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], copy);
  switch (how % 7) {
    case 0:
      if (parent && last !== undefined) {
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else delete parent[last];
      }
      break;
    case 1:
      if (parent && last !== undefined) parent[last] = undefined;
      break;
    case 2:
      if (parent && last !== undefined) parent[last] = replacement;
      else return replacement;
      break;
    case 3:
      if (target && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>)[key] = 'X';
      break;
    case 4:
      if (Array.isArray(target)) target.length = 0;
      else if (Array.isArray(parent)) for (let i = 0; i < 11; i++) parent.push(parent[0]);
      break;
    case 5:
      if (target && typeof target === 'object' && !Array.isArray(target)) Object.setPrototypeOf(target, { inherited: 1 });
      break;
    default:
      if (typeof target === 'string' && parent && last !== undefined) parent[last] = target + '😀'.repeat(1 + (pick % 40));
  }
  return copy;
}

/** The fast check agrees with zod on `value`: "fits" only where zod succeeds, with zod's exact data. */
function agrees(value: unknown): boolean {
  const slow = Claim.safeParse(value);
  const fast = fastClaim(value);
  if (fast !== undefined) {
    expect(slow.success).toBe(true);
    expect(fast).toStrictEqual(slow.data);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(slow.data));
  }
  const both = parseClaim(value);
  expect(both.success).toBe(slow.success);
  if (!both.success) expect(modelFindings(Claim, value, both.error.issues, 'C')).toEqual(modelFindings(Claim, value, slow.error!.issues, 'C'));
  return fast !== undefined;
}

const samples = ['professional', 'institutional', 'dental', 'secondary', 'fifty-lines'].flatMap((name) => {
  const json = JSON.parse(readFileSync(new URL(`../../samples/claims/${name}.json`, import.meta.url), 'utf8')) as { claims: unknown[] };
  return json.claims;
});
const seeds = [professionalInput(), institutionalInput(), dentalInput(), ...samples];
const randomClaim = valid(Claim as unknown as ZodNode);

describe('the compiled claim check (fast path) = zod', () => {
  it('takes the fast path for the fixtures and samples, with zod\'s data', () => {
    for (const s of seeds) expect(agrees(JSON.parse(JSON.stringify(s)))).toBe(true);
  });

  it('random valid claims from the schema: zod\'s data whenever it is sure, and sure for most of them', () => {
    let sure = 0;
    let all = 0;
    fc.assert(
      fc.property(randomClaim, (c) => {
        all++;
        if (agrees(JSON.parse(JSON.stringify(c)))) sure++;
      }),
      // Fixed seed: the share of random claims the fast path is sure of varies with the draw, and one CI run
      // drew exactly 0.6; agreement itself is checked on every seed. Other seeds: X12GW_PROPERTY_SEED.
      { numRuns: 400, seed: propertySeed(20261207) },
    );
    // Only strings near a minimum length with surrogate pairs (and the like) go to zod.
    expect(sure / all).toBeGreaterThan(0.6);
  });

  it('random corruptions of valid claims: never "fits" where zod refuses, same error list', () => {
    const base = fc.oneof(fc.constantFrom(...seeds), randomClaim);
    fc.assert(
      fc.property(base, fc.nat(), fc.nat(), anyValue, fc.constantFrom('x', 'claimid', 'notes', '__proto__', 'constructor', 'kind'), fc.integer({ min: 1, max: 3 }), (c, pick, how, replacement, key, times) => {
        let v: unknown = c;
        for (let i = 0; i < times; i++) v = corrupt(v, pick + i * 7919, how + i, replacement, key);
        agrees(v);
      }),
      { numRuns: 1500 },
    );
  });

  it('acceptClaim gives the same outcome (claim, findings, verdict) as with zod alone', () => {
    const today = '2024-06-01';
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...seeds), randomClaim), fc.nat(), fc.nat(), anyValue, fc.boolean(), (c, pick, how, replacement, intact) => {
        const v = intact ? JSON.parse(JSON.stringify(c)) : corrupt(c, pick, how, replacement, 'x');
        const fast = acceptClaim(v, { today, seenClaimIds: new Set() });
        const slow = acceptClaim(v, { today, seenClaimIds: new Set() }, (x) => Claim.safeParse(x));
        expect(fast).toStrictEqual(slow);
      }),
      { numRuns: 400 },
    );
  });

  it('is "not sure" for schema nodes it does not know (zod decides)', () => {
    const check = compileFastCheck({ _zod: { def: { type: 'date' } } } as unknown as z.ZodType);
    expect(check(new Date())).toBe(NOT_SURE);
  });
});
