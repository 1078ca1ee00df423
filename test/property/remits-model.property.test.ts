/**
 * The single-pass 835 claim reader and the cents derivation (src/remits/read-835.ts, derive.ts) give the
 * same models as the reader they replaced (remits-model-reference.ts: a look-up per field, Decimal outcome
 * rule), field for field and in the same key order, and the same CSV and JSON report rows of them, on random 835 claims, on corruptions of them and of the
 * sample 835s, and on claims built in memory with amounts that have exact cents and amounts that do not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { X12Reader, type LoopNode, type TransactionContext } from '../../src/guides/index.js';
import { readClaimPayment } from '../../src/remits/read-835.js';
import { checkClaimBalance, type BalanceContext } from '../../src/remits/balance.js';
import { deriveClaim, deriveLine } from '../../src/remits/derive.js';
import type { Adjustment, ServiceLine } from '../../src/remits/model.js';
import { amountOf } from '../../src/remits/values.js';
import { write835 } from '../../src/remits/write-835.js';
import { claim, envelope, remittance } from '../unit/remits/build.js';
import { claimCsvRows, explainedClaim } from '../../src/remits/report.js';
import { referenceClaimCsvRows, referenceDeriveClaim, referenceDeriveLine, referenceExplainedClaim, referenceReadClaimPayment } from './remits-model-reference.js';
import { propertySeed } from '../helpers/property-seed.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** JSON with absent-but-present keys kept (undefined → a marker), so the shape is compared too. */
const exact = (x: unknown) => JSON.stringify(x, (_k, v) => (v === undefined ? '<undefined>' : v));

const BALANCE: BalanceContext = { base: {} };
/** Claims whose balance the reader proved in cents (the checks then never run on them). */
let provenBalanced = 0;

const REPORT_HEAD = { payer: { name: 'PAYER', references: [], contacts: [] }, trace: { number: 'T1' }, payment: { handling: 'I', amount: new Decimal(0), creditDebit: 'C', method: 'ACH', methodDescription: '', date: '2024-03-15' } };

/** Reads `text` as an 835 and compares the two readers on every 2100 loop; returns how many were compared. */
function compareClaims(text: string): number {
  let compared = 0;
  const reader = new X12Reader({
    units: { '835': ['2100'] },
    onUnit: (unit: LoopNode, path: readonly LoopNode[], ctx: TransactionContext) => {
      if (ctx.guide?.map.id !== '835' || unit.id !== '2100') return;
      const lx = path.find((p) => p.id === '2000');
      const headerNumber = lx ? 'H1' : undefined;
      // The new reader first, while the segments' bytes are at hand (it reads fields straight from them);
      // the reference splits every segment, and then the new reader must give the same from the elements.
      let fromBytes: string | Error;
      const facts = { balanced: false };
      try {
        const read = readClaimPayment(unit, headerNumber, facts);
        fromBytes = exact(read);
        // Proven balanced while reading ⇒ the balance checks find nothing.
        if (facts.balanced) {
          expect(checkClaimBalance(read, BALANCE)).toEqual([]);
          provenBalanced++;
        }
      } catch (err) {
        fromBytes = err as Error;
      }
      let reference: string;
      try {
        reference = exact(referenceReadClaimPayment(unit, headerNumber));
      } catch (err) {
        // The old reader threw (e.g. no CLP): the new one must throw too, from bytes and from elements.
        expect(fromBytes).toBeInstanceOf(Error);
        expect(() => readClaimPayment(unit, headerNumber)).toThrow();
        void err;
        compared++;
        return;
      }
      expect(fromBytes).toBe(reference);
      const again = { balanced: false };
      const claim = readClaimPayment(unit, headerNumber, again);
      // From the elements: the same proof, or none (a segment read from text may lack exact cents' bytes: never a different answer).
      expect(again.balanced).toBe(facts.balanced);
      expect(exact(claim)).toBe(reference);
      // The report rows of it: CSV (explanations remembered per code, amounts from cents) and JSON.
      const old = referenceReadClaimPayment(unit, headerNumber);
      expect(claimCsvRows(REPORT_HEAD, claim)).toBe(referenceClaimCsvRows(REPORT_HEAD, old));
      expect(exact(explainedClaim(claim))).toBe(exact(referenceExplainedClaim(old)));
      compared++;
    },
  });
  reader.push(text);
  reader.end();
  return compared;
}

/** A skeleton 835 (envelope, header, one claim) split into its segments, from our writer. */
const SKELETON = write835([remittance([claim('100', '80', [], [], { headerNumber: '1', patientControlNumber: 'P1' })], '80')], { ...envelope }).split('~').filter((s) => s !== '');
const FIRST_CLP = SKELETON.findIndex((s) => s.startsWith('CLP*'));
const AFTER_CLAIMS = SKELETON.findIndex((s, i) => i > FIRST_CLP && (s.startsWith('SE*') || s.startsWith('PLB*')));

/** An 835 whose claim payments are `claims` (each a list of segments); SE counts are left as they were. */
const with835Claims = (claims: string[][]) => [...SKELETON.slice(0, FIRST_CLP), ...claims.flat(), ...SKELETON.slice(AFTER_CLAIMS)].join('~') + '~';

const amount = fc.oneof(
  fc.integer({ min: -50_000, max: 500_000 }).map((n) => new Decimal(n).dividedBy(100).toFixed()),
  fc.constantFrom('0', '-0', '0.00', '10', '10.5', '10.50', '-20', '0.01', '1.234', '.5', '5.', 'abc', '', '99999999999999999999', '-0.001'),
);
const group = fc.constantFrom('CO', 'PR', 'OA', 'PI', 'CR', 'XX', '');
const reason = fc.constantFrom('1', '2', '3', '45', '253', '23', '97', '96', '16', 'ZZZ', '');
const date = fc.constantFrom('20240301', '20241399', '20240230', '2024', '');
// 'MÜLLER' makes its segment UTF-8 (read from its elements, not its bytes).
const word = fc.constantFrom('A', 'X1', 'SMITH', '', '12345', 'MÜLLER');

const cas = fc.array(fc.tuple(reason, amount, fc.constantFrom('', '1', '2')), { minLength: 1, maxLength: 6 }).chain((triples) =>
  group.map((g) => `CAS*${g}*${triples.map(([r, a, q]) => `${r}*${a}*${q}`).join('*')}`),
);
const ref = fc.tuple(fc.constantFrom('6R', '1K', 'EA', 'F8', 'LU', ''), word).map(([q, v]) => `REF*${q}*${v}`);
const amt = fc.tuple(fc.constantFrom('AU', 'B6', 'DY', 'KH', ''), amount).map(([q, a]) => `AMT*${q}*${a}`);
const qty = fc.tuple(fc.constantFrom('CA', 'ZK', ''), fc.constantFrom('1', '2.5', '')).map(([q, n]) => `QTY*${q}*${n}`);
const lq = fc.tuple(fc.constantFrom('HE', 'RX', ''), fc.constantFrom('N130', 'M15', 'MA01', 'ZZZ9', '')).map(([q, c]) => `LQ*${q}*${c}`);
const procedure = fc.constantFrom('HC:99213', 'HC:99213:25:59', 'NU:0450', 'HC:85025:::::LAB', '', 'AD:D0120', 'HC:99213^HC:99214', '^HC', ':99213', 'HC');
const svc = fc.tuple(procedure, amount, amount, fc.constantFrom('', '0450'), fc.constantFrom('', '1', '3'), fc.constantFrom('', 'HC:99214'), fc.constantFrom('', '2')).map((e) => `SVC*${e.join('*')}`);
const lineDtm = fc.tuple(fc.constantFrom('472', '150', '151', '999'), date).map(([q, d]) => `DTM*${q}*${d}`);
const lineSegments = fc.tuple(svc, fc.array(fc.oneof(lineDtm, cas, ref, amt, qty, lq), { maxLength: 8 })).map(([s, rest]) => [s, ...rest]);

const clp = fc
  .tuple(word, fc.constantFrom('1', '2', '4', '19', '22', '25', '99'), amount, amount, amount, fc.constantFrom('12', 'MC', ''), word, fc.constantFrom('11', '13', ''), fc.constantFrom('1', '7', ''), fc.constantFrom('', '470'), fc.constantFrom('', '1.2'), fc.constantFrom('', '0.5'))
  .map(([pcn, st, billed, paid, pr, fi, icn, ft, fr, drg, w, f]) => `CLP*${pcn}*${st}*${billed}*${paid}*${pr}*${fi}*${icn}*${ft}*${fr}**${drg}*${w}*${f}`);
const nm1 = fc.tuple(fc.constantFrom('QC', 'IL', '74', '82', 'TT', 'PR', 'GB', 'ZZ'), fc.constantFrom('1', '2'), word, word).map(([r, t, l, f]) => `NM1*${r}*${t}*${l}*${f}*M**JR*MI*${l}${f}`);
const mia = fc.array(fc.oneof(amount, fc.constantFrom('N130', 'MA01', '3')), { minLength: 1, maxLength: 24 }).map((es) => `MIA*${es.join('*')}`);
const moa = fc.array(fc.oneof(amount, fc.constantFrom('N130', 'MA01')), { minLength: 1, maxLength: 9 }).map((es) => `MOA*${es.join('*')}`);
const claimDtm = fc.tuple(fc.constantFrom('232', '233', '036', '050', '472'), date).map(([q, d]) => `DTM*${q}*${d}`);
const per = fc.tuple(fc.constantFrom('CX', 'BL'), word, fc.constantFrom('TE', 'EM', ''), word).map(([f, n, q, v]) => `PER*${f}*${n}*${q}*${v}`);
const claimSegments = fc
  .tuple(clp, fc.array(fc.oneof(cas, nm1, mia, moa, claimDtm, per, amt, qty, ref), { maxLength: 10 }), fc.array(lineSegments, { maxLength: 3 }))
  .map(([c, rest, lines]) => [c, ...rest, ...lines.flat()]);

/** A random edit of the text after the ISA: a character replaced, removed or inserted. */
const corruption = fc.record({ at: fc.nat(), kind: fc.constantFrom('replace', 'delete', 'insert'), char: fc.constantFrom('*', ':', '~', '^', '0', '5', '-', '.', 'A', 'Q', 'C', ' ') });
function corrupt(text: string, edits: ReadonlyArray<{ at: number; kind: string; char: string }>): string {
  let out = text;
  for (const e of edits) {
    const i = 106 + (e.at % Math.max(1, out.length - 106));
    out = e.kind === 'replace' ? out.slice(0, i) + e.char + out.slice(i + 1) : e.kind === 'delete' ? out.slice(0, i) + out.slice(i + 1) : out.slice(0, i) + e.char + out.slice(i);
  }
  return out;
}

function sample835s(): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.835') || readFileSync(path, 'latin1').includes('ST*835*')) out.push(readFileSync(path, 'latin1'));
    }
  };
  visit(join(ROOT, 'samples'));
  return out;
}

describe('835 claim payments: single-pass reader = the reader it replaced', () => {
  const samples = sample835s();

  it('reads every sample 835 the same way', () => {
    expect(samples.length).toBeGreaterThan(3);
    let compared = 0;
    for (const text of samples) compared += compareClaims(text);
    expect(compared).toBeGreaterThan(10);
  });

  it('reads random claim payments the same way (every segment of 2100 / 2110, odd amounts and codes)', () => {
    let compared = 0;
    fc.assert(
      fc.property(fc.array(claimSegments, { minLength: 1, maxLength: 4 }), (claims) => {
        compared += compareClaims(with835Claims(claims));
      }),
      { numRuns: 400, seed: propertySeed(20261207) },
    );
    expect(compared).toBeGreaterThan(400);
  });

  it('reads corrupted random claims and corrupted samples the same way', () => {
    fc.assert(
      fc.property(fc.array(claimSegments, { minLength: 1, maxLength: 3 }), fc.array(corruption, { minLength: 1, maxLength: 4 }), (claims, edits) => {
        compareClaims(corrupt(with835Claims(claims), edits));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.nat(samples.length - 1), fc.array(corruption, { minLength: 1, maxLength: 3 }), (k, edits) => {
        compareClaims(corrupt(samples[k], edits));
      }),
      { numRuns: 200 },
    );
  });
});

/** Cents as an X12 amount ("12.5", "3", "-0.01"). */
const x12 = (c: number) => new Decimal(c).dividedBy(100).toFixed();
const triple = fc.tuple(fc.constantFrom('CO', 'PR', 'OA', 'PI'), fc.constantFrom('1', '2', '3', '45', '23', '96'), fc.integer({ min: -2_000, max: 20_000 }));
const balancedLine = fc.record({ paid: fc.integer({ min: 0, max: 50_000 }), adjustments: fc.array(triple, { maxLength: 3 }), b6: fc.boolean() });
/** How a balanced claim is spoiled (or not): each but 'none' and the two without exact cents gives a balancing finding. */
const spoil = fc.constantFrom('none', 'none', 'none', 'billed+1', 'interest', 'line+1', 'clp05+1', 'minus-zero', 'three-decimals');
const balancedClaim = fc.record({ adjustments: fc.array(triple, { maxLength: 2 }), lines: fc.array(balancedLine, { maxLength: 3 }), clp05: fc.boolean(), status: fc.constantFrom('1', '2', '4', '22'), spoil });
type BalancedClaim = typeof balancedClaim extends fc.Arbitrary<infer T> ? T : never;

/** A claim payment that balances at line and claim level (CLP05 = the PR total when sent), then spoiled as `c.spoil` says. */
function balancedClaimSegments(c: BalancedClaim & { paid: number }, n: number): string[] {
  const casOf = (list: Array<[string, string, number]>) => list.map(([g, r, a]) => `CAS*${g}*${r}*${x12(a)}`);
  const sumOf = (list: Array<[string, string, number]>) => list.reduce((t, [, , a]) => t + a, 0);
  const prOf = (list: Array<[string, string, number]>) => list.reduce((t, [g, , a]) => t + (g === 'PR' ? a : 0), 0);
  let billed = c.paid + sumOf(c.adjustments);
  let pr = prOf(c.adjustments);
  const lines: string[] = [];
  c.lines.forEach((l, k) => {
    const charge = l.paid + sumOf(l.adjustments) + (c.spoil === 'line+1' && k === 0 ? 1 : 0);
    billed += sumOf(l.adjustments);
    pr += prOf(l.adjustments);
    const cas = casOf(l.adjustments);
    if (k === 0 && c.spoil === 'minus-zero') cas.push('CAS*OA*23*-0');
    if (k === 0 && c.spoil === 'three-decimals') cas.push('CAS*CO*45*0.000');
    lines.push(`SVC*HC:99213*${x12(charge)}*${x12(l.paid)}**1`, 'DTM*472*20240301', ...cas, `REF*6R*L${n}-${k}`, ...(l.b6 ? [`AMT*B6*${x12(l.paid)}`] : []));
  });
  if (c.spoil === 'billed+1') billed += 1;
  const interest = c.spoil === 'interest' ? ['AMT*I*1'] : [];
  if (c.spoil === 'interest') billed -= 100;
  const clp05 = c.clp05 || c.spoil === 'clp05+1' ? x12(pr + (c.spoil === 'clp05+1' ? 1 : 0)) : '';
  return [`CLP*P${n}*${c.status}*${x12(billed)}*${x12(c.paid)}*${clp05}*12*ICN${n}*11*1`, ...casOf(c.adjustments), `NM1*QC*1*DOE*JANE****MI*M${n}`, ...interest, ...lines];
}

describe('the balance proven while reading', () => {
  it('is proven for every balanced claim with exact cents, and never for a claim the balance checks report on', () => {
    const claimsOf = fc.array(balancedClaim.chain((c) => fc.integer({ min: 0, max: 200_000 }).map((paid) => ({ ...c, paid }))), { minLength: 1, maxLength: 4 });
    let spoiled = 0;
    const before = provenBalanced;
    fc.assert(
      fc.property(claimsOf, (claims) => {
        const text = with835Claims(claims.map((c, n) => balancedClaimSegments(c, n)));
        // The readers agree (compareClaims also checks that a proven claim has no finding) ...
        compareClaims(text);
        // ... and the proof is made exactly when it should be.
        let k = 0;
        const reader = new X12Reader({
          units: { '835': ['2100'] },
          onUnit: (unit: LoopNode, _path: readonly LoopNode[], ctx: TransactionContext) => {
            if (ctx.guide?.map.id !== '835' || unit.id !== '2100') return;
            const c = claims[k++];
            const facts = { balanced: false };
            const claim = readClaimPayment(unit, '1', facts);
            const findings = checkClaimBalance(claim, BALANCE);
            if (findings.length) expect(facts.balanced).toBe(false);
            const spoil = c.spoil === 'line+1' && c.lines.length === 0 ? 'none' : c.spoil;
            if (spoil === 'none') expect(facts.balanced).toBe(true);
            else if (spoil !== 'minus-zero' && spoil !== 'three-decimals') {
              expect(findings.length).toBeGreaterThan(0);
              spoiled++;
            }
          },
        });
        reader.push(text);
        reader.end();
        expect(k).toBe(claims.length);
      }),
      // Fixed seed: how many of 500 random claims are spoiled and proven depends on the draw (the agreement with
      // the balance checks is asserted on every claim of every seed). Other seeds: X12GW_PROPERTY_SEED.
      { numRuns: 500, seed: propertySeed(20261207) },
    );
    expect(spoiled).toBeGreaterThan(100);
    expect(provenBalanced - before).toBeGreaterThan(300);
  });
});

describe('claim derivation in cents = the Decimal derivation', () => {
  // Amounts as the reader makes them (amountOf: interned, knowing their cents, or plain Decimals when not
  // exact in cents) and as code builds them in memory (new Decimal: no cents known).
  const money = fc.oneof(
    fc.integer({ min: -30_000, max: 300_000 }).map((n) => amountOf(new Decimal(n).dividedBy(100).toFixed())!),
    fc.constantFrom('0', '-0', '1.234', '20', '-0.01').map((v) => amountOf(v)!),
    fc.integer({ min: -30_000, max: 30_000 }).map((n) => new Decimal(n).dividedBy(100)),
    fc.constantFrom(amountOf('45035996273704.96')!, amountOf('90071992547409.91')!),
  );
  const adjustment = fc.record({ group: fc.constantFrom('CO', 'PR', 'OA', 'PI', 'CR'), reason: fc.constantFrom('1', '2', '3', '45', '253', '23', '97', '96'), amount: money });
  const lineInput = fc.record({ charge: money, paid: money, adjustments: fc.array(adjustment, { maxLength: 4 }), b6: fc.option(money, { nil: undefined }) });
  const claimInput = fc.record({ status: fc.constantFrom('1', '2', '4', '22', '19'), billed: money, paid: money, adjustments: fc.array(adjustment, { maxLength: 3 }), lines: fc.array(lineInput, { maxLength: 3 }) });

  type LineRecord = { charge: Decimal; paid: Decimal; adjustments: Array<{ group: string; reason: string; amount: Decimal }>; b6?: Decimal };
  const adjustments = (list: LineRecord['adjustments']): Adjustment[] => list.map((a) => ({ group: a.group, groupDescription: '', reason: a.reason, reasonDescription: '', amount: a.amount }));
  const lineOf = (l: LineRecord, derive: typeof deriveLine): ServiceLine =>
    derive({ procedure: { qualifier: 'HC', code: '99213', modifiers: [] }, charge: l.charge, paid: l.paid, adjustments: adjustments(l.adjustments), references: [], amounts: l.b6 ? [{ qualifier: 'B6', amount: l.b6 }] : [], quantities: [], remarks: [] });

  it('gives the same allowed amounts, patient responsibility, denials and outcomes', () => {
    fc.assert(
      fc.property(claimInput, (c) => {
        const build = (dLine: typeof deriveLine, dClaim: typeof deriveClaim) =>
          dClaim({ patientControlNumber: 'P', status: c.status, statusDescription: '', billed: c.billed, paid: c.paid, filingIndicator: '12', adjustments: adjustments(c.adjustments), references: [], contacts: [], amounts: [], quantities: [], lines: c.lines.map((l) => lineOf(l, dLine)) });
        expect(exact(build(deriveLine, deriveClaim))).toBe(exact(build(referenceDeriveLine, referenceDeriveClaim)));
      }),
      { numRuns: 3000 },
    );
  });
});
