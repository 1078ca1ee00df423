/**
 * `report --format json` prints each claim payment with a writer specialised for the report's records
 * (src/remits/report.ts `explainedClaimJson`, src/text/json-text.ts) instead of JSON.stringify of the
 * explained copy. Property: over random claim payments — nasty strings (quotes, backslashes, control
 * characters, U+2028/2029, lone surrogates, non-Latin-1), long strings repeated (the cache of quoted
 * strings), empty and full arrays, optional members absent / present but undefined / present, every
 * adjustment group and common CARCs and RARCs (every explanation path), members in any order, extra members
 * of any JSON-ish kind (NaN, ±Infinity, -0, Decimal clones, Date and other toJSON, boxed primitives,
 * functions, symbols, keys such as '__proto__', '0', 'explanation'), replaced members inherited from a
 * prototype — the new text at depths 0–6 is byte for byte the old route's:
 * `JSON.stringify(explainedClaim(c), null, 2)` with every new line indented by the depth (null when a toJSON
 * of the claim gives nothing: the claims are array elements). When the old route throws, the new one throws too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { explainedClaim, explainedClaimJson, remittanceJson } from '../../src/remits/report.js';
import type { Adjustment, ClaimPayment, PatientResponsibility, Remark, Remittance, ServiceLine } from '../../src/remits/model.js';
import { amountOf } from '../../src/remits/values.js';
import { jsonText } from '../../src/text/json-text.js';
import { stringifyAtDepth } from '../../src/text/pretty-json.js';

/** The old route, written independently of the writers: the whole claim stringified, then re-indented. */
const oldRoute = (c: ClaimPayment, depth: number): string => (JSON.stringify(explainedClaim(c), null, 2) as string | undefined)?.replace(/\n/g, '\n' + '  '.repeat(depth)) ?? 'null';

const HighDecimal = Decimal.clone({ precision: 40 });

const nasty = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'ab 0\n\r\t\b\f"\\/\u2028\u2029\u007f\u0080éÿ日😀\u0000\u001f{}[],:'.split('')), maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.string({ unit: fc.constantFrom('\ud800', '\udc00', '\udbff', 'x', '"'), maxLength: 5 }),
);
/** Long strings (≥ 24 characters: the quoted-string cache), a few repeated so the cache is hit. */
const long = fc.oneof(
  fc.constantFrom('Charge exceeds fee schedule/maximum allowable.', 'A "quoted" reason \\ with a backslash, long enough', 'Line\nbreak and\ttab in a long description', 'U+2028 \u2028 and a lone \ud800 surrogate in a long one', 'Zürich Straße — Ünïcödé description text'),
  nasty.map((s) => s.padEnd(30, 'é"\u0001')),
);
const text = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('', 'A', 'SMITH', 'PCN000000001', '12345', 'MÜLLER') }, { weight: 3, arbitrary: nasty }, { weight: 2, arbitrary: long });

const money = fc.oneof(
  fc.integer({ min: -50_000, max: 500_000 }).map((n) => amountOf(new Decimal(n).dividedBy(100).toFixed())!),
  fc.constantFrom('0', '-0', '1.234', '20', '-0.01', '99999999999999999999.99').map((v) => amountOf(v)!),
  fc.constantFrom('0', '-0', '12.50', '-3.001', '1e-9', '1e+30', '123456789012345678901234567890.5').map((v) => new Decimal(v)),
  fc.constantFrom('0.1', '-7').map((v) => new HighDecimal(v)),
);

/** Extra members of any JSON-ish kind (incl. the ones JSON.stringify leaves out or prints its own way). */
const leaf = fc.oneof(
  { weight: 4, arbitrary: text },
  { weight: 2, arbitrary: fc.double() },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(true, false, null, undefined, -0, NaN, Infinity, -Infinity, () => 1, () => undefined, Symbol('s')) },
  { weight: 2, arbitrary: money },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 4e12 }).map((t) => new Date(t)) },
  { weight: 1, arbitrary: text.map((s) => ({ toJSON: (k: string) => ({ key: k, s }) })) },
  { weight: 1, arbitrary: fc.oneof(text.map((s) => new String(s)), fc.integer().map((n) => new Number(n)), fc.constant(new Boolean(false))) },
);
const key = fc.oneof(text, fc.constantFrom('__proto__', '0', '7', 'toJSON', 'explanation', 'nextAction', 'amount', 'constructor', ''));
/** A plain object with the given own members (defined, so '__proto__' is an own key as JSON.parse makes it). */
function own(entries: ReadonlyArray<readonly [string, unknown]>, proto: object | null = Object.prototype): Record<string, unknown> {
  const o = Object.create(proto) as Record<string, unknown>;
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map((es) => own(es, Math.random() < 0.1 ? null : Object.prototype)),
})).value;
const extras = fc.array(fc.tuple(key, json), { maxLength: 2 });

/** An optional member: absent, present but undefined, or present. */
const optional = <T,>(arb: fc.Arbitrary<T>) => fc.oneof(fc.constant<'absent'>('absent'), fc.constant(undefined), arb);

const GROUPS = ['CO', 'PR', 'OA', 'PI', 'CR', 'XX', ''];
const adjustment = fc
  .record({ group: fc.constantFrom(...GROUPS), reason: fc.constantFrom('1', '2', '3', '45', '97', '96', '16', '23', '253', 'B7', 'ZZZ', ''), groupDescription: text, reasonDescription: text, amount: money, quantity: optional(fc.constantFrom('1', '2.5', '')) })
  .map((a) => a as unknown as Record<string, unknown>);
const remark = fc.record({ qualifier: optional(fc.constantFrom('HE', 'RX')), code: fc.constantFrom('N130', 'M15', 'MA130', 'N115', 'N4', 'ZZ99', ''), description: text }).map((r) => r as unknown as Record<string, unknown>);
const pr = fc.record({ deductible: money, coinsurance: money, copay: money, other: money, total: money }).map((p) => p as unknown as Record<string, unknown>);
const person = fc.record({ role: fc.constantFrom('QC', 'IL', '82'), entityType: fc.constantFrom('1', '2'), lastName: optional(text), firstName: optional(text), middleName: optional(text), id: optional(text) });
const position = fc.record({ segmentNumber: fc.nat(), byteOffset: fc.nat() });
const procedure = fc.record({ qualifier: fc.constantFrom('HC', 'NU'), code: text, modifiers: fc.array(text, { maxLength: 3 }), description: optional(text) });
const reference = fc.record({ qualifier: text, value: text });
const amountEntry = fc.record({ qualifier: text, amount: money });

const line = fc
  .record({
    procedure,
    charge: money,
    paid: money,
    revenueCode: optional(text),
    units: optional(text),
    submittedProcedure: optional(procedure),
    serviceDate: optional(fc.constantFrom('2024-03-01', '')),
    adjustments: fc.array(adjustment, { maxLength: 4 }),
    lineControlNumber: optional(text),
    references: fc.array(reference, { maxLength: 2 }),
    amounts: fc.array(amountEntry, { maxLength: 2 }),
    quantities: fc.array(fc.record({ qualifier: text, quantity: text }), { maxLength: 1 }),
    remarks: fc.array(remark, { maxLength: 3 }),
    position: optional(position),
    allowed: money,
    patientResponsibility: pr,
    denied: fc.boolean(),
  })
  .map((l) => l as unknown as Record<string, unknown>);

const claim = fc
  .record({
    headerNumber: optional(text),
    patientControlNumber: text,
    status: fc.constantFrom('1', '4', '22'),
    statusDescription: text,
    billed: money,
    paid: money,
    patientResponsibilityAmount: optional(money),
    filingIndicator: text,
    payerClaimControlNumber: optional(text),
    adjustments: fc.array(adjustment, { maxLength: 4 }),
    patient: optional(person),
    renderingProvider: optional(person),
    adjudication: optional(fc.record({ kind: fc.constantFrom('inpatient', 'outpatient'), amounts: fc.array(fc.record({ element: fc.nat(24), name: text, amount: money }), { maxLength: 2 }), values: fc.constant([]), remarks: fc.array(remark, { maxLength: 3 }) })),
    references: fc.array(reference, { maxLength: 2 }),
    statementFrom: optional(fc.constantFrom('2024-03-01')),
    contacts: fc.constant([]),
    amounts: fc.array(amountEntry, { maxLength: 2 }),
    quantities: fc.constant([]),
    lines: fc.array(line, { maxLength: 3 }),
    allowed: money,
    patientResponsibility: pr,
    outcome: fc.constantFrom('paid', 'partially-paid', 'denied', 'reversed'),
    position: optional(position),
  })
  .map((c) => c as unknown as Record<string, unknown>);

/**
 * How an object of the model is laid out: members shuffled or not, 'absent' optional members dropped,
 * extra members added, and (rarely) some members moved to its prototype (Object.assign skips inherited
 * members, so the copy gets them after its own).
 */
const layout = fc.record({ shuffle: fc.boolean(), seed: fc.nat(), extras, inherit: fc.nat(30) });

function laidOut(o: Record<string, unknown>, how: { shuffle: boolean; seed: number; extras: ReadonlyArray<readonly [string, unknown]>; inherit: number }): Record<string, unknown> {
  let entries = Object.entries(o).filter(([, v]) => v !== 'absent');
  if (how.shuffle) {
    let s = how.seed;
    entries = entries.map((e) => [((s = (s * 1103515245 + 12345) % 2147483648), s), e] as const).sort((a, b) => a[0] - b[0]).map(([, e]) => e);
  }
  const inherited = how.inherit < entries.length && how.inherit % 3 === 0 ? [entries[how.inherit]] : [];
  const ownEntries = entries.filter((e) => !inherited.includes(e));
  return own([...ownEntries, ...how.extras], inherited.length ? own(inherited) : Object.prototype);
}

/** A random claim payment: every object of it (claim, lines, adjustments, patient responsibilities) laid out at random. */
const claimPayment = fc
  .tuple(claim, fc.array(layout, { minLength: 40, maxLength: 40 }), fc.nat(8))
  .map(([c, layouts, plain]) => {
    let n = 0;
    // Most objects as the reader makes them (in order, nothing extra); some laid out at random.
    const lay = (o: Record<string, unknown>) => {
      const how = layouts[n++ % layouts.length];
      return n % 9 === plain ? laidOut(o, how) : laidOut(o, { shuffle: false, seed: 0, extras: [], inherit: 99 });
    };
    const adjustments = (list: unknown) => (list as Record<string, unknown>[]).map(lay);
    const lines = (c.lines as Record<string, unknown>[]).map((l) => lay({ ...l, adjustments: adjustments(l.adjustments), patientResponsibility: lay(l.patientResponsibility as Record<string, unknown>) }));
    return lay({ ...c, adjustments: adjustments(c.adjustments), patientResponsibility: lay(c.patientResponsibility as Record<string, unknown>), lines }) as unknown as ClaimPayment;
  });

/** The result of `f`, or the fact that it threw. */
const outcome = (f: () => string): string | { threw: true } => {
  try {
    return f();
  } catch {
    return { threw: true };
  }
};

describe('explainedClaimJson (the report\'s claim writer) = JSON.stringify of the explained claim', () => {
  it('is byte for byte the old route at depths 0–6, on random claim payments', () => {
    fc.assert(
      fc.property(claimPayment, fc.nat(6), (c, depth) => {
        const want = outcome(() => oldRoute(c, depth));
        expect(outcome(() => explainedClaimJson(c, depth))).toEqual(want);
        // And again (the caches of quoted strings, member heads and explanations now warm).
        expect(outcome(() => explainedClaimJson(c, depth))).toEqual(want);
      }),
      { numRuns: 1500 },
    );
  });

  it('claims as the reader makes them: every group and CARC, remarks at both levels, amounts with and without cents', () => {
    const groups = ['CO', 'PR', 'OA', 'PI', 'CR'];
    const carcs = ['1', '2', '3', '16', '18', '22', '23', '29', '45', '50', '96', '97', '109', '197', '204', 'B7', '999'];
    let k = 0;
    for (const group of groups) {
      for (const reason of carcs) {
        const a = (amount: string): Adjustment => ({ group, groupDescription: `group ${group}`, reason, reasonDescription: `reason ${reason}`, amount: amountOf(amount)! });
        const pr = (): PatientResponsibility => ({ deductible: amountOf('1')!, coinsurance: amountOf('0')!, copay: new Decimal('2.5'), other: amountOf('0')!, total: amountOf('3.5')! });
        const remarks: Remark[] = k % 2 ? [{ qualifier: 'HE', code: 'N130', description: 'x' }, { qualifier: 'RX', code: '70', description: 'y' }] : [];
        const l: ServiceLine = { procedure: { qualifier: 'HC', code: '99213', modifiers: ['25'] }, charge: amountOf('100')!, paid: amountOf('70')!, adjustments: [a('20'), a('10.01')], references: [], amounts: [], quantities: [], remarks, allowed: amountOf('80')!, patientResponsibility: pr(), denied: false };
        const c: ClaimPayment = { patientControlNumber: `P${k++}`, status: '1', statusDescription: 'Processed as primary.', billed: amountOf('100')!, paid: amountOf('70')!, filingIndicator: '12', adjustments: [a('-5')], adjudication: { kind: 'outpatient', amounts: [], values: [], remarks: [{ code: 'MA130', description: 'z' }] }, references: [], contacts: [], amounts: [], quantities: [], lines: [l, { ...l, adjustments: [] }], allowed: amountOf('80')!, patientResponsibility: pr(), outcome: 'paid' };
        for (const depth of [0, 3]) expect(explainedClaimJson(c, depth)).toBe(oldRoute(c, depth));
      }
    }
  });

  it('a whole report: remittanceJson = the remittances written with JSON.stringify of each explained claim', () => {
    fc.assert(
      fc.property(fc.array(claimPayment, { maxLength: 4 }), (claims) => {
        // A claim whose JSON depends on the key its toJSON is given (an own __proto__ member holding a
        // toJSON(key) value, about one run in five): JSON.stringify passes the array index, the writers
        // pass '' — the documented difference the next test pins; here it would only make the run flaky.
        const asText = (f: () => string) => { const o = outcome(f); return typeof o === 'string' ? o : 'threw'; };
        fc.pre(claims.every((c) => asText(() => JSON.stringify([explainedClaim(c)])) === asText(() => `[${JSON.stringify(explainedClaim(c)) ?? 'null'}]`)));
        const r = { payer: { name: 'P', references: [], contacts: [] }, payee: { name: 'Q', references: [], contacts: [] }, trace: { number: 'T' }, claims, findings: [] } as unknown as Remittance;
        const got = outcome(() => remittanceJson([r]));
        // The claims are the last member but one here, so the whole document is JSON.stringify's (with the copies).
        const want = outcome(() => JSON.stringify([{ ...r, claims: claims.map((c) => explainedClaim(c)) }], null, 2) + '\n');
        expect(got).toEqual(want);
      }),
      { numRuns: 150 },
    );
  });

  it('claims the writer leaves to JSON.stringify: an own toJSON (also one giving nothing), a Date, an own __proto__ object', () => {
    const base = (): Record<string, unknown> => ({ patientControlNumber: 'P1', billed: amountOf('10')!, paid: amountOf('0')!, adjustments: [], lines: [], allowed: amountOf('10')!, patientResponsibility: { deductible: amountOf('0')!, coinsurance: amountOf('0')!, copay: amountOf('0')!, other: amountOf('0')!, total: amountOf('0')! } });
    const odd = [
      Object.assign(base(), { toJSON: () => undefined }),
      Object.assign(base(), { toJSON: (k: string) => ({ key: k }) }),
      Object.assign(base(), { received: new Date(0) }),
      own([...Object.entries(base()), ['__proto__', { toJSON: () => 'inherited' }]]),
      own([...Object.entries(base()), ['__proto__', 'ignored']]),
    ] as unknown as ClaimPayment[];
    for (const c of odd) for (const depth of [0, 3]) expect(explainedClaimJson(c, depth)).toBe(oldRoute(c, depth));
    // In a whole document JSON.stringify passes a toJSON its index as the key; the writers (old and new) pass '' (pretty-json.ts).
    const keyFree = odd.filter((_, i) => i !== 1);
    const r = { trace: { number: 'T' }, claims: keyFree, findings: [] } as unknown as Remittance;
    expect(remittanceJson([r])).toBe(JSON.stringify([{ ...r, claims: keyFree.map((c) => explainedClaim(c)) }], null, 2) + '\n');
  });

  it('jsonText = JSON.stringify(value, null, 2) at depth 0, or throws for what it does not print itself', () => {
    fc.assert(
      fc.property(json, (v) => {
        let text: string | undefined;
        try {
          text = jsonText(v, 0);
        } catch {
          return; // NOT_PLAIN: the callers print such values the native way
        }
        expect(text).toBe(JSON.stringify(v, null, 2));
        expect(jsonText(v, 2)).toBe(stringifyAtDepth(v, 2));
      }),
      { numRuns: 3000 },
    );
  });
});
