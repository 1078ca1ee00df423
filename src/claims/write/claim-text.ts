/**
 * Issue 12, round 9: a claim's segments checked for delimiters and formatted in ONE pass, with grouping
 * keys that cost no `JSON.stringify`.
 *
 * The route it replaces (kept: `prepareClaim` + `findDelimiterClash` in prepare.ts, `formatSegment` in
 * src/x12) walked every value three times: once for the JSON key of each level, once for the delimiter
 * check, once more (another regex test per value) to format it. Here each value is tested once and
 * appended once; test/property/claim-text.property.test.ts proves the text, the clash and the grouping
 * equal to that route.
 *
 * Claims are grouped under a level when the level's JSON is equal (as `JSON.stringify` keys did). Text
 * alone does not tell: `undefined`, `null` and "" format alike, a one-component composite formats like a
 * string, trailing empties are dropped. So a level is looked up by its text and then its *shape* is
 * compared (per segment, per element: u = undefined/null, s = string, a…) = a composite of u/s
 * components; `shapeOf`, `hasShape`). Given the shape, the text (whose values hold no delimiter: a claim
 * with a clash is refused before it is grouped) decodes back to the JSON, and both are functions of the
 * JSON — so equal text and equal shape is exactly equal JSON. A level holding a repetition element (none
 * of ours does) has its JSON as its shape.
 */
import type { Delimiters } from '../../x12/delimiters.js';
import { formatSegment, type ElementValue, type SegmentData } from '../../x12/writer.js';
import { anyDelimiterOf } from '../delimiter-test.js';
import type { Claim, ProfessionalClaim, ProfessionalLine } from '../model.js';
import { dateOrRange, x12Decimal, yesOrAbsent } from '../x12-values.js';
import { lineControlNumber, pointers } from './claim-parts.js';
import { padModifiers, professionalClaimHead, professionalLineTail } from './professional.js';
import { billingProviderLevel, patientLevel, subscriberLevel } from './levels.js';
import { claimLoopOf, clashIn, type DelimiterClash } from './prepare.js';

/** Segments as written (terminators and line endings included) and how many there are. */
export interface SegmentText {
  text: string;
  segments: number;
}

/** A hierarchy level's text and its segments (for the shape, held-transaction.ts). */
export interface LevelText extends SegmentText {
  of: readonly SegmentData[];
}

export interface ClaimText {
  claim: Claim;
  billingProvider: LevelText;
  subscriber: LevelText;
  /** Undefined when the subscriber is the patient (no 2000C). */
  patient: LevelText | undefined;
  claimLoop: SegmentText;
}

export interface ClaimTextWriter {
  /** The claim's text, or the first value (in segment order) that holds a delimiter. */
  textOf(claim: Claim): ClaimText | DelimiterClash;
}

/**
 * Undefined when this route cannot be exact for `d` (a delimiter of more than one character, or a letter
 * or digit that a segment id could hold): the batch writer then keeps the old route.
 */
export function claimTextWriter(d: Delimiters, lineEnding: string): ClaimTextWriter | undefined {
  const any = anyDelimiterOf(d);
  if (!any || /[A-Za-z0-9]/.test(d.element + d.component + d.repetition + d.segment)) return undefined;
  const chars = [d.element, d.component, d.segment, d.repetition].filter(Boolean);
  const sep = d.element;
  const comp = d.component;
  const terminator = d.segment + lineEnding;
  /** The clash found by the current call (the check of a value sets it). */
  let clash: DelimiterClash | undefined;

  /**
   * The pieces of the text being built (values, separator runs, terminators), joined once per level or
   * claim loop: no string per segment or per `+=` (issue 12: the writer's garbage).
   */
  const pieces: string[] = [];
  let n = 0;
  /**
   * How far pieces may hold text of an earlier call (a clash or a refused segment leaves some behind):
   * raised before `n` moves back, blanked (not cut: cutting the length would shrink the array and grow it
   * again for every level and loop) when joining.
   */
  let high = 0;
  const rewind = (to: number): void => {
    if (n > high) high = n;
    n = to;
  };
  const joinPieces = (): string => {
    if (high > 256 && high > 4 * n) {
      // After a long claim loop: cut back rather than join hundreds of blanks for every level.
      pieces.length = n;
      high = n;
    }
    for (let k = n; k < high; k++) pieces[k] = '';
    if (n > high) high = n;
    return pieces.join('');
  };
  /**
   * The old route checked every value of the claim before it formatted any, so a clash anywhere wins over
   * a segment `formatSegment` refuses (a repetition with no repetition separator): that refusal is kept
   * and thrown once the whole claim is checked without a clash.
   */
  let refused: unknown;
  function formatLater(s: SegmentData): string | undefined {
    try {
      return formatSegment(s, d);
    } catch (err) {
      refused ??= err;
      return undefined;
    }
  }
  /** Separator runs by length - 1 (`sep.repeat(gaps + 1)`, made once). */
  const elementRuns: string[] = [];
  const componentRuns: string[] = [];
  const elementRun = (gaps: number): string => elementRuns[gaps] ?? (elementRuns[gaps] = sep.repeat(gaps + 1));
  const componentRun = (gaps: number): string => componentRuns[gaps] ?? (componentRuns[gaps] = comp.repeat(gaps + 1));

  /**
   * Pushes a composite as `joinChecked` writes it (empties as gaps, trailing ones dropped) after `gaps`
   * empty elements; false when every component is empty (then nothing is pushed). Sets `clash`.
   */
  function pushComposite(value: ReadonlyArray<string | undefined | null>, gaps: number, id: string, i: number): boolean {
    let k = 0;
    while (k < value.length && (value[k] === undefined || value[k] === null || value[k] === '')) k++;
    if (k === value.length) return false;
    pieces[n++] = elementRun(gaps);
    if (k > 0) pieces[n++] = componentRun(k - 1);
    let inner = 0;
    let started = false;
    for (; k < value.length; k++) {
      const v = value[k];
      if (v === undefined || v === null || v === '') {
        inner++;
        continue;
      }
      if (any!.test(v)) {
        clash = { segmentId: id, element: i + 1, character: clashIn(value as ElementValue, chars, any)! };
        return true;
      }
      if (started) pieces[n++] = componentRun(inner);
      pieces[n++] = v;
      started = true;
      inner = 0;
    }
    return true;
  }

  /** Pushes one segment's text and terminator (`formatSegment` + terminator); sets `clash` and stops at one. */
  function pushSegment(s: SegmentData): void {
    if (clash) return;
    const els = s.elements;
    const first = n;
    pieces[n++] = s.id;
    let gaps = 0;
    for (let i = 0; i < els.length; i++) {
      const value = els[i];
      if (value === undefined || value === null || value === '') gaps++;
      else if (typeof value === 'string') {
        if (any!.test(value)) {
          clash = { segmentId: s.id, element: i + 1, character: clashIn(value, chars, any)! };
          return;
        }
        pieces[n++] = elementRun(gaps);
        pieces[n++] = value;
        gaps = 0;
      } else if (Array.isArray(value)) {
        if (!pushComposite(value, gaps, s.id, i)) gaps++;
        else {
          if (clash) return;
          gaps = 0;
        }
      } else {
        // A repetition element: checked as findDelimiterClash does, then formatted by src/x12.
        for (let k = i; k < els.length; k++) {
          const c = clashIn(els[k], chars, any);
          if (c) {
            clash = { segmentId: s.id, element: k + 1, character: c };
            return;
          }
        }
        rewind(first);
        const text = formatLater(s);
        if (text === undefined) return;
        pieces[n++] = text;
        break;
      }
    }
    pieces[n++] = terminator;
  }

  /** The segments' text, joined once (one flat string). */
  function textOfSegments(segments: readonly SegmentData[]): SegmentText | undefined {
    rewind(0);
    for (let k = 0; k < segments.length; k++) {
      pushSegment(segments[k]);
      if (clash) return undefined;
    }
    return { text: joinPieces(), segments: segments.length };
  }

  // ---- segments pushed straight from the claim, element by element (no segment object) ----
  // The same steps as pushSegment over the segment the builder would have made: each call is one element
  // of it in order ("" and undefined included, so positions and gaps are the same). After a clash nothing
  // is pushed, but the caller still computes every value, so a value that throws throws as the old route
  // (which built every segment before checking any) did.
  let segmentId = '';
  let element = 0;
  let gaps = 0;
  function open(id: string): void {
    segmentId = id;
    element = 0;
    gaps = 0;
    if (!clash) pieces[n++] = id;
  }
  function value(v: string | undefined): void {
    element++;
    if (clash) return;
    if (v === undefined || v === null || v === '') gaps++;
    else if (typeof v !== 'string') otherValue(v);
    else if (any!.test(v)) clash = { segmentId, element, character: clashIn(v, chars, any)! };
    else {
      pieces[n++] = elementRun(gaps);
      pieces[n++] = v;
      gaps = 0;
    }
  }
  /**
   * A value that is not a string (only from a claim that is not the model): as the old route took it — an
   * array as a composite, anything else through its check (which throws on what it cannot read) and
   * `formatSegment` (repetitions).
   */
  function otherValue(v: unknown): void {
    if (Array.isArray(v)) {
      element--;
      composite(v);
      return;
    }
    const c = clashIn(v as ElementValue, chars, any);
    if (c) {
      clash = { segmentId, element, character: c };
      return;
    }
    const elements: ElementValue[] = new Array(element).fill(undefined);
    elements[element - 1] = v as ElementValue;
    const text = formatLater({ id: segmentId, elements });
    if (text === undefined) return;
    if (text.length === segmentId.length) gaps++;
    else {
      pieces[n++] = elementRun(gaps);
      pieces[n++] = text.slice(segmentId.length + element * sep.length);
      gaps = 0;
    }
  }
  function composite(v: readonly string[] | undefined): void {
    element++;
    if (clash) return;
    if (v === undefined || v === null) gaps++;
    else if (!pushComposite(v, gaps, segmentId, element - 1)) gaps++;
    else gaps = 0;
  }
  function close(): void {
    if (!clash) pieces[n++] = terminator;
  }

  /** A 2400 loop of the 837P as `lineLoop` (professional.ts) writes it; returns its segment count. */
  function pushProfessionalLine(c: ProfessionalClaim, line: ProfessionalLine, i: number): number {
    const date = dateOrRange(line.serviceDate, line.serviceDateEnd);
    open('LX');
    value(String(i + 1));
    close();
    open('SV1');
    composite(['HC', line.procedureCode, ...padModifiers(line.modifiers, line.description)]);
    value(x12Decimal(line.charge));
    value(line.unitType);
    value(x12Decimal(line.units));
    value(line.placeOfService !== c.placeOfService ? line.placeOfService : undefined);
    value('');
    composite(pointers(line.diagnosisPointers) as string[] | undefined);
    value('');
    value(yesOrAbsent(line.emergency));
    value('');
    value(yesOrAbsent(line.epsdt));
    value(yesOrAbsent(line.familyPlanning));
    close();
    open('DTP');
    value('472');
    value(date.format);
    value(date.value);
    close();
    let count = 3;
    const reference = (qualifier: string, v: string | undefined) => {
      if (!v) return;
      open('REF');
      value(qualifier);
      value(v);
      close();
      count++;
    };
    reference('G1', line.priorAuthorization);
    reference('6R', lineControlNumber(c, i));
    reference('9F', line.referralNumber);
    if (line.note) {
      open('NTE');
      value('ADD');
      value(line.note);
      close();
      count++;
    }
    // The rarer parts as segments (built in the old order, after the values above).
    const rest = professionalLineTail(c, line, i);
    for (const s of rest) pushSegment(s);
    return count + rest.length;
  }

  /** The 837P claim loop: its head as segments, its lines pushed straight (the same text as professionalClaimLoop). */
  function professionalLoopText(c: ProfessionalClaim, head: readonly SegmentData[]): SegmentText | undefined {
    rewind(0);
    for (const s of head) pushSegment(s);
    let count = head.length;
    for (let i = 0; i < c.lines.length; i++) count += pushProfessionalLine(c, c.lines[i], i);
    return clash ? undefined : { text: joinPieces(), segments: count };
  }

  function levelOf(segments: readonly SegmentData[]): LevelText | undefined {
    const t = textOfSegments(segments);
    return t && { text: t.text, segments: t.segments, of: segments };
  }

  return {
    textOf(claim) {
      clash = undefined;
      refused = undefined;
      // Every level built before any is checked, as prepareClaim did (a builder that throws throws first).
      // (An 837P's lines are built as they are pushed, after every other segment: the order the old route
      // built them in.)
      const levels = [billingProviderLevel(claim), subscriberLevel(claim), patientLevel(claim)];
      const loop = claim.kind === 'professional' ? professionalClaimHead(claim) : claimLoopOf(claim);
      const billingProvider = levelOf(levels[0]);
      const subscriber = billingProvider && levelOf(levels[1]);
      const patient = subscriber && levels[2].length > 0 ? levelOf(levels[2]) : undefined;
      const claimLoop = claim.kind === 'professional' ? professionalLoopText(claim, loop) : !clash ? textOfSegments(loop) : undefined;
      if (clash) return clash;
      if (refused !== undefined) throw refused;
      return { claim, billingProvider: billingProvider!, subscriber: subscriber!, patient, claimLoop: claimLoop! };
    },
  };
}

/** Is this a clash rather than a claim's text? */
export const isClash = (t: ClaimText | DelimiterClash): t is DelimiterClash => !('claimLoop' in t);

const PIPE = 0x7c;
const U = 0x75;
const S = 0x73;
const A = 0x61;
const CLOSE = 0x29;

/**
 * "|" per segment, then per element u, s or a<components>); a level with a repetition element has
 * "R" + its JSON instead.
 */
export function shapeOf(segments: readonly SegmentData[]): string {
  let shape = '';
  for (let n = 0; n < segments.length; n++) {
    const els: readonly ElementValue[] = segments[n].elements;
    shape += '|';
    for (let i = 0; i < els.length; i++) {
      const v = els[i];
      if (v === undefined || v === null) shape += 'u';
      else if (typeof v === 'string') shape += 's';
      else if (Array.isArray(v)) {
        shape += 'a';
        for (let k = 0; k < v.length; k++) shape += v[k] === undefined || v[k] === null ? 'u' : 's';
        shape += ')';
      } else return 'R' + JSON.stringify(segments);
    }
  }
  return shape;
}

/** `shapeOf(segments) === shape`, without building the string. */
export function hasShape(segments: readonly SegmentData[], shape: string): boolean {
  if (shape.charCodeAt(0) !== PIPE && segments.length > 0) return shapeOf(segments) === shape;
  let j = 0;
  for (let n = 0; n < segments.length; n++) {
    if (shape.charCodeAt(j++) !== PIPE) return false;
    const els: readonly ElementValue[] = segments[n].elements;
    for (let i = 0; i < els.length; i++) {
      const v = els[i];
      if (v === undefined || v === null) {
        if (shape.charCodeAt(j++) !== U) return false;
      } else if (typeof v === 'string') {
        if (shape.charCodeAt(j++) !== S) return false;
      } else if (Array.isArray(v)) {
        if (shape.charCodeAt(j++) !== A) return false;
        for (let k = 0; k < v.length; k++) if (shape.charCodeAt(j++) !== (v[k] === undefined || v[k] === null ? U : S)) return false;
        if (shape.charCodeAt(j++) !== CLOSE) return false;
      } else return shapeOf(segments) === shape;
    }
  }
  return j === shape.length;
}
