/**
 * The inbound 837 claim checks' fast path (src/claims/snip/clean-claim.ts: one pass, amounts in cents,
 * elements read one at a time) must leave the findings exactly those of the checks themselves
 * (`claimTotalFinding` + `cobBalanceFindings` + `situationalFindings`, run on every claim as before):
 *   - on random claims (837P written here: random SBR02, patient level, DMG/N3/N4, frequency, accident,
 *     REF*F8, DTP*439, rendering and pay-to providers, other payers, line adjudications, amounts balanced
 *     or not and written in every form the checks read differently: "150", "150.", "150.00", ".5", "-0",
 *     "1.234", "", junk, beyond 2^53 cents);
 *   - on random corruptions of the sample 837s (P, I, D, COB secondaries): amounts rewritten, elements
 *     replaced, segments dropped, repeated or inserted.
 * Every claim the fast path calls clean must have no finding from the checks (asked before the checks split
 * the elements, so the byte path is what is tested, and again on a copy made of text segments), and the hook's findings
 * (`inbound837ClaimFindings`) must equal the checks' for every claim. The runs must change verdicts often
 * (asserted counts), or the test would prove nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claimTotalFinding } from '../../src/claims/read/claim-balance.js';
import { claimCertainlyClean, cobBalanceFindings, inbound837ClaimFindings, situationalFindings } from '../../src/claims/snip/index.js';
import { DEFAULT_UNITS, X12Reader, type LoopNode } from '../../src/guides/index.js';
import type { Finding, Position } from '../../src/x12/finding.js';
import { makeSegment } from '../../src/x12/tokenizer.js';
import { propertySeed } from '../helpers/property-seed.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** The checks as they ran on every claim before the fast path. */
function reference(guideId: string, unit: LoopNode, path: readonly LoopNode[], base: Position): Finding[] {
  const out: Finding[] = [];
  const total = claimTotalFinding(guideId, unit, base);
  if (total) out.push(total);
  out.push(...cobBalanceFindings(guideId, unit, base), ...situationalFindings(guideId, unit, path, base));
  return out;
}

/** A copy of a loop tree made of text segments (`makeSegment`), as tests and writers build them. */
function asText(node: LoopNode): LoopNode {
  return {
    ...node,
    children: node.children.map((c) => (c.kind === 'loop' ? asText(c) : { ...c, segment: makeSegment([...c.segment.elements], c.segment.number, c.segment.offset, c.segment.delimiters) })),
  };
}

interface Tally {
  claims: number;
  clean: number;
  withFindings: number;
  codes: Set<string>;
  perCode: Record<string, number>;
}

const tally = (): Tally => ({ claims: 0, clean: 0, withFindings: 0, codes: new Set(), perCode: {} });

/** Reads `text`, comparing the fast path with the checks on every 2300 claim loop. */
function compare(text: string, t: Tally, chunk = 4096): void {
  const bytes = Buffer.from(text, 'latin1');
  const reader = new X12Reader({
    file: 'x',
    units: DEFAULT_UNITS,
    onUnit: (unit, path, ctx) => {
      const guideId = ctx.guide?.map.id;
      if (!guideId || unit.id !== '2300') return;
      const base: Position = { interchange: ctx.interchange.controlNumber, transaction: ctx.transaction.controlNumber };
      // The fast path first, as in `x12gw validate`: the checks split the elements they read, after which
      // the fast path reads strings, not bytes. Then the same on a copy made of text segments.
      const clean = claimCertainlyClean(guideId, unit, path);
      const expected = reference(guideId, unit, path, base);
      expect(claimCertainlyClean(guideId, asText(unit), path.map(asText))).toBe(clean);
      t.claims++;
      if (clean) t.clean++;
      if (expected.length > 0) t.withFindings++;
      for (const f of expected) {
        t.codes.add(f.code);
        t.perCode[f.code] = (t.perCode[f.code] ?? 0) + 1;
      }
      if (clean && expected.length > 0) throw new Error(`fast path called a claim clean that has findings: ${JSON.stringify(expected.map((f) => f.code))}\n${text}`);
      expect(inbound837ClaimFindings(guideId, unit, path, base)).toEqual(expected);
    },
  });
  for (let at = 0; at < bytes.length; at += chunk) reader.push(bytes.subarray(at, at + chunk));
  reader.end();
}

// ---------------------------------------------------------------- amounts in every form

/** Cents written as X12 may write them, or in a form one of the checks reads differently. */
const written = (cents: number, plain = false): fc.Arbitrary<string> => {
  const neg = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const frac = String(abs % 100).padStart(2, '0');
  const forms = [
    `${neg}${whole}${abs % 100 === 0 ? '' : `.${frac.replace(/0$/, '')}`}`,
    `${neg}${whole}.${frac}`,
    `${neg}00${whole}.${frac}`,
    ...(plain ? [] : [`${neg}${whole}.${frac}0`]), // three decimals: decimal.js, not cents
    ...(abs % 100 === 0 ? [`${neg}${whole}.`, `${neg}${whole}.0`] : []),
    ...(whole === 0 ? [`${neg}.${frac}`] : []),
    ...(cents === 0 ? ['-0', '0', '.0'] : []),
  ];
  return fc.constantFrom(...forms);
};
const JUNK = ['', 'abc', '.', '-', '+5', '1e3', '12.345', '99999999999999999999', '90071992547409.93', ' 5', '5-', '1.2.3'];
/** An amount: usually `cents` in some form, sometimes off by a little, sometimes junk. */
const amountOf = (cents: number): fc.Arbitrary<string> =>
  fc.oneof({ weight: 12, arbitrary: written(cents, true) }, { weight: 2, arbitrary: fc.integer({ min: -3, max: 3 }).chain((d) => written(cents + d, true)) }, { weight: 1, arbitrary: fc.constantFrom(...JUNK) });

// ---------------------------------------------------------------- random claims

const ENVELOPE_HEAD =
  'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240601*0930*^*00501*000000101*1*T*:~\nGS*HC*SENDER*RECEIVER*20240601*0930*201*X*005010X222A1~\nST*837*0001*005010X222A1~\nBHT*0019*00*PROP-1*20240601*0930*CH~\nNM1*41*2*SUBMITTER*****46*S1~\nPER*IC*DESK*TE*5555550100~\nNM1*40*2*RECEIVER*****46*R1~\n';
const ENVELOPE_TAIL = 'SE*99*0001~\nGE*1*201~\nIEA*1*000000101~\n';

interface Line {
  charge: number;
  adjudications: Array<{ payer: string; paid: number; adjusted: number; bundled: boolean }>;
}

const lineArb = (payers: string[]) =>
  fc.record({
    charge: fc.integer({ min: 0, max: 500000 }),
    adjudications: fc.array(fc.record({ payer: fc.constantFrom(...payers, 'ZZZ'), share: fc.integer({ min: 0, max: 100 }), bundled: fc.boolean() }), { maxLength: payers.length > 0 ? 2 : 0 }),
  }).map(({ charge, adjudications }): Line => ({ charge, adjudications: adjudications.map((a) => ({ payer: a.payer, paid: Math.floor((charge * a.share) / 100), adjusted: charge - Math.floor((charge * a.share) / 100), bundled: a.bundled })) }));

const claimArb = fc
  .record({
    payers: fc.uniqueArray(fc.constantFrom('PAY01', 'PAY02', 'PAY03', ''), { maxLength: 2 }),
    /** Mostly a patient level exactly when the subscriber is not the patient. */
    level: fc.constantFrom('self', 'self', 'self', 'dependent', 'dependent', 'self-with-patient', 'dependent-without-patient', 'blank', 'odd'),
    demographics: fc.constantFrom({ dmg: true, n3: true, n4: true }, { dmg: true, n3: true, n4: true }, { dmg: true, n3: true, n4: true }, { dmg: false, n3: true, n4: true }, { dmg: true, n3: false, n4: true }, { dmg: true, n3: true, n4: false }),
    frequency: fc.constantFrom('1', '1', '1', '1', '7', '8', ''),
    refF8: fc.boolean(),
    related: fc.constantFrom('', '', '', '', 'AA', 'OA', 'EM', 'EM:AA', 'AA:EM'),
    state: fc.constantFrom('', 'IL'),
    accidentDate: fc.boolean(),
    billingId: fc.constantFrom('1234567893', ''),
    renderingId: fc.constantFrom(undefined, undefined, '1234567893', '1987654328', ''),
    payTo: fc.constantFrom(undefined, undefined, 'same', 'other', 'empty'),
    /** Half the claims are made right (each rule's clean case); the others get whatever was drawn. */
    tidy: fc.boolean(),
  })
  .map((c) => (c.tidy ? { ...c, level: c.level.startsWith('dependent') ? 'dependent' : 'self', demographics: { dmg: true, n3: true, n4: true }, frequency: c.refF8 ? '7' : '1', related: c.accidentDate && c.state ? 'AA' : c.related.includes('AA') || c.related === 'OA' ? 'EM' : c.related, renderingId: c.renderingId === '1234567893' ? '1987654328' : c.renderingId, payTo: c.payTo === 'same' ? 'other' : c.payTo } : c))
  .chain((c) =>
    fc.record({
      c: fc.constant(c),
      lines: fc.array(lineArb(c.payers), { minLength: 0, maxLength: 4 }),
      claimAdjustments: fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: c.payers.length, maxLength: c.payers.length }),
      /** Amounts: plain and balanced, balanced in any form, or some off or junk. */
      amounts: fc.constantFrom('plain', 'forms', 'off'),
      /** A claim-level COB paid amount that forgets the payer's line adjustments. */
      forgetLineAdjustments: fc.boolean(),
    }),
  )
  .chain(({ c, lines, claimAdjustments, amounts, forgetLineAdjustments }) => {
    const total = lines.reduce((s, l) => s + l.charge, 0);
    const lineAdj = (payer: string) => lines.reduce((s, l) => s + l.adjudications.filter((a) => a.payer === payer).reduce((x, a) => x + a.adjusted, 0), 0);
    const otherPayers = c.payers.map((payer, i) => ({ payer, adjusted: claimAdjustments[i], paid: total - claimAdjustments[i] - (forgetLineAdjustments ? 0 : lineAdj(payer)) }));
    const amt = (cents: number) => (amounts === 'plain' ? written(cents, true) : amounts === 'forms' ? written(cents) : amountOf(cents));
    return fc.record({
      c: fc.constant(c),
      total: amt(total),
      lines: fc.tuple(...lines.map((l) => fc.record({ charge: amt(l.charge), adjudications: fc.tuple(...l.adjudications.map((a) => fc.record({ payer: fc.constant(a.payer), paid: amt(a.paid), adjusted: amt(a.adjusted), bundled: fc.constant(a.bundled) }))) }))),
      others: fc.tuple(...otherPayers.map((o) => fc.record({ payer: fc.constant(o.payer), paid: amt(o.paid), adjusted: amt(o.adjusted) }))),
    });
  })
  .map(({ c, total, lines, others }) => {
    const s: string[] = [];
    s.push('HL*1**20*1', `NM1*85*2*CLINIC*****XX*${c.billingId}`, 'N3*1 MAIN ST', 'N4*SPRINGFIELD*IL*627011234', 'REF*EI*123456789');
    if (c.payTo === 'same') s.push('NM1*87*2', 'N3*1 MAIN ST', 'N4*SPRINGFIELD*IL*627011234');
    if (c.payTo === 'other') s.push('NM1*87*2', 'N3*PO BOX 9', 'N4*SPRINGFIELD*IL*627011234');
    if (c.payTo === 'empty') s.push('NM1*87*2');
    const withPatient = c.level === 'dependent' || c.level === 'self-with-patient';
    const relationship = c.level === 'blank' ? '' : c.level === 'odd' ? '181' : c.level.startsWith('self') ? '18' : '01';
    s.push(`HL*2*1*22*${withPatient ? 1 : 0}`, `SBR*P*${relationship}*GRP1******CI`, 'NM1*IL*1*DOE*JANE****MI*M1');
    if (c.demographics.n3) s.push('N3*12 ELM RD');
    if (c.demographics.n4) s.push('N4*SPRINGFIELD*IL*62702');
    if (c.demographics.dmg) s.push('DMG*D8*19800501*F');
    s.push('NM1*PR*2*PAYER*****PI*P1');
    if (withPatient) s.push('HL*3*2*23*0', 'PAT*19', 'NM1*QC*1*DOE*KID', 'N3*12 ELM RD', 'N4*SPRINGFIELD*IL*62702', 'DMG*D8*20100501*M');
    const clm11 = c.related === '' ? '' : `**${c.related}${c.state ? `:::${c.state}` : ''}`;
    s.push(`CLM*C1*${total}***11:B:${c.frequency}*Y*A*Y*Y${clm11}`);
    if (c.accidentDate) s.push('DTP*439*D8*20240101');
    if (c.refF8) s.push('REF*F8*ORIG1');
    s.push('HI*ABK:J069');
    if (c.renderingId !== undefined) s.push(`NM1*82*1*DOC*A****XX*${c.renderingId}`);
    for (const o of others) s.push('SBR*P*18*G2******CI', `CAS*CO*45*${o.adjusted}`, `AMT*D*${o.paid}`, 'OI***Y***Y', 'NM1*IL*1*DOE*JANE****MI*M2', `NM1*PR*2*OTHER*****PI*${o.payer}`);
    lines.forEach((l, i) => {
      s.push(`LX*${i + 1}`, `SV1*HC:99213*${l.charge}*UN*1***1`, 'DTP*472*D8*20240101');
      for (const a of l.adjudications) s.push(`SVD*${a.payer}*${a.paid}*HC:99213**1${a.bundled ? '*2' : ''}`, `CAS*CO*45*${a.adjusted}`, 'DTP*573*D8*20240102');
    });
    return ENVELOPE_HEAD + s.map((x) => `${x}~\n`).join('') + ENVELOPE_TAIL;
  });

// ---------------------------------------------------------------- corruptions of the samples

function sample837s(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/\.837$/i.test(entry.name)) out.push([path.slice(ROOT.length + 1), readFileSync(path, 'latin1')]);
    }
  };
  visit(join(ROOT, 'samples'));
  return out;
}

/** Segments and elements the claim checks read. */
const TARGETS: Readonly<Record<string, readonly number[]>> = {
  CLM: [2, 5, 11],
  SV1: [2],
  SV2: [3],
  SV3: [2],
  SVD: [1, 2, 6],
  CAS: [3, 6, 9],
  AMT: [1, 2],
  SBR: [2],
  NM1: [9],
  REF: [1],
  DTP: [1],
};
const VALUES = ['', '18', '181', '1', '01', 'D', 'DX', 'F8', '439', 'AA', 'OA', '11:B:7', '11:B:8', 'AA:::IL', 'OA', '1234567893', 'SEC02', '0', '100', '75', '25', '100.', '.5', '-0', '12.345', 'abc'];
const EXTRA = ['REF*F8*ORIG1', 'DTP*439*D8*20240101', 'CAS*CO*45*10', 'AMT*D*10', 'DMG*D8*19800501*F', 'N3*1 MAIN', 'N4*CITY*IL*62701', 'SVD*SEC02*10*HC:99213**1', 'NM1*87*2', 'NM1*82*1*DOC*A****XX*1234567893'];

type Edit = { kind: 'amount'; at: number; delta: number; form: number } | { kind: 'element'; at: number; element: number; value: number } | { kind: 'drop'; at: number } | { kind: 'repeat'; at: number } | { kind: 'insert'; at: number; extra: number };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('amount' as const), at: fc.nat(), delta: fc.constantFrom(0, 0, 0, 1, -1, 100, -2500), form: fc.nat() }),
  fc.record({ kind: fc.constant('element' as const), at: fc.nat(), element: fc.nat(), value: fc.nat() }),
  fc.record({ kind: fc.constantFrom('drop' as const, 'repeat' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), extra: fc.nat() }),
);

/** Applies edits to the claim part of a sample (segments after the first HL, before SE). */
function corrupt(text: string, edits: readonly Edit[], pickForm: (cents: number, n: number) => string): string {
  const terminator = text[105];
  const segments = text.split(terminator).map((s) => s.replace(/^\s+/, ''));
  const firstHl = segments.findIndex((s) => s.startsWith('HL*'));
  const se = segments.findIndex((s) => s.startsWith('SE*'));
  if (firstHl < 0 || se < firstHl) return text;
  const body = segments.slice(firstHl, se);
  const targeted = () => body.map((s, i) => [s, i] as const).filter(([s]) => TARGETS[s.slice(0, 3)]).map(([, i]) => i);
  for (const e of edits) {
    if (body.length === 0) break;
    if (e.kind === 'amount' || e.kind === 'element') {
      const idx = targeted();
      if (idx.length === 0) continue;
      const at = idx[e.at % idx.length];
      const els = body[at].split('*');
      const wanted = TARGETS[els[0]];
      if (e.kind === 'amount') {
        const amountElement = els[0] === 'CLM' || els[0] === 'SV1' || els[0] === 'SV3' || els[0] === 'SVD' || els[0] === 'AMT' ? 2 : els[0] === 'SV2' ? 3 : els[0] === 'CAS' ? 3 : undefined;
        if (amountElement === undefined || !/^-?\d+(\.\d+)?$/.test(els[amountElement] ?? '')) continue;
        const cents = Math.round(Number(els[amountElement]) * 100) + e.delta;
        els[amountElement] = pickForm(cents, e.form);
      } else {
        const element = wanted[e.element % wanted.length];
        while (els.length <= element) els.push('');
        els[element] = VALUES[e.value % VALUES.length];
      }
      body[at] = els.join('*');
    } else if (e.kind === 'drop') body.splice(e.at % body.length, 1);
    else if (e.kind === 'repeat') {
      const at = e.at % body.length;
      body.splice(at, 0, body[at]);
    } else body.splice(e.at % (body.length + 1), 0, EXTRA[e.extra % EXTRA.length]);
  }
  return [...segments.slice(0, firstHl), ...body, ...segments.slice(se)].join(terminator + '\n');
}

/** The forms `written` offers, picked by index (deterministic inside a property). */
function formOf(cents: number, n: number): string {
  const forms: string[] = [];
  fc.sample(written(cents), { numRuns: 8, seed: n }).forEach((f) => forms.includes(f) || forms.push(f));
  return forms[n % forms.length];
}

describe('inbound 837 claim checks: fast path = the checks', () => {
  it('on the samples as they are', () => {
    const t = tally();
    const samples = sample837s();
    expect(samples.length).toBeGreaterThanOrEqual(10);
    for (const [, text] of samples) compare(text, t);
    expect(t.claims).toBeGreaterThan(20);
    expect(t.clean).toBeGreaterThan(10);
  });

  it('on random claims', () => {
    const t = tally();
    fc.assert(
      fc.property(claimArb, fc.integer({ min: 7, max: 4096 }), (text, chunk) => {
        compare(text, t, chunk);
      }),
      // A fixed seed: the coverage checks below depend on what is drawn, and an unseeded draw missed a finding
      // code about one run in three (found in round 6). Other seeds are tried with X12GW_PROPERTY_SEED.
      { numRuns: 1500, seed: propertySeed(20261207) },
    );
    // The runs must reach both verdicts and every kind of finding, or they prove little.
    expect(t.claims).toBe(1500);
    expect(t.clean).toBeGreaterThan(150);
    expect(t.withFindings).toBeGreaterThan(300);
    expect([...t.codes].sort()).toEqual(
      ['837-ACCIDENT-DATE', '837-ACCIDENT-STATE', '837-CLAIM-TOTAL', '837-COB-CLAIM-BALANCE', '837-COB-LINE-BALANCE', '837-PATIENT-LEVEL-NOT-USED', '837-PATIENT-LEVEL-REQUIRED', '837-PAY-TO-SAME-AS-BILLING', '837-PAYER-CLAIM-NUMBER', '837-RENDERING-SAME-AS-BILLING', '837-SUBSCRIBER-ADDRESS', '837-SUBSCRIBER-DEMOGRAPHICS'].sort(),
    );
  });

  it('on random corruptions of the sample 837s (P, I, D, COB secondaries)', () => {
    const samples = sample837s();
    const t = tally();
    fc.assert(
      fc.property(fc.nat(samples.length - 1), fc.array(editArb, { minLength: 1, maxLength: 6 }), (which, edits) => {
        compare(corrupt(samples[which][1], edits, formOf), t);
      }),
      { numRuns: 600, seed: propertySeed(20261208) },
    );
    expect(t.clean).toBeGreaterThan(300);
    expect(t.withFindings).toBeGreaterThan(150);
    for (const code of ['837-CLAIM-TOTAL', '837-COB-CLAIM-BALANCE', '837-COB-LINE-BALANCE', '837-PAYER-CLAIM-NUMBER']) expect(t.codes).toContain(code);
  });
});
