/**
 * A large 835 read claim by claim, for posting in chunks (src/gateway/inbox.ts). Pure stream transforms:
 * the caller pushes the file's chunks and takes what came out; nothing here touches the disk or the ledger.
 *
 * Two passes over the file, both in flat memory:
 *  1. `RemittanceSurvey`: the whole file is read and validated first (a file whose envelope breaks at its
 *     end must not be half posted); per 835 it gives the check (BPR/TRN, PLB), the claim count, whether it
 *     balances and its content key (re-sent 835s), and hands each claim model to report writers.
 *  2. `ClaimPaymentStream`: the file again (structure only: it was validated in pass 1), giving each claim
 *     payment as the ledger posts it, in file order, and the end of each 835.
 */
import { Decimal } from 'decimal.js';
import { X12Reader, type ReadReport } from '../guides/reader.js';
import { RemittanceCollector } from '../remits/read-remittances.js';
import type { RemittanceReportWriter } from '../remits/report.js';
import { StreamedContentKey } from '../ledger/streamed-content-key.js';
import { balancedSums, type ClaimPaymentPosting, type RemittanceHeaderPosting } from '../ledger/remittance-postings.js';
import { claimPostingOf, failure, fatal, payerKeyOf, remittanceHeaderOf, type ParseFailure } from './read-responses.js';

export interface SurveyedRemittance {
  header: RemittanceHeaderPosting;
  claimCount: number;
  /** As `remittanceContentKey` up to 5,000 claim payments; an `m:` key beyond (src/ledger/streamed-content-key.ts). */
  contentKey?: string;
  /** Sum of CLP04 less PLB = BPR02, as the ledger records it. */
  balanced: boolean;
}

export interface SurveyResult {
  kind: '835';
  report: ReadReport;
  remittances: SurveyedRemittance[];
}

export class RemittanceSurvey {
  private readonly reader: X12Reader;
  private readonly collector: RemittanceCollector;
  private readonly done: SurveyedRemittance[] = [];
  private key?: StreamedContentKey;
  private paid = new Decimal(0);
  private count = 0;

  /** `writers` get every claim model and remittance as they are read (streamed reports). */
  constructor(file: string, writers: readonly RemittanceReportWriter[] = []) {
    this.collector = new RemittanceCollector({
      file,
      keepClaims: false,
      onClaim: (claim, remittance) => {
        const posting = claimPostingOf(claim, remittance);
        this.key ??= new StreamedContentKey(payerKeyOf(remittance));
        this.key.add(posting);
        this.paid = this.paid.plus(posting.paid);
        this.count++;
        for (const w of writers) w.claim(claim, remittance);
      },
      onRemittance: (r) => {
        const header = remittanceHeaderOf(r);
        this.done.push({ header, claimCount: this.count, contentKey: this.key?.key, balanced: balancedSums(this.paid, header) });
        this.key = undefined;
        this.paid = new Decimal(0);
        this.count = 0;
        for (const w of writers) w.remittance(r);
      },
    });
    const c = this.collector;
    this.reader = new X12Reader({ file, units: RemittanceCollector.units, flatUnits: RemittanceCollector.flatUnits, onUnit: (u, p, x) => c.onUnit(u, p, x), onFlatUnit: (u, p, x) => c.onFlatUnit(u, p, x), onTransaction: (r, x) => c.onTransaction(r, x) });
  }

  push(chunk: Buffer): void {
    this.reader.push(chunk);
  }

  end(): SurveyResult | ParseFailure {
    const report = this.reader.end();
    if (fatal(report) || this.done.length === 0) return failure('835', report, '835-UNREADABLE', 'the 835 cannot be read (broken envelope or no claim payment)');
    return { kind: '835', report, remittances: this.done };
  }
}

export type ClaimPaymentEvent = { kind: 'claim'; remittance: number; claim: ClaimPaymentPosting } | { kind: 'end'; remittance: number };

export class ClaimPaymentStream {
  private readonly reader: X12Reader;
  private queue: ClaimPaymentEvent[] = [];
  private ended = 0;

  constructor(file: string) {
    const collector = new RemittanceCollector({
      file,
      keepClaims: false,
      onClaim: (claim, remittance) => this.queue.push({ kind: 'claim', remittance: this.ended, claim: claimPostingOf(claim, remittance) }),
      onRemittance: () => this.queue.push({ kind: 'end', remittance: this.ended++ }),
    });
    this.reader = new X12Reader({ file, structureOnly: true, units: RemittanceCollector.units, flatUnits: RemittanceCollector.flatUnits, onUnit: (u, p, x) => collector.onUnit(u, p, x), onFlatUnit: (u, p, x) => collector.onFlatUnit(u, p, x), onTransaction: (r, x) => collector.onTransaction(r, x) });
  }

  /** Reads a chunk and returns the events it completed (the queue is handed over, not kept). */
  push(chunk: Buffer): ClaimPaymentEvent[] {
    this.reader.push(chunk);
    return this.take();
  }

  end(): ClaimPaymentEvent[] {
    this.reader.end();
    return this.take();
  }

  private take(): ClaimPaymentEvent[] {
    const out = this.queue;
    this.queue = [];
    return out;
  }
}
