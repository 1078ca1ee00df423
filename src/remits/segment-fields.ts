/**
 * Reading a segment's elements straight from its bytes, for the 835 model's hot path (read-835.ts).
 *
 * `segment.elements` decodes the whole segment and splits it into an array of strings; a claim payment
 * reads a few elements of each of its ~15 segments, and most of them are amounts (kept as interned Decimals
 * by their cents: no string needed), dates (CCYYMMDD → one shared ISO string per date) or short codes
 * (one shared string per code). `fieldsOf(segment)` finds the element boundaries in the bytes (into
 * reused typed arrays, only as far as the highest element asked for) and reads what is asked, making a
 * string only for text that is kept.
 *
 * Same answers as `element()`, `amountOf()`, `isoDate()` and `components()` on the split segment, by
 * construction and by test (test/property/remits-segment-fields.property.test.ts on random segments;
 * remits-model.property.test.ts compares the model with the reference reader that splits every segment).
 * Segments whose bytes are not at hand (made from text, UTF-8, or already split) are read from `elements`,
 * with the same functions as before.
 *
 * One reader per module, refilled by each `fieldsOf` call: read what you need before the next call.
 */
import type { Decimal } from 'decimal.js';
import { components } from '../x12/elements.js';
import type { FlatUnit } from '../guides/walker.js';
import type { Delimiters } from '../x12/delimiters.js';
import { scannedOf, type Segment } from '../x12/tokenizer.js';
import { amountOf, amountOfReadCents, centsOfAmount, centsOfBytes, isoDate, latin1Slice } from './values.js';

/**
 * Short strings (codes, qualifiers: at most 3 bytes) shared by their bytes: "CO", "45", "HC", "472". The
 * key packs the length and bytes into a small integer. Bounded: cleared when full.
 */
const SHORT = new Map<number, string>();
const SHORT_LIMIT = 4096;

/** ISO dates by their CCYYMMDD number (only valid-looking ones are stored; others answer undefined). */
const DATES = new Map<number, string>();
const DATES_LIMIT = 4096;

export class SegmentFields {
  private bytes: Buffer | undefined;
  private elements: string[] = [];
  /** Element k (0 = the id) is bytes[starts[k], ends[k]). */
  private starts = new Int32Array(32);
  private ends = new Int32Array(32);
  /** Number of elements found so far (including the id); all of them once `next` is -1. */
  private n = 0;
  /** Where the next element starts (the scan goes only as far as asked), -1 when the segment is done. */
  private next = -1;
  private end = 0;
  private sep = 0;
  private component = 0;
  private repetition = -1;
  private segment: Segment | undefined;
  private delimiters: Delimiters | undefined;
  /** The components `splitComponents` found: bytes[partStarts[k], partEnds[k]) (or `parts` from elements). */
  private partStarts = new Int32Array(8);
  private partEnds = new Int32Array(8);
  private partCount = 0;
  private readonly parts: string[] = [];

  /** Points the reader at `s`. */
  load(s: Segment): this {
    const scanned = scannedOf(s);
    const bytes = scanned?.bytes;
    this.bytes = bytes;
    this.segment = s;
    if (bytes === undefined) {
      this.elements = s.elements;
      this.n = this.elements.length;
      this.next = -1;
      return this;
    }
    return this.fromBytes(bytes, scanned!.byteStart, scanned!.byteEnd, s.delimiters);
  }

  /** Points the reader at entry i of a flat unit (walker.ts): its bytes, or its object as `load` reads it. */
  loadEntry(u: FlatUnit, i: number): this {
    const o = u.objectAt(i);
    if (o !== undefined) return this.load(o);
    this.segment = undefined;
    return this.fromBytes(u.bytesAt(i), u.startAt(i), u.endAt(i), u.delimitersAt(i));
  }

  /** Points the reader at the segment bytes[start, end) (one byte per character). */
  private fromBytes(bytes: Buffer, start: number, end: number, d: Delimiters): this {
    this.bytes = bytes;
    // One interchange's segments share their delimiters object: read its codes once.
    if (d !== this.delimiters) {
      this.delimiters = d;
      this.sep = d.element.charCodeAt(0);
      this.component = d.component.charCodeAt(0);
      this.repetition = d.repetition ? d.repetition.charCodeAt(0) : -1;
    }
    this.end = end;
    this.next = start;
    this.n = 0;
    return this;
  }

  /** Does element `pos` exist? Finds the bounds of the elements up to `pos` when not found yet. */
  private has(pos: number): boolean {
    if (pos < this.n) return true;
    const bytes = this.bytes!;
    const sep = this.sep;
    const end = this.end;
    let from = this.next;
    let n = this.n;
    while (from >= 0 && n <= pos) {
      if (n === this.starts.length) this.grow();
      let i = from;
      while (i < end && bytes[i] !== sep) i++;
      this.starts[n] = from;
      this.ends[n++] = i;
      from = i < end ? i + 1 : -1;
    }
    this.next = from;
    this.n = n;
    return pos < n;
  }

  private grow(): void {
    this.starts = doubled(this.starts);
    this.ends = doubled(this.ends);
  }

  /** Number of elements including the id (`segment.elements.length`). */
  get length(): number {
    if (this.next >= 0) this.has(Number.MAX_SAFE_INTEGER);
    return this.n;
  }

  /** Element `pos` ('' when absent): `element(segment, pos)`. */
  text(pos: number): string {
    const bytes = this.bytes;
    if (bytes === undefined) return this.elements[pos] ?? '';
    if (!this.has(pos)) return '';
    return textOf(bytes, this.starts[pos], this.ends[pos]);
  }

  /** Element `pos`, undefined when empty or absent: `opt(element(segment, pos))`. */
  opt(pos: number): string | undefined {
    const bytes = this.bytes;
    if (bytes === undefined) {
      const v = this.elements[pos];
      return v === undefined || v === '' ? undefined : v;
    }
    if (!this.has(pos)) return undefined;
    const a = this.starts[pos];
    const b = this.ends[pos];
    return a === b ? undefined : textOf(bytes, a, b);
  }

  /**
   * The exact cents of what the last `amount` call answered: `centsOfAmount` of it (NaN when it has none), 0
   * when it answered undefined (callers read an absent amount as ZERO).
   */
  cents = 0;

  /** `amountOf(element(segment, pos))`; its cents in `cents`. */
  amount(pos: number): Decimal | undefined {
    const bytes = this.bytes;
    if (bytes === undefined) return this.known(amountOf(this.elements[pos] ?? ''));
    if (!this.has(pos)) return this.known(undefined);
    const a = this.starts[pos];
    const b = this.ends[pos];
    if (a === b) return this.known(undefined);
    // amountOfBytes, keeping the cents it finds.
    const cents = centsOfBytes(bytes, a, b);
    if (cents !== undefined && (cents !== 0 || bytes[a] !== 45)) {
      this.cents = cents;
      return amountOfReadCents(cents);
    }
    return this.known(amountOf(latin1Slice(bytes, a, b)));
  }

  private known(d: Decimal | undefined): Decimal | undefined {
    this.cents = d === undefined ? 0 : (centsOfAmount(d) ?? NaN);
    return d;
  }

  /** `isoDate(element(segment, pos))`. */
  date(pos: number): string | undefined {
    const bytes = this.bytes;
    if (bytes === undefined) return isoDate(this.elements[pos] ?? '');
    if (!this.has(pos)) return undefined;
    const a = this.starts[pos];
    if (this.ends[pos] - a !== 8) return undefined;
    let key = 0;
    for (let i = a; i < a + 8; i++) {
      const c = bytes[i] - 48;
      if (c < 0 || c > 9) return undefined;
      key = key * 10 + c;
    }
    let iso = DATES.get(key);
    if (iso === undefined) {
      iso = isoDate(latin1Slice(bytes, a, a + 8));
      if (iso === undefined) return undefined;
      if (DATES.size >= DATES_LIMIT) DATES.clear();
      DATES.set(key, iso);
    }
    return iso;
  }

  /**
   * The components of element `pos` (its first repetition): `components(segment, pos)`, written into `out`
   * (cleared first) to spare the array.
   */
  components(pos: number, out: string[]): string[] {
    out.length = 0;
    const n = this.splitComponents(pos);
    for (let k = 0; k < n; k++) out.push(this.componentText(k));
    return out;
  }

  /**
   * Splits element `pos` (its first repetition) into components, as `components(segment, pos)` does, and
   * answers how many there are (at least 1); `componentText(k)` reads them, without an array.
   */
  splitComponents(pos: number): number {
    const bytes = this.bytes;
    if (bytes === undefined) {
      this.parts.length = 0;
      pushAll(this.parts, components(this.segment!, pos));
      return (this.partCount = this.parts.length);
    }
    if (!this.has(pos)) {
      // An absent element is one empty component.
      this.partStarts[0] = this.partEnds[0] = 0;
      return (this.partCount = 1);
    }
    let end = this.ends[pos];
    let from = this.starts[pos];
    if (this.repetition >= 0) {
      for (let i = from; i < end; i++) {
        if (bytes[i] === this.repetition) {
          end = i;
          break;
        }
      }
    }
    const comp = this.component;
    let n = 0;
    for (let i = from; i < end; i++) {
      if (bytes[i] === comp) {
        if (n === this.partStarts.length) this.growParts();
        this.partStarts[n] = from;
        this.partEnds[n++] = i;
        from = i + 1;
      }
    }
    if (n === this.partStarts.length) this.growParts();
    this.partStarts[n] = from;
    this.partEnds[n++] = end;
    return (this.partCount = n);
  }

  /** Component `k` of the element `splitComponents` split ('' when absent): `components(segment, pos)[k] ?? ''`. */
  componentText(k: number): string {
    if (k >= this.partCount) return '';
    const bytes = this.bytes;
    if (bytes === undefined) return this.parts[k];
    return textOf(bytes, this.partStarts[k], this.partEnds[k]);
  }

  private growParts(): void {
    this.partStarts = doubled(this.partStarts);
    this.partEnds = doubled(this.partEnds);
  }
}

/** `a` copied into an array twice as long. */
function doubled(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

function pushAll(out: string[], values: string[]): string[] {
  for (let k = 0; k < values.length; k++) out.push(values[k]);
  return out;
}

/** bytes[a, b) as a string, shared for short codes. */
function textOf(bytes: Buffer, a: number, b: number): string {
  const len = b - a;
  if (len === 0) return '';
  if (len > 3) return latin1Slice(bytes, a, b);
  let key = len;
  for (let i = a; i < b; i++) key = (key << 8) | bytes[i];
  let s = SHORT.get(key);
  if (s === undefined) {
    s = latin1Slice(bytes, a, b);
    if (SHORT.size >= SHORT_LIMIT) SHORT.clear();
    SHORT.set(key, s);
  }
  return s;
}

const READER = new SegmentFields();

/** The module's reader pointed at `s` (valid until the next call). */
export function fieldsOf(s: Segment): SegmentFields {
  return READER.load(s);
}

/** The module's reader pointed at entry i of a flat unit (valid until the next call). */
export function fieldsAt(u: FlatUnit, i: number): SegmentFields {
  return READER.loadEntry(u, i);
}
