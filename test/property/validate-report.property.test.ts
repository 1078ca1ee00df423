/**
 * `x12gw validate`'s report (the text and the --json form) must be what the checks themselves give, with the
 * fast paths of its reader (`fileReader`, src/cli/commands/validate.ts: the inbound 837 claim checks'
 * clean-claim pass, the 835 balancing in cents, one context per transaction set) or without them.
 *
 * The reference is built here from the reader's unit trees with no fast path of the claim checks: every
 * 2300 claim goes through `claimCheckFindings` (claim total, COB balance, situational rules; findings
 * de-duplicated as `inbound837Check` does) and every 2100 claim payment through the 835 model path (an
 * `onClaim` callback makes the collector build each claim's model and run `checkClaimBalance`).
 *
 * Inputs: every sample X12 file; small synthetic 837P and 835 files (bench/synthetic.ts, the files the
 * benchmarks read); random 835s with random adjustments (CO/PR/OA/PI), patient responsibility right,
 * absent or wrong, interest and claims off by a cent; and random corruptions of all of these (elements
 * rewritten with amounts in every form the checks read differently, group codes, junk; segments dropped
 * or repeated; bytes replaced, inserted or deleted), fed in random chunk sizes. Counts are asserted so the
 * run cannot pass vacuously: the fast paths must be taken and findings of the claim checks must occur.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { write835 as writeSynthetic835, write837 as writeSynthetic837 } from '../../bench/synthetic.js';
import { claimCheckFindings } from '../../src/claims/snip/index.js';
import { fileReader } from '../../src/cli/commands/validate.js';
import { formatReport } from '../../src/cli/format-report.js';
import { DEFAULT_UNITS, X12Reader, isValid, type ReadReport } from '../../src/guides/index.js';
import { balancedClaimInCents } from '../../src/remits/balance-cents.js';
import { RemittanceCollector } from '../../src/remits/read-remittances.js';
import { write835 } from '../../src/remits/write-835.js';
import type { Position } from '../../src/x12/finding.js';
import { adj, claim, envelope, line, remittance } from '../unit/remits/build.js';
import { propertySeed } from '../helpers/property-seed.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FILE = 'x.x12';

/** The report as `x12gw validate` prints it: text, and the --json entry. */
function printed(report: ReadReport): { text: string; json: string } {
  return { text: formatReport(report), json: JSON.stringify({ valid: isValid(report), ...report }, null, 2) };
}

function feed(reader: X12Reader, bytes: Buffer, chunk: number): ReadReport {
  for (let at = 0; at < bytes.length; at += chunk) reader.push(bytes.subarray(at, Math.min(bytes.length, at + chunk)));
  return reader.end();
}

/** `x12gw validate`'s own reader. */
function command(bytes: Buffer, chunk: number): ReadReport {
  return feed(fileReader(FILE), bytes, chunk);
}

/** The same read from unit trees with every claim checked the slow way. */
function reference(bytes: Buffer, chunk: number): ReadReport {
  const remittances = new RemittanceCollector({ keepClaims: false, file: FILE, onClaim: () => undefined });
  const reported = new WeakMap<object, Set<string>>();
  const reader = new X12Reader({
    file: FILE,
    units: DEFAULT_UNITS,
    onUnit: (unit, path, ctx) => {
      remittances.onUnit(unit, path, ctx);
      const guideId = ctx.guide?.map.id;
      if (!guideId || unit.id !== '2300' || !['837P', '837I', '837D'].includes(guideId)) return;
      const base: Position = { interchange: ctx.interchange.controlNumber, transaction: ctx.transaction.controlNumber };
      if (ctx.group) base.group = ctx.group.controlNumber;
      let seen = reported.get(ctx.transaction);
      if (!seen) reported.set(ctx.transaction, (seen = new Set()));
      for (const f of claimCheckFindings(guideId, unit, path, base)) {
        const key = `${f.code}@${f.position.segmentNumber}:${f.position.element ?? ''}:${f.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        ctx.transaction.findings.push(f);
      }
    },
    onTransaction: (root, ctx) => remittances.onTransaction(root, ctx),
  });
  return feed(reader, bytes, chunk);
}

interface Tally {
  files: number;
  invalid: number;
  /** Files with a finding of the claim checks or the 835 balancing (SNIP 3/4). */
  claimFindings: number;
  /** 835 claim payments the balancing fast path vouched for. */
  fastBalanced: number;
}
const tally = (): Tally => ({ files: 0, invalid: 0, claimFindings: 0, fastBalanced: 0 });

function compare(text: string, t: Tally, chunk: number): void {
  const bytes = Buffer.from(text, 'latin1');
  const mine = command(bytes, chunk);
  const theirs = reference(bytes, chunk);
  const a = printed(mine);
  const b = printed(theirs);
  expect(a.json).toBe(b.json);
  expect(a.text).toBe(b.text);
  // An invariant that does not go through the reader both reports share: each claim-check or balancing
  // finding sits in the transaction set that holds its segment.
  for (const ic of mine.interchanges)
    for (const g of ic.groups)
      for (const tx of g.transactions)
        for (const f of tx.findings) {
          const n = f.position.segmentNumber;
          if ((f.snip === 3 || f.snip === 4) && n !== undefined) expect(n >= tx.firstSegment && n <= tx.lastSegment, `${f.code} at segment ${n} in ${tx.controlNumber}`).toBe(true);
        }
  t.files++;
  if (!isValid(mine)) t.invalid++;
  if (a.json.includes('"snip": 3') || a.json.includes('"snip": 4')) t.claimFindings++;
  const units = new X12Reader({ units: { '835': ['2100'] }, onUnit: (u) => void (balancedClaimInCents(u) && t.fastBalanced++) });
  units.push(bytes);
  units.end();
}

function samples(): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.x12')) out.push(readFileSync(path, 'latin1'));
    }
  };
  visit(join(ROOT, 'samples', 'x12'));
  return out;
}

// --- random 835s -------------------------------------------------------------------------------------
const d = (s: string) => new Decimal(s);
const money = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 500_00 }).map((c) => d(String(c)).div(100)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 500_000 }).map((m) => d(String(m)).div(1000)) },
);
const adjustmentArb = fc.record({ group: fc.constantFrom('CO', 'PR', 'OA', 'PI'), reason: fc.constantFrom('1', '2', '3', '45', '23'), amount: money });
const lineArb = fc.record({ paid: money, adjustments: fc.array(adjustmentArb, { maxLength: 3 }), off: fc.constantFrom(0, 0, 0, 0, 1) });
const claimArb = fc.record({
  pcn: fc.constantFrom('PCN1', 'PCN2', 'PCN3'),
  status: fc.constantFrom('1', '1', '2', '4', '22'),
  adjustments: fc.array(adjustmentArb, { maxLength: 3 }),
  lines: fc.array(lineArb, { maxLength: 3 }),
  paidIfNoLines: money,
  off: fc.constantFrom(0, 0, 0, 0, 1, -1),
  pr: fc.constantFrom('right', 'right', 'none', 'wrong', 'zero'),
  interest: fc.constantFrom(false, false, false, true),
});
type RawClaim = typeof claimArb extends fc.Arbitrary<infer T> ? T : never;
const total = (xs: Array<{ amount: Decimal }>) => xs.reduce((s, a) => s.plus(a.amount), d('0'));

function build835(raws: RawClaim[], paymentOff: number): string {
  const cent = d('0.01');
  const adjs = (list: RawClaim['adjustments']) => list.map((a) => adj(a.group, a.reason, a.amount.toFixed()));
  const claims = raws.map((raw) => {
    const lines = raw.lines.map((l) => {
      const a = adjs(l.adjustments);
      return line(l.paid.plus(total(a)).plus(cent.times(l.off)).toFixed(), l.paid.toFixed(), a);
    });
    const claimAdj = adjs(raw.adjustments);
    const lineAdj = lines.flatMap((l) => l.adjustments);
    const paid = lines.length ? lines.reduce((s, l) => s.plus(l.paid), d('0')) : raw.paidIfNoLines;
    const billed = paid.plus(total(claimAdj)).plus(total(lineAdj)).plus(cent.times(raw.off));
    const pr = total([...claimAdj, ...lineAdj].filter((a) => a.group === 'PR'));
    const extra: Parameters<typeof claim>[4] = { headerNumber: '1', patientControlNumber: raw.pcn, payerClaimControlNumber: `ICN${raw.status}`, status: raw.status, patient: { role: 'QC', entityType: '1', lastName: 'SYNTHETIC', firstName: 'PAT' } };
    if (raw.pr === 'right') extra.patientResponsibilityAmount = pr;
    if (raw.pr === 'wrong') extra.patientResponsibilityAmount = pr.plus(1);
    if (raw.pr === 'zero') extra.patientResponsibilityAmount = d('0');
    if (raw.interest) extra.amounts = [{ qualifier: 'I', amount: cent.times(raw.off || 1) }];
    return claim(billed.toFixed(), paid.toFixed(), claimAdj, lines, extra);
  });
  // Two remittances (two transaction sets) when there are three claims or more: findings must land in their own.
  const parts = claims.length >= 3 ? [claims.slice(0, 2), claims.slice(2)] : [claims];
  const remittances = parts.map((list, i) => {
    const amount = list.reduce((s, c) => s.plus(c.paid), d('0')).plus(d('0.01').times(i === parts.length - 1 ? paymentOff : 0));
    return remittance(list, amount.abs().toFixed(), { payment: { handling: 'I', amount: amount.abs(), creditDebit: amount.isNegative() ? 'D' : 'C', method: 'CHK', methodDescription: '', date: '2024-03-15' } });
  });
  return write835(remittances, envelope);
}

// --- corruptions -------------------------------------------------------------------------------------
const VALUES = ['', '0', '0.00', '100', '100.', '100.00', '.5', '-0', '-10', '12.345', '1e3', 'abc', '99999999999999999999', 'PR', 'PI', 'CO', 'OA', '18', 'I', 'D', '7', '11:B:8', 'AA'];
type Edit =
  | { kind: 'element'; at: number; element: number; value: string }
  | { kind: 'drop'; at: number }
  | { kind: 'repeat'; at: number }
  | { kind: 'byte'; at: number; op: 'replace' | 'insert' | 'delete'; byte: number };
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('element' as const), at: fc.nat(), element: fc.integer({ min: 1, max: 9 }), value: fc.constantFrom(...VALUES) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('drop' as const, 'repeat' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), op: fc.constantFrom('replace' as const, 'insert' as const, 'delete' as const), byte: fc.constantFrom(42, 126, 58, 48, 57, 46, 65, 10) }) },
);

/** Applies edits to the segments between ST and SE (envelopes kept, so the claims are still read). */
function corrupt(text: string, edits: readonly Edit[]): string {
  const terminator = text.charAt(105);
  const segments = text.split(terminator);
  const body: number[] = [];
  for (let i = 0; i < segments.length; i++) if (!/^\s*(ISA|IEA|GS|GE|ST|SE)\b/.test(segments[i]) && segments[i].trim() !== '') body.push(i);
  if (body.length === 0) return text;
  for (const e of edits) {
    const i = body[e.at % body.length];
    const seg = segments[i];
    if (e.kind === 'element') {
      const els = seg.split('*');
      while (els.length <= e.element) els.push('');
      els[e.element] = e.value;
      segments[i] = els.join('*');
    } else if (e.kind === 'drop') segments[i] = '';
    else if (e.kind === 'repeat') segments[i] = seg + terminator + seg.replace(/^\s+/, '');
    else {
      const at = Math.floor(seg.length / 2);
      const ch = String.fromCharCode(e.byte);
      segments[i] = e.op === 'replace' ? seg.slice(0, at) + ch + seg.slice(at + 1) : e.op === 'insert' ? seg.slice(0, at) + ch + seg.slice(at) : seg.slice(0, at) + seg.slice(at + 1);
    }
  }
  return segments.filter((s, i) => s !== '' || i === segments.length - 1).join(terminator);
}

const chunkArb = fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 65, max: 70_000 }));

describe('x12gw validate: the report with the fast paths = the report of the checks themselves', () => {
  let dir = '';
  const synthetic: string[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'validate-report-'));
    await writeSynthetic837(join(dir, 'p.x12'), 60_000);
    await writeSynthetic835(join(dir, 'r.x12'), 60_000);
    synthetic.push(readFileSync(join(dir, 'p.x12'), 'latin1'), readFileSync(join(dir, 'r.x12'), 'latin1'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('on the samples and the synthetic files as they are', () => {
    const t = tally();
    for (const text of [...samples(), ...synthetic]) compare(text, t, 4096);
    expect(t.files).toBeGreaterThan(40);
    expect(t.fastBalanced).toBeGreaterThan(100);
  });

  it('on random 835s', () => {
    const t = tally();
    fc.assert(
      fc.property(fc.array(claimArb, { minLength: 1, maxLength: 6 }), fc.constantFrom(0, 0, 1), chunkArb, (raws, off, chunk) => compare(build835(raws, off), t, chunk)),
      { numRuns: 300, seed: propertySeed(20261207) },
    );
    // Typically ~280 files with balancing findings, ~35 valid, ~140 claims vouched for by the fast path.
    expect(t.claimFindings).toBeGreaterThan(150);
    expect(t.files - t.invalid).toBeGreaterThan(10);
    expect(t.fastBalanced).toBeGreaterThan(60);
  });

  it('on random corruptions of the samples, the synthetic files and random 835s', () => {
    // The synthetic 835 holds 10,000 claims: its corruptions come from the random 835s instead.
    const seeds = [...samples().filter((s) => /ST\*(837|835)\*/.test(s)), synthetic[0]];
    const t = tally();
    fc.assert(
      fc.property(
        fc.oneof(
          { weight: 3, arbitrary: fc.nat().map((n) => seeds[n % seeds.length]) },
          { weight: 1, arbitrary: fc.tuple(fc.array(claimArb, { minLength: 1, maxLength: 4 }), fc.constantFrom(0, 1)).map(([raws, off]) => build835(raws, off)) },
        ),
        fc.array(editArb, { minLength: 1, maxLength: 4 }),
        chunkArb,
        (seed, edits, chunk) => compare(corrupt(seed, edits), t, chunk),
      ),
      { numRuns: 400, seed: propertySeed(20261207) },
    );
    // Typically ~390 invalid, ~200 with claim-check or balancing findings, ~190 claims vouched for.
    expect(t.invalid).toBeGreaterThan(200);
    expect(t.claimFindings).toBeGreaterThan(80);
    expect(t.fastBalanced).toBeGreaterThan(70);
  });
});
