/**
 * A validation worker thread: reads the byte ranges it is given (by position, from the file itself),
 * validates them as a little file of their own (the interchange's ISA and the group's GS, then the
 * transaction sets) with the same reader `x12gw validate` uses, and answers with the transaction-set
 * summaries moved to file positions.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { ReadReport } from '../../guides/reader.js';
import { fileReader } from '../commands/validate.js';
import { shiftTransactions } from './assemble.js';
import { terminatedSlices } from './slices.js';
import type { ReadyMessage, ResultMessage, TaskMessage, WorkerSetup } from './messages.js';
import { mark } from './timeline.js';

mark('worker modules loaded');

const setup = workerData as WorkerSetup;
let open: { file: string; fd: number } | undefined;
/** One buffer for every task (grown when a task is bigger): tasks run one at a time and nothing keeps their bytes. */
let scratch = Buffer.alloc(0);

function fdOf(file: string): number {
  if (open?.file === file) return open.fd;
  if (open) closeSync(open.fd);
  open = { file, fd: openSync(file, 'r') };
  return open.fd;
}

function run(message: TaskMessage): ResultMessage {
  const { task, file } = message;
  // For the tests that prove a failing worker is reported, not waited for (X12GW_VALIDATE_WORKER_FAULT=throw|exit).
  if (setup.fault === 'throw') throw new Error('planted validation worker fault');
  if (setup.fault === 'exit') process.exit(3);
  const prefix = Buffer.from(task.prefix.buffer, task.prefix.byteOffset, task.prefix.byteLength);
  const length = task.end - task.start;
  if (scratch.length < prefix.length + length) scratch = Buffer.allocUnsafe(prefix.length + length);
  const bytes = scratch.subarray(0, prefix.length + length);
  prefix.copy(bytes, 0);
  const fd = fdOf(file);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, bytes, prefix.length + done, length - done, task.start + done);
    if (n === 0) throw new Error(`${file}: the file ended at byte ${task.start + done}, expected ${task.end} (was it changed while being read?)`);
    done += n;
  }
  const reader = fileReader(file, setup.options);
  // The ISA is 106 bytes: its last is the segment terminator.
  const terminator = bytes[105];
  for (const slice of terminatedSlices(bytes, () => terminator)) reader.push(slice);
  const report = reader.end();
  const transactions = report.interchanges[0]?.groups[0]?.transactions ?? [];
  // The main thread only scanned the bytes (envelope-scan.ts); this thread's tokenizer read every segment.
  // If they disagree, the file is read again on one thread (the scanner is meant never to let this happen).
  const notPlain =
    report.segmentCount !== task.segmentCount + 2
      ? `the worker's tokenizer read ${report.segmentCount - 2} segments where the scanner counted ${task.segmentCount}`
      : transactions.length !== task.transactionCount
        ? `the worker read ${transactions.length} transaction sets where the scanner saw ${task.transactionCount}`
        : tokenizerFinding(report);
  if (notPlain) return { index: task.index, transactions: [], notPlain };
  shiftTransactions(transactions, task.byteDelta, task.segmentDelta);
  return { index: task.index, transactions };
}

/** The codes only the tokenizer reports (src/x12/tokenizer.ts): any of them means the range was not plain. */
const TOKENIZER_CODES = new Set(['X12-UTF16', 'X12-WHITESPACE-BETWEEN-SEGMENTS', 'X12-NO-ISA', 'X12-DATA-OUTSIDE-INTERCHANGE', 'X12-SEGMENT-TOO-LONG', 'X12-MISSING-TERMINATOR', 'X12-EMPTY', 'X12-SEGMENT-ID', 'X12-NON-ASCII']);

function tokenizerFinding(report: ReadReport): string | undefined {
  const lists = [report.findings];
  for (const i of report.interchanges) {
    lists.push(i.findings);
    for (const g of i.groups) {
      lists.push(g.findings);
      for (const t of g.transactions) lists.push(t.findings);
    }
  }
  for (const list of lists) for (const f of list) if (TOKENIZER_CODES.has(f.code)) return `the worker's tokenizer reported ${f.code}`;
  return undefined;
}

// The pool sends tasks only to workers that said this, so a worker slow to start holds none back
// (X12GW_VALIDATE_WORKER_FAULT=stall: the first worker never says it, for the test that proves it).
if (!(setup.fault === 'stall' && setup.index === 0)) {
  parentPort!.postMessage({ ready: true } satisfies ReadyMessage);
  parentPort!.on('message', (message: TaskMessage) => {
    mark(`task ${message.task.index} start`);
    const result = run(message);
    mark(`task ${message.task.index} done`);
    parentPort!.postMessage(result);
  });
} else parentPort!.on('message', () => {});
