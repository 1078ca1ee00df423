/**
 * The clean pass as it was before round 6 of issue 12 (two walks of each element: one for the separators,
 * one for the type; code keys packed in a second pass), kept verbatim as the oracle the fused pass
 * (src/guides/clean-scan.ts) must agree with on every input: test/property/fast-path-fused.property.test.ts.
 */
import type { Delimiters } from '../../src/x12/delimiters.js';
import { daysIn } from '../../src/x12/envelope-reader.js';
import { byteKey, keyedCodes, MAX_KEY_LENGTH } from '../../src/guides/byte-keys.js';
import type { CompiledComponent, CompiledElement, CompiledSegment } from '../../src/guides/compile.js';

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

/** Is bytes[a, b) one of `codes`? */
function hasCode(bytes: Uint8Array, a: number, b: number, codes: ReadonlySet<string>, def: CompiledComponent): boolean {
  const keyed = def.codeKeys ?? (def.codeKeys = keyedCodes(codes));
  if (b - a <= MAX_KEY_LENGTH) return keyed.keys.has(byteKey(bytes, a, b));
  return keyed.hasLong && codes.has(latin1(bytes, a, b));
}

/** Is bytes[a, b) a clean value for `def`? */
function valueClean(bytes: Uint8Array, a: number, b: number, def: CompiledComponent): boolean {
  if (def.usage === 'N' || def.codesUnless !== undefined) return false;
  let length = b - a;
  const codes = def.codes;
  if (codes !== undefined) return length >= def.min && length <= def.max && hasCode(bytes, a, b, codes, def);
  switch (def.type) {
    case 'N':
    case 'N0':
    case 'N1':
    case 'N2':
    case 'N3':
    case 'N4': {
      let i = a;
      if (bytes[i] === 45) {
        i++;
        length--;
      }
      if (i >= b) return false;
      for (; i < b; i++) {
        const c = bytes[i];
        if (c < DIGIT_LO || c > DIGIT_HI) return false;
      }
      break;
    }
    case 'R': {
      let i = a;
      if (bytes[i] === 45) {
        i++;
        length--;
      }
      let digits = 0;
      let dot = false;
      for (; i < b; i++) {
        const c = bytes[i];
        if (c >= DIGIT_LO && c <= DIGIT_HI) digits++;
        else if (c === 46 && !dot) {
          dot = true;
          length--;
        } else return false;
      }
      if (digits === 0) return false;
      break;
    }
    case 'DT': {
      if (length !== 8 || !dateAt(bytes, a)) return false;
      break;
    }
    case 'TM': {
      if (length !== 4 && length !== 6 && length !== 7 && length !== 8) return false;
      for (let i = a; i < b; i++) {
        const c = bytes[i];
        if (c < DIGIT_LO || c > DIGIT_HI) return false;
      }
      const h = (bytes[a] - DIGIT_LO) * 10 + bytes[a + 1] - DIGIT_LO;
      const mi = (bytes[a + 2] - DIGIT_LO) * 10 + bytes[a + 3] - DIGIT_LO;
      if (h > 23 || mi > 59) return false;
      if (length >= 6 && (bytes[a + 4] - DIGIT_LO) * 10 + bytes[a + 5] - DIGIT_LO > 59) return false;
      break;
    }
    default:
      for (let i = a; i < b; i++) {
        const c = bytes[i];
        if (c < 32 || c === 127) return false;
      }
  }
  return length >= def.min && length <= def.max;
}

/**
 * True when the segment held in bytes[start, end) (one byte per character: ASCII or latin1) certainly
 * passes every element check for `def` (usage, types, lengths, codes, repetitions, components, syntax
 * notes). False means "look closer", not "wrong".
 */
export function twoPassSegmentClean(bytes: Uint8Array, start: number, end: number, def: CompiledSegment, d: Delimiters): boolean {
  const sep = d.element.charCodeAt(0);
  const comp = d.component.charCodeAt(0);
  const rep = d.repetition ? d.repetition.charCodeAt(0) : -1;
  const defs = def.elements;
  let pos = start;
  while (pos < end && bytes[pos] !== sep) pos++;
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
    // Find the end of this element.
    let stop = pos;
    let hasComp = false;
    while (stop < end) {
      const c = bytes[stop];
      if (c === sep) break;
      if (c === comp) hasComp = true;
      else if (c === rep) return false;
      stop++;
    }
    if (stop === pos) {
      if (e.usage === 'R') return false;
      lastEmpty = true;
      continue;
    }
    lastEmpty = false;
    if (dtp) {
      if (index === 2) (fa = pos), (fb = stop);
      else if (index === 3) (va = pos), (vb = stop);
    }
    if (index <= 31) present |= 1 << (index - 1);
    const components = e.components;
    if (components === undefined) {
      if (hasComp || !valueClean(bytes, pos, stop, e)) return false;
    } else {
      if (e.usage === 'N') return false;
      let c = 0;
      let a = pos;
      for (;;) {
        let b = a;
        while (b < stop && bytes[b] !== comp) b++;
        if (c >= components.length) return false;
        const cdef = components[c];
        if (b === a) {
          if (cdef.usage === 'R') return false;
        } else if (!valueClean(bytes, a, b, cdef)) return false;
        c++;
        if (b >= stop) break;
        a = b + 1;
      }
      for (; c < components.length; c++) if (components[c].usage === 'R') return false;
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

