/**
 * The fast path of element validation: one pass over a segment's characters that answers "is there any
 * problem at all?" without splitting the segment or building a single finding. Most segments of most
 * files are clean, so the detailed checker (element-checks.ts) runs only for segments this pass does not
 * vouch for. It is deliberately conservative: anything it does not fully understand (code checks waived
 * by a condition, DTP date formats other than D8 and RD8) answers "not sure", and the detailed checker
 * decides. A differential test holds the two to the same verdict on every sample and corpus segment.
 */
import type { Delimiters } from '../x12/delimiters.js';
import { daysIn } from '../x12/envelope-reader.js';
import type { CompiledComponent, CompiledElement, CompiledSegment } from './compile.js';

const DIGIT_LO = 48;
const DIGIT_HI = 57;


/** Is text[a, a + 8) a valid CCYYMMDD (year from 1800)? */
function dateAt(text: string, a: number): boolean {
  let y = 0;
  for (let i = a; i < a + 4; i++) {
    const c = text.charCodeAt(i) - DIGIT_LO;
    if (!(c >= 0 && c <= 9)) return false;
    y = y * 10 + c;
  }
  const m1 = text.charCodeAt(a + 4) - DIGIT_LO, m2 = text.charCodeAt(a + 5) - DIGIT_LO;
  const d1 = text.charCodeAt(a + 6) - DIGIT_LO, d2 = text.charCodeAt(a + 7) - DIGIT_LO;
  if (!(m1 >= 0 && m1 <= 9 && m2 >= 0 && m2 <= 9 && d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9)) return false;
  const m = m1 * 10 + m2, d = d1 * 10 + d2;
  return y >= 1800 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);
}

/**
 * DTP03 as DTP02 says (the detailed checker's date-qualifier rule): D8 a date, RD8 a range whose start is
 * not after its end; empty format or value is fine. Any other format answers "not sure".
 */
function dtpDateClean(text: string, fa: number, fb: number, va: number, vb: number): boolean {
  if (fa >= fb || va >= vb) return true;
  const f0 = text.charCodeAt(fa), f1 = text.charCodeAt(fa + 1);
  if (fb - fa === 2 && f0 === 68 /* D */ && f1 === 56 /* 8 */) return vb - va === 8 && dateAt(text, va);
  if (fb - fa === 3 && f0 === 82 /* R */ && f1 === 68 /* D */ && text.charCodeAt(fa + 2) === 56) {
    if (vb - va !== 17 || text.charCodeAt(va + 8) !== 45 /* - */) return false;
    if (!dateAt(text, va) || !dateAt(text, va + 9)) return false;
    // Same-length digit strings: text order is date order.
    return text.slice(va, va + 8) <= text.slice(va + 9, vb);
  }
  return false;
}

/** Is text[a, b) a clean value for `def`? */
function valueClean(text: string, a: number, b: number, def: CompiledComponent): boolean {
  if (def.usage === 'N' || def.codesUnless !== undefined) return false;
  const codes = def.codes;
  if (codes !== undefined) {
    const v = text.slice(a, b);
    return codes.has(v) && v.length >= def.min && v.length <= def.max;
  }
  let length = b - a;
  switch (def.type) {
    case 'N':
    case 'N0':
    case 'N1':
    case 'N2':
    case 'N3':
    case 'N4': {
      let i = a;
      if (text.charCodeAt(i) === 45) {
        i++;
        length--;
      }
      if (i >= b) return false;
      for (; i < b; i++) {
        const c = text.charCodeAt(i);
        if (c < DIGIT_LO || c > DIGIT_HI) return false;
      }
      break;
    }
    case 'R': {
      let i = a;
      if (text.charCodeAt(i) === 45) {
        i++;
        length--;
      }
      let digits = 0;
      let dot = false;
      for (; i < b; i++) {
        const c = text.charCodeAt(i);
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
      if (length !== 8 || !dateAt(text, a)) return false;
      break;
    }
    case 'TM': {
      if (length !== 4 && length !== 6 && length !== 7 && length !== 8) return false;
      for (let i = a; i < b; i++) {
        const c = text.charCodeAt(i);
        if (c < DIGIT_LO || c > DIGIT_HI) return false;
      }
      const h = (text.charCodeAt(a) - DIGIT_LO) * 10 + text.charCodeAt(a + 1) - DIGIT_LO;
      const mi = (text.charCodeAt(a + 2) - DIGIT_LO) * 10 + text.charCodeAt(a + 3) - DIGIT_LO;
      if (h > 23 || mi > 59) return false;
      if (length >= 6 && (text.charCodeAt(a + 4) - DIGIT_LO) * 10 + text.charCodeAt(a + 5) - DIGIT_LO > 59) return false;
      break;
    }
    default:
      for (let i = a; i < b; i++) {
        const c = text.charCodeAt(i);
        if (c < 32 || c === 127) return false;
      }
  }
  return length >= def.min && length <= def.max;
}

/**
 * True when the segment's text certainly passes every element check for `def` (usage, types, lengths,
 * codes, repetitions, components, syntax notes). False means "look closer", not "wrong".
 */
export function segmentClean(text: string, def: CompiledSegment, d: Delimiters): boolean {
  const sep = d.element.charCodeAt(0);
  const comp = d.component.charCodeAt(0);
  const rep = d.repetition ? d.repetition.charCodeAt(0) : -1;
  const defs = def.elements;
  const len = text.length;
  let pos = text.indexOf(d.element);
  if (pos < 0) pos = len;
  let index = 0;
  // Presence of elements 1..n for the syntax notes, as a bit set (segments have at most 31 elements here).
  let present = 0;
  let lastEmpty = false;
  // DTP: the date format of DTP03 depends on DTP02, so remember where both are.
  const dtp = pos === 3 && text.charCodeAt(0) === 68 && text.charCodeAt(1) === 84 && text.charCodeAt(2) === 80;
  let fa = 0, fb = 0, va = 0, vb = 0;
  while (pos < len) {
    pos++; // the element separator
    index++;
    if (index > defs.length) return false;
    const e: CompiledElement = defs[index - 1];
    // Find the end of this element.
    let end = pos;
    let hasComp = false;
    while (end < len) {
      const c = text.charCodeAt(end);
      if (c === sep) break;
      if (c === comp) hasComp = true;
      else if (c === rep) return false;
      end++;
    }
    if (end === pos) {
      if (e.usage === 'R') return false;
      lastEmpty = true;
      continue;
    }
    lastEmpty = false;
    if (dtp) {
      if (index === 2) (fa = pos), (fb = end);
      else if (index === 3) (va = pos), (vb = end);
    }
    if (index <= 31) present |= 1 << (index - 1);
    const components = e.components;
    if (components === undefined) {
      if (hasComp || !valueClean(text, pos, end, e)) return false;
    } else {
      if (e.usage === 'N') return false;
      let c = 0;
      let a = pos;
      for (;;) {
        let b = a;
        while (b < end && text.charCodeAt(b) !== comp) b++;
        if (c >= components.length) return false;
        const cdef = components[c];
        if (b === a) {
          if (cdef.usage === 'R') return false;
        } else if (!valueClean(text, a, b, cdef)) return false;
        c++;
        if (b >= end) break;
        a = b + 1;
      }
      for (; c < components.length; c++) if (components[c].usage === 'R') return false;
    }
    pos = end;
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
  return !dtp || dtpDateClean(text, fa, fb, va, vb);
}
