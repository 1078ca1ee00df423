/**
 * `npm run bench`: every benchmark in bench/, one after another, each printing its own table; at the end,
 * issue 12's table (bench/issue-12-summary.ts) from the rows the benches recorded in this invocation.
 * BENCH_ONLY=x12-engine,claims-generate,remits-parse,cli-paths,instances,inbound-answers picks some; BENCH_SIZES=10,100 limits file sizes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RESULTS_ENV, formatSummary, readRecords, summarize } from './issue-12-summary.js';

const suites: Array<[string, () => Promise<{ run: () => Promise<unknown> }>]> = [
  ['x12-engine', () => import('./x12-engine.js')],
  ['claims-generate', () => import('./claims-generate.js')],
  ['remits-parse', () => import('./remits-parse.js')],
  ['workbench', () => import('./workbench.js')],
  ['intake', () => import('./intake.js')],
  ['denial-learner', () => import('./denial-learner.js')],
  ['cli-paths', () => import('./cli-paths.js')],
  ['instances', () => import('./instances.js')],
  ['inbound-answers', () => import('./inbound-answers.js')],
];

// A fresh results file for this invocation only: the summary never shows a number from an earlier run.
const resultsDir = mkdtempSync(join(tmpdir(), 'x12gw-bench-results-'));
const resultsFile = join(resultsDir, 'rows.jsonl');
process.env[RESULTS_ENV] = resultsFile;

const only = process.env.BENCH_ONLY?.split(',');
const failed: string[] = [];
try {
  for (const [name, load] of suites) {
    if (only && !only.includes(name)) continue;
    console.log(`\n=== ${name} ===`);
    try {
      const mod = await load();
      await mod.run();
    } catch (err) {
      // One bench failing must not hide the others' rows; the summary and the exit status say so.
      failed.push(name);
      console.error(`bench ${name} failed: ${(err as Error).stack ?? err}`);
    }
  }
  console.log(`\n=== issue 12: every row of the table (this run only${process.env.BENCH_ONLY ? `; BENCH_ONLY=${process.env.BENCH_ONLY}` : ''}${process.env.BENCH_SIZES ? `; BENCH_SIZES=${process.env.BENCH_SIZES}` : ''}) ===`);
  console.log(formatSummary(summarize(readRecords(resultsFile))));
  if (failed.length) {
    console.log(`benches that failed: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
} finally {
  rmSync(resultsDir, { recursive: true, force: true });
}
