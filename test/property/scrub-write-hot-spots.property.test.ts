/**
 * Issue 12: the scrubber's hot spots lost decimal.js and regex matches on the common path. Each new
 * helper must answer what the old expression answered, for any string (not only model-valid ones):
 * amounts (sign, zero, sums beyond 2^53 cents, more than two decimals, exponents, junk), calendar dates
 * (digits of other scripts, wrong lengths), and the two edits that now walk the claim differently
 * (DATE-INVALID, DELIMITER-IN-VALUE) give the same findings in the same order as before; the writer's
 * delimiter check (`findDelimiterClash`) names the same segment, element and character as before.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import '../../src/money/precision.js';
import { Claim, type ClaimInput } from '../../src/claims/model.js';
import { isNegativeAmount, isZeroOrLess, sumEquals } from '../../src/claims/scrub/amounts.js';
import { isCalendarDate } from '../../src/claims/scrub/formats.js';
import { datesOf, walkStrings } from '../../src/claims/scrub/parts.js';
import { EDITS } from '../../src/claims/scrub/scrub.js';
import type { ScrubContext } from '../../src/claims/scrub/types.js';
import { findDelimiterClash, prepareClaim } from '../../src/claims/write/prepare.js';
import { DEFAULT_DELIMITERS, type Delimiters } from '../../src/x12/delimiters.js';
import type { ElementValue } from '../../src/x12/writer.js';
import { dentalInput, institutionalInput, professionalInput } from '../unit/claims/fixtures.js';

/** What an expression does: its value, or that it throws. */
const outcome = <T>(f: () => T): T | 'throws' => {
  try {
    return f();
  } catch {
    return 'throws';
  }
};

/** Amount-like text: plain decimals (short and very long), signs, -0, exponents, spaces, junk. */
const amount = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^\d{1,20}$/), fc.constantFrom('', '.', '.0', '.00', '.5', '.05', '.123', '.10')).map(([s, w, f]) => s + w + f) },
  { weight: 1, arbitrary: fc.constantFrom('0', '-0', '-0.00', '00.0', '0.001', '-0.001', '1e3', '-1e-2', ' 1', '1 ', '.5', '5.', '', '-', 'abc', 'Infinity', 'NaN', '0x10', '٣', '9007199254740993', '90071992547409.93', '-90071992547409.93') },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'0123456789.-+e '.split('')), maxLength: 8 }) },
);

describe('scrubber amounts without decimal.js = decimal.js', () => {
  it('isNegativeAmount = new Decimal(x).isNegative(), isZeroOrLess = new Decimal(x).lte(0)', () => {
    fc.assert(
      fc.property(amount, (a) => {
        expect(outcome(() => isNegativeAmount(a))).toBe(outcome(() => new Decimal(a).isNegative()));
        expect(outcome(() => isZeroOrLess(a))).toBe(outcome(() => new Decimal(a).lte(0)));
      }),
      { numRuns: 3000 },
    );
  });

  it('sumEquals = the decimal.js sum equals the total (values near and beyond exact cents)', () => {
    fc.assert(
      fc.property(fc.array(amount, { maxLength: 6 }), amount, fc.boolean(), (values, total, useSum) => {
        // Half the time the total is the true sum, so "equal" is exercised as much as "not equal".
        const t = useSum ? (outcome(() => values.reduce((acc, v) => acc.plus(v), new Decimal(0)).toFixed()) as string) : total;
        if (t === 'throws') return;
        expect(outcome(() => sumEquals(values, t))).toBe(outcome(() => values.reduce((acc, v) => acc.plus(v), new Decimal(0)).equals(t)));
      }),
      { numRuns: 3000 },
    );
    // Each value exact in cents, a partial sum beyond 2^53 cents (where floats round): decimal.js decides.
    const big = ['50000000000000.01', '50000000000000', '-50000000000000'];
    expect(sumEquals(big, '50000000000000.01')).toBe(true);
    expect(sumEquals(big, '50000000000000')).toBe(false);
  });
});

describe('isCalendarDate without a regex match = the regex version', () => {
  const reference = (iso: string): boolean => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    if (!m) return false;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo < 1 || mo > 12 || d < 1) return false;
    const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
    return d <= days;
  };
  const date = fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 })).map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
    fc.string({ unit: fc.constantFrom(...'0123456789-٣０ \n/'.split('')), minLength: 8, maxLength: 12 }),
    fc.constantFrom('2024-02-29', '2023-02-29', '1900-02-29', '2000-02-29', '2024-02-29\n', '2024-2-29', '+024-02-29', '2024-04-31', '2024-12-31'),
  );
  it('same answer for any text', () => {
    fc.assert(
      fc.property(date, (s) => {
        expect(isCalendarDate(s)).toBe(reference(s));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('DATE-INVALID and DELIMITER-IN-VALUE: the same findings as before', () => {
  const edit = (code: string) => EDITS.find((e) => e.code === code)!;
  // The edits as they were (datesOf with a path per date; one includes() per delimiter per string).
  const oldDateInvalid = (claim: Claim, flag: (field: string) => void) => {
    for (const d of datesOf(claim)) if (!isCalendarDate(d.value)) flag(d.path);
  };
  const oldDelimiter = (claim: Claim, ctx: ScrubContext, flag: (field: string, o?: { message: string; fix: string }) => void) => {
    const d = ctx.delimiters;
    const chars = [d.element, d.component, d.repetition, d.segment].filter(Boolean);
    walkStrings(claim, (value, path) => {
      const c = chars.find((ch) => value.includes(ch));
      if (c) flag(path(), { message: `The value holds "${c}", a delimiter of this file; it would corrupt the file.`, fix: `Remove or replace the "${c}" character.` });
    });
  };
  const text = fc.oneof(
    fc.constantFrom('2024-02-30', '2024-13-01', '2024-01-01', 'A*B', 'A:B', 'X^Y', 'Z~', '~*', '|', '!', 'A\\B', ']', '-', 'ab', '2024-1-1'),
    fc.string({ unit: fc.constantFrom(...'A1-*:^~|!]\\\n'.split('')), maxLength: 10 }),
  );
  const delimiters = fc.constantFrom(
    DEFAULT_DELIMITERS,
    { ...DEFAULT_DELIMITERS, element: '|', component: '!', repetition: ']', segment: '\\' },
    { ...DEFAULT_DELIMITERS, repetition: '' },
    { ...DEFAULT_DELIMITERS, segment: '~\n' },
    { ...DEFAULT_DELIMITERS, element: '-' },
  );
  const claim = fc
    .tuple(fc.constantFrom(professionalInput, institutionalInput, dentalInput), fc.array(fc.tuple(fc.nat(), text), { maxLength: 5 }))
    .map(([make, edits]) => {
      const c = Claim.parse(make() as ClaimInput) as unknown as Record<string, unknown>;
      // Write random text over random string fields at any depth.
      const holders: Array<[Record<string | number, unknown>, string | number]> = [];
      const visit = (x: unknown) => {
        if (Array.isArray(x)) x.forEach((y, i) => (typeof y === 'string' ? holders.push([x as unknown as Record<number, unknown>, i]) : visit(y)));
        else if (x && typeof x === 'object') for (const [k, y] of Object.entries(x)) typeof y === 'string' ? holders.push([x as Record<string, unknown>, k]) : visit(y);
      };
      visit(c);
      for (const [n, t] of edits) {
        const [o, k] = holders[n % holders.length];
        o[k] = t;
      }
      return c as unknown as Claim;
    });

  it('same fields flagged, same messages, same order', () => {
    fc.assert(
      fc.property(claim, delimiters, (c, d) => {
        const ctx: ScrubContext = { today: '2024-06-01', delimiters: d };
        const got: unknown[] = [];
        const want: unknown[] = [];
        edit('DATE-INVALID').run(c, ctx, (field, o) => got.push(['DATE-INVALID', field, o]));
        oldDateInvalid(c, (field) => want.push(['DATE-INVALID', field, undefined]));
        edit('DELIMITER-IN-VALUE').run(c, ctx, (field, o) => got.push(['DELIMITER', field, o]));
        oldDelimiter(c, ctx, (field, o) => want.push(['DELIMITER', field, o]));
        expect(got).toEqual(want);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('findDelimiterClash with one regex scan = one includes() per delimiter', () => {
  const oldClashIn = (value: ElementValue, chars: string[]): string | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return chars.find((c) => value.includes(c));
    const parts = Array.isArray(value) ? value : value.repeat.flat();
    for (const p of parts) {
      const c = p ? chars.find((ch) => p.includes(ch)) : undefined;
      if (c) return c;
    }
    return undefined;
  };
  const oldFind = (p: ReturnType<typeof prepareClaim>, d: Delimiters) => {
    const chars = [d.element, d.component, d.segment, d.repetition].filter(Boolean);
    for (const segments of [p.billingProvider, p.subscriber, p.patient, p.claimLoop]) {
      for (const s of segments) {
        for (let i = 0; i < s.elements.length; i++) {
          const character = oldClashIn(s.elements[i], chars);
          if (character) return { segmentId: s.id, element: i + 1, character };
        }
      }
    }
    return undefined;
  };
  const text = fc.oneof(fc.constantFrom('A*B', 'A:B', 'X^Y', 'Z~', '|', '!', ']', '\\', 'AB', '-'), fc.string({ unit: fc.constantFrom(...'A1*:^~|!]\\'.split('')), maxLength: 6 }));
  const delimiters = fc.constantFrom<Delimiters>(DEFAULT_DELIMITERS, { ...DEFAULT_DELIMITERS, element: '|', component: '!', repetition: ']', segment: '\\' }, { ...DEFAULT_DELIMITERS, repetition: '' }, { ...DEFAULT_DELIMITERS, segment: '~\n' });
  it('same clash (segment, element, character) or none', () => {
    fc.assert(
      fc.property(fc.constantFrom(professionalInput, institutionalInput, dentalInput), fc.array(fc.tuple(fc.constantFrom('name', 'line1', 'city', 'memberId', 'claimId', 'procedureCode', 'note'), text), { maxLength: 3 }), delimiters, (make, edits, d) => {
        const c = Claim.parse(make() as ClaimInput) as unknown as Record<string, unknown>;
        const visit = (x: unknown, key: string, t: string) => {
          if (Array.isArray(x)) x.forEach((y) => visit(y, key, t));
          else if (x && typeof x === 'object') for (const [k, y] of Object.entries(x)) k === key && typeof y === 'string' ? ((x as Record<string, unknown>)[k] = t) : visit(y, key, t);
        };
        for (const [key, t] of edits) visit(c, key, t);
        const prepared = prepareClaim(c as unknown as Claim);
        expect(findDelimiterClash(prepared, d)).toEqual(oldFind(prepared, d));
      }),
      { numRuns: 1000 },
    );
  });
});
