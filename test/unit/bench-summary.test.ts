import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GOALS, NOT_RUN, RESULTS_ENV, formatSummary, readRecords, record, summarize, type BenchRecord } from '../../bench/issue-12-summary.js';

const base = { bench: 'test', mbPerSecond: 0, peakRssMb: 50 };
const validate = (mbPerSecond: number, floor = 1000, extra: Partial<BenchRecord> = {}): BenchRecord => ({ ...base, row: 'validate', label: `1024 MB 835 x12gw-validate`, fileMb: 1024, mbPerSecond, floorMbPerSecond: floor, ...extra });
const one = (r: BenchRecord) => summarize([r]).filter((l) => l.verdict !== 'not-run');

describe('issue 12 summary: rows → verdicts', () => {
  it('prints every row of the issue table as not run when nothing was recorded, never a number', () => {
    const lines = summarize([]);
    expect(lines.map((l) => l.path)).toEqual(GOALS.map((g) => g.path));
    expect(lines).toHaveLength(7);
    for (const l of lines) {
      expect(l.verdict).toBe('not-run');
      expect(l.now).toBe(NOT_RUN);
      expect(l.now).not.toMatch(/\d/);
    }
  });

  it('validate: ≥ 1/10 of the floor is met; between 1/20 and 1/10 missed but not below 1/20; under 1/20 flagged', () => {
    expect(one(validate(100))[0]).toMatchObject({ verdict: 'met', met: 'yes' });
    expect(one(validate(99))[0].verdict).toBe('missed');
    expect(one(validate(99))[0].met).toMatch(/< 1\/10 \(not below 1\/20\)/);
    expect(one(validate(50))[0].met).toMatch(/not below 1\/20/);
    expect(one(validate(49))[0].met).toMatch(/BELOW 1\/20/);
    // An invalid verdict on a valid file or a crash is a miss whatever the speed.
    expect(one(validate(500, 1000, { error: 'valid file reported INVALID' }))[0]).toMatchObject({ verdict: 'missed', met: 'no: failed: valid file reported INVALID' });
  });

  it('835 → models: needs 1/20 of the floor AND ≤ 200 MB RSS; a run smaller than 1 GB is said to be smaller', () => {
    const r = (mbPerSecond: number, peakRssMb: number, fileMb = 1024): BenchRecord => ({ ...base, row: 'remit-models', label: 'x', fileMb, mbPerSecond, floorMbPerSecond: 1000, peakRssMb });
    expect(one(r(50, 200))[0].verdict).toBe('met');
    expect(one(r(49, 100))[0]).toMatchObject({ verdict: 'missed', met: 'no: 1/20.4 of the floor: < 1/20' });
    expect(one(r(60, 201))[0]).toMatchObject({ verdict: 'missed', met: 'no: peak RSS 201 MB > 200 MB' });
    expect(one(r(60, 100, 10))[0]).toMatchObject({ verdict: 'met-smaller', met: 'yes at 10 MB (goal at 1 GB: not run)' });
  });

  it('report / parse rows: RSS limits of 200 MB', () => {
    for (const row of ['report-stream', 'parse-ndjson', 'parse-tree'] as const) {
      const r = (peakRssMb: number): BenchRecord => ({ ...base, row, label: row, fileMb: 1024, mbPerSecond: 10, floorMbPerSecond: 1000, peakRssMb });
      expect(one(r(200))[0].verdict).toBe('met');
      expect(one(r(201))[0].verdict).toBe('missed');
    }
  });

  it('generate: ≤ 150 MB RSS and ≥ 30k claims/s at 100,000 claims', () => {
    const g = (claimsPerSecond: number, peakRssMb: number, claims = 100_000): BenchRecord => ({ ...base, row: 'generate', label: `generate ${claims} claims`, fileMb: 40, mbPerSecond: 1, claims, claimsPerSecond, peakRssMb });
    expect(one(g(30_000, 150))[0].verdict).toBe('met');
    expect(one(g(29_999, 100))[0].met).toBe('no: 29999 claims/s < 30,000');
    expect(one(g(40_000, 151))[0].verdict).toBe('missed');
    expect(one(g(470, 196))[0].met).toBe('no: peak RSS 196 MB > 150 MB; 470 claims/s < 30,000');
    expect(one(g(40_000, 100, 10_000))[0].verdict).toBe('met-smaller');
    expect(one(g(40_000, 100))[0].now).toMatch(/^40000 claims\/s/);
  });

  it('gateway: ≤ 250 MB RSS and every claim payment posted exactly once', () => {
    const gw = (peakRssMb: number, postedOnce: boolean): BenchRecord => ({ ...base, row: 'gateway-835', label: 'gateway', fileMb: 1024, mbPerSecond: 20, floorMbPerSecond: 900, claims: 1000, claimsPerSecond: 500, peakRssMb, postedOnce });
    expect(one(gw(250, true))[0].verdict).toBe('met');
    expect(one(gw(251, true))[0].verdict).toBe('missed');
    expect(one(gw(100, false))[0].met).toBe('no: claim payments NOT posted exactly once');
  });

  it('one line per label, largest first; a label recorded twice keeps the last; other rows stay not run', () => {
    const lines = summarize([validate(10, 1000, { label: '10 MB 837P', fileMb: 10 }), validate(200, 1000, { label: '100 MB 837P', fileMb: 100 }), validate(300, 1000, { label: '10 MB 837P', fileMb: 10 })]);
    const mine = lines.filter((l) => l.path === GOALS[0].path);
    expect(mine.map((l) => l.label)).toEqual(['100 MB 837P', '10 MB 837P']);
    expect(mine[1].now).toMatch(/^300\.0 MB\/s, floor 1000 MB\/s = 1\/3\.3,/);
    expect(lines.filter((l) => l.verdict === 'not-run')).toHaveLength(6);
    const table = formatSummary(lines);
    expect(table.split('\n')).toHaveLength(2 + 8);
    expect(table).toContain(NOT_RUN);
  });
});

describe('record / readRecords', () => {
  const saved = process.env[RESULTS_ENV];
  let dir = '';
  afterEach(() => {
    if (saved === undefined) delete process.env[RESULTS_ENV];
    else process.env[RESULTS_ENV] = saved;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('appends JSON lines to the file named by the env var, and does nothing without it', () => {
    dir = mkdtempSync(join(tmpdir(), 'bench-summary-'));
    const file = join(dir, 'rows.jsonl');
    delete process.env[RESULTS_ENV];
    record(validate(100));
    expect(readRecords(file)).toEqual([]);
    process.env[RESULTS_ENV] = file;
    record(validate(100));
    record(validate(120));
    expect(readRecords(file).map((r) => r.mbPerSecond)).toEqual([100, 120]);
  });
});
