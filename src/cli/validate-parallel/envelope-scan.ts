/**
 * The main thread's pass over a file split for `validate --jobs`: a byte scanner that finds segment
 * terminators and the envelope segments (ISA, GS, ST, SE, GE, IEA) only, instead of tokenizing every
 * segment (the tokenizer made an object-free batch entry, an interned id and a delimiter slot per segment:
 * ~0.35–0.5 s of CPU per 100 MB on the main thread, competing with the workers). Pure: bytes in, envelope
 * segments out.
 *
 * It cuts segments exactly where the tokenizer does (line breaks skipped between segments, a CR before a
 * LF terminator kept out of the segment) and refuses — the file is then read on one thread, the reference —
 * everything the tokenizer would report or treat specially: bytes outside ASCII, blanks other than CR/LF
 * between segments, a segment id that is not 2–3 of A–Z/0–9, a segment over the tokenizer's maximum
 * length, an ISA with any finding, data outside an interchange, a last segment without its terminator,
 * an empty file. So a file it accepts has no tokenizer finding anywhere, and every segment it counts is
 * one the tokenizer counts. (The workers check the second half again: each counts the segments its own
 * tokenizer read and looks for tokenizer findings, see worker.ts.)
 */
import { isAscii } from 'node:buffer';
import { isDataByte, readIsa } from '../../x12/delimiters.js';

/** One envelope segment, or (`id` of another segment) a segment outside any transaction set. */
export interface ScannedEnvelope {
  /** "ISA", "GS", "ST", "SE", "GE", "IEA", or the id of a segment that is none of these (seen outside a transaction set). */
  id: string;
  /** Its bytes up to and with its terminator (a copy). */
  bytes: Buffer;
  /** Its segment number (1-based) and byte offset in the file. */
  number: number;
  offset: number;
}

export interface EnvelopeScanOptions {
  /** The tokenizer's limit (TokenizerOptions.maxSegmentLength; default 1 MiB). */
  maxSegmentLength?: number;
}

const CR = 13;
const LF = 10;
const isIdByte = (c: number) => (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
/** Bytes taken from the next chunk to finish a segment carried over (more only for a longer segment). */
const HEAD = 4096;
/** How many bytes the tokenizer looks at to read an ISA. */
const ISA_WINDOW = 400;

export class EnvelopeScanner {
  /** Why the file is not plain (undefined while it is). */
  unplain?: string;
  /** Segments so far. */
  segmentCount = 0;
  /** Bytes so far. */
  byteCount = 0;
  private terminator = -1;
  private element = -1;
  private inTransaction = false;
  /** The unfinished segment at the end of the last push (a copy) and its file offset. */
  private carry: Buffer = Buffer.alloc(0);
  private carryAt = 0;
  private readonly maxSegmentLength: number;

  constructor(
    private readonly onEnvelope: (segment: ScannedEnvelope) => void,
    options: EnvelopeScanOptions = {},
  ) {
    this.maxSegmentLength = options.maxSegmentLength ?? 1 << 20;
  }

  /** Takes the next bytes of the file (any size; the buffer may be reused once this returns). */
  push(chunk: Buffer): void {
    if (this.unplain) return;
    const base = this.byteCount;
    this.byteCount += chunk.length;
    if (!isAscii(chunk)) return this.refuse('bytes outside ASCII');
    let from = 0;
    if (this.carry.length) {
      const carried = this.carry.length;
      let n = Math.min(chunk.length, HEAD);
      for (;;) {
        const head = Buffer.concat([this.carry, chunk.subarray(0, n)]);
        const stop = this.scan(head, this.carryAt, false, 0);
        if (this.unplain) return;
        if (stop >= carried) {
          from = stop - carried;
          this.carry = Buffer.alloc(0);
          break;
        }
        if (n === chunk.length) {
          this.keep(head, stop, this.carryAt);
          return;
        }
        n = chunk.length;
      }
    }
    const stop = this.scan(chunk, base, false, from);
    if (this.unplain) return;
    if (stop < chunk.length) this.keep(chunk, stop, base);
  }

  /** After the last push: a carried segment is one without its terminator. */
  end(): void {
    if (this.unplain) return;
    if (this.carry.length) {
      const stop = this.scan(this.carry, this.carryAt, true, 0);
      if (this.unplain) return;
      if (stop < this.carry.length) return this.refuse('the last segment has no terminator');
    }
    if (this.segmentCount === 0) this.refuse('no segments');
  }

  private keep(buf: Buffer, stop: number, base: number): void {
    if (buf.length - stop > this.maxSegmentLength + ISA_WINDOW) return this.refuse('a segment longer than the tokenizer takes');
    this.carry = Buffer.from(buf.subarray(stop));
    this.carryAt = base + stop;
  }

  private refuse(reason: string): void {
    this.unplain ??= reason;
  }

  /** Scans buf (file offset `base` at buf[0]) from `from` (a segment start); returns where it stopped (an unfinished segment, or the end). */
  private scan(buf: Buffer, base: number, atEnd: boolean, from: number): number {
    const len = buf.length;
    let pos = from;
    for (;;) {
      while (pos < len && (buf[pos] === LF || buf[pos] === CR)) pos++;
      if (pos >= len) return pos;
      if (len - pos < 4 && !atEnd) return pos;
      if (buf[pos] === 73 && buf[pos + 1] === 83 && buf[pos + 2] === 65 && pos + 3 < len && !isDataByte(buf[pos + 3])) {
        if (this.terminator >= 0) {
          this.refuse('ISA inside an interchange');
          return pos;
        }
        const windowEnd = Math.min(len, pos + ISA_WINDOW);
        if (windowEnd - pos < ISA_WINDOW && !atEnd) return pos;
        const isa = readIsa(buf.toString('latin1', pos, windowEnd), 0, base + pos, atEnd || windowEnd - pos >= ISA_WINDOW);
        if (isa.incomplete && !atEnd) return pos;
        if (isa.findings.length || !isa.delimiters || isa.length === undefined) {
          this.refuse('an ISA the tokenizer reports');
          return pos;
        }
        this.terminator = isa.delimiters.segment.charCodeAt(0);
        this.element = isa.delimiters.element.charCodeAt(0);
        this.emit('ISA', buf, pos, pos + isa.length + 1, base);
        pos += isa.length + 1;
        continue;
      }
      if (this.terminator < 0) {
        this.refuse(this.segmentCount === 0 ? 'no ISA at the start' : 'data outside an interchange');
        return pos;
      }
      const c = buf[pos];
      if (c === 32 || c === 9 || c === 0) {
        this.refuse('blanks between segments');
        return pos;
      }
      const term = buf.indexOf(this.terminator, pos);
      if (term < 0) {
        if (len - pos > this.maxSegmentLength) this.refuse('a segment longer than the tokenizer takes');
        else if (atEnd) this.refuse('the last segment has no terminator');
        return pos;
      }
      if (term - pos > this.maxSegmentLength) {
        this.refuse('a segment longer than the tokenizer takes');
        return pos;
      }
      let end = term;
      if (this.terminator === LF && end > pos && buf[end - 1] === CR) end--;
      const sep = this.element;
      const b0 = buf[pos];
      const b1 = buf[pos + 1];
      let idLength = 0;
      if (end - pos >= 2 && isIdByte(b0) && isIdByte(b1)) {
        if (end - pos === 2 || buf[pos + 2] === sep) idLength = 2;
        else if ((end - pos === 3 || buf[pos + 3] === sep) && isIdByte(buf[pos + 2])) idLength = 3;
      }
      if (idLength === 0) {
        this.refuse('a segment id the tokenizer reports');
        return pos;
      }
      let id: string | undefined;
      if (idLength === 2) {
        if (b0 === 83) id = b1 === 84 ? 'ST' : b1 === 69 ? 'SE' : undefined;
        else if (b0 === 71) id = b1 === 83 ? 'GS' : b1 === 69 ? 'GE' : undefined;
      } else if (b0 === 73 && b1 === 69 && buf[pos + 2] === 65) id = 'IEA';
      else if (b0 === 73 && b1 === 83 && buf[pos + 2] === 65) {
        this.refuse('an ISA the tokenizer reads as data');
        return pos;
      }
      if (id !== undefined) {
        if (id === 'ST') this.inTransaction = true;
        else if (id === 'SE') this.inTransaction = false;
        else if (id === 'IEA') this.terminator = -1;
        this.emit(id, buf, pos, term + 1, base);
      } else if (!this.inTransaction) {
        this.emit(buf.toString('latin1', pos, pos + idLength), buf, pos, term + 1, base);
      } else this.segmentCount++;
      if (this.unplain) return pos;
      pos = term + 1;
    }
  }

  private emit(id: string, buf: Buffer, start: number, end: number, base: number): void {
    this.onEnvelope({ id, bytes: Buffer.from(buf.subarray(start, end)), number: ++this.segmentCount, offset: base + start });
  }
}
