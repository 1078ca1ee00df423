/**
 * A TA1 or 999 file read from its chunks, for posting (src/gateway/inbox.ts): the same result as
 * `parseResponse` on the whole file (test/property/ack-stream.property.test.ts) without holding the
 * file or a 999's tree — the 999's segments go through `Ack999Scan` in file order
 * (segments-in-order.ts). What is kept is the posting itself: one entry per transaction set acknowledged.
 * Pure: the caller pushes the chunks.
 */
import { X12Reader } from '../guides/reader.js';
import { SegmentsInOrder } from './segments-in-order.js';
import { Ack999Scan, ack999Result, ta1Result, type ParsedResponse, type ParseFailure } from './read-responses.js';

export class AckResponseStream {
  private readonly reader: X12Reader;
  private readonly scan = new Ack999Scan();

  constructor(
    private readonly kind: 'TA1' | '999',
    file: string,
  ) {
    if (kind === 'TA1') {
      this.reader = new X12Reader({ file });
      return;
    }
    const segments = new SegmentsInOrder(
      (s) => this.scan.segment(s),
      () => this.scan.transactionEnd(),
    );
    this.reader = new X12Reader({ file, units: SegmentsInOrder.units('999'), onUnit: (u, p, x) => segments.unit(u, p, x), onTransaction: (r, x) => segments.transaction(r, x) });
  }

  push(chunk: Buffer): void {
    this.reader.push(chunk);
  }

  end(): ParsedResponse | ParseFailure {
    const report = this.reader.end();
    return this.kind === 'TA1' ? ta1Result(report) : ack999Result(report, this.scan.groups);
  }
}
