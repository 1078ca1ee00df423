/**
 * What the posting passes over a response file have in common (src/gateway/inbox.ts): an X12Reader fed
 * the file's chunks, whose callbacks queue the items the ledger posts (claim statuses, 999 items, 277 and
 * 271 answers); each `push` hands over the items that chunk completed, so only one chunk's items wait.
 * Pure: the caller pushes the chunks.
 */
import type { X12Reader } from '../guides/reader.js';

export abstract class QueuedItems<T> {
  private queue: T[] = [];
  private reader?: X12Reader;

  /** Queues an item (called by the reader's callbacks). */
  protected readonly add = (item: T): void => {
    this.queue.push(item);
  };

  /** The reader whose callbacks call `add` (set once, by the subclass's constructor). */
  protected read(reader: X12Reader): void {
    this.reader = reader;
  }

  /** Reads a chunk and returns the items it completed (the queue is handed over, not kept). */
  push(chunk: Buffer): T[] {
    this.reader!.push(chunk);
    return this.take();
  }

  end(): T[] {
    this.reader!.end();
    return this.take();
  }

  private take(): T[] {
    const out = this.queue;
    this.queue = [];
    return out;
  }
}
