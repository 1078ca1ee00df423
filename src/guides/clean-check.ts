/**
 * The clean pass specialised per segment definition (issue 12, round 7): the definition's clean plan
 * (clean-scan.ts `cleanPlanOf`) turned once into straight-line code — one block per element, the scan of
 * its kind written out with its bounds, required flag, code table and syntax-note masks as constants — so
 * a segment is checked without reading the plan's arrays or dispatching on a kind per element.
 *
 * The source is generated from the plan only: every value spliced into it is a number taken from the
 * plan's typed arrays (kinds, bounds, bits, table sizes); code tables and helpers are passed in as
 * arguments, never written into the source, and nothing of the guide map's text (names, codes, notes) or
 * of the data is. The verdict is exactly that of the interpreted pass (`segmentCleanInterpreted`), which
 * stays as its oracle: test/property/fast-path-fused.property.test.ts compares the two (and both to the
 * two-pass pass of round 5) on random and corrupted segments of every definition.
 */
import type { CompiledComponent, CompiledSegment } from './compile.js';
import type { CleanPlan } from './clean-scan.js';
import type { KeyedCodes } from './byte-keys.js';
import { MAX_KEY_LENGTH } from './byte-keys.js';

/** Byte classes (clean-scan.ts `byteClasses`): a delimiter byte has its delimiter's flag and nothing else. */
export const SEP = 1;
export const COMP = 2;
export const REP = 4;
export const DELIMITER = SEP | COMP | REP;
/** 0-9 (and not a delimiter). */
export const DIGIT = 8;
/** A character allowed in AN/ID text: not a control character, not DEL (and not a delimiter). */
export const TEXT = 16;

/** What a value slot (an element or a component) of a clean plan must hold. */
export const NEVER = 0; // usage N, or a code check waived by a condition: never vouched for
export const CODE = 1;
export const NUMBER = 2;
export const REAL = 3;
export const DATE = 4;
export const TIME = 5;
export const TEXT_VALUE = 6;
export const COMPOSITE = 7;

/** The parts of a clean plan the generated check reads (a type-only import: clean-scan.ts imports this module). */
export type PlanShape = Omit<CleanPlan, 'source' | 'check' | 'uses'>;

/** The helpers the generated code calls (the rare paths: dates, DTP formats, odd syntax notes, long codes). */
export interface CleanCheckRuntime {
  dateAt(bytes: Uint8Array, a: number): boolean;
  dtpDateClean(bytes: Uint8Array, fa: number, fb: number, va: number, vb: number): boolean;
  rulesHold(def: CompiledSegment, present: number): boolean;
  hasLongCode(bytes: Uint8Array, a: number, b: number, keyed: KeyedCodes, def: CompiledComponent): boolean;
}

/** A specialised clean check: the verdict of `segmentCleanBytes` for the definition it was made for. */
export type CleanCheck = (bytes: Uint8Array, start: number, end: number, t: Uint8Array, def: CompiledSegment) => boolean;

const NO_LIMIT = 0x7fffffff;

/** A number for the generated source (throws on anything else: only numbers are ever spliced in). */
function num(n: number): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new Error(`clean-check: ${String(n)} is not a finite number`);
  return String(n);
}

/** `length < min || length > max` for a value of `len` (an expression), omitting a bound that cannot fail. */
function lengthCheck(len: string, min: number, max: number, floor: number): string {
  const parts: string[] = [];
  if (min > floor) parts.push(`${len} < ${num(min)}`);
  if (max < NO_LIMIT) parts.push(`${len} > ${num(max)}`);
  return parts.length ? `if (${parts.join(' || ')}) return false;\n` : '';
}

/**
 * The scan of slot s starting at `a` (its first byte is not a delimiter): sets `i` to where the value stops
 * (a delimiter's index, or `end`) or returns false — the same steps as clean-scan.ts's scan per kind.
 */
function scanSource(plan: PlanShape, s: number): string {
  const min = plan.mins[s];
  const max = plan.maxs[s];
  switch (plan.kinds[s]) {
    case TEXT_VALUE:
      return (
        `i = a; while (i < end && (t[bytes[i]] & ${TEXT}) !== 0) i++;\n` +
        `if (i < end && (t[bytes[i]] & ${DELIMITER}) === 0) return false;\n` +
        // The value is not empty here: its first byte is not a delimiter, and any other stop returned above.
        lengthCheck('i - a', min, max, 1)
      );
    case CODE: {
      const keyed = plan.codes[s]!;
      const lookup =
        `h = Math.imul((k | 0) ^ ((k / 4294967296) | 0), 0x9e3779b1) >>> ${num(keyed.shift)};\n` +
        `for (;;) { v = T${s}[h]; if (v === k) break; if (v === 0) return false; h = (h + 1) & ${num(keyed.mask)}; }\n`;
      const long = max > MAX_KEY_LENGTH ? `if (n > ${MAX_KEY_LENGTH}) { if (!hasLongCode(bytes, a, i, K${s}, D${s})) return false; } else {\n${lookup}}\n` : lookup;
      return (
        `k = 1; i = a;\n` +
        `for (; i < end; i++) { c = bytes[i]; if ((t[c] & ${DELIMITER}) !== 0) break; if (i < a + ${MAX_KEY_LENGTH}) k = k * 256 + c; }\n` +
        `n = i - a;\n` +
        lengthCheck('n', min, max, 0) +
        long
      );
    }
    case NUMBER:
      return (
        `i = a; if (bytes[i] === 45) i++;\n` +
        `g = i; while (i < end && (t[bytes[i]] & ${DIGIT}) !== 0) i++;\n` +
        `if (i < end && (t[bytes[i]] & ${DELIMITER}) === 0) return false;\n` +
        `if (i === g) return false;\n` +
        lengthCheck('i - g', min, max, 1)
      );
    case REAL:
      return (
        `i = a; sign = bytes[i] === 45 ? 1 : 0; i += sign; digits = 0; dot = 0;\n` +
        `for (; i < end; i++) { c = bytes[i]; f = t[c]; if ((f & ${DIGIT}) !== 0) digits++; else if ((f & ${DELIMITER}) !== 0) break; else if (c === 46 && dot === 0) dot = 1; else return false; }\n` +
        `if (digits === 0) return false;\n` +
        lengthCheck('i - a - sign - dot', min, max, 1)
      );
    case DATE:
      return (
        `i = a; while (i < end && (t[bytes[i]] & ${DIGIT}) !== 0) i++;\n` +
        `if (i < end && (t[bytes[i]] & ${DELIMITER}) === 0) return false;\n` +
        (8 < min || 8 > max ? 'return false;\n' : `if (i - a !== 8 || !dateAt(bytes, a)) return false;\n`)
      );
    case TIME:
      return (
        `i = a; while (i < end && (t[bytes[i]] & ${DIGIT}) !== 0) i++;\n` +
        `if (i < end && (t[bytes[i]] & ${DELIMITER}) === 0) return false;\n` +
        `n = i - a; if (n !== 4 && n !== 6 && n !== 7 && n !== 8) return false;\n` +
        `if ((bytes[a] - 48) * 10 + bytes[a + 1] - 48 > 23 || (bytes[a + 2] - 48) * 10 + bytes[a + 3] - 48 > 59) return false;\n` +
        `if (n >= 6 && (bytes[a + 4] - 48) * 10 + bytes[a + 5] - 48 > 59) return false;\n` +
        lengthCheck('n', min, max, 0)
      );
    default:
      // NEVER (and a composite's component that is itself marked composite, which cannot happen): not vouched for.
      return 'return false;\n';
  }
}

/** The body of a composite element e: its components one after another, ending with `stop` set. */
function compositeSource(plan: PlanShape, e: number): string {
  const first = plan.componentStart[e];
  const n = plan.componentCount[e];
  if (n === 0) return 'return false;\n';
  const requiredAfter = (c: number) => {
    for (let x = c + 1; x < n; x++) if (plan.required[first + x] !== 0) return true;
    return false;
  };
  let src = `a = pos;\ncomposite${e}: {\n`;
  for (let c = 0; c < n; c++) {
    const s = first + c;
    const rest = requiredAfter(c) ? 'return false; ' : '';
    src +=
      `f = a < end ? t[bytes[a]] : ${SEP};\n` +
      `if ((f & ${DELIMITER}) !== 0) { if ((f & ${SEP | COMP}) === 0) return false; ${plan.required[s] !== 0 ? 'return false; ' : ''}i = a; }\n` +
      `else {\n${scanSource(plan, s)}}\n` +
      `if (i >= end) { ${rest}stop = end; break composite${e}; }\n` +
      `f = t[bytes[i]];\n` +
      `if ((f & ${SEP}) !== 0) { ${rest}stop = i; break composite${e}; }\n` +
      `if ((f & ${COMP}) === 0) return false;\n` +
      (c === n - 1 ? 'return false;\n' : 'a = i + 1;\n');
  }
  return src + '}\n';
}

/** The syntax notes, checked once per new set of present elements (as the interpreted pass does). */
function rulesSource(plan: PlanShape): string {
  const rules = plan.ruleKinds.length;
  if (rules === 0) return '';
  let src = 'if (present !== plan.rulesPassed) {\n';
  if (plan.oddRules) src += 'if (!rulesHold(def, present)) return false;\n';
  else
    for (let r = 0; r < rules; r++) {
      const mask = num(plan.ruleMasks[r]);
      const firstBit = num(plan.ruleFirsts[r]);
      const got = `(present & ${mask})`;
      switch (plan.ruleKinds[r]) {
        case 1: // P: all or none
          src += `if (${got} !== 0 && ${got} !== ${mask}) return false;\n`;
          break;
        case 2: // R: at least one
          src += `if (${got} === 0) return false;\n`;
          break;
        case 3: // E: at most one
          src += `if ((${got} & (${got} - 1)) !== 0) return false;\n`;
          break;
        case 4: // C: if the first, all
          src += `if ((${got} & ${firstBit}) !== 0 && ${got} !== ${mask}) return false;\n`;
          break;
        case 5: // L: if the first, at least one other
          src += `if ((${got} & ${firstBit}) !== 0 && (${got} & ~${firstBit}) === 0) return false;\n`;
          break;
      }
    }
  return src + 'plan.rulesPassed = present;\n}\n';
}

/** The source of the check's inner function (exported for tests and for reading; not for evaluation elsewhere). */
export function cleanCheckSource(plan: PlanShape): string {
  let src =
    'return function cleanCheck(bytes, start, end, t, def) {\n' +
    'let pos = start;\n' +
    `while (pos < end && (t[bytes[pos]] & ${SEP}) === 0) pos++;\n` +
    // DTP: the date format of DTP03 depends on DTP02 (decided from the segment's id bytes, as the interpreted pass does).
    'const dtp = pos - start === 3 && bytes[start] === 68 && bytes[start + 1] === 84 && bytes[start + 2] === 80;\n' +
    'let fa = 0, fb = 0, va = 0, vb = 0;\n' +
    'let index = 0, present = 0, lastEmpty = false;\n' +
    'let a = 0, i = 0, c = 0, f = 0, g = 0, h = 0, n = 0, stop = 0, sign = 0, digits = 0, dot = 0, k = 1, v = 0;\n';
  for (let e = 0; e < plan.count; e++) {
    const position = e + 1;
    const kind = plan.kinds[e];
    let body: string;
    if (kind === COMPOSITE) body = compositeSource(plan, e);
    else
      body =
        `if ((t[bytes[pos]] & ${DELIMITER}) !== 0) return false;\n` +
        `a = pos;\n${scanSource(plan, e)}` +
        `if (i < end && (t[bytes[i]] & ${SEP}) === 0) return false;\n` +
        'stop = i;\n';
    src +=
      `// element ${position}\n` +
      'if (pos < end) {\n' +
      `pos++; index = ${position};\n` +
      `if (pos === end || (t[bytes[pos]] & ${SEP}) !== 0) { ${plan.required[e] !== 0 ? 'return false; ' : ''}lastEmpty = true; }\n` +
      'else {\n' +
      'lastEmpty = false;\n' +
      (position <= 31 ? `present |= ${num(1 << (position - 1))};\n` : '') +
      body +
      (position === 2 ? 'if (dtp) { fa = pos; fb = stop; }\n' : position === 3 ? 'if (dtp) { va = pos; vb = stop; }\n' : '') +
      'pos = stop;\n' +
      '}\n' +
      '}\n';
  }
  src +=
    // A separator left over: an element beyond the definition.
    'if (pos < end) return false;\n' +
    'if (lastEmpty) return false;\n' +
    (plan.lastRequired > 0 ? `if (index < ${num(plan.lastRequired)}) return false;\n` : '') +
    rulesSource(plan) +
    'return !dtp || dtpDateClean(bytes, fa, fb, va, vb);\n' +
    '};\n';
  return src;
}

/**
 * The specialised check of a plan, or undefined when code cannot be generated here (a runtime that forbids
 * it, e.g. `--disallow-code-generation-from-strings`): the caller then keeps the interpreted pass.
 */
export function compileCleanCheck(plan: PlanShape, runtime: CleanCheckRuntime): CleanCheck | undefined {
  const names: string[] = [];
  const values: unknown[] = [];
  for (let s = 0; s < plan.kinds.length; s++) {
    const keyed = plan.codes[s];
    if (plan.kinds[s] !== CODE || keyed === undefined) continue;
    names.push(`T${s}`, `K${s}`, `D${s}`);
    values.push(keyed.table, keyed, plan.defs[s]);
  }
  try {
    const make = new Function('dateAt', 'dtpDateClean', 'rulesHold', 'hasLongCode', 'plan', ...names, `'use strict';\n${cleanCheckSource(plan)}`) as (...args: unknown[]) => CleanCheck;
    return make(runtime.dateAt, runtime.dtpDateClean, runtime.rulesHold, runtime.hasLongCode, plan, ...values);
  } catch (err) {
    if (err instanceof EvalError) return undefined;
    throw err;
  }
}
