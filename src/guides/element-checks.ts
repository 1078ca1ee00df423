/**
 * Element-level checks of one segment against its compiled definition: presence by usage, data type,
 * length, code values, repetitions, components, and the standard's syntax notes (P/R/E/C/L).
 * Messages quote codes and lengths, never the data itself (it may be PHI).
 */
import type { Finding, Position } from '../x12/finding.js';
import type { Segment } from '../x12/tokenizer.js';
import type { CompiledComponent, CompiledElement, CompiledSegment } from './compile.js';
import { validCCYYMMDD, validTime } from '../x12/envelope-reader.js';

export type FindingSink = (f: Finding) => void;

const NUMERIC = /^-?\d+$/;
const DECIMAL = /^-?(\d+(\.\d*)?|\.\d+)$/;
// X12 basic + extended character sets are printable ASCII; control characters never belong in data.
const BAD_CHAR = /[\u0000-\u001f\u007f]/;

const ref = (segmentId: string, pos: number, comp?: number) => `${segmentId}${String(pos).padStart(2, '0')}${comp ? `-${comp}` : ''}`;

/** Shows a value in a message only when it is a code (ID type) and short; everything else may be PHI. */
const shown = (type: string, value: string) => (type === 'ID' && value.length <= 6 ? ` "${value}"` : '');

function checkValue(
  value: string,
  def: CompiledComponent,
  segmentId: string,
  elementPos: number,
  comp: number | undefined,
  position: Position,
  sink: FindingSink,
): void {
  const at = ref(segmentId, elementPos, comp);
  const where = { ...position, element: elementPos, ...(comp ? { component: comp } : {}) };
  const err = (code: string, ik403: string, message: string, snip: 1 | 2 | 5 = 2) =>
    sink({ code, severity: 'error', snip, message, position: where, ack: { segment: '8', element: ik403 } });

  if (def.usage === 'N') {
    err('GUIDE-ELEMENT-NOT-USED', 'I10', `${at} (${def.name}) is not used in this guide but has a value.`);
    return;
  }
  if (BAD_CHAR.test(value)) {
    err('X12-ELEMENT-CHARACTER', '6', `${at} (${def.name}) contains a control character.`, 1);
    return;
  }
  let length = value.length;
  switch (def.type) {
    case 'N':
    case 'N0':
    case 'N1':
    case 'N2':
    case 'N3':
    case 'N4':
      if (!NUMERIC.test(value)) return err('X12-ELEMENT-NUMERIC', '6', `${at} (${def.name}) must be a whole number (type ${def.type}).`, 1);
      if (value[0] === '-') length--;
      break;
    case 'R':
      if (!DECIMAL.test(value)) return err('X12-ELEMENT-DECIMAL', '6', `${at} (${def.name}) must be a decimal number.`, 1);
      length -= (value[0] === '-' ? 1 : 0) + (value.includes('.') ? 1 : 0);
      break;
    case 'DT':
      if (!(value.length === 8 ? validCCYYMMDD(value) : value.length === 6 && validCCYYMMDD('20' + value))) return err('X12-ELEMENT-DATE', '8', `${at} (${def.name}) is not a valid date (CCYYMMDD).`, 1);
      break;
    case 'TM':
      if (!validTime(value)) return err('X12-ELEMENT-TIME', '9', `${at} (${def.name}) is not a valid time (HHMM[SS[dd]]).`, 1);
      break;
    default:
      break;
  }
  if (length < def.min) return err('X12-ELEMENT-TOO-SHORT', '4', `${at} (${def.name}) is ${length} characters; the minimum is ${def.min}.`, 1);
  if (length > def.max) return err('X12-ELEMENT-TOO-LONG', '5', `${at} (${def.name}) is ${length} characters; the maximum is ${def.max}.`, 1);
  if (def.codes && !def.codes.has(value)) {
    const external = def.codeList !== undefined;
    err(
      external ? 'CODE-UNKNOWN' : 'GUIDE-CODE-NOT-ALLOWED',
      external ? '7' : 'I6',
      external ? `${at} (${def.name}) value${shown('ID', value)} is not in the ${def.codeList} code list.` : `${at} (${def.name}) value${shown(def.type === 'AN' ? 'ID' : def.type, value)} is not one of the codes this guide allows here.`,
      external ? 5 : 2,
    );
  }
}

function present(segment: Segment, pos: number): boolean {
  const v = segment.elements[pos];
  return v !== undefined && v !== '';
}

/** Checks the standard's relational conditions, e.g. P0304, R0203, C0403, E0102, L010203. */
function checkSyntax(segment: Segment, note: string, position: Position, sink: FindingSink): void {
  const kind = note[0];
  const positions: number[] = [];
  for (let i = 1; i < note.length; i += 2) positions.push(Number(note.slice(i, i + 2)));
  const has = positions.map((p) => present(segment, p));
  const count = has.filter(Boolean).length;
  const names = positions.map((p) => ref(segment.id, p)).join(', ');
  const fail = (ik403: string, message: string, element: number) =>
    sink({ code: 'X12-SYNTAX-' + kind, severity: 'error', snip: 1, message, position: { ...position, element }, ack: { segment: '8', element: ik403 } });
  switch (kind) {
    case 'P':
      if (count > 0 && count < positions.length) fail('2', `${names} must all be present when any of them is (syntax note ${note}).`, positions[has.indexOf(false)]);
      break;
    case 'R':
      if (count === 0) fail('2', `At least one of ${names} is required (syntax note ${note}).`, positions[0]);
      break;
    case 'E':
      if (count > 1) fail('10', `Only one of ${names} may be present (syntax note ${note}).`, positions[has.lastIndexOf(true)]);
      break;
    case 'C':
      if (has[0] && count < positions.length) fail('2', `${names.split(', ').slice(1).join(', ')} required when ${ref(segment.id, positions[0])} is present (syntax note ${note}).`, positions[has.indexOf(false)]);
      break;
    case 'L':
      if (has[0] && count < 2) fail('2', `At least one of ${names.split(', ').slice(1).join(', ')} is required when ${ref(segment.id, positions[0])} is present (syntax note ${note}).`, positions[1]);
      break;
  }
}

/** Date formats that depend on a qualifier (DTP02 D8 / RD8 and friends). */
function checkDateQualifier(segment: Segment, formatPos: number, valuePos: number, position: Position, sink: FindingSink): void {
  const format = segment.elements[formatPos];
  const value = segment.elements[valuePos];
  if (!format || !value) return;
  let ok = true;
  if (format === 'D8') ok = validCCYYMMDD(value);
  else if (format === 'RD8') {
    const [a, b, extra] = value.split('-');
    ok = extra === undefined && validCCYYMMDD(a ?? '') && validCCYYMMDD(b ?? '') && a <= b;
  } else if (format === 'DT') ok = /^\d{12}$/.test(value) && validCCYYMMDD(value.slice(0, 8)) && validTime(value.slice(8));
  else if (format === 'TM') ok = validTime(value);
  if (!ok) {
    sink({
      code: 'X12-ELEMENT-DATE',
      severity: 'error',
      snip: 2,
      message: `${ref(segment.id, valuePos)} is not a valid ${format === 'RD8' ? 'date range (CCYYMMDD-CCYYMMDD, start not after end)' : format === 'DT' ? 'date and time (CCYYMMDDHHMM)' : format === 'TM' ? 'time' : 'date (CCYYMMDD)'} as ${ref(segment.id, formatPos)} ${format} says.`,
      position: { ...position, element: valuePos },
      ack: { segment: '8', element: '8' },
    });
  }
}

/**
 * All element checks for one segment matched to `def`. Returns the number of findings reported.
 */
export function checkSegmentElements(segment: Segment, def: CompiledSegment, position: Position, sink: FindingSink): number {
  let reported = 0;
  const count: FindingSink = (f) => {
    reported++;
    sink(f);
  };
  const els = segment.elements;
  const d = segment.delimiters;
  const last = els.length - 1;
  if (last > def.elements.length) {
    count({
      code: 'X12-TOO-MANY-ELEMENTS',
      severity: 'error',
      snip: 1,
      message: `${segment.id} has ${last} elements; the standard defines ${def.elements.length}.`,
      position: { ...position, element: def.elements.length + 1 },
      ack: { segment: '8', element: '3' },
    });
  }
  if (last >= 1 && els[last] === '') {
    count({
      code: 'X12-TRAILING-SEPARATOR',
      severity: 'error',
      snip: 1,
      message: `${segment.id} ends with empty elements (trailing element separators must not be sent).`,
      position: { ...position, element: last },
      ack: { segment: '8' },
    });
  }
  for (let i = 0; i < def.elements.length; i++) {
    const e: CompiledElement = def.elements[i];
    const pos = i + 1;
    const raw = pos <= last ? els[pos] : '';
    if (raw === '') {
      if (e.usage === 'R') {
        count({
          code: 'GUIDE-ELEMENT-REQUIRED-MISSING',
          severity: 'error',
          snip: 2,
          message: `${ref(segment.id, pos)} (${e.name}) is required and missing.`,
          position: { ...position, element: pos },
          ack: { segment: '8', element: e.req === 'M' ? '1' : 'I9' },
        });
      }
      continue;
    }
    const reps = d.repetition && raw.includes(d.repetition) ? raw.split(d.repetition) : undefined;
    if (reps && reps.length > e.repeat) {
      count({
        code: 'X12-TOO-MANY-REPETITIONS',
        severity: 'error',
        snip: 1,
        message: `${ref(segment.id, pos)} (${e.name}) repeats ${reps.length} times; at most ${e.repeat} allowed.`,
        position: { ...position, element: pos },
        ack: { segment: '8', element: '12' },
      });
    }
    for (const value of reps ?? [raw]) {
      if (e.components) {
        if (e.usage === 'N') {
          checkValue(value, e, segment.id, pos, undefined, position, count);
          continue;
        }
        const comps = value.split(d.component);
        if (comps.length > e.components.length) {
          count({
            code: 'X12-TOO-MANY-COMPONENTS',
            severity: 'error',
            snip: 1,
            message: `${ref(segment.id, pos)} (${e.name}) has ${comps.length} components; the composite defines ${e.components.length}.`,
            position: { ...position, element: pos },
            ack: { segment: '8', element: '13' },
          });
        }
        for (let c = 0; c < e.components.length; c++) {
          const cdef = e.components[c];
          const cv = comps[c] ?? '';
          if (cv === '') {
            if (cdef.usage === 'R') {
              count({
                code: 'GUIDE-ELEMENT-REQUIRED-MISSING',
                severity: 'error',
                snip: 2,
                message: `${ref(segment.id, pos, c + 1)} (${cdef.name}) is required and missing.`,
                position: { ...position, element: pos, component: c + 1 },
                ack: { segment: '8', element: '1' },
              });
            }
            continue;
          }
          checkValue(cv, cdef, segment.id, pos, c + 1, position, count);
        }
      } else {
        if (value.includes(d.component) && e.usage !== 'N') {
          count({
            code: 'X12-TOO-MANY-COMPONENTS',
            severity: 'error',
            snip: 1,
            message: `${ref(segment.id, pos)} (${e.name}) is a simple element but holds component separators.`,
            position: { ...position, element: pos },
            ack: { segment: '8', element: '13' },
          });
          continue;
        }
        checkValue(value, e, segment.id, pos, undefined, position, count);
      }
    }
  }
  for (const note of def.syntax) checkSyntax(segment, note, position, count);
  if (segment.id === 'DTP') checkDateQualifier(segment, 2, 3, position, count);
  return reported;
}
