/**
 * Putting a split validation back together (pure): worker results are shifted to file positions, the
 * envelope skeleton is read on its own, and each skeleton transaction set (only its ST and SE) is
 * replaced by the worker's summary of the real one — before its group's GE, so the group status is the
 * reader's own verdict over the real transaction sets. The skeleton is read without guides (`withoutGuides`):
 * its transaction sets' own findings are never kept.
 */
import { X12Reader, type ReadReport, type TransactionSummary } from '../../guides/reader.js';
import { withoutGuides } from '../../guides/registry.js';
import type { Finding } from '../../x12/finding.js';
import type { SkeletonSegment } from './splitter.js';

/** Moves a worker's transaction summaries from its little file (ISA + GS + range) to file positions. */
export function shiftTransactions(transactions: TransactionSummary[], byteDelta: number, segmentDelta: number): void {
  for (const t of transactions) {
    t.firstSegment += segmentDelta;
    t.lastSegment += segmentDelta;
    for (const f of t.findings) {
      const p = f.position;
      if (p.segmentNumber !== undefined) p.segmentNumber += segmentDelta;
      if (p.byteOffset !== undefined) p.byteOffset += byteDelta;
    }
  }
}

export interface AssembleOptions {
  /** The file name the report carries (as the single-threaded reader was given it). */
  file?: string;
  /** Segments and bytes of the whole file. */
  segmentCount: number;
  byteCount: number;
}

/** The report of the whole file: the skeleton's envelope checks with the workers' transaction sets (in file order). */
export function assembleReport(skeleton: readonly SkeletonSegment[], transactions: Iterable<TransactionSummary>, options: AssembleOptions): ReadReport {
  const next = transactions[Symbol.iterator]();
  let missing = false;
  const reader = new X12Reader({
    file: options.file,
    structureOnly: true,
    onTransaction: (_root, ctx) => {
      const group = ctx.group!;
      const real = next.next();
      if (real.done) missing = true;
      else group.transactions[group.transactions.length - 1] = real.value;
    },
  });
  const starts: number[] = new Array(skeleton.length);
  let at = 0;
  for (let k = 0; k < skeleton.length; k++) {
    starts[k] = at;
    at += skeleton[k].bytes.length;
  }
  // Every transaction set's summary is replaced by a worker's: the skeleton's are read without a guide
  // (none loaded or compiled on this thread).
  const report = withoutGuides(() => {
    reader.push(Buffer.concat(skeleton.map((s) => s.bytes), at));
    return reader.end();
  });
  if (missing || !next.next().done) throw new Error('parallel validation: the workers returned a different number of transaction sets than the file holds');
  const move = (f: Finding) => {
    const p = f.position;
    if (p.segmentNumber !== undefined) {
      const s = skeleton[p.segmentNumber - 1];
      if (s) p.segmentNumber = s.number;
    }
    if (p.byteOffset !== undefined) {
      const k = lastAtOrBefore(starts, p.byteOffset);
      if (k >= 0) p.byteOffset = skeleton[k].offset + (p.byteOffset - starts[k]);
    }
  };
  report.findings.forEach(move);
  for (const ic of report.interchanges) {
    ic.findings.forEach(move);
    for (const g of ic.groups) g.findings.forEach(move);
  }
  report.segmentCount = options.segmentCount;
  report.byteCount = options.byteCount;
  return report;
}

/** Index of the last value ≤ x in an ascending array (-1 if none). */
function lastAtOrBefore(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
