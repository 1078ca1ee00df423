/**
 * Streaming X12 tokenizer: bytes in, segments out, in flat memory whatever the file size.
 *
 * Feed it chunks with `push(chunk)` and call `end()` once; each call returns the segments completed so
 * far. Delimiters are read from every ISA (a file may hold several interchanges with different delimiters).
 * It tolerates a UTF-8 byte-order mark, CR/LF/CRLF (or nothing) after terminators, and leading blanks
 * before a segment. Problems become findings; nothing here throws on bad data.
 *
 * Text is decoded as latin1 so that a character index is a byte offset; segments that hold bytes above
 * 0x7F are decoded again as UTF-8.
 */
import { readIsa, type Delimiters } from './delimiters.js';
import type { Finding } from './finding.js';

export interface Segment {
  /** Segment id ("NM1"). Same as elements[0]. */
  id: string;
  /** elements[0] is the segment id, elements[n] is element n (raw, composites and repetitions not split). */
  elements: string[];
  /** 1-based number of the segment in the file. */
  number: number;
  /** Byte offset of the segment's first byte in the file. */
  offset: number;
  /** The delimiters of the interchange this segment belongs to. */
  delimiters: Delimiters;
}

export interface TokenizerOptions {
  /** Longest segment accepted, in bytes. Longer ones are reported and skipped (memory stays bounded). */
  maxSegmentLength?: number;
}

export interface TokenizeResult {
  segments: Segment[];
  findings: Finding[];
}

const BOM = '\u00ef\u00bb\u00bf';
const SEGMENT_ID = /^[A-Z0-9]{2,3}$/;
const NON_ASCII = /[\u0080-\u00ff]/;

const isBlank = (c: number) => c === 10 || c === 13 || c === 32 || c === 9 || c === 0;

export class Tokenizer {
  private text = '';
  /** Byte offset (in the whole input) of text[0]. */
  private base = 0;
  private delimiters: Delimiters | undefined;
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

  /** Segments completed by this chunk. */
  push(chunk: Buffer | string): TokenizeResult {
    // Strings are taken as Unicode text and re-encoded, so that offsets are always UTF-8 byte offsets.
    const more = (typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk).toString('latin1');
    this.text = this.text.length ? this.text + more : more;
    return this.drain(false);
  }

  /** The last segments, and findings about a file that ends mid-segment. */
  end(): TokenizeResult {
    return this.drain(true);
  }

  private drain(atEnd: boolean): TokenizeResult {
    const segments: Segment[] = [];
    const findings: Finding[] = [];
    let text = this.text;
    let pos = 0;
    if (!this.started) {
      if (text.length < 3 && !atEnd) return { segments, findings };
      this.started = true;
      if (text.startsWith(BOM)) pos = 3;
      if (/^(\u00ff\u00fe|\u00fe\u00ff|I\u0000S\u0000A\u0000|\u0000I\u0000S\u0000A)/.test(text)) {
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
    const hasNonAscii = NON_ASCII.test(text);

    for (;;) {
      if (this.skipping) {
        const term = text.indexOf(this.delimiters!.segment, pos);
        if (term < 0) {
          pos = text.length;
          break;
        }
        pos = term + 1;
        this.skipping = false;
        continue;
      }
      // Skip blanks between segments (line breaks are common; indentation is not X12 and is noted once).
      while (pos < text.length && isBlank(text.charCodeAt(pos))) {
        const c = text.charCodeAt(pos);
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
      if (pos >= text.length) break;

      // An ISA (re)defines the delimiters, whether or not the previous interchange was closed.
      if (!this.delimiters || (text.charCodeAt(pos) === 73 && text.startsWith('ISA', pos) && this.isIsaStart(text, pos))) {
        if (!text.startsWith('ISA', pos)) {
          if (text.length - pos < 3 && !atEnd) break;
          // Junk where an interchange should start: report once, then look for the next ISA.
          const next = this.findIsa(text, pos + 1);
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
            // Keep two characters in case "ISA" straddles the chunk boundary.
            pos = Math.max(pos, text.length - 2);
            if (atEnd) pos = text.length;
            break;
          }
          pos = next;
          continue;
        }
        const isa = readIsa(text, pos, this.base + pos, atEnd);
        if (isa.incomplete) break;
        findings.push(...isa.findings);
        if (!isa.delimiters || isa.length === undefined) {
          // Unusable ISA: look for the next one.
          this.delimiters = undefined;
          const next = this.findIsa(text, pos + 3);
          this.reportedJunk = true;
          if (next < 0) {
            pos = atEnd ? text.length : Math.max(pos + 3, text.length - 2);
            break;
          }
          pos = next;
          continue;
        }
        this.delimiters = isa.delimiters;
        this.reportedJunk = false;
        const raw = text.slice(pos, pos + isa.length);
        segments.push(this.makeSegment(raw, pos, hasNonAscii, findings));
        pos += isa.length + 1;
        continue;
      }

      const d = this.delimiters;
      const term = text.indexOf(d.segment, pos);
      if (term < 0) {
        if (text.length - pos > this.maxSegmentLength) {
          findings.push(this.tooLong(pos));
          this.skipping = true;
          pos = text.length;
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
      if (d.segment === '\n' && end > pos && text.charCodeAt(end - 1) === 13) end--;
      const segment = this.makeSegment(text.slice(pos, end), pos, hasNonAscii, findings);
      segments.push(segment);
      pos = term + 1;
      if (segment.id === 'IEA') this.delimiters = undefined;
    }

    if (atEnd) {
      const rest = text.slice(pos);
      if (rest.trim().length && !this.skipping) {
        if (this.delimiters) {
          const trimmed = rest.replace(/[\r\n\t ]+$/, '');
          // A last segment without its terminator: take it, but say so.
          findings.push({
            code: 'X12-MISSING-TERMINATOR',
            severity: 'error',
            snip: 1,
            message: 'The last segment has no segment terminator; the file may be truncated.',
            position: { byteOffset: this.base + pos, segmentNumber: this.segmentNumber + 1 },
            ack: { ta1: '023' },
          });
          const segment = this.makeSegment(trimmed.replace(/^[\r\n\t ]+/, ''), pos + (trimmed.length - trimmed.replace(/^[\r\n\t ]+/, '').length), hasNonAscii, findings);
          segments.push(segment);
        }
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
      pos = text.length;
    }
    if (findings.length) this.reportedAnything = true;
    this.base += pos;
    this.text = pos >= text.length ? '' : text.slice(pos);
    return { segments, findings };
  }

  private isIsaStart(text: string, pos: number): boolean {
    // "ISA" followed by a delimiter-like character (not "ISAX" data inside a segment).
    const c = text.charCodeAt(pos + 3);
    return !Number.isNaN(c) && !(c >= 48 && c <= 57) && !(c >= 65 && c <= 90) && !(c >= 97 && c <= 122) && c !== 32;
  }

  private findIsa(text: string, from: number): number {
    let at = from;
    for (;;) {
      const i = text.indexOf('ISA', at);
      if (i < 0) return -1;
      if (i + 3 >= text.length || this.isIsaStart(text, i)) return i;
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

  private makeSegment(raw: string, pos: number, hasNonAscii: boolean, findings: Finding[]): Segment {
    const d = this.delimiters!;
    let value = raw;
    if (hasNonAscii && NON_ASCII.test(raw)) {
      value = Buffer.from(raw, 'latin1').toString('utf8');
      findings.push({
        code: 'X12-NON-ASCII',
        severity: 'warning',
        snip: 1,
        message: 'The segment holds characters outside the X12 basic and extended character sets (non-ASCII bytes).',
        position: { byteOffset: this.base + pos, segmentNumber: this.segmentNumber + 1 },
        ack: { element: '6' },
      });
    }
    const elements = value.split(d.element);
    const id = elements[0];
    const number = ++this.segmentNumber;
    if (!SEGMENT_ID.test(id)) {
      findings.push({
        code: 'X12-SEGMENT-ID',
        severity: 'error',
        snip: 1,
        message: `"${id.slice(0, 8).replace(/[^\x20-\x7e]/g, '?')}" is not a valid segment identifier (2-3 upper-case letters or digits).`,
        position: { byteOffset: this.base + pos, segmentNumber: number },
        ack: { segment: '1' },
      });
    }
    return { id, elements, number, offset: this.base + pos, delimiters: d };
  }
}

/** Tokenizes a whole string or buffer (for small inputs and tests). */
export function tokenize(input: string | Buffer, options?: TokenizerOptions): TokenizeResult {
  const t = new Tokenizer(options);
  const a = t.push(input);
  const b = t.end();
  return { segments: a.segments.concat(b.segments), findings: a.findings.concat(b.findings) };
}

/** Tokenizes a stream of chunks (a Node Readable is an AsyncIterable<Buffer>), yielding batches. */
export async function* tokenizeStream(chunks: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, options?: TokenizerOptions): AsyncGenerator<TokenizeResult> {
  const t = new Tokenizer(options);
  for await (const chunk of chunks) {
    const r = t.push(chunk);
    if (r.segments.length || r.findings.length) yield r;
  }
  const r = t.end();
  if (r.segments.length || r.findings.length) yield r;
}
