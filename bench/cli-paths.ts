/**
 * The CLI paths users run, end to end, each in its own child process as a user runs it (the built
 * dist/src/cli/main.js, output into a pipe that a reader drains):
 *   parse --ndjson 837P     parse 837P (loop tree)     report --format json|csv|html 835
 *   generate N claims (NDJSON in, 837 out)
 *   gateway: an 835 from the simulator downloaded and posted by `x12gw serve` (BENCH_GATEWAY_MB=50 default)
 * Each row: input MB/s, the ratio to a Buffer.indexOf scan of the same file measured in the same run
 * (the floor), output MB, and the child's peak RSS (/usr/bin/time %M), the child under a heap cap (below). node-x12 has no CLI for these;
 * its parse rows are in the x12-engine table. BENCH_SIZES=10,100 (MB) and BENCH_CLAIMS=100000 to choose.
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { write835, write837 } from './synthetic.js';
import { syntheticClaim } from './claims-generate.js';
import { runGateway835 } from './gateway-835.js';
import { record, type IssueRow } from './issue-12-summary.js';

const here = fileURLToPath(new URL('.', import.meta.url));
/** bench/ compiled to dist/bench: the CLI is dist/src/cli/main.js; from sources, src/cli/main.ts under tsx. */
const compiled = here.includes(`${join('dist', 'bench')}`);
const ROOT = compiled ? join(here, '..', '..') : join(here, '..');
const CLI = compiled ? [join(ROOT, 'dist', 'src', 'cli', 'main.js')] : ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts')];
const TIME = '/usr/bin/time';
/**
 * Heap caps, as for the engine stages: the streaming paths keep ~40–55 MB live, but with the default
 * limit V8 lets garbage reach ~230 MB before a full collection (RSS 220–340 MB); capped, it collects
 * sooner and RSS stays flat. generate holds one transaction set of claims (5,000) for the HL grouping,
 * as text since issue 12 round 4 (it now also completes under 64 MiB; 128 keeps the row comparable).
 */
const STREAMING_HEAP_MB = 64;
const GENERATE_HEAP_MB = 128;
/**
 * The gateway: one page of outputs and one posting chunk (2,000 claim payments) live at a time. 96 MiB
 * (was 128): with 128 the built gateway's heap grew to its cap and RSS reached 273 MB on a 50 MB 835;
 * with 96, 206 MB at the same CPU per claim payment (test/soak/gateway-300mb.soak.ts, round 4).
 */
const GATEWAY_HEAP_MB = 96;

interface Row {
  path: string;
  inputBytes: number;
  seconds: number;
  outputBytes: number;
  peakRssMb: number;
  status: number | null;
  error?: string;
}

/** Buffer.indexOf over the file in 1 MiB chunks (for `byte`: ~ segment terminators, \n NDJSON lines): MB/s no reader can beat. */
async function floor(file: string, byte = 126): Promise<number> {
  const started = process.hrtime.bigint();
  let n = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(byte); at >= 0; at = chunk.indexOf(byte, at + 1)) n++;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (n === 0) throw new Error(`${file}: nothing to scan for`);
  return statSync(file).size / 1048576 / seconds;
}

/** Runs `x12gw ARGS | wc -c` (two processes, an OS pipe between them); measures time, output size and the CLI's peak RSS. */
function runCli(path: string, args: string[], inputBytes: number, dir: string, heapMb: number): Promise<Row> {
  const rssFile = join(dir, 'rss');
  const started = process.hrtime.bigint();
  const child = spawn(TIME, ['-f', '%M', '-o', rssFile, process.execPath, `--max-old-space-size=${heapMb}`, ...CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const counter = spawn('wc', ['-c'], { stdio: [child.stdout, 'pipe', 'inherit'] });
  let counted = '';
  let stderr = '';
  counter.stdout.on('data', (d: Buffer) => (counted += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const countedAll = new Promise((resolve) => counter.once('close', resolve));
  // The CLI's stdout belongs to wc now; this end is not read here.
  child.stdout.destroy();
  return Promise.all([exited, countedAll]).then(([status]) => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const rss = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024 : 0;
    const failed = status !== 0 && status !== 1;
    return { path, inputBytes, seconds, outputBytes: Number(counted.trim()), peakRssMb: rss, status, error: failed ? (stderr.split('\n').find((l) => /error|heap|memory/i.test(l)) ?? `exit ${status}`).slice(0, 100) : undefined };
  });
}

export async function run(sizesMb = (process.env.BENCH_SIZES ?? '10,100').split(',').map(Number), claims = Number(process.env.BENCH_CLAIMS ?? 100_000)): Promise<string> {
  if (!existsSync(TIME)) throw new Error(`${TIME} is needed to measure peak RSS`);
  const dir = mkdtempSync(join(tmpdir(), 'x12gw-bench-cli-'));
  const lines: string[] = [];
  const log = (s: string) => {
    lines.push(s);
    console.log(s);
  };
  try {
    log('CLI paths, each in its own child process, output into `| wc -c` (MB = MiB; floor = Buffer.indexOf scan of the same file, this run)');
    log('path                          input MB    MB/s   floor MB/s   vs floor   output MB   peak RSS MB   result');
    const print = (r: Row, floorMbs: number, row?: IssueRow, extra: { claims?: number; claimsPerSecond?: number; postedOnce?: boolean } = {}) => {
      const mbs = r.inputBytes / 1048576 / r.seconds;
      if (row) record({ row, label: r.path, bench: 'cli-paths', fileMb: r.inputBytes / 1048576, mbPerSecond: r.error ? 0 : mbs, floorMbPerSecond: floorMbs, peakRssMb: r.peakRssMb, error: r.error, ...extra });
      log(`${r.path.padEnd(29)} ${(r.inputBytes / 1048576).toFixed(0).padStart(8)} ${(r.error ? 0 : mbs).toFixed(1).padStart(7)} ${floorMbs.toFixed(0).padStart(12)} ${r.error ? '' : ('1/' + (floorMbs / mbs).toFixed(0)).padStart(10)} ${(r.outputBytes / 1048576).toFixed(0).padStart(11)} ${r.peakRssMb.toFixed(0).padStart(13)}   ${r.error ? 'failed: ' + r.error : 'ok'}`);
    };
    for (const mb of sizesMb) {
      const f837 = join(dir, `${mb}mb.837`);
      const f835 = join(dir, `${mb}mb.835`);
      await write837(f837, mb * 1e6);
      await write835(f835, mb * 1e6);
      const floor837 = await floor(f837);
      const floor835 = await floor(f835);
      print(await runCli(`parse --ndjson 837P ${mb} MB`, ['parse', '--ndjson', f837], statSync(f837).size, dir, STREAMING_HEAP_MB), floor837, 'parse-ndjson');
      print(await runCli(`parse (tree) 837P ${mb} MB`, ['parse', f837], statSync(f837).size, dir, STREAMING_HEAP_MB), floor837, 'parse-tree');
      for (const format of ['json', 'csv', 'html']) print(await runCli(`report ${format} 835 ${mb} MB`, ['report', '--format', format, f835], statSync(f835).size, dir, STREAMING_HEAP_MB), floor835, format === 'json' ? 'remit-models' : 'report-stream');
      rmSync(f837);
      rmSync(f835);
    }
    const batch = join(dir, 'batch.ndjson');
    let text = '';
    for (let n = 0; n < claims; n++) text += JSON.stringify(syntheticClaim('professional', n)) + '\n';
    writeFileSync(batch, text);
    text = '';
    const partners = join(ROOT, 'config', 'partners');
    const g = await runCli(`generate ${claims} claims`, ['generate', batch, '--partners', partners, '--partner', 'demo', '--date', '2024-06-01T12:00:00Z', '-o', join(dir, 'out.837')], statSync(batch).size, dir, GENERATE_HEAP_MB);
    print(g, await floor(batch, 10), 'generate', { claims, claimsPerSecond: claims / g.seconds });
    log(`generate: ${(claims / g.seconds).toFixed(0)} claims/s, peak RSS ${g.peakRssMb.toFixed(0)} MB (goal: >= 30,000 claims/s, <= 150 MB)`);
    // Gateway: an 835 from the simulator downloaded and posted by `x12gw serve` (bench/gateway-835.ts). BENCH_GATEWAY_MB=300,1000 for the issue's sizes.
    for (const mb of (process.env.BENCH_GATEWAY_MB ?? '50').split(',').filter(Boolean).map(Number)) {
      const r = await runGateway835(mb, CLI, ROOT, GATEWAY_HEAP_MB, (file) => floor(file));
      print({ path: `gateway 835 ${mb} MB posted`, inputBytes: r.inputBytes, seconds: r.seconds, outputBytes: 0, peakRssMb: r.peakRssMb, status: r.error ? 2 : 0, error: r.error ?? (r.postedOnce ? undefined : 'claim payments not posted exactly once') }, r.floorMbs, 'gateway-835', { claims: r.claims, claimsPerSecond: r.claims / r.seconds, postedOnce: r.postedOnce });
      log(`gateway: ${r.claims} claim payments, ${(r.claims / r.seconds).toFixed(0)} claims/s, peak RSS ${r.peakRssMb.toFixed(0)} MB (heap cap ${GATEWAY_HEAP_MB} MiB; goal <= 250 MB at 1 GB), each posted once: ${r.postedOnce ? 'yes' : 'NO'}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return lines.join('\n');
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) await run();
