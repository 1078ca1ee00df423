/**
 * Golden tests for 277CA / 277 → ClaimStatus and 999 / TA1 → Acknowledgment: project-written samples in
 * samples/acks/ against the expected JSON beside them (UPDATE_GOLDEN=1 rewrites them; review by hand),
 * 999 errors mapped to the claims of the 837 they answer, and the public corpus read in place.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readClaimStatuses } from '../../src/acks/read-277.js';
import { readAcknowledgments } from '../../src/acks/read-999.js';
import { index837, mapAcknowledgmentTo837 } from '../../src/acks/map-to-837.js';
import { allFindings } from '../../src/guides/reader.js';

const SAMPLES = join(__dirname, '../../samples/acks');
const CORPUS = join(__dirname, '../../../shared/corpus');
const update = process.env.UPDATE_GOLDEN === '1';
const CLAIMS_837 = join(SAMPLES, 'claims-answered.837');

function golden(path: string, actual: string): void {
  if (update) writeFileSync(path, actual);
  if (!existsSync(path)) throw new Error(`${basename(path)} is missing: run with UPDATE_GOLDEN=1 and review it`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

/** What a sample reads to: claim statuses, 999s (with the claims they hit), TA1s. */
function model(name: string): unknown {
  const input = readFileSync(join(SAMPLES, name));
  const statuses = readClaimStatuses(input, { file: name }).responses;
  const { acks, ta1 } = readAcknowledgments(input, { file: name });
  const index = index837(readFileSync(CLAIMS_837));
  return { claimStatuses: statuses, acknowledgments: acks.map((a) => ({ ...a, claimsHit: mapAcknowledgmentTo837(a, index) })), interchangeAcknowledgments: ta1 };
}

const samples = readdirSync(SAMPLES).filter((f) => /\.(277ca|999|ta1)$/.test(f)).sort();

describe('samples/acks golden files', () => {
  it.each(samples)('%s reads to its expected JSON', (name) => {
    golden(join(SAMPLES, name.replace(/\.[^.]+$/, '.expected.json')), JSON.stringify(model(name), null, 2) + '\n');
  });

  it('cover 277CA accepted and rejected, 999 accepted / partially accepted / rejected, and TA1', () => {
    const statuses = samples.flatMap((n) => readClaimStatuses(readFileSync(join(SAMPLES, n))).responses);
    const verdicts = new Set(statuses.flatMap((r) => r.claims.map((c) => c.verdict)));
    expect(verdicts).toEqual(new Set(['accepted', 'rejected']));
    const groups = new Set(samples.flatMap((n) => readAcknowledgments(readFileSync(join(SAMPLES, n))).acks.map((a) => a.groupStatus)));
    expect(groups).toEqual(new Set(['A', 'P', 'R']));
    const ta1 = samples.flatMap((n) => readAcknowledgments(readFileSync(join(SAMPLES, n))).ta1);
    expect(ta1.some((t) => !t.accepted && t.note !== '000')).toBe(true);
  });

  it('map the partially accepted 999 to the claim and field of the 837 it answers', () => {
    const { acks } = readAcknowledgments(readFileSync(join(SAMPLES, 'partially-accepted.999')));
    const mapped = mapAcknowledgmentTo837(acks[0], index837(readFileSync(CLAIMS_837)));
    expect(mapped.map((m) => [m.claims, m.field, m.matched])).toEqual([
      [['CLM-B2'], 'Claim Frequency Type Code (CLM05-3)', true],
      [['CLM-B2'], 'Subscriber Primary Identifier (NM109)', true],
    ]);
  });
});

function manifest(): Map<string, string> {
  const lines = readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const header = lines[0].split('\t');
  return new Map(lines.slice(1).map((l) => l.split('\t')).map((c) => [c[header.indexOf('file')], c[header.indexOf('reference_result')]]));
}

// The corpus is required: a missing ../shared/corpus fails this file loudly, never skips it.
describe('public corpus 277CA, 277, 999 and TA1 files', () => {
  const verdicts = manifest();
  const files = ['277CA', '277', '999', 'TA1'].flatMap((dir) => readdirSync(join(CORPUS, dir)).sort().map((f) => `${dir}/${f}`));

  it.each(files)('%s parses to a model or is rejected with a positioned finding', (path) => {
    const input = readFileSync(join(CORPUS, path));
    const statuses = readClaimStatuses(input, { file: path });
    const acks = readAcknowledgments(input, { file: path });
    const models = statuses.responses.length + acks.acks.length + acks.ta1.length;
    const errors = allFindings(acks.report).filter((f) => f.severity === 'error');
    if (models === 0) {
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((f) => f.position.byteOffset !== undefined || f.position.segmentNumber !== undefined)).toBe(true);
    }
    for (const r of statuses.responses) for (const c of r.claims) expect(c.statuses.length + c.lines.length).toBeGreaterThan(0);
    for (const a of acks.acks) for (const t of a.transactions) expect(t.statusDescription).not.toBe('');
    if (verdicts.get(path) === 'VALID') {
      expect(models).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    }
  });
});
