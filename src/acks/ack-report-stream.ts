/**
 * The second read of a 999 / TA1 file for its acknowledgment reports (`x12gw report` and the gateway's
 * `.ack.html` / `.ack.csv`): each 999's transaction sets go to the writers as they are read, one AK2 loop
 * at a time, with the claims their errors hit in the 837 we sent when one is known, one 999 after another.
 * `summaries` are the 999s of the first read (AK1 / AK9, no transaction sets), in the same order.
 * Pure: the caller pushes the file's chunks (and waits for its output between them); `end()` ends the
 * writers. Only the mapped errors of the current 999 are held.
 */
import { X12Reader } from '../guides/reader.js';
import { mapAcknowledgmentTo837, type Index837, type MappedError } from './map-to-837.js';
import type { Acknowledgment999 } from './model.js';
import { AcknowledgmentCollector } from './read-999.js';
import type { AcknowledgmentReportWriter } from './report.js';

export interface AcknowledgmentReportStream {
  push(chunk: Buffer): void;
  /** Ends the read and the writers. */
  end(): void;
}

export function acknowledgmentReportStream(options: {
  /** The file's name, for the reader's findings. */
  file: string;
  summaries: readonly Acknowledgment999[];
  writers: readonly AcknowledgmentReportWriter[];
  /** The 837 index the `i`th 999's errors are mapped to; undefined: not mapped (no mapped column). */
  indexOf: (ackIndex: number) => Index837 | undefined;
}): AcknowledgmentReportStream {
  const { summaries, writers, indexOf } = options;
  let begun = -1;
  let hit: MappedError[] = [];
  const begin = (i: number) => {
    if (begun === i) return;
    begun = i;
    hit = [];
    for (const w of writers) w.begin(summaries[i]!);
  };
  const collector = new AcknowledgmentCollector({
    keepTransactions: false,
    onTransactionAck: (t, i) => {
      begin(i);
      for (const w of writers) w.transaction(t, summaries[i]!);
      const index = indexOf(i);
      if (index) hit.push(...mapAcknowledgmentTo837({ ...summaries[i]!, transactions: [t] }, index));
    },
  });
  const reader = new X12Reader({
    file: options.file,
    units: AcknowledgmentCollector.units,
    onUnit: (u, p, c) => collector.onUnit(u, p, c),
    onTransaction: (r, c) => {
      const before = collector.acks.length;
      collector.onTransaction(r, c);
      if (collector.acks.length === before) return;
      const i = collector.acks.length - 1;
      begin(i);
      const mapped = indexOf(i) ? hit : undefined;
      for (const w of writers) w.end999(summaries[i]!, mapped);
      hit = [];
    },
  });
  return {
    push: (chunk) => reader.push(chunk),
    end() {
      reader.end();
      for (const w of writers) w.end();
    },
  };
}
