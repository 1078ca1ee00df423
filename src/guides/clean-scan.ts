/**
 * The fast path of element validation: one pass over a segment's bytes that answers "is there any
 * problem at all?" without decoding or splitting the segment or building a single finding. Most segments
 * of most files are clean, so the detailed checker (element-checks.ts) runs only for segments this pass
 * does not vouch for. It is deliberately conservative: anything it does not fully understand (code checks
 * waived by a condition, DTP date formats other than D8 and RD8, characters above 0xFF) answers "not
 * sure", and the detailed checker decides. Differential tests hold the two to the same verdict on every
 * sample and corpus segment (test/unit/guides/clean-scan.test.ts) and the reader's findings to be the same
 * with and without this pass on randomly corrupted files (test/property/fast-path.property.test.ts).
 *
 * It reads the bytes of the tokenizer's chunk in place (`segmentCleanBytes`); code values are looked up by
 * a numeric key made from their bytes (byte-keys.ts), so a clean segment costs no allocation at all.
 */
import type { Delimiters } from '../x12/delimiters.js';
import { daysIn } from '../x12/envelope-reader.js';
import { keyedCodes, MAX_KEY_LENGTH } from './byte-keys.js';
import type { CompiledComponent, CompiledElement, CompiledSegment } from './compile.js';

const DIGIT_LO = 48;
const DIGIT_HI = 57;

/** Buffer#latin1Slice (bytes → string, one char per byte), for the rare long code value. */
const latin1 = (b: Uint8Array, start: number, end: number): string => (Buffer.prototype as unknown as { latin1Slice(this: Uint8Array, s: number, e: number): string }).latin1Slice.call(b, start, end);

/** Is bytes[a, a + 8) a valid CCYYMMDD (year from 1800)? */
function dateAt(bytes: Uint8Array, a: number): boolean {
  let y = 0;
  for (let i = a; i < a + 4; i++) {
    const c = bytes[i] - DIGIT_LO;
    if (!(c >= 0 && c <= 9)) return false;
    y = y * 10 + c;
  }
  const m1 = bytes[a + 4] - DIGIT_LO, m2 = bytes[a + 5] - DIGIT_LO;
  const d1 = bytes[a + 6] - DIGIT_LO, d2 = bytes[a + 7] - DIGIT_LO;
  if (!(m1 >= 0 && m1 <= 9 && m2 >= 0 && m2 <= 9 && d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9)) return false;
  const m = m1 * 10 + m2, d = d1 * 10 + d2;
  return y >= 1800 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);
}

/**
 * DTP03 as DTP02 says (the detailed checker's date-qualifier rule): D8 a date, RD8 a range whose start is
 * not after its end; empty format or value is fine. Any other format answers "not sure".
 */
function dtpDateClean(bytes: Uint8Array, fa: number, fb: number, va: number, vb: number): boolean {
  if (fa >= fb || va >= vb) return true;
  const f0 = bytes[fa], f1 = bytes[fa + 1];
  if (fb - fa === 2 && f0 === 68 /* D */ && f1 === 56 /* 8 */) return vb - va === 8 && dateAt(bytes, va);
  if (fb - fa === 3 && f0 === 82 /* R */ && f1 === 68 /* D */ && bytes[fa + 2] === 56) {
    if (vb - va !== 17 || bytes[va + 8] !== 45 /* - */) return false;
    if (!dateAt(bytes, va) || !dateAt(bytes, va + 9)) return false;
    // Same-length digit strings: byte order is date order.
    for (let i = 0; i < 8; i++) {
      const x = bytes[va + i], y = bytes[va + 9 + i];
      if (x !== y) return x < y;
    }
    return true;
  }
  return false;
}

/**
 * Byte classes for one set of delimiters (bit flags, one table per set, built once): a delimiter byte has
 * its delimiter's flag and nothing else; any other byte is DIGIT and/or TEXT. The fused pass reads one
 * table entry per byte to know both "does the value end here?" and "is this byte allowed by the type?".
 */
const SEP = 1;
const COMP = 2;
const REP = 4;
const DELIMITER = SEP | COMP | REP;
/** 0-9 (and not a delimiter). */
const DIGIT = 8;
/** A character allowed in AN/ID text: not a control character, not DEL (and not a delimiter). */
const TEXT = 16;

const classTables = new WeakMap<Delimiters, Uint8Array>();
let lastDelimiters: Delimiters | undefined;
let lastClasses: Uint8Array = new Uint8Array(256);

/** The byte-class table of a set of delimiters. */
export function byteClasses(d: Delimiters): Uint8Array {
  if (d === lastDelimiters) return lastClasses;
  let table = classTables.get(d);
  if (table === undefined) {
    table = new Uint8Array(256);
    const sep = d.element.charCodeAt(0);
    const comp = d.component.charCodeAt(0);
    const rep = d.repetition ? d.repetition.charCodeAt(0) : -1;
    for (let c = 0; c < 256; c++) {
      let f = 0;
      if (c === sep) f |= SEP;
      if (c === comp) f |= COMP;
      if (c === rep) f |= REP;
      if (f === 0) {
        if (c >= DIGIT_LO && c <= DIGIT_HI) f |= DIGIT;
        if (c >= 32 && c !== 127) f |= TEXT;
      }
      table[c] = f;
    }
    classTables.set(d, table);
  }
  lastDelimiters = d;
  lastClasses = table;
  return table;
}

/** Is bytes[a, b) (b - a > MAX_KEY_LENGTH) one of `codes`? (The rare long code value, looked up as a string.) */
function hasLongCode(bytes: Uint8Array, a: number, b: number, def: CompiledComponent): boolean {
  const keyed = def.codeKeys ?? (def.codeKeys = keyedCodes(def.codes!));
  return keyed.hasLong && def.codes!.has(latin1(bytes, a, b));
}

/**
 * The fused check of one value: walks bytes[a, …) once, up to the first delimiter (or `end`), checking the
 * value against `def` (type, length, code set) on the way. The value is not empty (bytes[a] is not a
 * delimiter). Returns where the value stops (a delimiter's index, or `end`), or -1 when it is not clean.
 * The caller decides whether the delimiter it stopped at is allowed there.
 */
function scanValue(bytes: Uint8Array, a: number, end: number, def: CompiledComponent, t: Uint8Array): number {
  if (def.usage === 'N' || def.codesUnless !== undefined) return -1;
  let i = a;
  let length: number;
  if (def.codes !== undefined) {
    // The code's numeric key (byte-keys.ts) is packed while looking for the end: no second walk, no string.
    let k = 1;
    const keyEnd = a + MAX_KEY_LENGTH;
    for (; i < end; i++) {
      const c = bytes[i];
      if ((t[c] & DELIMITER) !== 0) break;
      if (i < keyEnd) k = k * 256 + c;
    }
    length = i - a;
    if (length < def.min || length > def.max) return -1;
    if (length <= MAX_KEY_LENGTH) {
      const keyed = def.codeKeys ?? (def.codeKeys = keyedCodes(def.codes));
      return keyed.keys.has(k) ? i : -1;
    }
    return hasLongCode(bytes, a, i, def) ? i : -1;
  }
  switch (def.type) {
    case 'N':
    case 'N0':
    case 'N1':
    case 'N2':
    case 'N3':
    case 'N4': {
      if (bytes[i] === 45) i++;
      const digits = i;
      while (i < end && (t[bytes[i]] & DIGIT) !== 0) i++;
      if (i < end && (t[bytes[i]] & DELIMITER) === 0) return -1;
      if (i === digits) return -1;
      length = i - digits;
      break;
    }
    case 'R': {
      const sign = bytes[i] === 45 ? 1 : 0;
      i += sign;
      let digits = 0;
      let dot = 0;
      for (; i < end; i++) {
        const c = bytes[i];
        const f = t[c];
        if ((f & DIGIT) !== 0) digits++;
        else if ((f & DELIMITER) !== 0) break;
        else if (c === 46 && dot === 0) dot = 1;
        else return -1;
      }
      if (digits === 0) return -1;
      length = i - a - sign - dot;
      break;
    }
    case 'DT': {
      while (i < end && (t[bytes[i]] & DIGIT) !== 0) i++;
      if (i < end && (t[bytes[i]] & DELIMITER) === 0) return -1;
      length = i - a;
      if (length !== 8 || !dateAt(bytes, a)) return -1;
      break;
    }
    case 'TM': {
      while (i < end && (t[bytes[i]] & DIGIT) !== 0) i++;
      if (i < end && (t[bytes[i]] & DELIMITER) === 0) return -1;
      length = i - a;
      if (length !== 4 && length !== 6 && length !== 7 && length !== 8) return -1;
      const h = (bytes[a] - DIGIT_LO) * 10 + bytes[a + 1] - DIGIT_LO;
      const mi = (bytes[a + 2] - DIGIT_LO) * 10 + bytes[a + 3] - DIGIT_LO;
      if (h > 23 || mi > 59) return -1;
      if (length >= 6 && (bytes[a + 4] - DIGIT_LO) * 10 + bytes[a + 5] - DIGIT_LO > 59) return -1;
      break;
    }
    default: {
      while (i < end && (t[bytes[i]] & TEXT) !== 0) i++;
      if (i < end && (t[bytes[i]] & DELIMITER) === 0) return -1;
      length = i - a;
    }
  }
  return length >= def.min && length <= def.max ? i : -1;
}

/**
 * True when the segment held in bytes[start, end) (one byte per character: ASCII or latin1) certainly
 * passes every element check for `def` (usage, types, lengths, codes, repetitions, components, syntax
 * notes). False means "look closer", not "wrong".
 *
 * One walk of each element's bytes (round 6 of issue 12): the byte-class table of the delimiters tells at
 * each byte whether the value ends and whether the type allows it, and code values are keyed on the way.
 */
export function segmentCleanBytes(bytes: Uint8Array, start: number, end: number, def: CompiledSegment, d: Delimiters): boolean {
  const t = byteClasses(d);
  const defs = def.elements;
  let pos = start;
  while (pos < end && (t[bytes[pos]] & SEP) === 0) pos++;
  let index = 0;
  // Presence of elements 1..n for the syntax notes, as a bit set (segments have at most 31 elements here).
  let present = 0;
  let lastEmpty = false;
  // DTP: the date format of DTP03 depends on DTP02, so remember where both are.
  const dtp = pos - start === 3 && bytes[start] === 68 && bytes[start + 1] === 84 && bytes[start + 2] === 80;
  let fa = 0, fb = 0, va = 0, vb = 0;
  while (pos < end) {
    pos++; // the element separator
    index++;
    if (index > defs.length) return false;
    const e: CompiledElement = defs[index - 1];
    if (pos === end || (t[bytes[pos]] & SEP) !== 0) {
      if (e.usage === 'R') return false;
      lastEmpty = true;
      continue;
    }
    lastEmpty = false;
    if (index <= 31) present |= 1 << (index - 1);
    const components = e.components;
    let stop: number;
    if (components === undefined) {
      // A simple element: it must end at an element separator (or the segment's end).
      if ((t[bytes[pos]] & DELIMITER) !== 0) return false;
      stop = scanValue(bytes, pos, end, e, t);
      if (stop < 0 || (stop < end && (t[bytes[stop]] & SEP) === 0)) return false;
    } else {
      if (e.usage === 'N') return false;
      let c = 0;
      let a = pos;
      for (;;) {
        if (c >= components.length) return false;
        const cdef = components[c];
        let b: number;
        const f = a < end ? t[bytes[a]] : SEP;
        if ((f & DELIMITER) !== 0) {
          // An empty component.
          if ((f & (SEP | COMP)) === 0) return false; // a repetition separator
          if (cdef.usage === 'R') return false;
          b = a;
        } else {
          b = scanValue(bytes, a, end, cdef, t);
          if (b < 0) return false;
        }
        c++;
        if (b >= end) {
          stop = end;
          break;
        }
        const g = t[bytes[b]];
        if ((g & SEP) !== 0) {
          stop = b;
          break;
        }
        if ((g & COMP) === 0) return false; // a repetition separator
        a = b + 1;
      }
      for (; c < components.length; c++) if (components[c].usage === 'R') return false;
    }
    if (dtp) {
      if (index === 2) (fa = pos), (fb = stop);
      else if (index === 3) (va = pos), (vb = stop);
    }
    pos = stop;
  }
  if (lastEmpty) return false;
  for (let i = index; i < defs.length; i++) if (defs[i].usage === 'R') return false;
  for (const rule of def.syntaxRules) {
    let count = 0;
    let first = false;
    for (let k = 0; k < rule.positions.length; k++) {
      const p = rule.positions[k];
      const has = p <= 31 ? (present & (1 << (p - 1))) !== 0 : false;
      if (p > 31) return false;
      if (has) {
        count++;
        if (k === 0) first = true;
      }
    }
    const n = rule.positions.length;
    if (rule.kind === 'P' && count > 0 && count < n) return false;
    if (rule.kind === 'R' && count === 0) return false;
    if (rule.kind === 'E' && count > 1) return false;
    if (rule.kind === 'C' && first && count < n) return false;
    if (rule.kind === 'L' && first && count < 2) return false;
  }
  return !dtp || dtpDateClean(bytes, fa, fb, va, vb);
}

/** `segmentCleanBytes` for a segment's text (elements joined). Text with a character above 0xFF is "not sure". */
export function segmentClean(text: string, def: CompiledSegment, d: Delimiters): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  const bytes = Buffer.from(text, 'latin1');
  return segmentCleanBytes(bytes, 0, bytes.length, def, d);
}
