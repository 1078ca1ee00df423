/**
 * Writes X12: segments with checked values, and envelopes whose counts and control numbers are computed.
 *
 * A value that contains one of the interchange's delimiters is refused with an `X12WriteError` (the
 * scrubber catches those in claim data first; this is the last guard so a file is never corrupted).
 * Trailing empty elements and components are dropped, as the standard requires.
 */
import { type Delimiters, DEFAULT_DELIMITERS, ISA_WIDTHS } from './delimiters.js';
import type { Segment } from './tokenizer.js';

/** One element: a simple value, a composite (its components), or repetitions of either. */
export type ElementValue = string | undefined | null | string[] | { repeat: Array<string | string[]> };

export interface SegmentData {
  id: string;
  /** elements[0] is element 1. */
  elements: ElementValue[];
}

export class X12WriteError extends Error {
  constructor(
    message: string,
    readonly segmentId: string,
    readonly element: number,
  ) {
    super(message);
    this.name = 'X12WriteError';
  }
}

/** One pattern per delimiter set, matching any of its delimiters: a value is checked with one native scan. */
const patterns = new Map<string, RegExp>();
function delimiterPattern(d: Delimiters): RegExp {
  const key = d.element + d.component + d.repetition + d.segment;
  let re = patterns.get(key);
  if (!re) {
    const chars = [d.element, d.component, d.repetition, d.segment].filter(Boolean).map((c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
    re = new RegExp('[' + chars.join('') + ']');
    patterns.set(key, re);
  }
  return re;
}

function refuse(value: string, d: Delimiters, segmentId: string, element: number): never {
  const ch = [d.element, d.segment, d.component, d.repetition].find((c) => c && value.includes(c)) ?? '?';
  throw new X12WriteError(`${segmentId}${String(element).padStart(2, '0')} contains the delimiter character "${ch}"; it cannot be written without corrupting the file.`, segmentId, element);
}

/** Joins values with `sep`, dropping trailing empties; each value is checked against the delimiters. */
function joinChecked(values: ReadonlyArray<string | undefined | null>, sep: string, re: RegExp, d: Delimiters, id: string, pos: number): string {
  let out = '';
  let gaps = 0;
  let first = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === undefined || v === null || v === '') {
      gaps++;
      continue;
    }
    if (re.test(v)) refuse(v, d, id, pos);
    if (first) {
      out = gaps ? sep.repeat(gaps) + v : v;
      first = false;
    } else out += gaps ? sep.repeat(gaps + 1) + v : sep + v;
    gaps = 0;
  }
  return out;
}

/** One segment as text, without its terminator. */
export function formatSegment(segment: SegmentData, d: Delimiters = DEFAULT_DELIMITERS): string {
  const re = delimiterPattern(d);
  const id = segment.id;
  if (re.test(id)) refuse(id, d, id, 0);
  const els = segment.elements;
  const sep = d.element;
  let out = id;
  let gaps = 0;
  for (let i = 0; i < els.length; i++) {
    const value = els[i];
    let text: string;
    if (value === undefined || value === null) text = '';
    else if (typeof value === 'string') {
      if (value !== '' && re.test(value)) refuse(value, d, id, i + 1);
      text = value;
    } else if (Array.isArray(value)) text = joinChecked(value, d.component, re, d, id, i + 1);
    else {
      if (!d.repetition && value.repeat.length > 1) throw new X12WriteError(`${id}${String(i + 1).padStart(2, '0')} repeats but the interchange has no repetition separator.`, id, i + 1);
      const reps: string[] = [];
      for (const r of value.repeat) reps.push(typeof r === 'string' ? joinChecked([r], d.component, re, d, id, i + 1) : joinChecked(r, d.component, re, d, id, i + 1));
      let end = reps.length;
      while (end > 0 && reps[end - 1] === '') end--;
      text = reps.slice(0, end).join(d.repetition);
    }
    if (text === '') {
      gaps++;
      continue;
    }
    out += gaps ? sep.repeat(gaps + 1) + text : sep + text;
    gaps = 0;
  }
  return out;
}

/**
 * Splits a tokenized segment's raw elements into structured values using the delimiters it was read with:
 * repetitions (when the interchange has a repetition separator), then components.
 */
export function structureSegment(segment: Segment): SegmentData {
  const d = segment.delimiters;
  const elements: ElementValue[] = [];
  for (let i = 1; i < segment.elements.length; i++) {
    const raw = segment.elements[i];
    if (segment.id === 'ISA') {
      elements.push(raw);
      continue;
    }
    const reps = d.repetition && raw.includes(d.repetition) ? raw.split(d.repetition) : [raw];
    const split = reps.map((r) => (r.includes(d.component) ? r.split(d.component) : r));
    elements.push(split.length > 1 ? { repeat: split } : split[0]);
  }
  return { id: segment.id, elements };
}

// ---------------------------------------------------------------------------------------------
// Envelopes
// ---------------------------------------------------------------------------------------------

export interface InterchangeHeader {
  /** ISA05/ISA06 */
  senderQualifier: string;
  senderId: string;
  /** ISA07/ISA08 */
  receiverQualifier: string;
  receiverId: string;
  /** ISA13, 1..999999999 */
  controlNumber: number | string;
  /** YYMMDD and HHMM are derived from these (injected: the core never reads the clock). */
  date: string; // CCYYMMDD
  time: string; // HHMM
  /** ISA14 */
  ackRequested?: boolean;
  /** ISA15 */
  usage: 'P' | 'T';
  authorizationQualifier?: string;
  authorization?: string;
  securityQualifier?: string;
  security?: string;
}

export interface GroupHeader {
  functionalId: string; // GS01
  senderCode: string; // GS02
  receiverCode: string; // GS03
  date: string; // GS04 CCYYMMDD
  time: string; // GS05 HHMM
  controlNumber: number | string; // GS06
  version: string; // GS08
}

const pad = (v: string, width: number) => (v.length > width ? v : v.padEnd(width, ' '));

export function formatIsa(h: InterchangeHeader, d: Delimiters): string {
  const control = String(h.controlNumber).padStart(9, '0');
  const values = [
    h.authorizationQualifier ?? '00',
    pad(h.authorization ?? '', 10),
    h.securityQualifier ?? '00',
    pad(h.security ?? '', 10),
    h.senderQualifier,
    pad(h.senderId, 15),
    h.receiverQualifier,
    pad(h.receiverId, 15),
    h.date.slice(2, 8),
    h.time.slice(0, 4),
    d.repetition || 'U',
    '00501',
    control,
    h.ackRequested ? '1' : '0',
    h.usage,
    d.component,
  ];
  const re = delimiterPattern(d);
  values.forEach((v, i) => {
    if (v.length !== ISA_WIDTHS[i]) throw new X12WriteError(`ISA${String(i + 1).padStart(2, '0')} must be ${ISA_WIDTHS[i]} characters; got ${v.length}.`, 'ISA', i + 1);
    if (i < 15 && i !== 10 && re.test(v)) refuse(v, d, 'ISA', i + 1);
  });
  return 'ISA' + d.element + values.join(d.element);
}

/**
 * Streaming writer for one interchange: segments go to `sink` as text as soon as they are complete,
 * so a file of any size is written in flat memory. Counts (SE01, GE01, IEA01) are computed here.
 */
export class X12Writer {
  private groupCount = 0;
  private transactionCount = 0;
  private segmentCount = 0;
  private group?: GroupHeader;
  private transactionControl?: string;
  private readonly terminator: string;

  constructor(
    private readonly sink: (text: string) => void,
    readonly delimiters: Delimiters = DEFAULT_DELIMITERS,
    /** Written after each terminator ("\n" makes files readable; "" is the compact form). */
    readonly lineEnding = '',
  ) {
    this.terminator = delimiters.segment + lineEnding;
  }

  private header?: InterchangeHeader;

  startInterchange(h: InterchangeHeader): void {
    this.header = h;
    this.groupCount = 0;
    this.sink(formatIsa(h, this.delimiters) + this.terminator);
  }

  startGroup(g: GroupHeader): void {
    this.group = g;
    this.groupCount++;
    this.transactionCount = 0;
    this.raw({ id: 'GS', elements: [g.functionalId, g.senderCode, g.receiverCode, g.date, g.time, String(g.controlNumber), 'X', g.version] });
  }

  startTransaction(id: string, controlNumber: string | number, version?: string): void {
    this.transactionControl = String(controlNumber).padStart(4, '0');
    this.transactionCount++;
    this.segmentCount = 0;
    this.segment({ id: 'ST', elements: version ? [id, this.transactionControl, version] : [id, this.transactionControl] });
  }

  /** A segment inside the current transaction set (counted for SE01). */
  segment(s: SegmentData): void {
    this.segmentCount++;
    this.raw(s);
  }

  endTransaction(): void {
    this.segment({ id: 'SE', elements: [String(this.segmentCount + 1), this.transactionControl] });
    this.transactionControl = undefined;
  }

  endGroup(): void {
    this.raw({ id: 'GE', elements: [String(this.transactionCount), String(this.group!.controlNumber)] });
    this.group = undefined;
  }

  endInterchange(): void {
    this.raw({ id: 'IEA', elements: [String(this.groupCount), String(this.header!.controlNumber).padStart(9, '0')] });
  }

  /** A segment outside transaction sets (TA1, envelopes). */
  raw(s: SegmentData): void {
    this.sink(formatSegment(s, this.delimiters) + this.terminator);
  }
}

/** Writes a whole interchange to a string (small files and tests). */
export function writeInterchange(
  h: InterchangeHeader,
  groups: Array<{ header: GroupHeader; transactions: Array<{ id: string; controlNumber: string | number; version?: string; segments: SegmentData[] }> }>,
  d: Delimiters = DEFAULT_DELIMITERS,
  lineEnding = '',
): string {
  const out: string[] = [];
  const w = new X12Writer((t) => out.push(t), d, lineEnding);
  w.startInterchange(h);
  for (const g of groups) {
    w.startGroup(g.header);
    for (const t of g.transactions) {
      w.startTransaction(t.id, t.controlNumber, t.version);
      for (const s of t.segments) w.segment(s);
      w.endTransaction();
    }
    w.endGroup();
  }
  w.endInterchange();
  return out.join('');
}
