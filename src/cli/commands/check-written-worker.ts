/**
 * Issue 12: the worker thread that validates the 837s `x12gw generate` writes (see `check-written.ts`,
 * `validatorThread`). It runs the same reader as the in-process check (`validateWhileWriting`) over the
 * chunks the main thread transfers, one reader per file, and answers each file's summary when it ends.
 * After each chunk it counts it in the shared `done` cell, which the main thread waits on to bound the
 * bytes in flight. A failure is reported (message only: no claim contents) and ends the worker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { summarizeReport, validateWhileWriting, type WhileWriting } from './check-written.js';
import type { ToValidator } from './check-written.js';

const done = new Int32Array(workerData.done as SharedArrayBuffer);
const files = new Map<number, WhileWriting>();

function handle(message: ToValidator): void {
  if (message.type === 'open') files.set(message.file, validateWhileWriting(message.path));
  else if (message.type === 'chunk') {
    files.get(message.file)!.push(Buffer.from(message.bytes));
    Atomics.add(done, 0, 1);
    Atomics.notify(done, 0);
  } else {
    const reader = files.get(message.file)!;
    files.delete(message.file);
    parentPort!.postMessage({ type: 'summary', file: message.file, summary: summarizeReport(reader.end()) });
  }
}

parentPort!.on('message', (message: ToValidator) => {
  try {
    handle(message);
  } catch (err) {
    // Wake a waiting writer, then say what failed; the main thread turns it into an error.
    Atomics.store(done, 1, 1);
    Atomics.notify(done, 0);
    parentPort!.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  }
});
