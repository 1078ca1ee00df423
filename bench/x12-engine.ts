/**
 * X12 engine benchmark: for synthetic 837P and 835 files of 10 MB, 100 MB and 1 GB (generated at run time
 * in a temp folder, deleted afterwards), each measurement runs in its own child process so its peak RSS is
 * its own:
 *   floor      Buffer.indexOf scan for segment terminators over 1 MiB chunks (nothing can be faster; best of 3)
 *   tokenize   our streaming tokenizer (segments with numbers, offsets, split elements)
 *   parse      tokenizer + envelopes + guide walker building the loop tree, claim by claim (units)
 *   validate   everything: envelopes, loops, usage, repeats, every element's type, length and codes
 *   x12gw-validate  what `x12gw validate` runs: validate + unit trees + the transaction checks (835 balancing)
 *   x12gw-jobs-1 / x12gw-jobs-2  `x12gw validate --jobs 1` / `--jobs 2`: the same report, transaction sets
 *              validated in 1 or 2 worker threads (CPU and peak RSS are the whole process, every thread;
 *              files under 32 MiB, X12GW_JOBS_MIN_MB, are read on one thread)
 *   node-x12   node-x12's X12Parser.parse on the whole file as a string (its only reliable mode)
 * Prints MB/s, peak RSS and ratios. Sizes: BENCH_SIZES=10,100,1000 (MB) to choose.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tokenizer } from '../src/x12/tokenizer.js';
import { X12Reader, DEFAULT_UNITS, isValid } from '../src/guides/index.js';
import { scanFloor, write835, write837 } from './synthetic.js';
import { readFile } from '../src/cli/commands/validate.js';
import { ParallelValidator } from '../src/cli/validate-parallel/index.js';
import { record } from './issue-12-summary.js';

type Kind = 'floor' | 'tokenize' | 'parse' | 'validate' | 'x12gw-validate' | 'x12gw-jobs-1' | 'x12gw-jobs-2' | 'node-x12';
const KINDS: Kind[] = ['floor', 'tokenize', 'parse', 'validate', 'x12gw-validate', 'x12gw-jobs-1', 'x12gw-jobs-2', 'node-x12'];

interface Measurement {
  kind: Kind;
  ms: number;
  /** CPU time (user + system) of the measured work: less sensitive than wall time to other load on the machine. */
  cpuMs: number;
  bytes: number;
  maxRssMb: number;
  count: number;
  ok: boolean;
  error?: string;
}

async function measure(kind: Kind, file: string): Promise<Measurement> {
  const bytes = statSync(file).size;
  const started = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let count = 0;
  let ok = true;
  if (kind === 'node-x12') {
    const { X12Parser } = await import('node-x12');
    const text = readFileSync(file, 'utf8');
    const interchange = new X12Parser(true).parse(text) as { functionalGroups: Array<{ transactions: unknown[] }> };
    count = interchange.functionalGroups.reduce((n, g) => n + g.transactions.length, 0);
  } else {
    const stream = createReadStream(file, { highWaterMark: 1 << 20 });
    if (kind === 'floor') {
      stream.destroy();
      const f = await scanFloor(file);
      // The floor is the best of three passes: its CPU time is taken as its wall time.
      return { kind, ms: f.seconds * 1000, cpuMs: f.seconds * 1000, bytes, maxRssMb: process.resourceUsage().maxRSS / 1024, count: f.segments, ok };
    } else if (kind === 'tokenize') {
      // In 32 KiB slices, as the reader feeds it (a batch of segments then dies young).
      const t = new Tokenizer();
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        for (let at = 0; at < chunk.length; at += 32768) count += t.push(chunk.subarray(at, at + 32768)).segments.length;
      }
      count += t.end().segments.length;
    } else if (kind === 'x12gw-validate') {
      stream.destroy();
      const report = await readFile(file);
      ok = isValid(report);
      count = report.segmentCount;
    } else if (kind === 'x12gw-jobs-1' || kind === 'x12gw-jobs-2') {
      stream.destroy();
      const validator = new ParallelValidator({}, { jobs: kind === 'x12gw-jobs-1' ? 1 : 2 }, (f) => readFile(f));
      try {
        const report = await validator.read(file);
        ok = isValid(report);
        count = report.segmentCount;
      } finally {
        await validator.close();
      }
    } else {
      const reader = new X12Reader(
        kind === 'parse'
          ? { structureOnly: true, units: DEFAULT_UNITS, onUnit: () => count++ }
          : { buildTree: false },
      );
      for await (const chunk of stream as AsyncIterable<Buffer>) reader.push(chunk);
      const report = reader.end();
      if (kind === 'validate') {
        ok = isValid(report);
        count = report.segmentCount;
      }
    }
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpuStart);
  return { kind, ms, cpuMs: (cpu.user + cpu.system) / 1000, bytes, maxRssMb: process.resourceUsage().maxRSS / 1024, count, ok };
}

/**
 * Why a child did not survive, from its stderr: the error's own line ("Error: Cannot create a string longer
 * than …", "FATAL ERROR: … heap out of memory") before any line that merely mentions one; at 1 GB node-x12's
 * first line mentioning "string" was the source line it failed on (`return binding.readFileUtf8(…)`).
 */
export function failureReason(stderr: string): string {
  const lines = stderr.split('\n');
  const reason = lines.find((l) => /^\s*(\w*Error\b|FATAL ERROR)|ERR_[A-Z_]+|heap out of memory/.test(l)) ?? lines.find((l) => /Error|heap|memory|string/i.test(l)) ?? 'failed';
  return reason.trim().slice(0, 120);
}

function runChild(kind: Kind, file: string): Measurement {
  const self = fileURLToPath(import.meta.url);
  try {
    // Our stages run with a capped heap (64 MiB old space, small young generation): finishing a 1 GB file
    // that way is the proof of flat memory. node-x12 gets the default heap so it survives where it can.
    const flags = kind === 'node-x12' ? [] : ['--max-old-space-size=64', '--max-semi-space-size=4'];
    const out = execFileSync(process.execPath, [...flags, self, 'measure', kind, file], { encoding: 'utf8', timeout: 600_000, maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
    return JSON.parse(out.trim().split('\n').pop()!);
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    return { kind, ms: 0, cpuMs: 0, bytes: statSync(file).size, maxRssMb: 0, count: 0, ok: false, error: failureReason(e.stderr ?? e.message) };
  }
}

const mbs = (m: Measurement) => (m.error ? 0 : m.bytes / 1048576 / (m.ms / 1000));
/** MB per second of CPU time (user + system; GC helper threads count too). */
const cpuMbs = (m: Measurement) => (m.error || !m.cpuMs ? 0 : m.bytes / 1048576 / (m.cpuMs / 1000));

export async function run(sizesMb = (process.env.BENCH_SIZES ?? '10,100,1000').split(',').map(Number)): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'x12-bench-'));
  const lines: string[] = [];
  const log = (s: string) => {
    lines.push(s);
    console.log(s);
  };
  try {
    log('X12 engine benchmark (each figure from its own child process; MB = MiB; our stages with a 64 MiB heap cap)');
    log('file         kind            MB/s  CPU MB/s   peak RSS MB   vs floor   vs node-x12   result');
    log('             (vs floor: wall MB/s over the floor of the same file in the same run; goal for validate and x12gw-validate ≥ 0.10, never below 0.05)');
    for (const type of ['837P', '835'] as const) {
      for (const size of sizesMb) {
        const file = join(dir, `bench-${size}.${type}`);
        const units = type === '837P' ? await write837(file, size * 1048576) : await write835(file, size * 1048576);
        const results = new Map<Kind, Measurement>();
        for (const kind of KINDS) results.set(kind, runChild(kind, file));
        const floor = mbs(results.get('floor')!);
        const nodeX12 = results.get('node-x12')!;
        for (const kind of KINDS) {
          const m = results.get(kind)!;
          const speed = mbs(m);
          const vsFloor = kind === 'floor' || m.error ? '' : (speed / floor).toFixed(3);
          const vsNode = kind === 'node-x12' || m.error || nodeX12.error ? '' : (speed / mbs(nodeX12)).toFixed(1) + 'x';
          const result = m.error ? `did not survive: ${m.error}` : kind === 'validate' || kind.startsWith('x12gw') ? (m.ok ? 'valid' : 'INVALID') : kind === 'parse' ? `${m.count} claims` : `${m.count}`;
          log(`${`${size} MB ${type}`.padEnd(12)} ${kind.padEnd(14)} ${speed.toFixed(1).padStart(7)} ${cpuMbs(m).toFixed(1).padStart(9)} ${m.maxRssMb.toFixed(0).padStart(12)} ${vsFloor.padStart(10)} ${vsNode.padStart(13)}   ${result}`);
          if (kind === 'x12gw-validate') record({ row: 'validate', label: `${size} MB ${type} ${kind}`, bench: 'x12-engine', fileMb: m.bytes / 1048576, mbPerSecond: speed, floorMbPerSecond: floor, peakRssMb: m.maxRssMb, vsNodeX12: nodeX12.error || m.error ? undefined : speed / mbs(nodeX12), error: m.error ?? (m.ok ? undefined : 'valid file reported INVALID') });
        }
        log(`${''.padEnd(12)} (${units} claims in the file)`);
        rmSync(file, { force: true });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return lines.join('\n');
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  if (process.argv[2] === 'measure') {
    const m = await measure(process.argv[3] as Kind, process.argv[4]);
    process.stdout.write(JSON.stringify(m) + '\n');
  } else {
    await run();
  }
}
