/**
 * Golden tests for 835 → Remittance: every project-written sample in samples/remits/ parses to the
 * expected JSON and CSV kept beside it (UPDATE_GOLDEN=1 rewrites them; review the diff by hand), and
 * every public corpus 835 either parses to a model or is rejected with a positioned finding.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRemittances } from '../../src/remits/read-remittances.js';
import { remittanceCsv, remittanceJson } from '../../src/remits/report.js';
import { allFindings } from '../../src/guides/reader.js';

const SAMPLES = join(__dirname, '../../samples/remits');
const CORPUS = join(__dirname, '../../../shared/corpus');
const update = process.env.UPDATE_GOLDEN === '1';
const samples = readdirSync(SAMPLES).filter((f) => f.endsWith('.835')).sort();

function golden(path: string, actual: string): void {
  if (update || !existsSync(path)) {
    if (!update) throw new Error(`${basename(path)} is missing: run with UPDATE_GOLDEN=1 and review it`);
    writeFileSync(path, actual);
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('samples/remits golden files', () => {
  it.each(samples)('%s parses to its expected JSON and CSV', (name) => {
    const { remittances } = readRemittances(readFileSync(join(SAMPLES, name)), { file: name });
    expect(remittances.length).toBeGreaterThan(0);
    golden(join(SAMPLES, name.replace(/\.835$/, '.expected.json')), remittanceJson(remittances));
    golden(join(SAMPLES, name.replace(/\.835$/, '.expected.csv')), remittanceCsv(remittances));
  });

  it('cover paid, partially paid, denied and reversed claims, PLB interest and recoupment, MIA and MOA, several payers', () => {
    const all = samples.flatMap((name) => readRemittances(readFileSync(join(SAMPLES, name)), { file: name }).remittances.map((r) => ({ name, r })));
    const claims = all.flatMap(({ r }) => r.claims);
    expect(new Set(claims.map((c) => c.outcome))).toEqual(new Set(['paid', 'partially-paid', 'denied', 'reversed']));
    const plb = all.flatMap(({ r }) => r.providerAdjustments);
    expect(plb.some((p) => p.reason === 'L6' && p.amount.isNegative())).toBe(true);
    expect(plb.some((p) => p.reason === 'WO' && p.amount.isPositive() && p.reference)).toBe(true);
    expect(claims.some((c) => c.adjudication?.kind === 'inpatient' && c.adjudication.remarks.length > 0)).toBe(true);
    expect(claims.some((c) => c.adjudication?.kind === 'outpatient' && c.adjudication.remarks.length > 0)).toBe(true);
    expect(claims.some((c) => c.lines.some((l) => new Set(l.adjustments.map((a) => a.group)).size >= 3))).toBe(true);
    expect(all.some(({ r }) => r.reversals.some((p) => p.correction !== undefined))).toBe(true);
    const payersPerFile = new Map<string, Set<string>>();
    for (const { name, r } of all) payersPerFile.set(name, (payersPerFile.get(name) ?? new Set()).add(r.payer.name));
    expect([...payersPerFile.values()].some((s) => s.size >= 2)).toBe(true);
  });

  it('balance every sample except the one written not to', () => {
    for (const name of samples) {
      const { remittances, report } = readRemittances(readFileSync(join(SAMPLES, name)), { file: name });
      const balanced = remittances.every((r) => r.balance.balanced);
      expect(balanced, name).toBe(name !== 'unbalanced.835');
      if (name !== 'unbalanced.835') expect(allFindings(report).filter((f) => f.severity === 'error'), name).toEqual([]);
    }
  });
});

/** The corpus MANIFEST: file → reference_result. */
function manifest(): Map<string, string> {
  const lines = readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const header = lines[0].split('\t');
  const file = header.indexOf('file');
  const result = header.indexOf('reference_result');
  return new Map(lines.slice(1).map((l) => l.split('\t')).map((c) => [c[file], c[result]]));
}

/** Corpus files the reference validator calls VALID whose imbalance we report, and why. None so far. */
const EXPLAINED_IMBALANCE: Readonly<Record<string, string>> = {};

// The corpus is required: a missing ../shared/corpus fails this file loudly (readdirSync throws), never skips it.
describe('public corpus 835 files', () => {
  const files = readdirSync(join(CORPUS, '835')).sort();
  const verdicts = manifest();

  it.each(files)('%s parses to a model or is rejected with a positioned finding', (name) => {
    const { remittances, report } = readRemittances(readFileSync(join(CORPUS, '835', name)), { file: name });
    if (remittances.length === 0) {
      const findings = allFindings(report).filter((f) => f.severity === 'error');
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.every((f) => f.position.byteOffset !== undefined || f.position.segmentNumber !== undefined)).toBe(true);
      return;
    }
    for (const r of remittances) {
      expect(r.claimCount).toBe(r.claims.length);
      expect(r.trace.number).not.toBe('');
      // Every balancing finding names where it is.
      for (const f of r.findings.filter((x) => x.snip === 3)) expect(f.position.segmentNumber).toBeGreaterThan(0);
    }
  });

  const valid = files.filter((f) => verdicts.get(`835/${f}`) === 'VALID');
  it('has files the reference validator calls VALID', () => expect(valid.length).toBeGreaterThan(0));
  it.each(valid)('%s (VALID) parses without errors and balances', (name) => {
    const { remittances, report } = readRemittances(readFileSync(join(CORPUS, '835', name)), { file: name });
    expect(remittances.length).toBeGreaterThan(0);
    expect(allFindings(report).filter((f) => f.severity === 'error' && f.snip !== 3)).toEqual([]);
    const unbalanced = remittances.filter((r) => !r.balance.balanced);
    if (EXPLAINED_IMBALANCE[name]) expect(unbalanced.length).toBeGreaterThan(0);
    else expect(unbalanced.map((r) => r.findings.filter((f) => f.snip === 3).map((f) => f.message))).toEqual([]);
  });
});
