/**
 * Issue 12, round 7: `scrubClaim` runs each kind's edits from a list filtered once, with one `flag` per
 * claim, and the three edits that read every string of the claim (DELIMITER-IN-VALUE, NON-ASCII-CHARACTER,
 * DATE-INVALID) share one list of the claim's strings (`claimStrings`, paths built only for a finding).
 *
 * Proof that nothing changed: the scrubber as it was (the loop with its per-edit kind/skip checks and a
 * closure per edit, the three edits each walking the claim with `walkStrings`, DUPLICATE-SERVICE-LINE
 * keying every line) is kept here as the
 * reference, and both are run over random claims — drawn from the claim model's zod schema (every kind,
 * every optional part), the fixtures and samples — with planted inconsistencies taken from the edits'
 * own rules (delimiters, characters outside ASCII, dates that do not exist or lie in the future, bad
 * NPIs, amounts that do not add up, duplicated lines, values copied from one field to another, duplicate
 * claim ids in a batch), random `skip` lists, delimiter sets and `today`. The findings must be
 * deep-equal and in the same order.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Claim } from '../../src/claims/model.js';
import { EDITS, scrubClaim, type ScrubOptions } from '../../src/claims/scrub/scrub.js';
import { isCalendarDate } from '../../src/claims/scrub/formats.js';
import { claimStrings, suspectStrings, walkStrings } from '../../src/claims/scrub/parts.js';
import { anyDelimiterOf } from '../../src/claims/delimiter-test.js';
import type { Edit, ScrubContext, ScrubFinding } from '../../src/claims/scrub/types.js';
import { DEFAULT_DELIMITERS } from '../../src/x12/delimiters.js';
import { dentalInput, institutionalInput, professionalInput, secondaryInput } from '../unit/claims/fixtures.js';
import { propertySeed } from '../helpers/property-seed.js';
import { zodArbitrary, type ZodNode } from '../helpers/zod-arbitrary.js';
import { stringHolders } from '../helpers/string-holders.js';

// ---- the scrubber as it was (c736422) ----

const NOT_ASCII = /[^\x20-\x7E]/;
const OLD_RUNS: Record<string, Edit['run']> = {
  'DELIMITER-IN-VALUE'(claim, ctx, flag) {
    const d = ctx.delimiters;
    const chars = [d.element, d.component, d.repetition, d.segment].filter(Boolean);
    const any = anyDelimiterOf(d);
    walkStrings(claim, (value, path) => {
      if (any && !any.test(value)) return;
      const c = chars.find((ch) => value.includes(ch));
      if (c) flag(path(), { message: `The value holds "${c}", a delimiter of this file; it would corrupt the file.`, fix: `Remove or replace the "${c}" character.` });
    });
  },
  'NON-ASCII-CHARACTER'(claim, _ctx, flag) {
    walkStrings(claim, (value, path) => {
      if (NOT_ASCII.test(value)) flag(path());
    });
  },
  'DUPLICATE-SERVICE-LINE'(claim, _ctx, flag) {
    const seen = new Set<string>();
    claim.lines.forEach((l, i) => {
      const code = 'revenueCode' in l ? `${l.revenueCode}/${l.procedureCode ?? ''}` : l.procedureCode;
      const teeth = 'teeth' in l ? JSON.stringify(l.teeth) : '';
      const key = JSON.stringify([code, l.modifiers, l.serviceDate, 'serviceDateEnd' in l ? l.serviceDateEnd : '', teeth]);
      if (seen.has(key)) flag(`$.lines[${i}]`);
      seen.add(key);
    });
  },
  'DATE-INVALID'(claim, _ctx, flag) {
    walkStrings(claim, (value, path) => {
      if (value.length === 10 && value[4] === '-' && value[7] === '-' && !isCalendarDate(value)) flag(path());
    });
  },
};

function oldScrubClaim(claim: Claim, options: ScrubOptions, edits: readonly Edit[] = EDITS): ScrubFinding[] {
  const ctx: ScrubContext = { today: options.today, delimiters: options.delimiters ?? DEFAULT_DELIMITERS, seenClaimIds: options.seenClaimIds, lastEligibility: options.lastEligibility };
  const findings: ScrubFinding[] = [];
  for (const edit of edits) {
    if (edit.kinds && !edit.kinds.includes(claim.kind)) continue;
    if (options.skip?.includes(edit.code)) continue;
    const run = OLD_RUNS[edit.code] ?? edit.run;
    run.call(edit, claim, ctx, (field, override) =>
      findings.push({ claimId: claim.claimId, code: edit.code, field, message: override?.message ?? edit.message, fix: override?.fix ?? edit.fix, severity: edit.severity }),
    );
  }
  return findings;
}

// ---- random claims from the schema ----

/** Plain text of the schema's lengths (this test's alphabet: no surrogate pairs, the scrubber's own edits plant those). */
const plainText = (min: number, max: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'ABCZ 019-.'.split('')), minLength: min, maxLength: Math.min(max, min + 12) });
const valid = (node: ZodNode): fc.Arbitrary<unknown> => zodArbitrary(node, plainText);

const samples = ['professional', 'institutional', 'dental', 'secondary', 'fifty-lines'].flatMap((name) => {
  const json = JSON.parse(readFileSync(new URL(`../../samples/claims/${name}.json`, import.meta.url), 'utf8')) as { claims: unknown[] };
  return json.claims;
});

const seeds = [professionalInput(), institutionalInput(), dentalInput(), secondaryInput(), ...samples].map((c) => Claim.parse(c));
const fromSchema = valid(Claim as unknown as ZodNode).map((c) => Claim.parse(c));

/** Values that trip the edits' rules (and some that do not). */
const planted = fc.oneof(
  fc.constantFrom('2024-02-30', '2023-02-29', '2024-13-01', '2024-00-10', '2099-01-01', '1899-12-31', '2024-06-02', '2024-06-01', '1234567890', '1234567893', '0', '0.00', '-5', '-0', '99999999999.99', '1.5', '00100', '99213', 'A*B', 'A:B', 'X^Y', 'Z~', '|', '!', ']', 'É', 'ß', '😀', 'A\u0001', '', ' ', 'PO BOX 12', '123456789', '1234', 'ZZ', 'MJ', 'UN', '11', '21', '7', '8', '1', 'J449', 'R05', 'D0120', '0450'),
  fc.string({ unit: fc.constantFrom(...'A1-*:^~|!]\\é 0.'.split('')), maxLength: 8 }),
);

/** A copy of `claim` with planted values, copied values and (sometimes) a duplicated line. */
function plant(claim: Claim, writes: Array<[number, string]>, copies: Array<[number, number]>, duplicateLine: number | undefined, keyed: Array<[string, number, string]> = []): Claim {
  const c = JSON.parse(JSON.stringify(claim)) as Claim & { lines: unknown[] };
  if (duplicateLine !== undefined && c.lines.length) c.lines.push(JSON.parse(JSON.stringify(c.lines[duplicateLine % c.lines.length])));
  const holders = stringHolders(c);
  for (const [n, v] of writes) {
    const [o, k] = holders[n % holders.length];
    o[k] = v;
  }
  for (const [key, n, v] of keyed) {
    const named = holders.filter(([, k]) => k === key);
    if (named.length) {
      const [o, k] = named[n % named.length];
      o[k] = v;
    }
  }
  for (const [from, to] of copies) {
    const [fo, fk] = holders[from % holders.length];
    const [to_, tk] = holders[to % holders.length];
    to_[tk] = fo[fk];
  }
  return c;
}

const codes = EDITS.map((e) => e.code);
const options = fc.record({
  today: fc.constantFrom('2024-06-01', '2024-01-10', '2030-01-01', '2000-01-01'),
  delimiters: fc.constantFrom(
    DEFAULT_DELIMITERS,
    { ...DEFAULT_DELIMITERS, element: '|', component: '!', repetition: ']', segment: '\\' },
    { ...DEFAULT_DELIMITERS, repetition: '' },
    { ...DEFAULT_DELIMITERS, segment: '~\n' },
    { ...DEFAULT_DELIMITERS, element: '-' },
  ),
  skip: fc.option(fc.shuffledSubarray(codes, { maxLength: 6 }), { nil: undefined }),
});

const plantedClaim = fc
  .tuple(
    fc.oneof(fc.constantFrom(...seeds), fromSchema),
    fc.array(fc.tuple(fc.nat(), planted), { maxLength: 6 }),
    fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 2 }),
    fc.option(fc.nat(), { nil: undefined, freq: 3 }),
    // Planted where an edit looks (a random leaf rarely is an NPI or a charge).
    fc.array(fc.tuple(fc.constantFrom('npi', 'serviceDate', 'serviceDateEnd', 'charge', 'totalCharge', 'birthDate', 'claimId', 'procedureCode', 'units', 'postalCode', 'taxId'), fc.nat(), planted), { maxLength: 3 }),
  )
  .map(([c, writes, copies, dup, keyed]) => plant(c, writes, copies, dup, keyed));

/** The findings, or the error: a planted value an edit cannot take (e.g. a date as an amount) must throw the same in both. */
function outcome(run: () => ScrubFinding[]): ScrubFinding[] | string {
  try {
    return run();
  } catch (err) {
    return `threw ${String(err)}`;
  }
}

/** Both scrubbers over one batch (a shared set of seen claim ids each): the same findings, in order. */
function sameFindings(batch: Claim[], o: Omit<ScrubOptions, 'seenClaimIds'>, edits?: readonly Edit[]): Array<ScrubFinding[] | string> {
  const seenOld = new Set<string>();
  const seenNew = new Set<string>();
  const all: Array<ScrubFinding[] | string> = [];
  for (const claim of batch) {
    const want = outcome(() => oldScrubClaim(claim, { ...o, seenClaimIds: seenOld }, edits));
    const got = outcome(() => scrubClaim(claim, { ...o, seenClaimIds: seenNew }));
    expect(got).toStrictEqual(want);
    all.push(want);
  }
  expect([...seenNew]).toEqual([...seenOld]);
  return all;
}

describe('scrubClaim (edits filtered once, one flag, strings collected once) = the scrubber as it was', () => {
  it('the fixtures and samples, unchanged: the same findings', () => {
    sameFindings(seeds, { today: '2024-06-01' });
  });

  it('random claims from the schema with planted inconsistencies, random skip lists and delimiters: deep-equal, same order', () => {
    let flagged = 0;
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(plantedClaim, { minLength: 1, maxLength: 4 }), fc.boolean(), options, (batch, repeatId, o) => {
        // A duplicate claim id in the batch now and then (CLAIM-ID-DUPLICATE).
        if (repeatId && batch.length > 1) batch[batch.length - 1] = { ...batch[batch.length - 1], claimId: batch[0].claimId } as Claim;
        for (const found of sameFindings(batch, o)) if (typeof found !== 'string') for (const f of found) seen.add(f.code);
        flagged++;
      }),
      // Fixed seed: whether 600 random batches reach every edit named below varies with the seed (NPI-CHECK-DIGIT was
      // missed by one CI run); the equality itself is seed-independent. Other seeds: X12GW_PROPERTY_SEED.
      { numRuns: 600, seed: propertySeed(20261207) },
    );
    // The planted values reach most edits (not a comparison of two silent scrubbers).
    expect(flagged).toBe(600);
    expect(seen.size).toBeGreaterThan(40);
    for (const code of ['DELIMITER-IN-VALUE', 'NON-ASCII-CHARACTER', 'DATE-INVALID', 'NPI-CHECK-DIGIT', 'TOTAL-CHARGE-MISMATCH', 'DUPLICATE-SERVICE-LINE', 'CLAIM-ID-DUPLICATE', 'SERVICE-DATE-FUTURE']) expect(seen).toContain(code);
  });

  it('DUPLICATE-SERVICE-LINE: lines sharing code and date but not modifiers, duplicates among many lines', () => {
    const base = seeds.find((c) => c.kind === 'professional' && c.lines.length > 16)!;
    expect(base).toBeDefined();
    const many = JSON.parse(JSON.stringify(base)) as Claim;
    many.lines.push(JSON.parse(JSON.stringify(many.lines[3])));
    const near = JSON.parse(JSON.stringify(seeds[0])) as Claim & { lines: Array<{ modifiers: string[] }> };
    near.lines.push({ ...JSON.parse(JSON.stringify(near.lines[0])), modifiers: ['59'] });
    for (const c of [many, near, base]) sameFindings([c], { today: '2024-06-01' });
    expect(scrubClaim(many, { today: '2024-06-01' }).filter((f) => f.code === 'DUPLICATE-SERVICE-LINE')).toHaveLength(1);
    expect(scrubClaim(near, { today: '2024-06-01' }).filter((f) => f.code === 'DUPLICATE-SERVICE-LINE')).toHaveLength(0);
  });

  it('suspectStrings (round 11: the strings the delimiter and character edits test) = every string a delimiter or NOT_ASCII matches', () => {
    // Characters at every edge of the table: controls, 0x20, 0x7E, DEL, Latin-1, a lone surrogate, emoji, and the delimiters of each set.
    const unit = fc.oneof(fc.constantFrom(...'\u0000\u001f \u007e\u007f\u0080\u00e9\ud800AZaz09-.*:^~|!]\\\n'.split('')), fc.integer({ min: 0, max: 0x3ff }).map((c) => String.fromCharCode(c)), fc.constant('😀'));
    const sets = [DEFAULT_DELIMITERS, { ...DEFAULT_DELIMITERS, element: '|', component: '!', repetition: ']', segment: '\\' }, { ...DEFAULT_DELIMITERS, repetition: '' }, { ...DEFAULT_DELIMITERS, segment: '~\n' }, { ...DEFAULT_DELIMITERS, element: '-' }, { ...DEFAULT_DELIMITERS, segment: '\n' }];
    let suspects = 0;
    fc.assert(
      fc.property(fc.array(fc.string({ unit, maxLength: 6 }), { minLength: 1, maxLength: 12 }), fc.constantFrom(...sets), (values, d) => {
        const claim = { ...seeds[0], notes: values } as unknown as Claim;
        const ctx: ScrubContext = { today: '2024-06-01', delimiters: d, strings: { claim } };
        const any = anyDelimiterOf(d);
        const got = suspectStrings(claim, ctx);
        if (!any) {
          expect(got).toBeUndefined();
          return;
        }
        const chars = [d.element, d.component, d.repetition, d.segment].filter(Boolean);
        const want = claimStrings(claim, ctx).flatMap((v, i) => (NOT_ASCII.test(v) || chars.some((c) => v.includes(c)) ? [i] : []));
        expect(got).toEqual(want);
        suspects += want.length;
      }),
      { numRuns: 2000, seed: propertySeed(20261207) },
    );
    expect(suspects).toBeGreaterThan(2000);
  });

  it('catches a planted fault: an edit list that runs one edit out of order, or a strings list off by one', () => {
    // Fault 1: the reference with two adjacent edits swapped must disagree (on a claim both flag).
    const swapped = [...EDITS];
    const at = swapped.findIndex((e) => e.code === 'DATE-INVALID');
    expect(swapped[at + 1].code).toBe('SERVICE-DATE-FUTURE');
    [swapped[at], swapped[at + 1]] = [swapped[at + 1], swapped[at]];
    const both = JSON.parse(JSON.stringify(seeds[0])) as Claim;
    both.lines[0].serviceDate = '2099-01-01';
    both.lines[1 % both.lines.length].serviceDate = '2023-02-29';
    const o = { today: '2024-06-01' };
    expect(scrubClaim(both, o)).toStrictEqual(oldScrubClaim(both, o));
    expect(scrubClaim(both, o)).not.toStrictEqual(oldScrubClaim(both, o, swapped));
    // Fault 2: a path for the wrong string (index + 1) is not the reference's path.
    const bad = plant(seeds[0], [[3, 'A*B']], [], undefined);
    const want = oldScrubClaim(bad, { today: '2024-06-01' }).filter((f) => f.code === 'DELIMITER-IN-VALUE');
    expect(want).toHaveLength(1);
    let index = -1;
    let i = 0;
    walkStrings(bad, (v) => {
      if (v === 'A*B' && index < 0) index = i;
      i++;
    });
    let off = '';
    i = 0;
    walkStrings(bad, (_v, path) => {
      if (i++ === index + 1) off = path();
    });
    expect(off).not.toBe(want[0].field);
  });
});
