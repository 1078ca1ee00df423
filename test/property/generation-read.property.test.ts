/**
 * Issue 12, round 10: `generatePending` reads each queued claim's stored JSON with `claimOfStored` — the
 * compiled model check first, zod's `Claim.parse` only when the check is not sure. It must give exactly
 * what `Claim.parse` alone gives (same values, same key order, so the same 837 bytes), and throw where
 * zod throws.
 *
 * Inputs: the fixtures and samples and random valid claims drawn from the zod schema, stored as intake
 * stores them (the parsed claim as JSON) and as raw input JSON; random corruptions of the stored JSON.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Claim, type ClaimKind } from '../../src/claims/model.js';
import { build837 } from '../../src/gateway/claims-port.js';
import { claimOfStored } from '../../src/gateway/sender.js';
import { dentalInput, institutionalInput, professionalInput } from '../unit/claims/fixtures.js';
import { testPartner } from '../helpers/partner.js';
import { propertySeed } from '../helpers/property-seed.js';
import { zodArbitrary, type ZodNode } from '../helpers/zod-arbitrary.js';

/** Text of a given length range: mostly plain, sometimes with surrogate pairs (zod counts code points). */
function text(min: number, max: number): fc.Arbitrary<string> {
  const hi = Math.min(max, min + 12);
  return fc.oneof(
    { weight: 6, arbitrary: fc.string({ unit: fc.constantFrom(...'ABCZ 019-.'.split('')), minLength: min, maxLength: hi }) },
    { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('A', '😀', 'é'), minLength: min, maxLength: hi }) },
  );
}

const samples = ['professional', 'institutional', 'dental', 'secondary', 'fifty-lines'].flatMap((name) => {
  const json = JSON.parse(readFileSync(new URL(`../../samples/claims/${name}.json`, import.meta.url), 'utf8')) as { claims: unknown[] };
  return json.claims;
});
const seeds = [professionalInput(), institutionalInput(), dentalInput(), ...samples];
const randomClaim = zodArbitrary(Claim as unknown as ZodNode, text);
const zodOnly = () => undefined;

/** The outcome of reading `data`: the claim as JSON (key order included), or the error's message. */
function outcome(data: string, check?: (value: unknown) => Claim | undefined): { claim?: Claim; json?: string; error?: string } {
  try {
    const claim = check ? claimOfStored(data, check) : claimOfStored(data);
    return { claim, json: JSON.stringify(claim) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const partner = testPartner({ host: 'h', port: 22, username: 'u', fingerprint: 'SHA256:' + 'A'.repeat(43) }, { limits: { maxClaimsPerTransaction: 3, maxClaimsPerFile: 1000 } });

/** One 837 per claim kind (as generation writes them), or the writer's error. */
function texts(claims: Claim[]): string[] {
  const byKind = new Map<ClaimKind, Array<{ id: string; claim: Claim }>>();
  claims.forEach((claim, i) => byKind.set(claim.kind, [...(byKind.get(claim.kind) ?? []), { id: `C${i}`, claim }]));
  return [...byKind.values()].map((list) => {
    try {
      return build837(partner, list, { interchange: 12, group: 34, date: '20261207', time: '1200' }, (kind) => `x.${kind}`).text;
    } catch (err) {
      return `error: ${(err as Error).message}`;
    }
  });
}

describe('generation reads a stored claim exactly as Claim.parse does', () => {
  it('the fixtures and samples, stored parsed and raw: the same claim, and the same 837 bytes', () => {
    const stored = seeds.flatMap((s) => [JSON.stringify(Claim.parse(s)), JSON.stringify(s)]);
    const fast = stored.map((d) => outcome(d));
    const slow = stored.map((d) => outcome(d, zodOnly));
    expect(fast.map((o) => o.json ?? o.error)).toEqual(slow.map((o) => o.json ?? o.error));
    expect(texts(fast.map((o) => o.claim!))).toEqual(texts(slow.map((o) => o.claim!)));
  });

  it('random valid claims from the schema, several at a time: the same claims and the same 837 bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...seeds), randomClaim), { minLength: 1, maxLength: 6 }), fc.boolean(), (claims, parsedFirst) => {
        const stored = claims.map((c) => {
          const parsed = parsedFirst ? Claim.safeParse(c) : undefined;
          return JSON.stringify(parsed?.success ? parsed.data : c);
        });
        const fast = stored.map((d) => outcome(d));
        const slow = stored.map((d) => outcome(d, zodOnly));
        expect(fast.map((o) => o.json ?? o.error)).toEqual(slow.map((o) => o.json ?? o.error));
        const ok = fast.every((o) => o.claim);
        if (ok) expect(texts(fast.map((o) => o.claim!))).toEqual(texts(slow.map((o) => o.claim!)));
      }),
      { numRuns: 300, seed: propertySeed(20261207) },
    );
  });

  it('random corruptions of the stored JSON: claim where zod gives one, an error where zod throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...seeds), randomClaim), fc.nat(), fc.constantFrom(null, 0, 1.5, '', 'X', '2024-13-45', '12.345', [], {}, true), (c, pick, replacement) => {
        const copy = JSON.parse(JSON.stringify(c)) as Record<string, unknown>;
        const keys: Array<[Record<string, unknown>, string]> = [];
        const walk = (o: unknown) => {
          if (o && typeof o === 'object') for (const k of Object.keys(o)) { keys.push([o as Record<string, unknown>, k]); walk((o as Record<string, unknown>)[k]); }
        };
        walk(copy);
        const [holder, key] = keys[pick % keys.length];
        if (pick % 3 === 0) delete holder[key];
        else holder[key] = replacement;
        const data = JSON.stringify(copy);
        const fast = outcome(data);
        const slow = outcome(data, zodOnly);
        expect(fast.json ?? `error: ${fast.error}`).toBe(slow.json ?? `error: ${slow.error}`);
      }),
      { numRuns: 600 },
    );
  });
});
