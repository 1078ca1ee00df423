/**
 * Intake at scale (issue 10, items 7 and 9): a JSON batch of 10,000 and of 100,000 claims taken in by
 * the gateway's intake (streamed survey + chunked recording) and its 837s generated, each size in a
 * fresh child process so peak RSS is the job's own. Meanwhile the child's API answers GET /health over
 * HTTP, one request after another: p50 / p99 / max latency. Targets: peak RSS ≤ 300 MB at 100,000
 * claims; /health < 200 ms.
 *
 *   npx tsx bench/intake.ts [sizes...]      (default 10000 100000; or `npm run bench`, BENCH_ONLY=intake)
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { buildServer } from '../src/api/app.js';
import { GatewayConfigSchema, resolveConfig } from '../src/gateway/config.js';
import { claimBatch, takeBatch, DEFAULT_INTAKE_SETTINGS } from '../src/gateway/intake.js';
import { createLogger } from '../src/gateway/logger.js';
import { createGateway } from '../src/gateway/runtime.js';
import { generatePending } from '../src/gateway/sender.js';
import { createLedger, openLedgerDb } from '../src/ledger/index.js';
import { syntheticBatch } from '../src/simulator/synthetic-claims.js';
import { partner } from './workbench.js';


interface ChildResult {
  claims: number;
  batchMB: number;
  baselineRssMB: number;
  peakRssMB: number;
  intakeSeconds: number;
  generateSeconds: number;
  files: number;
  health: { requests: number; p50: number; p99: number; max: number };
  /**
   * The same for a request that touches no table (an unknown path: routing and a 404), asked alternately
   * with /health: the event loop's own responsiveness, without /health's count of the claims table
   * (which issue 10 removes from /health on another branch).
   */
  loop: { requests: number; p50: number; p99: number; max: number };
  /** Per job: peak RSS while it ran, and the slowest /health answer. */
  phases: Record<'intake' | 'generate', { peakRssMB: number; healthMaxMs: number }>;
  heapCapMB: number | null;
}

/** Writes the batch in slices (the parent never holds 100,000 claims as one string). */
function writeBatch(path: string, claims: number): void {
  writeFileSync(path, '{"batchId":"BENCH","partnerId":"demo","claims":[');
  for (let start = 1; start <= claims; start += 5000) {
    const n = Math.min(5000, claims - start + 1);
    const slice = syntheticBatch({ batchId: 'BENCH', claims: n, start }).claims.map((c) => JSON.stringify(c)).join(',');
    appendFileSync(path, (start > 1 ? ',' : '') + slice);
  }
  appendFileSync(path, ']}');
}

async function child(dir: string, claims: number): Promise<ChildResult> {
  const baselineRss = process.memoryUsage.rss();
  const config = GatewayConfigSchema.parse({ dataDir: join(dir, 'data'), folders: { outbox: join(dir, 'outbox'), inbox: join(dir, 'inbox'), reports: join(dir, 'reports') }, defaultPartner: 'demo' });
  const handle = await openLedgerDb({ dataDir: config.dataDir });
  const ledger = createLedger(handle.db);
  const log = createLogger({ level: 'warn', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
  const gateway = createGateway({ resolved: resolveConfig(config, dir, [partner]), ledger, log, watch: false });
  const server = await buildServer({ deps: { ledger, tokens: ['bench-config-token-0123456789'] }, logger: false });
  const address = await server.listen({ host: '127.0.0.1', port: 0 });
  let peakRss = process.memoryUsage.rss();
  let phase: 'intake' | 'generate' = 'intake';
  const phases = { intake: { peakRssMB: 0, healthMaxMs: 0 }, generate: { peakRssMB: 0, healthMaxMs: 0 } };
  const sampler = setInterval(() => {
    const rss = process.memoryUsage.rss();
    peakRss = Math.max(peakRss, rss);
    phases[phase].peakRssMB = Math.max(phases[phase].peakRssMB, Math.round(rss / 1024 / 1024));
  }, 20);
  let done = false;
  const timings = { intake: 0, generate: 0, files: 0 };
  const job = (async () => {
    const ctx = gateway.context;
    const t0 = performance.now();
    const path = claimBatch(ctx, 'bench.json');
    if (!path) throw new Error('batch not claimed');
    const outcome = await takeBatch(ctx, path, DEFAULT_INTAKE_SETTINGS);
    if (outcome !== 'recorded') throw new Error(`intake ended ${outcome}`);
    const t1 = performance.now();
    phase = 'generate';
    timings.files = await generatePending(ctx);
    timings.intake = (t1 - t0) / 1000;
    timings.generate = (performance.now() - t1) / 1000;
  })().finally(() => (done = true));
  const latencies: number[] = [];
  const probe: number[] = [];
  while (!done) {
    const t = performance.now();
    const res = await fetch(`${address}/health`);
    await res.arrayBuffer();
    const ms = performance.now() - t;
    latencies.push(ms);
    phases[phase].healthMaxMs = Math.max(phases[phase].healthMaxMs, Math.round(ms));
    const t2 = performance.now();
    const res2 = await fetch(`${address}/bench-probe-404`);
    await res2.arrayBuffer();
    probe.push(performance.now() - t2);
  }
  await job;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024); // maxRSS is in KB
  const recorded = Number((await handle.db.selectFrom('claims').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  await server.close();
  await gateway.stop();
  await handle.close();
  latencies.sort((a, b) => a - b);
  probe.sort((a, b) => a - b);
  const q = (xs: number[], p: number) => Math.round(xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] * 10) / 10;
  const at = (p: number) => q(latencies, p);
  const mb = (b: number) => Math.round(b / 1024 / 1024);
  return {
    claims: recorded,
    batchMB: 0,
    baselineRssMB: mb(baselineRss),
    peakRssMB: mb(peakRss),
    intakeSeconds: Math.round(timings.intake * 10) / 10,
    generateSeconds: Math.round(timings.generate * 10) / 10,
    files: timings.files,
    health: { requests: latencies.length, p50: at(0.5), p99: at(0.99), max: Math.round(latencies[latencies.length - 1] * 10) / 10 },
    loop: { requests: probe.length, p50: q(probe, 0.5), p99: q(probe, 0.99), max: Math.round(probe[probe.length - 1] * 10) / 10 },
    phases,
    heapCapMB: HEAP_CAP_MB,
  };
}

/** The child's V8 heap cap (BENCH_INTAKE_HEAP_MB; 0 = none): the working set must fit, and GC keeps RSS honest. */
const HEAP_CAP_MB = Number(process.env.BENCH_INTAKE_HEAP_MB ?? 256) || null;

function runChild(dir: string, claims: number): Promise<ChildResult> {
  const self = fileURLToPath(import.meta.url);
  const cap = HEAP_CAP_MB ? [`--max-old-space-size=${HEAP_CAP_MB}`] : [];
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...process.execArgv, ...cap, self, '--child', dir, String(claims)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`bench child exited ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!) as ChildResult);
      } catch (err) {
        reject(err);
      }
    });
  });
}

export async function run(sizes = (process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number).length ? process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number) : (process.env.BENCH_INTAKE_SIZES?.split(',').map(Number) ?? [10_000, 100_000]))) {
  const results: ChildResult[] = [];
  for (const claims of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'x12gw-intake-bench-'));
    try {
      mkdirSync(join(dir, 'outbox'), { recursive: true });
      const path = join(dir, 'outbox', 'bench.json');
      writeBatch(path, claims);
      const { size } = statSync(path);
      const r = await runChild(dir, claims);
      r.batchMB = Math.round(size / 1024 / 1024);
      results.push(r);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const out = { bench: 'intake', targets: { peakRssMBAt100k: 300, healthMs: 200 }, results };
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  return out;
}

if (process.argv[1] && /intake\.(ts|js)$/.test(process.argv[1])) {
  if (process.argv[2] === '--child') {
    const r = await child(process.argv[3], Number(process.argv[4]));
    process.stdout.write(JSON.stringify(r) + '\n');
    process.exit(0);
  } else await run();
}
