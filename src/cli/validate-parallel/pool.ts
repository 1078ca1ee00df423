/**
 * A pool of validation worker threads with back-pressure: at most `perWorker` tasks in flight on each
 * worker, so memory stays flat whatever the file's size. A worker that throws or exits fails every task
 * it holds and the pool (`ValidationWorkerError`), never leaves the caller waiting.
 */
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TransactionSummary } from '../../guides/reader.js';
import type { ReadyMessage, ResultMessage, TaskMessage, WorkerSetup } from './messages.js';
import type { ValidationTask } from './splitter.js';
import { mark } from './timeline.js';

export class ValidationWorkerError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`${file}: validation failed in a worker thread: ${reason}`);
  }
}

/** A task's transaction sets, or why its worker found the range not plain (then the file is read on one thread). */
export interface TaskResult {
  transactions: TransactionSummary[];
  notPlain?: string;
}

interface Pending {
  resolve: (result: TaskResult) => void;
  reject: (err: Error) => void;
  file: string;
}

interface Slot {
  worker: Worker;
  inFlight: Map<number, Pending>;
  /** The worker said it is ready (its modules loaded): until then it is given no task. */
  ready: boolean;
}

export interface PoolOptions {
  size: number;
  /** Tasks in flight per worker (default 2: one working, one waiting). */
  perWorker?: number;
  setup: WorkerSetup;
}

export class ValidationPool {
  private readonly slots: Slot[] = [];
  private readonly perWorker: number;
  private waiting: Array<() => void> = [];
  private broken?: Error;
  private nextTaskId = 0;

  /** Starts every worker at once: a worker's start-up (~0.2 s) then runs while the main thread scans. */
  constructor(private readonly options: PoolOptions) {
    this.perWorker = options.perWorker ?? 2;
    for (let i = 0; i < options.size; i++) this.start();
  }

  get size(): number {
    return this.options.size;
  }

  /** True once a worker failed: the pool takes no more tasks. */
  get isBroken(): boolean {
    return this.broken !== undefined;
  }

  /**
   * Waits for room on a ready worker (back-pressure; the least busy one), sends the task, and returns its result (a promise, already guarded
   * against unhandled rejection: await it later, in file order).
   */
  async submit(file: string, task: ValidationTask): Promise<{ result: Promise<TaskResult> }> {
    let slot = this.freeSlot();
    while (!slot) {
      if (this.broken) throw this.broken;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      slot = this.freeSlot();
    }
    if (this.broken) throw this.broken;
    const id = this.nextTaskId++;
    const result = new Promise<TaskResult>((resolve, reject) => slot.inFlight.set(id, { resolve, reject, file }));
    result.catch(() => {});
    const prefix = new Uint8Array(task.prefix);
    const message: TaskMessage = { file, task: { ...task, index: id, prefix } };
    slot.worker.postMessage(message, [prefix.buffer]);
    return { result };
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private freeSlot(): Slot | undefined {
    if (this.broken) return undefined;
    let best: Slot | undefined;
    for (const s of this.slots) if (s.ready && s.inFlight.size < this.perWorker && (!best || s.inFlight.size < best.inFlight.size)) best = s;
    return best;
  }

  private start(): Slot {
    mark(`worker ${this.slots.length + 1} spawn`);
    const worker = newWorker({ ...this.options.setup, index: this.slots.length });
    const slot: Slot = { worker, inFlight: new Map(), ready: false };
    worker.on('message', (m: ResultMessage | ReadyMessage) => {
      if ('ready' in m) {
        mark(`worker ${this.slots.indexOf(slot) + 1} ready`);
        slot.ready = true;
        this.wake();
        return;
      }
      mark(`task ${m.index} result in`);
      const p = slot.inFlight.get(m.index);
      if (!p) return;
      slot.inFlight.delete(m.index);
      p.resolve({ transactions: m.transactions, notPlain: m.notPlain });
      this.wake();
    });
    worker.on('error', (err) => this.fail(slot, err.message));
    worker.on('exit', (code) => {
      if (this.slots.includes(slot)) this.fail(slot, `the worker exited (code ${code})`);
    });
    this.slots.push(slot);
    return slot;
  }

  private fail(slot: Slot, reason: string): void {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    void slot.worker.terminate();
    for (const p of slot.inFlight.values()) {
      const err = new ValidationWorkerError(p.file, reason);
      this.broken ??= err;
      p.reject(err);
    }
    slot.inFlight.clear();
    this.broken ??= new ValidationWorkerError('(validation pool)', reason);
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const w of waiting) w();
  }
}

/**
 * The worker's module next to this one: worker.js when built; worker.ts when running from the sources
 * (tsx, vitest), loaded through tsx's `tsImport` because a loader registered in this thread does not
 * reach new threads (and Node 20 ignores `--import` in a worker's execArgv).
 */
function newWorker(workerData: WorkerSetup): Worker {
  const url = new URL(`./worker${extname(new URL(import.meta.url).pathname) || '.js'}`, import.meta.url);
  // A small young generation: a worker's garbage is short-lived (segments, unit trees), and each thread's
  // default one (up to ~48 MiB) would add to the process's RSS for no speed (measured: docs/performance.md).
  // The old generation keeps its default: a worker must never run out of heap where one thread would not.
  const resourceLimits = { maxYoungGenerationSizeMb: 4 };
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData, resourceLimits });
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const code = `import(${JSON.stringify(api)}).then(({ tsImport }) => tsImport(${JSON.stringify(url.href)}, import.meta.url))`;
  return new Worker(code, { eval: true, workerData, resourceLimits });
}
