/**
 * `x12gw generate` never calls a file "generated" unless our own validator accepts it: each 837 is
 * validated with the guide maps, and a file with an error finding is deleted and reported as an error
 * with the positions of what failed (codes and positions only, no values).
 *
 * Issue 12: the bytes are validated as they are written (`validateWhileWriting`: the same reader
 * `x12gw validate` uses, fed each chunk the sink writes), not by reading the file again; the verdict is
 * the same as `checkWritten837`'s, which reads a finished file.
 */
import { unlinkSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { errorSummary, isValid, type ReadReport } from '../../guides/reader.js';
import type { OutputFile } from '../../claims/batch-writer.js';
import type { ClaimOutcome } from '../../claims/pipeline.js';
import { fileReader, readFile } from './validate.js';
import { jobsFrom } from '../jobs.js';

export interface WrittenCheck {
  /** True when our validator accepts the file. */
  valid: boolean;
  /** When not valid: one outcome naming the file and what failed (the file has been deleted). */
  outcome?: ClaimOutcome;
}

/** Validates one written 837 by reading it; deletes it and describes the failure when it does not pass. */
export async function checkWritten837(path: string, info: OutputFile, claims: number): Promise<WrittenCheck> {
  return writtenVerdict(await readFile(path), path, info, claims);
}

/** Validation of an 837 fed the bytes being written to `path` (positions name `path`'s base name). */
export interface WhileWriting {
  push(bytes: Buffer): void;
  /** The report once every byte has been pushed. */
  end(): ReadReport;
}

export function validateWhileWriting(path: string): WhileWriting {
  const reader = fileReader(path);
  return { push: (bytes) => reader.push(bytes), end: () => reader.end() };
}

/** What the verdict needs from a report: small and plain, so it crosses from the validator thread. */
export interface ReportSummary {
  valid: boolean;
  /** Error findings in the report. */
  errors: number;
  /** The first three errors' positions and codes (never values). */
  first: string[];
}

export function summarizeReport(report: ReadReport): ReportSummary {
  return { valid: isValid(report), ...errorSummary(report) };
}

/** The check's verdict on a report of the file at `path`; an invalid file is deleted. */
export function writtenVerdict(report: ReadReport, path: string, info: OutputFile, claims: number): WrittenCheck {
  return summaryVerdict(summarizeReport(report), path, info, claims);
}

/** `writtenVerdict` from a report's summary (what the validator thread sends back). */
export function summaryVerdict(summary: ReportSummary, path: string, info: OutputFile, claims: number): WrittenCheck {
  if (summary.valid) return { valid: true };
  unlinkSync(path);
  const first = summary.first.join('; ');
  return {
    valid: false,
    outcome: {
      claimId: '',
      source: {},
      partnerId: info.partnerId,
      accepted: false,
      findings: [
        {
          claimId: '',
          code: 'OUTPUT-INVALID',
          field: '$',
          message: `The 837 written for partner ${info.partnerId} (file ${info.index}, ${claims} claim(s)) fails our own validator with ${summary.errors} error(s)${first ? `, first: ${first}` : ''}; it was deleted and its claims were not generated.`,
          fix: 'Nothing was sent. Report it to the gateway maintainers with the batch file; validate a copy with x12gw validate to see every finding.',
          severity: 'error',
        },
      ],
    },
  };
}


// ---------------------------------------------------------------------------------------------
// The validation on a second thread (issue 12)
// ---------------------------------------------------------------------------------------------

/** Messages to the validator thread (`check-written-worker.ts`). */
export type ToValidator = { type: 'open'; file: number; path: string } | { type: 'chunk'; file: number; bytes: ArrayBuffer } | { type: 'end'; file: number };
type FromValidator = { type: 'summary'; file: number; summary: ReportSummary } | { type: 'failed'; message: string };

/** A file being validated on the validator thread: push its bytes as written, then await its summary. */
export interface ValidatingFile {
  push(bytes: Buffer): void;
  end(): Promise<ReportSummary>;
}

export interface ValidatorThread {
  open(path: string): ValidatingFile;
  /** Stops the thread (after every file's summary has arrived, or to give up). */
  close(): Promise<void>;
}

/**
 * How many threads `generate` may use: `--jobs N`, else `X12GW_JOBS` (the same variable `validate`
 * reads), else 1: the validation stays on the main thread unless asked. Measured at the merge of round 6
 * (100,000 claims, 128 MiB heap): the second thread added ~30 MB of RSS (181 vs 151 MB, over the 150 MB
 * goal) for no steady wall-time gain on a 2-core machine, so it is opt-in.
 */
export function generateJobs(flag?: string, env: NodeJS.ProcessEnv = process.env): number {
  return jobsFrom(flag, 1, env);
}

/**
 * Chunks handed to the thread and not yet validated, at most: bounds the memory. Issue 12, round 11: the
 * sink's chunks are 64 KiB since round 9 (were ~1 MiB), so 8 in flight held only 512 KiB and the main
 * thread waited in `throttle` whenever the thread fell a few chunks behind (~15 % of the main thread's
 * profile at 100,000 claims); 128 chunks are the 8 MiB the bound was meant to be.
 */
const MAX_IN_FLIGHT = 128;
/** Without progress for this long the thread is taken for dead. */
const STALL_MS = 300_000;

/**
 * The validator's heap: its live data is one transaction set's loop frames and a chunk, so a small young
 * generation (collected often, cheaply) keeps the whole process's RSS down; the old generation limit is a
 * backstop well above what it uses.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 128 };

/** The worker's entry: the built `.js` next to this module, or the `.ts` source under tsx (tests). */
function startWorker(done: SharedArrayBuffer): Worker {
  const here = import.meta.url;
  const options = { workerData: { done }, resourceLimits: WORKER_LIMITS };
  if (here.endsWith('.js')) return new Worker(new URL('./check-written-worker.js', here), options);
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./check-written-worker.ts', here).href;
  const code = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(code, { ...options, eval: true });
}

/**
 * One validator thread for a run of `generate`: the main thread writes and transfers each chunk it wrote
 * (no copy); the thread reads it with the same reader as the in-process check. When MAX_IN_FLIGHT chunks are in
 * flight the writer waits (Atomics.wait) until the thread catches up, so memory stays bounded whatever
 * the speed of either side.
 */
export function validatorThread(): ValidatorThread {
  const shared = new SharedArrayBuffer(8);
  const done = new Int32Array(shared);
  const worker = startWorker(shared);
  const waiting = new Map<number, { resolve: (s: ReportSummary) => void; reject: (e: Error) => void }>();
  let failure: Error | undefined;
  let sent = 0;
  let files = 0;
  const fail = (err: Error) => {
    failure ??= err;
    for (const w of waiting.values()) w.reject(failure);
    waiting.clear();
  };
  worker.on('message', (m: FromValidator) => {
    if (m.type === 'failed') return fail(new Error(`the 837 validator thread failed: ${m.message}`));
    waiting.get(m.file)?.resolve(m.summary);
    waiting.delete(m.file);
  });
  worker.on('error', (err) => fail(err));
  worker.on('exit', (code) => {
    if (waiting.size) fail(new Error(`the 837 validator thread stopped (exit code ${code})`));
  });

  /** Blocks (at most until the thread catches up) while too many chunks are in flight. */
  const throttle = () => {
    let seen = Atomics.load(done, 0);
    let since = Date.now();
    while (sent - seen >= MAX_IN_FLIGHT) {
      if (Atomics.load(done, 1) !== 0) throw failure ?? new Error('the 837 validator thread failed');
      Atomics.wait(done, 0, seen, 1000);
      const now = Atomics.load(done, 0);
      if (now !== seen) since = Date.now();
      else if (Date.now() - since > STALL_MS) throw new Error('the 837 validator thread stopped answering');
      seen = now;
    }
  };

  return {
    open(path) {
      const file = ++files;
      worker.postMessage({ type: 'open', file, path } satisfies ToValidator);
      return {
        push(bytes) {
          if (failure) throw failure;
          throttle();
          // Transfer the chunk's memory when it is the chunk's own; a slice of a shared pool is copied.
          const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
          const buffer = own ? (bytes.buffer as ArrayBuffer) : (new Uint8Array(bytes).buffer as ArrayBuffer);
          sent++;
          worker.postMessage({ type: 'chunk', file, bytes: buffer } satisfies ToValidator, [buffer]);
        },
        end() {
          if (failure) return Promise.reject(failure);
          return new Promise<ReportSummary>((resolve, reject) => {
            waiting.set(file, { resolve, reject });
            worker.postMessage({ type: 'end', file } satisfies ToValidator);
          });
        },
      };
    },
    async close() {
      await worker.terminate();
    },
  };
}
