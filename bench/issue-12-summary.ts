/**
 * Issue 12's table, in one place: each bench records its rows (`record`) as JSON lines into the file named
 * by X12GW_BENCH_RESULTS (bench/run.ts sets it, fresh for each invocation); at the end bench/run.ts reads
 * them back and prints every row of the issue's table with its goal and whether it is met (`summarize`,
 * `formatSummary`: pure). A row no bench recorded in this invocation prints "not run" — never a stale number.
 * Outside `npm run bench` (no X12GW_BENCH_RESULTS) `record` does nothing.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

export const RESULTS_ENV = 'X12GW_BENCH_RESULTS';

/** The issue's seven rows (validate is one row with two files, 837P and 835). */
export type IssueRow = 'validate' | 'remit-models' | 'report-stream' | 'parse-ndjson' | 'parse-tree' | 'generate' | 'gateway-835';

/** One measurement as a bench printed it. */
export interface BenchRecord {
  row: IssueRow;
  /** The bench's own printed row label (e.g. "100 MB 835 x12gw-validate", "report csv 835 100 MB"). */
  label: string;
  /** Which bench printed it (bench/<name>.ts). */
  bench: string;
  /** Input size in MiB (the claims file for generate). */
  fileMb: number;
  /** Input MB/s (wall); 0 when the run failed. */
  mbPerSecond: number;
  /** Buffer.indexOf scan of the same file in the same run, MB/s. */
  floorMbPerSecond?: number;
  /** generate and gateway: claims per second. */
  claimsPerSecond?: number;
  /** generate: how many claims. */
  claims?: number;
  peakRssMb: number;
  /** This row's speed over node-x12's on the same file in the same run, where node-x12 survived. */
  vsNodeX12?: number;
  /** gateway: every claim payment posted exactly once. */
  postedOnce?: boolean;
  /** Failed, did not survive, or gave a wrong answer (e.g. a valid file reported invalid). */
  error?: string;
}

/** Appends one record to this invocation's results file (no-op outside `npm run bench`). */
export function record(r: BenchRecord): void {
  const file = process.env[RESULTS_ENV];
  if (!file) return;
  appendFileSync(file, JSON.stringify(r) + '\n');
}

export function readRecords(file: string): BenchRecord[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as BenchRecord);
}

interface Goal {
  row: IssueRow;
  path: string;
  goal: string;
  /** The file size (MiB) or claim count the goal is stated at; a smaller run is said to be smaller. */
  goalSize?: { mb?: number; claims?: number };
  /** Why this record misses the goal, or undefined when it meets it. */
  miss: (r: BenchRecord) => string | undefined;
}

/** A share of the floor as "1/N" (one decimal below 1/100, so 1/20.4 is not shown as 1/20). */
const oneIn = (x: number) => (x > 0 ? `1/${1 / x < 100 ? (1 / x).toFixed(1) : (1 / x).toFixed(0)}` : '1/∞');
const ratio = (r: BenchRecord) => (r.floorMbPerSecond && r.mbPerSecond ? r.mbPerSecond / r.floorMbPerSecond : 0);
const rssAtMost = (limit: number) => (r: BenchRecord) => (r.peakRssMb > limit ? `peak RSS ${r.peakRssMb.toFixed(0)} MB > ${limit} MB` : undefined);
/** A failed run misses; otherwise every check that misses says why (joined), or undefined when all pass. */
const all = (...checks: Array<(r: BenchRecord) => string | undefined>) => (r: BenchRecord) => {
  if (r.error) return `failed: ${r.error}`;
  const why = checks.map((check) => check(r)).filter((w): w is string => w !== undefined);
  return why.length ? why.join('; ') : undefined;
};

/** The issue's table, in its order. */
export const GOALS: Goal[] = [
  {
    row: 'validate',
    path: '`validate` 837P / 835',
    goal: '≥ 1/10 of the floor, never < 1/20',
    miss: all((r) => {
      const x = ratio(r);
      if (x >= 0.1) return undefined;
      return x >= 0.05 ? `${oneIn(x)} of the floor: < 1/10 (not below 1/20)` : `${oneIn(x)} of the floor: BELOW 1/20`;
    }),
  },
  {
    row: 'remit-models',
    path: '835 → remittance models',
    goal: '≥ 1/20 of the floor, ≤ 200 MB RSS at 1 GB',
    goalSize: { mb: 1024 },
    miss: all((r) => (ratio(r) >= 0.05 ? undefined : `${oneIn(ratio(r))} of the floor: < 1/20`), rssAtMost(200)),
  },
  { row: 'report-stream', path: '`report --format csv/html`', goal: 'streaming, ≤ 200 MB RSS at 1 GB', goalSize: { mb: 1024 }, miss: all(rssAtMost(200)) },
  { row: 'parse-ndjson', path: '`parse --ndjson FILE | …`', goal: '≤ 200 MB RSS', miss: all(rssAtMost(200)) },
  { row: 'parse-tree', path: '`parse FILE` (tree)', goal: '≤ 200 MB RSS', miss: all(rssAtMost(200)) },
  {
    row: 'generate',
    path: '`generate` 100,000 claims',
    goal: '≤ 150 MB RSS, ≥ 30k claims/s',
    goalSize: { claims: 100_000 },
    miss: all(rssAtMost(150), (r) => ((r.claimsPerSecond ?? 0) >= 30_000 ? undefined : `${(r.claimsPerSecond ?? 0).toFixed(0)} claims/s < 30,000`)),
  },
  {
    row: 'gateway-835',
    path: 'gateway: an 835 downloaded, posted',
    goal: '≤ 250 MB RSS, each claim posted once (at 1 GB)',
    goalSize: { mb: 1024 },
    miss: all(rssAtMost(250), (r) => (r.postedOnce ? undefined : 'claim payments NOT posted exactly once')),
  },
];

export const NOT_RUN = 'not run (BENCH_ONLY/BENCH_SIZES)';

export interface SummaryLine {
  path: string;
  /** The measurement's label as its bench printed it; empty when not run. */
  label: string;
  now: string;
  goal: string;
  /** "yes", "yes (at 10 MB; goal at 1 GB)", "no: …", or NOT_RUN. */
  met: string;
  verdict: 'met' | 'met-smaller' | 'missed' | 'not-run';
}

function describe(r: BenchRecord): string {
  if (r.error) return `failed: ${r.error}`;
  const parts: string[] = [];
  if (r.row === 'generate') parts.push(`${(r.claimsPerSecond ?? 0).toFixed(0)} claims/s`);
  else parts.push(`${r.mbPerSecond.toFixed(1)} MB/s`);
  if (r.floorMbPerSecond) parts.push(`floor ${r.floorMbPerSecond.toFixed(0)} MB/s = ${oneIn(ratio(r))}`);
  if (r.row === 'gateway-835' && r.claimsPerSecond) parts.push(`${r.claimsPerSecond.toFixed(0)} claims/s`);
  if (r.vsNodeX12) parts.push(`${r.vsNodeX12.toFixed(1)}× node-x12`);
  parts.push(`peak RSS ${r.peakRssMb.toFixed(0)} MB`);
  if (r.row === 'gateway-835') parts.push(r.postedOnce ? 'posted once' : 'NOT posted once');
  return parts.join(', ');
}

const sizeOf = (r: BenchRecord) => (r.row === 'generate' ? `${r.claims ?? 0} claims` : `${r.fileMb.toFixed(0)} MB`);

/**
 * Rows → verdicts. Each issue row gets one line per distinct label (a bench's row at one size), the
 * largest size first; a row that no record names gets one "not run" line.
 */
export function summarize(records: BenchRecord[]): SummaryLine[] {
  const lines: SummaryLine[] = [];
  for (const g of GOALS) {
    const mine = records.filter((r) => r.row === g.row);
    if (mine.length === 0) {
      lines.push({ path: g.path, label: '', now: NOT_RUN, goal: g.goal, met: NOT_RUN, verdict: 'not-run' });
      continue;
    }
    // A label measured twice in one invocation: the last measurement stands.
    const byLabel = new Map<string, BenchRecord>();
    for (const r of mine) byLabel.set(r.label, r);
    const sorted = [...byLabel.values()].sort((a, b) => (b.claims ?? b.fileMb) - (a.claims ?? a.fileMb));
    for (const r of sorted) {
      const why = g.miss(r);
      const smaller = g.goalSize && ((g.goalSize.mb && r.fileMb < g.goalSize.mb * 0.95) || (g.goalSize.claims && (r.claims ?? 0) < g.goalSize.claims));
      const goalAt = g.goalSize?.mb ? `${g.goalSize.mb >= 1024 ? g.goalSize.mb / 1024 + ' GB' : g.goalSize.mb + ' MB'}` : `${g.goalSize?.claims} claims`;
      const verdict: SummaryLine['verdict'] = why ? 'missed' : smaller ? 'met-smaller' : 'met';
      const met = why ? `no: ${why}` : smaller ? `yes at ${sizeOf(r)} (goal at ${goalAt}: not run)` : 'yes';
      lines.push({ path: g.path, label: r.label, now: describe(r), goal: g.goal, met, verdict });
    }
  }
  return lines;
}

/** The table bench/run.ts prints at the end. */
export function formatSummary(lines: SummaryLine[]): string {
  const header = ['path', 'measured', 'now', 'goal', 'met?'];
  const rows = lines.map((l) => [l.path, l.label, l.now, l.goal, l.met]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ').trimEnd();
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(fmt)].join('\n');
}
