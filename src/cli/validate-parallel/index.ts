/**
 * `x12gw validate --jobs N`: transaction sets validated in worker threads, the report identical to the
 * single-threaded one. The main thread reads the file once, scans its bytes for terminators and envelope
 * segments (envelope-scan.ts: to find ST…SE boundaries and count segments, so positions stay absolute), hands runs of transaction sets to the pool and checks the
 * envelopes itself (see splitter.ts, assemble.ts). Files whose structure is not plain, and small files,
 * are read on one thread.
 */
import { statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { basename } from 'node:path';
import type { ReadReport, TransactionSummary } from '../../guides/reader.js';
import type { Inbound837Options } from '../../claims/snip/index.js';
import { UnreadableFileError } from '../io.js';
import { jobsFrom } from '../jobs.js';
export { JobsOptionError } from '../jobs.js';
import { progressBar } from '../progress.js';
import { assembleReport } from './assemble.js';
import { EnvelopeScanner } from './envelope-scan.js';
import { ValidationPool, type TaskResult } from './pool.js';
import { TransactionSplitter, type ValidationTask } from './splitter.js';
import { mark } from './timeline.js';

const CHUNK = 1 << 20;

export { ValidationWorkerError } from './pool.js';

export interface ParallelOptions {
  /** Worker threads (1 = no workers: the single-threaded reader; default `defaultJobs()`). */
  jobs: number;
  /** Bytes of transaction sets per task (default 4 MiB). */
  taskBytes?: number;
  /** Tasks in flight per worker (default 2). */
  perWorker?: number;
  /**
   * Files smaller than this are read on one thread (default: X12GW_JOBS_MIN_MB MiB, else 32 MiB — starting
   * the workers and the main thread's tokenizer pass cost ~0.5 s + ~5 ms/MB of CPU, which two cores win back
   * only from ~25 MB up: docs/performance.md, round 6).
   */
  minBytes?: number;
  /** Bytes the main thread reads at a time (default 1 MiB; tests use small ones to cut segments anywhere). */
  chunkBytes?: number;
}

/**
 * `--jobs` / X12GW_JOBS, else `defaultJobs()`. Throws `JobsOptionError` on a value that is not a positive
 * whole number.
 */
export function jobsOption(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, idle: () => number = defaultJobs): number {
  return jobsFrom(flag, idle(), env);
}

/**
 * The default thread count: the cores the 1-minute load average leaves free, rounded (at least 1, at most
 * the cores), as `make -l` does. Splitting a file costs ~0.6–0.9 s of CPU whatever its size (two workers'
 * start-up and the main thread's scan: +100 % CPU at 20 MB, +45 % at 100 MB); on cores that other work keeps
 * busy it only adds that CPU and the wall time got no better (load 9–13 on 2 cores: docs/performance.md,
 * round 8). With the cores free, two threads win from ~30 MB up (files under 32 MiB stay on one).
 */
export function defaultJobs(cores = availableParallelism(), load = loadavg()[0]): number {
  const free = Math.round(cores - (Number.isFinite(load) ? load : 0));
  return Math.max(1, Math.min(cores, free));
}

function minBytesDefault(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.X12GW_JOBS_MIN_MB);
  return (env.X12GW_JOBS_MIN_MB && Number.isFinite(mb) && mb >= 0 ? mb : 32) * 1024 * 1024;
}

export type ValidateOptions = { structureOnly?: boolean } & Inbound837Options;

/** Reads one file on one thread (the reference every split read must equal). */
export type SingleThreadRead = (file: string) => Promise<ReadReport>;

/**
 * Validates files with a pool of workers shared by every file of one command. `close()` when done.
 */
export class ParallelValidator {
  private pool?: ValidationPool;
  /** Why the last file was read on one thread (for tests and docs), undefined when it was split. */
  lastFallback?: string;

  constructor(
    private readonly options: ValidateOptions,
    readonly parallel: ParallelOptions,
    private readonly single: SingleThreadRead,
  ) {}

  /**
   * Starts the workers now when any of `files` will be split, so their start-up runs alongside the main
   * thread's (the rest of its imports, the first reads) instead of after it.
   */
  startEarly(files: readonly string[]): void {
    if (files.some((f) => this.splitSize(f) !== undefined)) this.poolFor();
  }

  /** The file's size when it is to be split, undefined when it is read on one thread (and why, in `reason`). */
  private splitSize(file: string, why: { reason?: string } = {}): number | undefined {
    if (this.parallel.jobs <= 1) {
      why.reason = 'one job';
      return undefined;
    }
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      why.reason = 'cannot stat the file'; // the single-threaded read says why
      return undefined;
    }
    if (size < (this.parallel.minBytes ?? minBytesDefault())) {
      why.reason = 'small file';
      return undefined;
    }
    return size;
  }

  async read(file: string): Promise<ReadReport> {
    const why: { reason?: string } = {};
    const size = this.splitSize(file, why);
    if (size === undefined) return this.fallback(file, why.reason!);
    mark('split read start');
    const pool = this.poolFor();
    const tasks: ValidationTask[] = [];
    const splitter = new TransactionSplitter((t) => tasks.push(t), { taskBytes: this.parallel.taskBytes });
    const scanner = new EnvelopeScanner((segment) => splitter.envelope(segment));
    const results: Array<Promise<TaskResult>> = [];
    const send = async () => {
      for (const t of tasks) {
        mark(`task ${t.index} ready`);
        results.push((await pool.submit(file, t)).result);
        mark(`task ${t.index} sent`);
      }
      tasks.length = 0;
    };
    const notPlain = () => scanner.unplain ?? splitter.unsplittable;
    try {
      for await (const chunk of chunksOf(file, size, this.parallel.chunkBytes ?? CHUNK)) {
        scanner.push(chunk);
        if (notPlain()) break;
        await send();
      }
      mark('scan end');
      if (!notPlain()) {
        scanner.end();
        splitter.end(scanner.segmentCount);
      }
      if (notPlain()) {
        await Promise.allSettled(results);
        return this.fallback(file, notPlain()!);
      }
      await send();
      const transactions: TransactionSummary[] = [];
      let workerSaid: string | undefined;
      for (const r of results) {
        const result = await r;
        workerSaid ??= result.notPlain;
        for (const t of result.transactions) transactions.push(t);
      }
      mark('results in');
      // A worker's tokenizer saw what the scanner did not (see worker.ts): one thread reads the file.
      if (workerSaid) return this.fallback(file, workerSaid);
      this.lastFallback = undefined;
      const report = assembleReport(splitter.skeleton, transactions, { file: basename(file), segmentCount: splitter.segmentCount, byteCount: scanner.byteCount });
      mark('assembled');
      return report;
    } catch (err) {
      // A broken pool is not used again: the next file starts fresh workers.
      this.pool = undefined;
      await pool.close();
      throw err;
    }
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close();
  }

  private poolFor(): ValidationPool {
    const fault = process.env.X12GW_VALIDATE_WORKER_FAULT;
    // A pool broken by an earlier file (even one then read on one thread) is not used again.
    if (this.pool?.isBroken) {
      void this.pool.close();
      this.pool = undefined;
    }
    this.pool ??= new ValidationPool({
      size: this.parallel.jobs,
      perWorker: this.parallel.perWorker,
      setup: { options: this.options, fault: fault === 'throw' || fault === 'exit' || fault === 'stall' ? fault : undefined },
    });
    return this.pool;
  }

  private fallback(file: string, reason: string): Promise<ReadReport> {
    this.lastFallback = reason;
    return this.single(file);
  }
}

/**
 * The file in 1 MiB chunks read into two buffers used in turn (with the progress line `readChunks` shows).
 * A stream's fresh chunk per read would leave tens of MiB of dead buffers waiting for a GC in this thread,
 * which allocates little else. Two suffice: the scanner copies what it keeps of a push (an unfinished
 * segment) before the next.
 */
async function* chunksOf(file: string, size: number, chunk: number): AsyncGenerator<Buffer> {
  const progress = progressBar(size, `validating ${basename(file)}`);
  const buffers = [Buffer.allocUnsafe(chunk), Buffer.allocUnsafe(chunk)];
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    progress.finish();
    throw new UnreadableFileError(file, (err as Error).message);
  }
  try {
    let done = 0;
    for (let turn = 0; ; turn ^= 1) {
      let n: number;
      try {
        ({ bytesRead: n } = await handle.read(buffers[turn], 0, chunk, done));
      } catch (err) {
        throw new UnreadableFileError(file, (err as Error).message);
      }
      if (n === 0) return;
      done += n;
      progress.update(done);
      yield buffers[turn].subarray(0, n);
    }
  } finally {
    progress.finish();
    await handle.close();
  }
}
