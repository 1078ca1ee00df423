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
import { hasKey, keyedCodes, MAX_KEY_LENGTH, type KeyedCodes } from './byte-keys.js';
import type { CompiledComponent, CompiledElement, CompiledSegment } from './compile.js';
import { CODE, COMP, COMPOSITE, compileCleanCheck, DATE, DELIMITER, DIGIT, NEVER, NUMBER, REAL, REP, SEP, TEXT, TEXT_VALUE, TIME, type CleanCheck } from './clean-check.js';

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
 * Byte classes for one set of delimiters (bit flags, one table per set, built once; the flags are
 * clean-check.ts's): a delimiter byte has its delimiter's flag and nothing else; any other byte is DIGIT
 * and/or TEXT. The fused pass reads one table entry per byte to know both "does the value end here?" and
 * "is this byte allowed by the type?".
 */
const classTables = new WeakMap<Delimiters, Uint8Array>();
let lastDelimiters: Delimiters | undefined;
let lastClasses: Uint8Array = new Uint8Array(256);

/** The byte-class table of a set of delimiters. */
export function byteClasses(d: Delimiters): Uint8Array {
  return d === lastDelimiters ? lastClasses : classesOf(d);
}

function classesOf(d: Delimiters): Uint8Array {
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

/**
 * A segment definition compiled for the clean pass (once per definition, on first use): per value slot
 * (elements 1..n first, then the components of composites) its kind, whether it is required, its length
 * bounds and code set, in typed arrays, so the pass reads no definition object per element; the syntax
 * notes as bit masks over the present elements.
 */
export interface CleanPlan {
  /** The definition's `elements` it was made from (a copy of the definition with other elements gets its own). */
  readonly source: readonly CompiledElement[];
  readonly count: number;
  readonly kinds: Uint8Array;
  readonly required: Uint8Array;
  readonly mins: Int32Array;
  readonly maxs: Int32Array;
  /** Per slot: the code set as keys, and the definition (for the rare long code value). */
  readonly codes: Array<KeyedCodes | undefined>;
  readonly defs: CompiledComponent[];
  /** Per element: the slot of its first component and their number (composites only). */
  readonly componentStart: Int32Array;
  readonly componentCount: Int32Array;
  /** 1-based position of the last required element (0: none). */
  readonly lastRequired: number;
  /** The syntax notes: per rule kind, positions as a bit mask, and the first position's bit. */
  readonly ruleKinds: Uint8Array;
  readonly ruleMasks: Int32Array;
  readonly ruleFirsts: Int32Array;
  /** A note names a position outside 1..31 or the same position twice: checked by `rulesHold` instead of the masks. */
  readonly oddRules: boolean;
  /**
   * The last set of present elements (bit mask) that satisfied every syntax note (-1: none yet): segments of
   * one definition mostly come with the same elements, so the notes are checked once per new set.
   */
  rulesPassed: number;
  /**
   * The plan as straight-line code (clean-check.ts), made on the plan's first use; null when code cannot
   * be generated in this runtime (the interpreted pass is used then).
   */
  check: CleanCheck | null | undefined;
  /** Segments checked with this plan before its check was generated (0 or 1). */
  uses: number;
}

const RULE_KINDS = { P: 1, R: 2, E: 3, C: 4, L: 5 } as const;

function slotKind(def: CompiledComponent): number {
  if (def.usage === 'N' || def.codesUnless !== undefined) return NEVER;
  if (def.codes !== undefined) return CODE;
  switch (def.type) {
    case 'N':
    case 'N0':
    case 'N1':
    case 'N2':
    case 'N3':
    case 'N4':
      return NUMBER;
    case 'R':
      return REAL;
    case 'DT':
      return DATE;
    case 'TM':
      return TIME;
    default:
      return TEXT_VALUE;
  }
}

/** Compiles (or returns the cached) clean plan of a segment definition. */
export function cleanPlanOf(def: CompiledSegment): CleanPlan {
  const cached = def.cleanPlan;
  return cached !== undefined && cached.source === def.elements ? cached : compileCleanPlan(def);
}

function compileCleanPlan(def: CompiledSegment): CleanPlan {
  const elements = def.elements;
  const slots: CompiledComponent[] = [...elements];
  const componentStart = new Int32Array(elements.length);
  const componentCount = new Int32Array(elements.length);
  elements.forEach((e, i) => {
    if (e.components === undefined) return;
    componentStart[i] = slots.length;
    componentCount[i] = e.components.length;
    slots.push(...e.components);
  });
  const kinds = new Uint8Array(slots.length);
  const required = new Uint8Array(slots.length);
  const mins = new Int32Array(slots.length);
  const maxs = new Int32Array(slots.length);
  const codes: Array<KeyedCodes | undefined> = [];
  slots.forEach((slot, i) => {
    const composite = i < elements.length && elements[i].components !== undefined;
    kinds[i] = composite ? (slot.usage === 'N' ? NEVER : COMPOSITE) : slotKind(slot);
    required[i] = slot.usage === 'R' ? 1 : 0;
    mins[i] = Math.min(slot.min, 0x7fffffff);
    maxs[i] = Math.min(slot.max, 0x7fffffff);
    codes.push(!composite && slot.codes !== undefined ? (slot.codeKeys ??= keyedCodes(slot.codes)) : undefined);
  });
  let lastRequired = 0;
  elements.forEach((e, i) => {
    if (e.usage === 'R') lastRequired = i + 1;
  });
  const rules = def.syntaxRules;
  const ruleKinds = new Uint8Array(rules.length);
  const ruleMasks = new Int32Array(rules.length);
  const ruleFirsts = new Int32Array(rules.length);
  let oddRules = false;
  rules.forEach((rule, r) => {
    ruleKinds[r] = RULE_KINDS[rule.kind] ?? 0;
    let mask = 0;
    for (const p of rule.positions) {
      if (!(p >= 1 && p <= 31) || (mask & (1 << (p - 1))) !== 0) oddRules = true;
      else mask |= 1 << (p - 1);
    }
    ruleMasks[r] = mask;
    ruleFirsts[r] = rule.positions[0] >= 1 && rule.positions[0] <= 31 ? 1 << (rule.positions[0] - 1) : 0;
  });
  const plan: CleanPlan = { source: elements, count: elements.length, kinds, required, mins, maxs, codes, defs: slots, componentStart, componentCount, lastRequired, ruleKinds, ruleMasks, ruleFirsts, oddRules, rulesPassed: -1, check: undefined, uses: 0 };
  def.cleanPlan = plan;
  return plan;
}

/** The syntax notes checked one position at a time (for notes the plan's masks cannot express). */
function rulesHold(def: CompiledSegment, present: number): boolean {
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
  return true;
}

/** Is bytes[a, b) (b - a > MAX_KEY_LENGTH) one of the slot's codes? (The rare long code value, looked up as a string.) */
function hasLongCode(bytes: Uint8Array, a: number, b: number, keyed: KeyedCodes, def: CompiledComponent): boolean {
  return keyed.hasLong && def.codes!.has(latin1(bytes, a, b));
}

/** The end of a value of slot s that is looked up in a code set, or -1 (the key is packed on the way: no second walk, no string). */
function scanCode(bytes: Uint8Array, a: number, end: number, plan: CleanPlan, s: number, t: Uint8Array): number {
  let k = 1;
  let i = a;
  const keyEnd = a + MAX_KEY_LENGTH;
  for (; i < end; i++) {
    const c = bytes[i];
    if ((t[c] & DELIMITER) !== 0) break;
    if (i < keyEnd) k = k * 256 + c;
  }
  const length = i - a;
  if (length < plan.mins[s] || length > plan.maxs[s]) return -1;
  const keyed = plan.codes[s]!;
  if (length <= MAX_KEY_LENGTH) return hasKey(keyed, k) ? i : -1;
  return hasLongCode(bytes, a, i, keyed, plan.defs[s]) ? i : -1;
}

/** The end of a text (AN, ID…) value of slot s, or -1. */
function scanText(bytes: Uint8Array, a: number, end: number, plan: CleanPlan, s: number, t: Uint8Array): number {
  let i = a;
  while (i < end && (t[bytes[i]] & TEXT) !== 0) i++;
  if (i < end && (t[bytes[i]] & DELIMITER) === 0) return -1;
  const length = i - a;
  return length >= plan.mins[s] && length <= plan.maxs[s] ? i : -1;
}

/** The end of an N0…N4 value of slot s (an optional minus, digits), or -1. */
function scanNumber(bytes: Uint8Array, a: number, end: number, plan: CleanPlan, s: number, t: Uint8Array): number {
  let i = a;
  if (bytes[i] === 45) i++;
  const digits = i;
  while (i < end && (t[bytes[i]] & DIGIT) !== 0) i++;
  if (i < end && (t[bytes[i]] & DELIMITER) === 0) return -1;
  if (i === digits) return -1;
  const length = i - digits;
  return length >= plan.mins[s] && length <= plan.maxs[s] ? i : -1;
}

/** The end of an R value of slot s (an optional minus, digits with at most one point), or -1. */
function scanReal(bytes: Uint8Array, a: number, end: number, plan: CleanPlan, s: number, t: Uint8Array): number {
  let i = a;
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
  const length = i - a - sign - dot;
  return length >= plan.mins[s] && length <= plan.maxs[s] ? i : -1;
}

/** The end of a DT or TM value of slot s, or -1. */
function scanDateOrTime(bytes: Uint8Array, a: number, end: number, plan: CleanPlan, s: number, t: Uint8Array): number {
  let i = a;
  while (i < end && (t[bytes[i]] & DIGIT) !== 0) i++;
  if (i < end && (t[bytes[i]] & DELIMITER) === 0) return -1;
  const length = i - a;
  if (plan.kinds[s] === DATE) {
    if (length !== 8 || !dateAt(bytes, a)) return -1;
  } else {
    if (length !== 4 && length !== 6 && length !== 7 && length !== 8) return -1;
    const h = (bytes[a] - DIGIT_LO) * 10 + bytes[a + 1] - DIGIT_LO;
    const mi = (bytes[a + 2] - DIGIT_LO) * 10 + bytes[a + 3] - DIGIT_LO;
    if (h > 23 || mi > 59) return -1;
    if (length >= 6 && (bytes[a + 4] - DIGIT_LO) * 10 + bytes[a + 5] - DIGIT_LO > 59) return -1;
  }
  return length >= plan.mins[s] && length <= plan.maxs[s] ? i : -1;
}

/**
 * The fused check of one value: walks bytes[a, …) once, up to the first delimiter (or `end`), checking the
 * value against slot s of the plan (type, length, code set) on the way. The value is not empty (bytes[a] is
 * not a delimiter). Returns where the value stops (a delimiter's index, or `end`), or -1 when it is not
 * clean. The caller decides whether the delimiter it stopped at is allowed there. (One small function per
 * kind, so the engine can inline the common ones into the segment's loop.)
 */
function scanValue(bytes: Uint8Array, a: number, end: number, plan: CleanPlan, s: number, t: Uint8Array): number {
  const kind = plan.kinds[s];
  if (kind === TEXT_VALUE) return scanText(bytes, a, end, plan, s, t);
  if (kind === CODE) return scanCode(bytes, a, end, plan, s, t);
  if (kind === REAL) return scanReal(bytes, a, end, plan, s, t);
  if (kind === NUMBER) return scanNumber(bytes, a, end, plan, s, t);
  if (kind === DATE || kind === TIME) return scanDateOrTime(bytes, a, end, plan, s, t);
  return -1;
}

/**
 * True when the segment held in bytes[start, end) (one byte per character: ASCII or latin1) certainly
 * passes every element check for `def` (usage, types, lengths, codes, repetitions, components, syntax
 * notes). False means "look closer", not "wrong".
 *
 * One walk of each element's bytes (round 6 of issue 12): the byte-class table of the delimiters tells at
 * each byte whether the value ends and whether the type allows it, code values are keyed on the way and
 * looked up in a hash table, and what each element must hold is read from the definition's clean plan.
 * Round 7: the plan is run as code generated from it once per definition (clean-check.ts), which removes
 * the per-element dispatch; `segmentCleanInterpreted` is the same verdict read from the plan.
 */
export function segmentCleanBytes(bytes: Uint8Array, start: number, end: number, def: CompiledSegment, d: Delimiters): boolean {
  const plan = cleanPlanOf(def);
  let check = plan.check;
  if (check === undefined) {
    // A plan met once is not worth a compile: the walker makes a one-off copy of a definition for each
    // segment whose qualifier it does not allow (that copy's plan would otherwise be compiled per segment).
    if (plan.uses++ === 0) return planClean(bytes, start, end, plan, def, byteClasses(d));
    check = checkOf(plan);
  }
  return check !== null ? check(bytes, start, end, byteClasses(d), def) : planClean(bytes, start, end, plan, def, byteClasses(d));
}

/** The plan's generated check, made now if it was not (null where code is not generated). */
function checkOf(plan: CleanPlan): CleanCheck | null {
  if (plan.check === undefined) plan.check = (GENERATE ? compileCleanCheck(plan, RUNTIME) : undefined) ?? null;
  return plan.check;
}

/** The generated check of a definition, made now if it was not (for tests: `segmentCleanBytes` makes it on a plan's second use). */
export function generatedCleanCheck(def: CompiledSegment): CleanCheck | null {
  return checkOf(cleanPlanOf(def));
}

const RUNTIME = { dateAt, dtpDateClean, rulesHold, hasLongCode };

/** `X12GW_CLEAN_CODEGEN=0` keeps the interpreted pass (same verdicts; for A/B measurements and runtimes without code generation). */
const GENERATE = process.env.X12GW_CLEAN_CODEGEN !== '0';

/**
 * `segmentCleanBytes` interpreted from the plan (round 6), without the generated code: the oracle the
 * specialised checks are held to (test/property/fast-path-fused.property.test.ts), and the pass used where
 * code cannot be generated.
 */
export function segmentCleanInterpreted(bytes: Uint8Array, start: number, end: number, def: CompiledSegment, d: Delimiters): boolean {
  return planClean(bytes, start, end, cleanPlanOf(def), def, byteClasses(d));
}

function planClean(bytes: Uint8Array, start: number, end: number, plan: CleanPlan, def: CompiledSegment, t: Uint8Array): boolean {
  const count = plan.count;
  const kinds = plan.kinds;
  const required = plan.required;
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
    if (index >= count) return false;
    const e = index++;
    if (pos === end || (t[bytes[pos]] & SEP) !== 0) {
      if (required[e] !== 0) return false;
      lastEmpty = true;
      continue;
    }
    lastEmpty = false;
    if (index <= 31) present |= 1 << (index - 1);
    const kind = kinds[e];
    let stop: number;
    if (kind !== COMPOSITE) {
      // A simple element: it must end at an element separator (or the segment's end).
      if ((t[bytes[pos]] & DELIMITER) !== 0) return false;
      stop = scanValue(bytes, pos, end, plan, e, t);
      if (stop < 0 || (stop < end && (t[bytes[stop]] & SEP) === 0)) return false;
    } else {
      const first = plan.componentStart[e];
      const n = plan.componentCount[e];
      let c = 0;
      let a = pos;
      for (;;) {
        if (c >= n) return false;
        let b: number;
        const f = a < end ? t[bytes[a]] : SEP;
        if ((f & DELIMITER) !== 0) {
          // An empty component.
          if ((f & (SEP | COMP)) === 0) return false; // a repetition separator
          if (required[first + c] !== 0) return false;
          b = a;
        } else {
          b = scanValue(bytes, a, end, plan, first + c, t);
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
      for (; c < n; c++) if (required[first + c] !== 0) return false;
    }
    if (dtp) {
      if (index === 2) (fa = pos), (fb = stop);
      else if (index === 3) (va = pos), (vb = stop);
    }
    pos = stop;
  }
  if (lastEmpty) return false;
  if (plan.lastRequired > index) return false;
  const rules = plan.ruleKinds.length;
  if (rules > 0 && present !== plan.rulesPassed) {
    if (plan.oddRules) {
      if (!rulesHold(def, present)) return false;
    } else for (let r = 0; r < rules; r++) {
      const mask = plan.ruleMasks[r];
      const got = present & mask;
      switch (plan.ruleKinds[r]) {
        case 1: // P: all or none
          if (got !== 0 && got !== mask) return false;
          break;
        case 2: // R: at least one
          if (got === 0) return false;
          break;
        case 3: // E: at most one
          if ((got & (got - 1)) !== 0) return false;
          break;
        case 4: // C: if the first, all
          if ((got & plan.ruleFirsts[r]) !== 0 && got !== mask) return false;
          break;
        case 5: // L: if the first, at least one other
          if ((got & plan.ruleFirsts[r]) !== 0 && (got & ~plan.ruleFirsts[r]) === 0) return false;
          break;
      }
    }
    plan.rulesPassed = present;
  }
  return !dtp || dtpDateClean(bytes, fa, fb, va, vb);
}

/** `segmentCleanBytes` for a segment's text (elements joined). Text with a character above 0xFF is "not sure". */
export function segmentClean(text: string, def: CompiledSegment, d: Delimiters): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  const bytes = Buffer.from(text, 'latin1');
  return segmentCleanBytes(bytes, 0, bytes.length, def, d);
}
