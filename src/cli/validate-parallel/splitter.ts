/**
 * Splits a file into validation tasks for worker threads, and keeps the envelope skeleton the main thread
 * checks itself. Pure: it sees the envelope segments the byte scanner hands out (envelope-scan.ts), in file
 * order.
 *
 * A task is a run of whole transaction sets (ST…SE) of one functional group, given as a byte range of
 * the file plus the bytes of its interchange's ISA and its group's GS (the worker reads ISA + GS + range
 * as a small file of its own and shifts the positions back by `byteDelta` / `segmentDelta`).
 *
 * The skeleton is every envelope segment (ISA, GS, ST, SE, GE, IEA) with its bytes and its real segment
 * number and offset: read on its own it gives the interchange and group checks of the whole file, with
 * every transaction set reduced to its ST and SE. Its segments go through a tokenizer here (as the
 * skeleton's reader will read them): any finding refuses the split, and ST02 is the tokenizer's value.
 *
 * The split is only taken when the structure is plain: the scanner found nothing the tokenizer would
 * report (see envelope-scan.ts), every envelope segment where it belongs (ISA GS (ST … SE)* GE … IEA,
 * nothing else between), no TA1 inside an interchange, no ST02 used twice in a group. Anything else sets
 * `unsplittable` with the reason, and the caller reads the file on one thread (the single-threaded reader
 * is the reference: the split must never change a report).
 */
import { Tokenizer } from '../../x12/tokenizer.js';
import type { ScannedEnvelope } from './envelope-scan.js';

export interface ValidationTask {
  /** 0, 1, 2… in file order. */
  index: number;
  /** The interchange's ISA bytes, then the group's GS bytes (each with its terminator). */
  prefix: Buffer;
  /** Byte range [start, end) of the file: from the first ST to the terminator of the last SE. */
  start: number;
  end: number;
  /** Real offset = offset in (prefix + range) + byteDelta; real segment number = number there + segmentDelta. */
  byteDelta: number;
  segmentDelta: number;
  /** Transaction sets in the range. */
  transactionCount: number;
  /** Segments in the range (the worker's tokenizer must read as many). */
  segmentCount: number;
}

/** One envelope segment of the skeleton. */
export interface SkeletonSegment {
  id: string;
  bytes: Buffer;
  /** Its segment number and byte offset in the file. */
  number: number;
  offset: number;
}

export interface SplitterOptions {
  /** Close a task once its range holds at least this many bytes (default 4 MiB). */
  taskBytes?: number;
}


type State = 'outside' | 'interchange' | 'group' | 'transaction';

export class TransactionSplitter {
  /** Why the file cannot be split (undefined while it can). */
  unsplittable?: string;
  readonly skeleton: SkeletonSegment[] = [];
  segmentCount = 0;
  transactionCount = 0;
  private state: State = 'outside';
  private isaBytes?: Buffer;
  private groupPrefix?: Buffer;
  private controlNumbers = new Set<string>();
  private readonly taskBytes: number;
  private nextIndex = 0;
  /** The task being filled. */
  private open?: { start: number; end: number; firstNumber: number; count: number; lastNumber: number };

  constructor(
    private readonly onTask: (task: ValidationTask) => void,
    options: SplitterOptions = {},
  ) {
    this.taskBytes = options.taskBytes ?? 4 * 1024 * 1024;
  }

  /** The skeleton's segments tokenized as its reader will read them (delimiters from the last ISA). */
  private readonly skeletonTokens = new Tokenizer();

  /** Takes the next envelope segment (or a segment seen outside a transaction set) from the scanner. */
  envelope(segment: ScannedEnvelope): void {
    if (this.unsplittable) return;
    this.envelopeSegment(segment);
  }

  /** The file's segment count, from the scanner, once it has seen the whole file. */
  end(segmentCount: number): void {
    if (this.unsplittable) return;
    this.segmentCount = segmentCount;
    this.endCheck();
  }

  /** After the last segment: the file must end outside any interchange. */
  private endCheck(): void {
    if (this.state !== 'outside') this.refuse(`the file ends inside a ${this.state === 'interchange' ? 'interchange' : this.state === 'group' ? 'functional group' : 'transaction set'}`);
  }

  private refuse(reason: string): void {
    this.unsplittable ??= reason;
  }

  private envelopeSegment(segment: ScannedEnvelope): void {
    const { id, number, offset } = segment;
    const spanEnd = offset + segment.bytes.length;
    // Where the skeleton's reader will see it: one segment, no finding, the same id.
    const batch = this.skeletonTokens.pushBatch(segment.bytes);
    if (batch.findings.length) return this.refuse(`the tokenizer reported ${batch.findings[0].code}`);
    if (batch.count !== 1 || batch.ids[0] !== id) return this.refuse(`the scanner and the tokenizer disagree on segment ${number}`);
    const keep = (): Buffer => {
      this.skeleton.push({ id, bytes: segment.bytes, number, offset });
      return segment.bytes;
    };
    switch (this.state) {
      case 'outside':
        if (id !== 'ISA') return this.refuse(`${id} outside an interchange`);
        this.isaBytes = keep();
        this.state = 'interchange';
        return;
      case 'interchange':
        if (id === 'GS') {
          this.groupPrefix = Buffer.concat([this.isaBytes!, keep()]);
          this.controlNumbers.clear();
          this.state = 'group';
        } else if (id === 'IEA') {
          keep();
          this.state = 'outside';
        } else this.refuse(`${id} directly inside an interchange`);
        return;
      case 'group':
        if (id === 'ST') {
          const controlNumber = batch.segment(0).elements[2] ?? '';
          if (this.controlNumbers.has(controlNumber)) return this.refuse('an ST02 control number is used twice in a group');
          this.controlNumbers.add(controlNumber);
          keep();
          this.open ??= { start: offset, end: offset, firstNumber: number, count: 0, lastNumber: number };
          this.state = 'transaction';
        } else if (id === 'GE') {
          this.closeTask();
          keep();
          this.state = 'interchange';
        } else this.refuse(`${id} directly inside a functional group`);
        return;
      case 'transaction':
        if (id !== 'SE') return this.refuse(`${id} inside a transaction set`);
        keep();
        this.transactionCount++;
        this.open!.count++;
        this.open!.end = spanEnd;
        this.open!.lastNumber = number;
        this.state = 'group';
        if (this.open!.end - this.open!.start >= this.taskBytes) this.closeTask();
        return;
    }
  }

  private closeTask(): void {
    const open = this.open;
    if (!open) return;
    this.open = undefined;
    const prefix = this.groupPrefix!;
    this.onTask({
      index: this.nextIndex++,
      prefix,
      start: open.start,
      end: open.end,
      byteDelta: open.start - prefix.length,
      // In the worker's little file ISA is segment 1, GS 2 and the first ST 3.
      segmentDelta: open.firstNumber - 3,
      transactionCount: open.count,
      segmentCount: open.lastNumber - open.firstNumber + 1,
    });
  }
}
