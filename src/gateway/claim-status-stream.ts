/**
 * A 277CA read claim by claim, for posting in chunks (src/gateway/inbox.ts), like a large 835
 * (remittance-stream.ts). Pure stream transforms: the caller pushes the file's chunks and takes what came
 * out; nothing here touches the disk or the ledger.
 *
 * Two passes over the file, both in flat memory (one 2200D claim status loop at a time):
 *  1. `ClaimStatusSurvey`: the whole file is read and validated first (a file whose envelope breaks at its
 *     end must not be half posted); it counts the claim statuses the ledger will post and hands each
 *     claim's model to report writers (the gateway's `.status.html|csv`).
 *  2. `ClaimStatusPostingStream`: the file again (structure only: it was validated in pass 1), giving each
 *     claim status as the ledger posts it, in file order — the same list `parseResponse` gives for the
 *     whole file (test/property/claim-status-stream.property.test.ts).
 */
import { X12Reader, type ReadReport } from '../guides/reader.js';
import { SegmentsInOrder } from './segments-in-order.js';
import { ClaimStatusCollector } from '../acks/read-277.js';
import type { ClaimStatusReportWriter } from '../acks/report.js';
import type { ClaimStatusPosting } from '../ledger/posting-types.js';
import { ClaimStatusScan, failure, fatal, type ParseFailure } from './read-responses.js';
import { statusAnswerOf, type StatusAnswer } from '../acks/status-answers.js';
import { QueuedItems } from './item-stream.js';

export type ClaimStatusClaimPosting = ClaimStatusPosting['claims'][number];

export interface ClaimStatusSurveyResult {
  kind: '277CA' | '277';
  report: ReadReport;
}

export class ClaimStatusSurvey {
  private readonly reader: X12Reader;

  /** `writers` get every claim model and response as they are read (streamed reports). */
  /** `kind`: a 277CA (X214, the clearinghouse's claim acknowledgment) or a 277 (X212, answers to our 276s). */
  constructor(file: string, writers: readonly ClaimStatusReportWriter[] = [], private readonly kind: '277CA' | '277' = '277CA') {
    const collector = new ClaimStatusCollector({
      keepClaims: false,
      onClaim: (claim, response) => {
        for (const w of writers) w.claim(claim, response);
      },
    });
    this.reader = new X12Reader({
      file,
      units: ClaimStatusCollector.units,
      onUnit: (u, p, x) => collector.onUnit(u, p, x),
      onTransaction: (r, x) => {
        const before = collector.responses.length;
        collector.onTransaction(r, x);
        if (collector.responses.length > before) {
          const response = collector.responses.pop()!;
          for (const w of writers) w.response(response);
        }
      },
    });
  }

  push(chunk: Buffer): void {
    this.reader.push(chunk);
  }

  end(): ClaimStatusSurveyResult | ParseFailure {
    const report = this.reader.end();
    if (fatal(report)) return failure(this.kind, report, '277-UNREADABLE', 'the 277 cannot be read');
    return { kind: this.kind, report };
  }
}

/** Claim statuses in file order: the 277CA's segments in order (segments-in-order.ts) through `ClaimStatusScan`. */
export class ClaimStatusPostingStream extends QueuedItems<ClaimStatusClaimPosting> {
  constructor(file: string) {
    super();
    let scan: ClaimStatusScan | undefined;
    const segments = new SegmentsInOrder(
      (s, ctx) => {
        scan ??= new ClaimStatusScan(ctx.transaction.controlNumber);
        const done = scan.segment(s);
        if (done) this.add(done);
      },
      () => {
        const last = scan?.end();
        if (last) this.add(last);
        scan = undefined;
      },
    );
    this.read(new X12Reader({ file, structureOnly: true, units: SegmentsInOrder.units('277CA'), onUnit: (u, p, x) => segments.unit(u, p, x), onTransaction: (r, x) => segments.transaction(r, x) }));
  }
}

/**
 * A 277 (X212, answers to our 276s) read answer by answer for posting in chunks (issue 12, round 6): the
 * claim status loops through the same collector as the whole read (`readClaimStatuses`), each turned into
 * its answer by `statusAnswerOf` — the list `parseResponse` gives, in the same order; nothing is kept.
 */
export class StatusAnswerStream extends QueuedItems<StatusAnswer> {
  constructor(file: string) {
    super();
    const collector = new ClaimStatusCollector({
      keepClaims: false,
      onClaim: (claim, response) => {
        const answer = statusAnswerOf(claim, response.transactionControlNumber);
        if (answer) this.add(answer);
      },
    });
    this.read(
      new X12Reader({
        file,
        structureOnly: true,
        units: ClaimStatusCollector.units,
        onUnit: (u, p, x) => collector.onUnit(u, p, x),
        onTransaction: (r, x) => {
          collector.onTransaction(r, x);
          collector.responses.length = 0;
        },
      }),
    );
  }
}
