/**
 * A TA1 or 999 file read from its chunks (src/gateway/inbox.ts), without holding the file or a 999's
 * tree — the 999's segments go through `Ack999Scan` in file order (segments-in-order.ts):
 *  - `AckResponseStream`: the same result as `parseResponse` on the whole file
 *    (test/property/ack-stream.property.test.ts). With `keep: false` (the inbox's first pass: hash,
 *    validate) a 999's verdicts are only counted, so memory stays flat however many transaction sets it
 *    answers; the posting is then read by:
 *  - `Ack999ItemStream`: the file again (structure only: it was validated), giving the 999's items in file
 *    order (`Ack999Item`: verdicts and group ends) for posting in chunks — the list `ack999Items` makes of
 *    the whole posting (test/property/ack-items-stream.property.test.ts).
 * Pure: the caller pushes the chunks.
 */
import { X12Reader } from '../guides/reader.js';
import type { Ack999Item } from '../ledger/posting-types.js';
import { QueuedItems } from './item-stream.js';
import { SegmentsInOrder } from './segments-in-order.js';
import { Ack999Scan, ack999Result, ta1Result, type ParsedResponse, type ParseFailure } from './read-responses.js';

export class AckResponseStream {
  private readonly reader: X12Reader;
  private readonly scan: Ack999Scan;

  constructor(
    private readonly kind: 'TA1' | '999',
    file: string,
    options: { keep?: boolean } = {},
  ) {
    this.scan = new Ack999Scan({ keep: options.keep });
    if (kind === 'TA1') {
      this.reader = new X12Reader({ file });
      return;
    }
    this.reader = ack999Reader(file, this.scan, false);
  }

  push(chunk: Buffer): void {
    this.reader.push(chunk);
  }

  end(): ParsedResponse | ParseFailure {
    const report = this.reader.end();
    return this.kind === 'TA1' ? ta1Result(report) : ack999Result(report, this.scan.groups, this.scan.groupCount);
  }
}

/** A 999's items in file order (pass 2 of the inbox, structure only), nothing kept. */
export class Ack999ItemStream extends QueuedItems<Ack999Item> {
  constructor(file: string) {
    super();
    this.read(ack999Reader(file, new Ack999Scan({ keep: false, onItem: this.add }), true));
  }
}

/** A reader giving every segment of the 999s, in file order, to the walk. */
function ack999Reader(file: string, scan: Ack999Scan, structureOnly: boolean): X12Reader {
  const segments = new SegmentsInOrder(
    (s) => scan.segment(s),
    () => scan.transactionEnd(),
  );
  return new X12Reader({ file, structureOnly, units: SegmentsInOrder.units('999'), onUnit: (u, p, x) => segments.unit(u, p, x), onTransaction: (r, x) => segments.transaction(r, x) });
}
