/**
 * Streaming X12 tokenizer: bytes in, segments out, in flat memory whatever the file size.
 *
 * Feed it chunks with `push(chunk)` and call `end()` once; each call returns the segments completed so
 * far. Delimiters are read from every ISA (a file may hold several interchanges with different delimiters).
 * It tolerates a UTF-8 byte-order mark, CR/LF/CRLF (or nothing) after terminators, and blanks before a
 * segment. Problems become findings; nothing here throws on bad data.
 *
 * Speed: the scan works on the bytes (native indexOf for terminators) and a segment's elements are decoded
 * and split only when someone reads them (`segment.elements`). Segment ids are interned. A segment keeps a
 * reference to the chunk it came from until its elements are read.
 */
import { isAscii } from 'node:buffer';
import { isDataByte, readIsa, type Delimiters } from './delimiters.js';
import type { Finding } from './finding.js';

export interface Segment {
  /** Segment id ("NM1"). Same as elements[0]. */
  readonly id: string;
  /** elements[0] is the segment id, elements[n] is element n (raw, composites and repetitions not split). */
  readonly elements: string[];
  /** 1-based number of the segment in the file. */
  readonly number: number;
  /** Byte offset of the segment's first byte in the file. */
  readonly offset: number;
  /** The delimiters of the interchange this segment belongs to. */
  readonly delimiters: Delimiters;
}

/** A segment whose elements are decoded from its bytes on first use. */
export class ScannedSegment implements Segment {
  #source: Buffer | undefined;
  #start: number;
  #end: number;
  #utf8: boolean;
  #elements: string[] | undefined;
  /** The decoded text, once `text()` was asked for it (the clean-segment pass does), reused by the split. */
  #text: string | undefined;

  constructor(
    readonly id: string,
    source: Buffer,
    start: number,
    end: number,
    utf8: boolean,
    readonly number: number,
    readonly offset: number,
    readonly delimiters: Delimiters,
  ) {
    this.#source = source;
    this.#start = start;
    this.#end = end;
    this.#utf8 = utf8;
  }

  get elements(): string[] {
    if (this.#elements === undefined) {
      const text = this.#text ?? (this.#utf8 ? this.#source!.toString('utf8', this.#start, this.#end) : latin1(this.#source!, this.#start, this.#end));
      // indexOf + slice beats String#split by about a quarter for short segments.
      const sep = this.delimiters.element;
      const out: string[] = [];
      let from = 0;
      for (;;) {
        const at = text.indexOf(sep, from);
        if (at < 0) {
          out.push(from === 0 ? text : text.slice(from));
          break;
        }
        out.push(text.slice(from, at));
        from = at + 1;
      }
      this.#elements = out;
      this.#source = undefined;
      this.#text = undefined;
    }
    return this.#elements!;
  }

  /** Element `pos` without splitting the whole segment (for qualifier look-ups on the hot path). */
  field(pos: number): string {
    if (this.#elements !== undefined || this.#utf8) return this.elements[pos] ?? '';
    const src = this.#source!;
    const sep = this.delimiters.element.charCodeAt(0);
    let from = this.#start;
    for (let i = 0; i < pos; i++) {
      const at = src.indexOf(sep, from);
      if (at < 0 || at >= this.#end) return '';
      from = at + 1;
    }
    let to = src.indexOf(sep, from);
    if (to < 0 || to > this.#end) to = this.#end;
    return latin1(src, from, to);
  }

  /**
   * The chunk this segment's bytes are in, when they can be read as one character per byte (ASCII or
   * latin1, elements not split yet); undefined otherwise. The segment is bytes[byteStart, byteEnd).
   */
  get bytes(): Buffer | undefined {
    return this.#utf8 ? undefined : this.#source;
  }

  get byteStart(): number {
    return this.#start;
  }

  get byteEnd(): number {
    return this.#end;
  }

  /** The segment's text (elements joined by the element separator) without splitting it. */
  text(): string {
    if (this.#elements !== undefined) return this.#elements.join(this.delimiters.element);
    return (this.#text ??= this.#utf8 ? this.#source!.toString('utf8', this.#start, this.#end) : latin1(this.#source!, this.#start, this.#end));
  }

  toJSON(): unknown {
    return { id: this.id, elements: this.elements, number: this.number, offset: this.offset };
  }
}

/** The text of any segment (elements joined), cheaply for scanned ones. */
export function textOf(segment: Segment): string {
  return segment instanceof ScannedSegment ? segment.text() : segment.elements.join(segment.delimiters.element);
}

/** The segment as read by the tokenizer (its bytes still at hand), or undefined for a segment made from text. */
export function scannedOf(segment: Segment): ScannedSegment | undefined {
  return segment instanceof ScannedSegment ? segment : undefined;
}

/** Element `pos` of any segment (or of the segment a cursor is on), cheaply for scanned ones. */
export function fieldOf(segment: Segment | SegmentCursor, pos: number): string {
  return segment instanceof ScannedSegment || segment instanceof SegmentCursor ? segment.field(pos) : (segment.elements[pos] ?? '');
}

/** A segment made from text (tests, writers, ISA headers). */
export function makeSegment(elements: string[], number: number, offset: number, delimiters: Delimiters): Segment {
  return { id: elements[0], elements, number, offset, delimiters };
}

/**
 * A reusable view of one segment of a `SegmentBatch` (the struct-of-arrays path): the same fields the walker
 * reads from a `ScannedSegment`, filled in place for each segment, so a segment that is matched and found
 * clean costs no object at all. `toSegment()` makes the `ScannedSegment` when something must keep the
 * segment or read its elements (a finding's detail, the detailed checker, a tree node); it is made once per
 * fill. A cursor is only valid until it is filled again: keep `toSegment()`, never the cursor.
 */
export class SegmentCursor {
  id = '';
  /** The id's interned number (`SegmentBatch.idNumbers`), -1 when it has none. */
  idNumber = -1;
  number = 0;
  offset = 0;
  delimiters!: Delimiters;
  /** The chunk holding the segment (one byte per character) and where the segment is in it. */
  bytes: Buffer = EMPTY;
  byteStart = 0;
  byteEnd = 0;
  #made: ScannedSegment | undefined;

  /** Points the cursor at segment i of the batch (which must be a plain scanned segment: `kinds[i] === SCANNED`). */
  fill(batch: SegmentBatch, i: number): void {
    this.id = batch.ids[i];
    this.idNumber = batch.idNumbers[i];
    this.number = batch.firstNumber + i;
    this.byteStart = batch.starts[i];
    this.byteEnd = batch.ends[i];
    this.offset = batch.base + this.byteStart;
    this.delimiters = batch.delimiters[i];
    this.bytes = batch.buffer;
    this.#made = undefined;
  }

  /** Element `pos` as a string, read from the bytes (as `ScannedSegment.field`): '' when absent. */
  field(pos: number): string {
    const src = this.bytes;
    const end = this.byteEnd;
    const sep = this.delimiters.element.charCodeAt(0);
    let from = this.byteStart;
    for (let i = 0; i < pos; i++) {
      const at = src.indexOf(sep, from);
      if (at < 0 || at >= end) return '';
      from = at + 1;
    }
    let to = src.indexOf(sep, from);
    if (to < 0 || to > end) to = end;
    return latin1(src, from, to);
  }

  toSegment(): ScannedSegment {
    return (this.#made ??= new ScannedSegment(this.id, this.bytes, this.byteStart, this.byteEnd, false, this.number, this.offset, this.delimiters));
  }
}

/** Kinds of a batch entry. */
export const SCANNED = 0;
/** Scanned, but its bytes are UTF-8 text (decoded as such). */
export const SCANNED_UTF8 = 1;
/** Made from text (an ISA): `made[i]`. */
export const MADE = 2;

/**
 * The segments one `pushBatch`/`endBatch` completed, as struct-of-arrays: for entry i (0 ≤ i < count) the
 * segment is buffer[starts[i], ends[i]), its id ids[i] (interned), number firstNumber + i, byte offset in
 * the file base + starts[i], delimiters delimiters[i]. Nothing is allocated per segment. The batch object
 * and its arrays are reused by the next push: read it before pushing again.
 */
export class SegmentBatch {
  buffer: Buffer = EMPTY;
  base = 0;
  firstNumber = 0;
  count = 0;
  starts = new Uint32Array(1024);
  ends = new Uint32Array(1024);
  kinds = new Uint8Array(1024);
  ids: string[] = [];
  /** The id's interned number (`segmentIdOfNumber`), -1 for an invalid id or an ISA made from text. */
  idNumbers = new Int32Array(1024);
  delimiters: Delimiters[] = [];
  made: Array<Segment | undefined> = [];
  findings: Finding[] = [];

  /** Entry i as a `Segment` (made now; the tokenizer's `push` hands these out). */
  segment(i: number): Segment {
    const kind = this.kinds[i];
    if (kind === MADE) return this.made[i]!;
    const start = this.starts[i];
    return new ScannedSegment(this.ids[i], this.buffer, start, this.ends[i], kind === SCANNED_UTF8, this.firstNumber + i, this.base + start, this.delimiters[i]);
  }

  /** Room for one more entry. */
  grow(): void {
    if (this.count < this.starts.length) return;
    const n = this.starts.length * 2;
    const starts = new Uint32Array(n), ends = new Uint32Array(n), kinds = new Uint8Array(n), idNumbers = new Int32Array(n);
    starts.set(this.starts);
    ends.set(this.ends);
    kinds.set(this.kinds);
    idNumbers.set(this.idNumbers);
    this.starts = starts;
    this.ends = ends;
    this.kinds = kinds;
    this.idNumbers = idNumbers;
  }
}

export interface TokenizerOptions {
  /** Longest segment accepted, in bytes. Longer ones are reported and skipped (memory stays bounded). */
  maxSegmentLength?: number;
}

export interface TokenizeResult {
  segments: Segment[];
  findings: Finding[];
}

const EMPTY = Buffer.alloc(0);
/** Buffer#latin1Slice: the fastest byte→string decode Node has (a stable, untyped Buffer method). */
const latin1 = (b: Buffer, start: number, end: number): string => (b as unknown as { latin1Slice(s: number, e: number): string }).latin1Slice(start, end);
const isBlank = (c: number) => c === 10 || c === 13 || c === 32 || c === 9 || c === 0;
const isIdByte = (c: number) => (c >= 65 && c <= 90) || (c >= 48 && c <= 57);

/**
 * Segment ids, interned by their bytes: a valid id is 2 or 3 of 0-9/A-Z, so it has a slot in a table of
 * 37^3 (each byte 1–36, 0 for an absent third one) holding its number (+ 1; 0 = not seen yet). Numbers are
 * dense and never change: `idNumbers[i]` of a batch, so the guide layer can resolve an id to its own codes
 * with an array index instead of a map look-up per segment. The strings are internalized (compared by
 * pointer).
 */
const ID_BYTE = new Uint8Array(256);
for (let c = 48; c <= 57; c++) ID_BYTE[c] = c - 47;
for (let c = 65; c <= 90; c++) ID_BYTE[c] = c - 54;
const idSlots = new Int32Array(37 * 37 * 37);
const idStrings: string[] = [];

/** The interned string of an id number (as found in a batch's `idNumbers`). */
export function segmentIdOfNumber(n: number): string {
  return idStrings[n];
}

/** The number of a valid id buf[start, start + length) (2 or 3 id bytes, checked by the caller), interning it. */
function internId(buf: Buffer, start: number, length: number): number {
  const slot = (ID_BYTE[buf[start]] * 37 + ID_BYTE[buf[start + 1]]) * 37 + (length === 3 ? ID_BYTE[buf[start + 2]] : 0);
  const n = idSlots[slot];
  if (n !== 0) return n - 1;
  // An object's property keys are internalized strings: take the id from there.
  const id = Object.keys({ [latin1(buf, start, start + length)]: 0 })[0];
  idStrings.push(id);
  idSlots[slot] = idStrings.length;
  return idStrings.length - 1;
}

export class Tokenizer {
  private pending: Buffer = EMPTY;
  /** Byte offset (in the whole input) of pending[0]. */
  private base = 0;
  private delimiters: Delimiters | undefined;
  private segmentByte = -1;
  private elementByte = -1;
  private segmentNumber = 0;
  private started = false;
  /** Skipping the rest of an over-long segment until the next terminator. */
  private skipping = false;
  /** Reported "no ISA" once per stretch of junk. */
  private reportedJunk = false;
  private reportedAnything = false;
  private reportedIndent = false;
  private readonly maxSegmentLength: number;

  constructor(options: TokenizerOptions = {}) {
    this.maxSegmentLength = options.maxSegmentLength ?? 1 << 20;
  }

  /** Segments completed by this chunk. Strings are taken as Unicode text and encoded as UTF-8. */
  push(chunk: Buffer | string): TokenizeResult {
    return resultOf(this.pushBatch(chunk));
  }

  /** The last segments, and findings about a file that ends mid-segment. */
  end(): TokenizeResult {
    return resultOf(this.endBatch());
  }

  /** `push` as a struct-of-arrays batch (no object per segment). The batch is reused by the next call. */
  pushBatch(chunk: Buffer | string): SegmentBatch {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    return this.drain(this.joined(bytes), false);
  }

  /**
   * The carried partial segment followed by `bytes`. When `bytes` continues the pending bytes in memory (the
   * next slice of the same chunk, as the reader feeds 32 KiB slices of a larger chunk), a view over both is
   * taken: nothing is copied. Otherwise the two are concatenated.
   */
  private joined(bytes: Buffer): Buffer {
    const p = this.pending;
    if (p.length === 0) return bytes;
    if (p.buffer === bytes.buffer && p.byteOffset + p.length === bytes.byteOffset) return Buffer.from(p.buffer, p.byteOffset, p.length + bytes.length);
    return Buffer.concat([p, bytes]);
  }

  /** `end` as a batch. */
  endBatch(): SegmentBatch {
    return this.drain(this.pending, true);
  }

  private readonly batch = new SegmentBatch();

  private setDelimiters(d: Delimiters | undefined): void {
    this.delimiters = d;
    this.segmentByte = d ? d.segment.charCodeAt(0) : -1;
    this.elementByte = d ? d.element.charCodeAt(0) : -1;
  }

  private drain(buf: Buffer, atEnd: boolean): SegmentBatch {
    const batch = this.batch;
    const findings: Finding[] = [];
    batch.buffer = buf;
    batch.base = this.base;
    batch.firstNumber = this.segmentNumber + 1;
    batch.count = 0;
    batch.findings = findings;
    if (batch.made.length) batch.made = [];
    let pos = 0;
    const len = buf.length;
    if (!this.started) {
      if (len < 4 && !atEnd) {
        this.pending = buf;
        return batch;
      }
      this.started = true;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
      if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff) || (buf[0] === 73 && buf[1] === 0 && buf[2] === 83 && buf[3] === 0) || (buf[0] === 0 && buf[1] === 73 && buf[2] === 0 && buf[3] === 83)) {
        findings.push({
          code: 'X12-UTF16',
          severity: 'error',
          snip: 1,
          message: 'The file is encoded as UTF-16; X12 interchanges must be ASCII (or UTF-8). Convert the file and send it again.',
          position: { byteOffset: 0 },
          ack: { ta1: '024' },
        });
        this.reportedJunk = true;
      }
    }
    const ascii = isAscii(buf);

    for (;;) {
      if (this.skipping) {
        const term = buf.indexOf(this.segmentByte, pos);
        if (term < 0) {
          pos = len;
          break;
        }
        pos = term + 1;
        this.skipping = false;
        continue;
      }
      // Skip blanks between segments (line breaks are common; indentation is not X12 and is noted once).
      while (pos < len && isBlank(buf[pos])) {
        const c = buf[pos];
        if ((c === 32 || c === 9) && !this.reportedIndent && this.delimiters) {
          this.reportedIndent = true;
          findings.push({
            code: 'X12-WHITESPACE-BETWEEN-SEGMENTS',
            severity: 'warning',
            snip: 1,
            message: 'Segments are indented with spaces or tabs; X12 allows nothing between a terminator and the next segment but line breaks. The blanks were ignored.',
            position: { byteOffset: this.base + pos, segmentNumber: this.segmentNumber + 1 },
          });
        }
        pos++;
      }
      if (pos >= len) break;

      // An ISA (re)defines the delimiters, whether or not the previous interchange was closed.
      const isaHere = buf[pos] === 73 && buf[pos + 1] === 83 && buf[pos + 2] === 65 && pos + 3 < len && !isDataByte(buf[pos + 3]);
      if (!this.delimiters || isaHere) {
        if (!isaHere) {
          if (len - pos < 4 && !atEnd) break;
          // Junk where an interchange should start: report once, then look for the next ISA.
          const next = this.findIsa(buf, pos + 1);
          if (!this.reportedJunk) {
            this.reportedJunk = true;
            findings.push({
              code: this.segmentNumber === 0 && this.base + pos <= 3 ? 'X12-NO-ISA' : 'X12-DATA-OUTSIDE-INTERCHANGE',
              severity: 'error',
              snip: 1,
              message:
                this.segmentNumber === 0
                  ? 'The file does not start with an ISA interchange header; it is not an X12 interchange (or its start is damaged).'
                  : 'Data was found outside an interchange (after IEA and before the next ISA); it was skipped.',
              position: { byteOffset: this.base + pos },
              ack: { ta1: '024' },
            });
          }
          if (next < 0) {
            // Keep three bytes in case "ISA" straddles the chunk boundary.
            pos = atEnd ? len : Math.max(pos, len - 3);
            break;
          }
          pos = next;
          continue;
        }
        const windowEnd = Math.min(len, pos + 400);
        const window = latin1(buf, pos, windowEnd);
        const isa = readIsa(window, 0, this.base + pos, atEnd || windowEnd - pos >= 400);
        if (isa.incomplete) break;
        for (const f of isa.findings) f.position.segmentNumber = this.segmentNumber + 1;
        findings.push(...isa.findings);
        if (!isa.delimiters || isa.length === undefined) {
          // Unusable ISA: look for the next one.
          this.setDelimiters(undefined);
          const next = this.findIsa(buf, pos + 3);
          this.reportedJunk = true;
          if (next < 0) {
            pos = atEnd ? len : Math.max(pos + 3, len - 3);
            break;
          }
          pos = next;
          continue;
        }
        this.setDelimiters(isa.delimiters);
        this.reportedJunk = false;
        const raw = window.slice(0, isa.length);
        batch.grow();
        const at = batch.count++;
        batch.kinds[at] = MADE;
        batch.starts[at] = pos;
        batch.ends[at] = pos + isa.length;
        batch.ids[at] = 'ISA';
        batch.idNumbers[at] = -1;
        batch.delimiters[at] = isa.delimiters;
        batch.made[at] = makeSegment(raw.split(isa.delimiters.element), ++this.segmentNumber, this.base + pos, isa.delimiters);
        pos += isa.length + 1;
        continue;
      }

      const term = buf.indexOf(this.segmentByte, pos);
      if (term < 0) {
        if (len - pos > this.maxSegmentLength) {
          findings.push(this.tooLong(pos));
          this.skipping = true;
          pos = len;
        }
        break;
      }
      if (term - pos > this.maxSegmentLength) {
        findings.push(this.tooLong(pos));
        pos = term + 1;
        continue;
      }
      let end = term;
      // With a line feed as terminator, a CR before it belongs to the line ending.
      if (this.segmentByte === 10 && end > pos && buf[end - 1] === 13) end--;
      const id = this.scan(buf, pos, end, ascii, findings);
      pos = term + 1;
      if (id === 'IEA') this.setDelimiters(undefined);
    }

    if (atEnd) {
      let from = pos;
      while (from < len && isBlank(buf[from])) from++;
      let to = len;
      while (to > from && isBlank(buf[to - 1])) to--;
      if (to > from && !this.skipping && this.delimiters) {
        // A last segment without its terminator: take it, but say so.
        findings.push({
          code: 'X12-MISSING-TERMINATOR',
          severity: 'error',
          snip: 1,
          message: 'The last segment has no segment terminator; the file may be truncated.',
          position: { byteOffset: this.base + from, segmentNumber: this.segmentNumber + 1 },
          ack: { ta1: '023' },
        });
        this.scan(buf, from, to, ascii, findings);
      }
      if (this.segmentNumber === 0 && !this.reportedAnything && !findings.length) {
        findings.push({
          code: 'X12-EMPTY',
          severity: 'error',
          snip: 1,
          message: 'The file is empty: it holds no X12 segments.',
          position: { byteOffset: 0 },
          ack: { ta1: '024' },
        });
      }
      pos = len;
    }
    if (findings.length) this.reportedAnything = true;
    this.base += pos;
    this.pending = pos >= len ? EMPTY : buf.subarray(pos);
    return batch;
  }

  private findIsa(buf: Buffer, from: number): number {
    let at = from;
    for (;;) {
      const i = buf.indexOf('ISA', at, 'latin1');
      if (i < 0) return -1;
      if (i + 3 >= buf.length || !isDataByte(buf[i + 3])) return i;
      at = i + 1;
    }
  }

  private tooLong(pos: number): Finding {
    return {
      code: 'X12-SEGMENT-TOO-LONG',
      severity: 'error',
      snip: 1,
      message: `A segment is longer than ${this.maxSegmentLength} bytes without a terminator; it was skipped (wrong terminator or damaged file?).`,
      position: { byteOffset: this.base + pos, segmentNumber: this.segmentNumber + 1 },
      ack: { segment: '8' },
    };
  }

  /** Adds the segment buf[start, end) to the batch; returns its id. */
  private scan(buf: Buffer, start: number, end: number, ascii: boolean, findings: Finding[]): string {
    const d = this.delimiters!;
    const number = ++this.segmentNumber;
    const offset = this.base + start;
    const sep = this.elementByte;
    let idLength: number;
    if (buf[start + 2] === sep || start + 2 === end) idLength = 2;
    else if (buf[start + 3] === sep || start + 3 === end) idLength = 3;
    else {
      const at = buf.indexOf(sep, start);
      idLength = (at < 0 || at > end ? end : at) - start;
    }
    let id: string;
    let idNumber = -1;
    if ((idLength === 2 || idLength === 3) && isIdByte(buf[start]) && isIdByte(buf[start + 1]) && (idLength === 2 || isIdByte(buf[start + 2]))) {
      idNumber = internId(buf, start, idLength);
      id = idStrings[idNumber];
    } else {
      id = latin1(buf, start, start + idLength);
      findings.push({
        code: 'X12-SEGMENT-ID',
        severity: 'error',
        snip: 1,
        message: `"${id.slice(0, 8).replace(/[^\x20-\x7e]/g, '?')}" is not a valid segment identifier (2-3 upper-case letters or digits).`,
        position: { byteOffset: offset, segmentNumber: number },
        ack: { segment: '1' },
      });
    }
    let utf8 = false;
    if (!ascii && !isAscii(buf.subarray(start, end))) {
      // With a delimiter above 0x7F the file is in a single-byte encoding: keep latin1 so the split works.
      utf8 = this.elementByte < 0x80 && this.segmentByte < 0x80 && d.component.charCodeAt(0) < 0x80 && (d.repetition === '' || d.repetition.charCodeAt(0) < 0x80);
      // (Non-ASCII delimiters were reported once with the ISA; every segment holds them.)
      if (utf8) findings.push({
        code: 'X12-NON-ASCII',
        severity: 'warning',
        snip: 1,
        message: 'The segment holds characters outside the X12 basic and extended character sets (non-ASCII bytes).',
        position: { byteOffset: offset, segmentNumber: number },
        ack: { element: '6' },
      });
    }
    const batch = this.batch;
    batch.grow();
    const at = batch.count++;
    batch.kinds[at] = utf8 ? SCANNED_UTF8 : SCANNED;
    batch.starts[at] = start;
    batch.ends[at] = end;
    batch.ids[at] = id;
    batch.idNumbers[at] = idNumber;
    batch.delimiters[at] = d;
    return id;
  }
}

/** A batch's segments as objects, with its findings. */
function resultOf(batch: SegmentBatch): TokenizeResult {
  const segments: Segment[] = new Array(batch.count);
  for (let i = 0; i < batch.count; i++) segments[i] = batch.segment(i);
  return { segments, findings: batch.findings };
}

/** Tokenizes a whole string or buffer (for small inputs and tests). */
export function tokenize(input: string | Buffer, options?: TokenizerOptions): TokenizeResult {
  const t = new Tokenizer(options);
  const a = t.push(input);
  const b = t.end();
  return { segments: a.segments.concat(b.segments), findings: a.findings.concat(b.findings) };
}
