/**
 * Element-level checks of one segment against its compiled definition: presence by usage, data type,
 * length, code values, repetitions, components, and the standard's syntax notes (P/R/E/C/L).
 * Messages quote codes and lengths, never the data itself (it may be PHI).
 *
 * This is the hot path of validation: nothing is allocated for a value that passes. Positions and
 * messages are built only when a problem is reported.
 */
import type { Finding, Position } from '../x12/finding.js';
import type { Segment } from '../x12/tokenizer.js';
import type { CompiledComponent, CompiledElement, CompiledSegment, SyntaxRule } from './compile.js';
import { validCCYYMMDD, validTime } from '../x12/envelope-reader.js';

export type FindingSink = (f: Finding) => void;

const ref = (segmentId: string, pos: number, comp?: number) => `${segmentId}${String(pos).padStart(2, '0')}${comp ? `-${comp}` : ''}`;

/** Shows a value in a message only when it is a code (ID type) and short; everything else may be PHI. */
const shown = (type: string, value: string) => (type === 'ID' && value.length <= 6 ? ` "${value}"` : '');

interface Problem {
  code: string;
  ik403: string;
  snip: 1 | 2 | 5;
  message: string;
}

function isDigits(v: string, from: number): boolean {
  if (from >= v.length) return false;
  for (let i = from; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function isDecimal(v: string): boolean {
  let i = v.charCodeAt(0) === 45 ? 1 : 0;
  let digits = 0;
  let dot = false;
  for (; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !dot) dot = true;
    else return false;
  }
  return digits > 0;
}

function hasControlChar(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 32 || c === 127) return true;
  }
  return false;
}

/** The problem with one value, or undefined when it is fine. */
function valueProblem(value: string, def: CompiledComponent, segmentId: string, pos: number, comp: number | undefined, skipCodes: boolean): Problem | undefined {
  const at = () => ref(segmentId, pos, comp);
  if (def.usage === 'N') return { code: 'GUIDE-ELEMENT-NOT-USED', ik403: 'I10', snip: 2, message: `${at()} (${def.name}) is not used in this guide but has a value.` };
  // Fast path: a listed code is, by construction, of the right type, length and characters.
  if (def.codes !== undefined && !skipCodes && def.codes.has(value) && value.length >= def.min && value.length <= def.max) return undefined;
  if (hasControlChar(value)) return { code: 'X12-ELEMENT-CHARACTER', ik403: '6', snip: 1, message: `${at()} (${def.name}) contains a control character.` };
  let length = value.length;
  switch (def.type) {
    case 'N':
    case 'N0':
    case 'N1':
    case 'N2':
    case 'N3':
    case 'N4': {
      const negative = value.charCodeAt(0) === 45;
      if (!isDigits(value, negative ? 1 : 0)) return { code: 'X12-ELEMENT-NUMERIC', ik403: '6', snip: 1, message: `${at()} (${def.name}) must be a whole number (type ${def.type}).` };
      if (negative) length--;
      break;
    }
    case 'R':
      if (!isDecimal(value)) return { code: 'X12-ELEMENT-DECIMAL', ik403: '6', snip: 1, message: `${at()} (${def.name}) must be a decimal number.` };
      if (value.charCodeAt(0) === 45) length--;
      if (value.indexOf('.') >= 0) length--;
      break;
    case 'DT':
      if (!(value.length === 8 ? validCCYYMMDD(value) : value.length === 6 && validCCYYMMDD('20' + value)))
        return { code: 'X12-ELEMENT-DATE', ik403: '8', snip: 1, message: `${at()} (${def.name}) is not a valid date (CCYYMMDD).` };
      break;
    case 'TM':
      if (!validTime(value)) return { code: 'X12-ELEMENT-TIME', ik403: '9', snip: 1, message: `${at()} (${def.name}) is not a valid time (HHMM[SS[dd]]).` };
      break;
    default:
      break;
  }
  if (length < def.min) return { code: 'X12-ELEMENT-TOO-SHORT', ik403: '4', snip: 1, message: `${at()} (${def.name}) is ${length} characters; the minimum is ${def.min}.` };
  if (length > def.max) return { code: 'X12-ELEMENT-TOO-LONG', ik403: '5', snip: 1, message: `${at()} (${def.name}) is ${length} characters; the maximum is ${def.max}.` };
  if (def.codes && !skipCodes && !def.codes.has(value)) {
    return def.codeList !== undefined
      ? { code: 'CODE-UNKNOWN', ik403: '7', snip: 5, message: `${at()} (${def.name}) value${shown('ID', value)} is not in the ${def.codeList} code list.` }
      : { code: 'GUIDE-CODE-NOT-ALLOWED', ik403: 'I6', snip: 2, message: `${at()} (${def.name}) value${shown(def.type === 'AN' ? 'ID' : def.type, value)} is not one of the codes this guide allows here.` };
  }
  return undefined;
}

/** True when the condition that waives a code check holds (another element, or a sibling component, has one of its values). */
function codesWaived(segment: Segment, rule: NonNullable<CompiledComponent['codesUnless']>, parts: string[]): boolean {
  const v = rule.element !== undefined ? (rule.component !== undefined ? (segment.elements[rule.element] ?? '').split(segment.delimiters.component)[rule.component - 1] : segment.elements[rule.element]) : parts[(rule.component ?? 1) - 1];
  return v !== undefined && rule.values.has(v);
}

function present(segment: Segment, pos: number): boolean {
  const v = segment.elements[pos];
  return v !== undefined && v !== '';
}

/** Checks the standard's relational conditions, e.g. P0304, R0203, C0403, E0102, L010203. */
function checkSyntax(segment: Segment, rule: SyntaxRule, report: (element: number, code: string, ik403: string, message: string) => void): void {
  const positions = rule.positions;
  let count = 0;
  let firstMissing = -1;
  let lastPresent = -1;
  for (let i = 0; i < positions.length; i++) {
    if (present(segment, positions[i])) {
      count++;
      lastPresent = i;
    } else if (firstMissing < 0) firstMissing = i;
  }
  const names = () => positions.map((p) => ref(segment.id, p)).join(', ');
  const rest = () => positions.slice(1).map((p) => ref(segment.id, p)).join(', ');
  const code = 'X12-SYNTAX-' + rule.kind;
  switch (rule.kind) {
    case 'P':
      if (count > 0 && count < positions.length) report(positions[firstMissing], code, '2', `${names()} must all be present when any of them is (syntax note ${rule.note}).`);
      break;
    case 'R':
      if (count === 0) report(positions[0], code, '2', `At least one of ${names()} is required (syntax note ${rule.note}).`);
      break;
    case 'E':
      if (count > 1) report(positions[lastPresent], code, '10', `Only one of ${names()} may be present (syntax note ${rule.note}).`);
      break;
    case 'C':
      if (firstMissing !== 0 && count < positions.length) report(positions[firstMissing], code, '2', `${rest()} required when ${ref(segment.id, positions[0])} is present (syntax note ${rule.note}).`);
      break;
    case 'L':
      if (firstMissing !== 0 && count < 2) report(positions[1], code, '2', `At least one of ${rest()} is required when ${ref(segment.id, positions[0])} is present (syntax note ${rule.note}).`);
      break;
  }
}

/** Date formats that depend on a qualifier (DTP02 D8 / RD8 and friends). */
function dateQualifierProblem(segment: Segment, formatPos: number, valuePos: number): string | undefined {
  const format = segment.elements[formatPos];
  const value = segment.elements[valuePos];
  if (!format || !value) return undefined;
  let ok = true;
  if (format === 'D8') ok = validCCYYMMDD(value);
  else if (format === 'RD8') {
    const dash = value.indexOf('-');
    const a = value.slice(0, dash);
    const b = value.slice(dash + 1);
    ok = dash === 8 && validCCYYMMDD(a) && validCCYYMMDD(b) && a <= b;
  } else if (format === 'DT') ok = value.length === 12 && isDigits(value, 0) && validCCYYMMDD(value.slice(0, 8)) && validTime(value.slice(8));
  else if (format === 'TM') ok = validTime(value);
  if (ok) return undefined;
  const what = format === 'RD8' ? 'date range (CCYYMMDD-CCYYMMDD, start not after end)' : format === 'DT' ? 'date and time (CCYYMMDDHHMM)' : format === 'TM' ? 'time' : 'date (CCYYMMDD)';
  return `${ref(segment.id, valuePos)} is not a valid ${what} as ${ref(segment.id, formatPos)} ${format} says.`;
}

/**
 * All element checks for one segment matched to `def`. `position` is called only when a finding is made.
 * Returns the number of findings reported.
 */
export function checkSegmentElements(segment: Segment, def: CompiledSegment, position: () => Position, sink: FindingSink): number {
  let reported = 0;
  const report = (element: number, component: number | undefined, code: string, snip: 1 | 2 | 5, ik403: string | undefined, message: string) => {
    reported++;
    const p = position();
    p.element = element;
    if (component !== undefined) p.component = component;
    sink({ code, severity: 'error', snip, message, position: p, ack: ik403 ? { segment: '8', element: ik403 } : { segment: '8' } });
  };
  const els = segment.elements;
  const d = segment.delimiters;
  const last = els.length - 1;
  const defs = def.elements;
  if (last > defs.length) report(defs.length + 1, undefined, 'X12-TOO-MANY-ELEMENTS', 1, '3', `${segment.id} has ${last} elements; the standard defines ${defs.length}.`);
  if (last >= 1 && els[last] === '') report(last, undefined, 'X12-TRAILING-SEPARATOR', 1, undefined, `${segment.id} ends with empty elements (trailing element separators must not be sent).`);
  const rep = d.repetition;
  const comp = d.component;
  for (let i = 0; i < defs.length; i++) {
    const e: CompiledElement = defs[i];
    const pos = i + 1;
    const raw = pos <= last ? els[pos] : '';
    if (raw === '') {
      if (e.usage === 'R') report(pos, undefined, 'GUIDE-ELEMENT-REQUIRED-MISSING', 2, e.req === 'M' ? '1' : 'I9', `${ref(segment.id, pos)} (${e.name}) is required and missing.`);
      continue;
    }
    if (e.usage === 'N' && !e.components) {
      report(pos, undefined, 'GUIDE-ELEMENT-NOT-USED', 2, 'I10', `${ref(segment.id, pos)} (${e.name}) is not used in this guide but has a value.`);
      continue;
    }
    let reps: string[] | undefined;
    if (rep && raw.indexOf(rep) >= 0) {
      reps = raw.split(rep);
      if (reps.length > e.repeat) report(pos, undefined, 'X12-TOO-MANY-REPETITIONS', 1, '12', `${ref(segment.id, pos)} (${e.name}) repeats ${reps.length} times; at most ${e.repeat} allowed.`);
    }
    const count = reps ? reps.length : 1;
    for (let r = 0; r < count; r++) {
      const value = reps ? reps[r] : raw;
      const components = e.components;
      if (components) {
        if (e.usage === 'N') {
          report(pos, undefined, 'GUIDE-ELEMENT-NOT-USED', 2, 'I10', `${ref(segment.id, pos)} (${e.name}) is not used in this guide but has a value.`);
          continue;
        }
        if (value.indexOf(comp) < 0) {
          // One component: avoid the split.
          checkComponents(segment, pos, e, components, [value], report);
        } else {
          const parts = value.split(comp);
          if (parts.length > components.length) report(pos, undefined, 'X12-TOO-MANY-COMPONENTS', 1, '13', `${ref(segment.id, pos)} (${e.name}) has ${parts.length} components; the composite defines ${components.length}.`);
          checkComponents(segment, pos, e, components, parts, report);
        }
      } else {
        if (value.indexOf(comp) >= 0) {
          report(pos, undefined, 'X12-TOO-MANY-COMPONENTS', 1, '13', `${ref(segment.id, pos)} (${e.name}) is a simple element but holds component separators.`);
          continue;
        }
        const problem = valueProblem(value, e, segment.id, pos, undefined, e.codesUnless !== undefined && codesWaived(segment, e.codesUnless, [value]));
        if (problem) report(pos, undefined, problem.code, problem.snip, problem.ik403, problem.message);
      }
    }
  }
  const syntax = def.syntaxRules;
  for (let i = 0; i < syntax.length; i++) checkSyntax(segment, syntax[i], (element, code, ik403, message) => report(element, undefined, code, 1, ik403, message));
  if (segment.id === 'DTP') {
    const message = dateQualifierProblem(segment, 2, 3);
    if (message) report(3, undefined, 'X12-ELEMENT-DATE', 2, '8', message);
  }
  return reported;
}

function checkComponents(
  segment: Segment,
  pos: number,
  e: CompiledElement,
  components: CompiledComponent[],
  parts: string[],
  report: (element: number, component: number | undefined, code: string, snip: 1 | 2 | 5, ik403: string | undefined, message: string) => void,
): void {
  for (let c = 0; c < components.length; c++) {
    const cdef = components[c];
    const cv = c < parts.length ? parts[c] : '';
    if (cv === '') {
      if (cdef.usage === 'R') report(pos, c + 1, 'GUIDE-ELEMENT-REQUIRED-MISSING', 2, '1', `${ref(segment.id, pos, c + 1)} (${cdef.name}) is required and missing.`);
      continue;
    }
    const problem = valueProblem(cv, cdef, segment.id, pos, c + 1, cdef.codesUnless !== undefined && codesWaived(segment, cdef.codesUnless, parts));
    if (problem) report(pos, c + 1, problem.code, problem.snip, problem.ik403, problem.message);
  }
  void e;
}
