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
import type { Claim, DentalClaim, DentalLine, InstitutionalClaim, InstitutionalLine, ProfessionalClaim, ProfessionalLine } from '../model.js';
import { dateOrRange, toD8, x12Decimal, yesOrAbsent } from '../x12-values.js';
import { lineControlNumber, pointers } from './claim-parts.js';
import { padModifiers, professionalClaimHead, professionalLineTail } from './professional.js';
import { billingProviderLevel, patientLevel, subscriberLevel } from './levels.js';
import { clashIn, type DelimiterClash } from './prepare.js';
import { dentalClaimHead, dentalLineTail } from './dental.js';
import { institutionalClaimHead, institutionalLineTail } from './institutional.js';

/** A claim loop up to its first 2400 (as segments; claim-text writes the lines). */
function claimHeadOf(claim: Claim): SegmentData[] {
  switch (claim.kind) {
    case 'professional':
      return professionalClaimHead(claim);
    case 'institutional':
      return institutionalClaimHead(claim);
    case 'dental':
      return dentalClaimHead(claim);
  }
}

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
   * What a check threw (only a value that is not the model's — a number or boolean where a repetition or
   * string belongs — can make `clashIn` throw). The old route built the whole claim before it checked any
   * value, so a builder that throws later in the claim wins: the check's error is kept, `clash` set to
   * STOPPED so nothing more is pushed or checked (a check throwing stops findDelimiterClash as a clash
   * does), and it is thrown once every value is built.
   */
  let thrown: { error: unknown } | undefined;
  const fail = (error: unknown): void => {
    thrown = { error };
    clash = STOPPED;
  };

  /**
   * The pieces of the text being built (values, separator runs, terminators), joined once per level or
   * claim loop: no string per segment or per `+=` (issue 12: the writer's garbage). One array per kind of
   * text (billing provider, subscriber, patient, claim loop), so a level is not joined over the blanks a
   * longer claim loop left behind (`join` costs per element, blank or not).
   */
  const buffers: Array<{ pieces: string[]; high: number }> = [0, 1, 2, 3].map(() => ({ pieces: [], high: 0 }));
  let buffer = buffers[0];
  let pieces = buffer.pieces;
  let n = 0;
  /**
   * How far pieces may hold text of an earlier call (a clash or a refused segment leaves some behind):
   * raised before `n` moves back, blanked (not cut: cutting the length would shrink the array and grow it
   * again for every text) when joining.
   */
  let high = 0;
  const rewind = (to: number): void => {
    if (n > high) high = n;
    n = to;
  };
  /** Starts a text in buffer `b` (0–2 the levels, 3 the claim loop). */
  const startText = (b: number): void => {
    buffer.high = n > high ? n : high;
    buffer = buffers[b];
    pieces = buffer.pieces;
    high = buffer.high;
    n = 0;
  };
  const joinPieces = (): string => {
    if (high > 256 && high > 4 * n) {
      // After a long claim loop: cut back rather than join hundreds of blanks for every claim.
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
    try {
      pushChecked(s);
    } catch (err) {
      fail(err);
    }
  }
  function pushChecked(s: SegmentData): void {
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
  function textOfSegments(segments: readonly SegmentData[], b: number): SegmentText | undefined {
    startText(b);
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
    else if (typeof v !== 'string') {
      try {
        otherValue(v);
      } catch (err) {
        fail(err);
      }
    }
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
    else {
      try {
        if (!pushComposite(v, gaps, segmentId, element - 1)) gaps++;
        else gaps = 0;
      } catch (err) {
        fail(err);
      }
    }
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
    let count = 2 + serviceDate(date.format, date.value);
    count += reference('G1', line.priorAuthorization);
    count += reference('6R', lineControlNumber(c, i));
    count += reference('9F', line.referralNumber);
    count += note('ADD', line.note);
    // The rarer parts as segments (built in the old order, after the values above).
    const rest = professionalLineTail(c, line, i);
    for (const s of rest) pushSegment(s);
    return count + rest.length;
  }

  /** A 2400 loop of the 837I as `lineLoop` (institutional.ts) writes it; returns its segment count. */
  function pushInstitutionalLine(c: InstitutionalClaim, line: InstitutionalLine, i: number): number {
    open('LX');
    value(String(i + 1));
    close();
    open('SV2');
    value(line.revenueCode);
    composite(line.procedureCode ? [line.procedureQualifier ?? 'HC', line.procedureCode, ...line.modifiers] : undefined);
    value(x12Decimal(line.charge));
    value(line.unitType);
    value(x12Decimal(line.units));
    value('');
    value(line.nonCoveredCharge !== undefined ? x12Decimal(line.nonCoveredCharge) : undefined);
    close();
    let count = 2;
    if (line.serviceDate) {
      const date = dateOrRange(line.serviceDate, line.serviceDateEnd);
      count += serviceDate(date.format, date.value);
    }
    count += reference('6R', lineControlNumber(c, i));
    count += note('TPO', line.note);
    const rest = institutionalLineTail(c, line, i);
    for (const s of rest) pushSegment(s);
    return count + rest.length;
  }

  /** A 2400 loop of the 837D as `lineLoop` (dental.ts) writes it; returns its segment count. */
  function pushDentalLine(c: DentalClaim, line: DentalLine, i: number): number {
    open('LX');
    value(String(i + 1));
    close();
    open('SV3');
    composite(['AD', line.procedureCode, ...line.modifiers]);
    value(x12Decimal(line.charge));
    value(line.placeOfService !== c.placeOfService ? line.placeOfService : undefined);
    composite(line.oralCavity.length ? [...line.oralCavity] : undefined);
    value(line.prosthesis);
    value(x12Decimal(line.units));
    value('');
    value('');
    value('');
    value('');
    composite(pointers(line.diagnosisPointers) as string[] | undefined);
    close();
    let count = 2;
    for (const t of line.teeth) {
      open('TOO');
      value('JP');
      value(t.number);
      composite(t.surfaces.length ? [...t.surfaces] : undefined);
      close();
      count++;
    }
    count += serviceDate('D8', toD8(line.serviceDate));
    count += reference('G1', line.priorAuthorization);
    count += reference('6R', lineControlNumber(c, i));
    count += reference('9F', line.referralNumber);
    count += note('ADD', line.note);
    const rest = dentalLineTail(c, line, i);
    for (const s of rest) pushSegment(s);
    return count + rest.length;
  }

  /** DTP*472*{format}*{date}: a line's date of service; its segment count (1). */
  function serviceDate(format: string, date: string): number {
    open('DTP');
    value('472');
    value(format);
    value(date);
    close();
    return 1;
  }

  /** NTE*{qualifier}*{text} when there is a note (ADD on 837P/837D lines, TPO on 837I); its segment count. */
  function note(qualifier: string, text: string | undefined): number {
    if (!text) return 0;
    open('NTE');
    value(qualifier);
    value(text);
    close();
    return 1;
  }

  /** REF*{qualifier}*{v} when there is a value (`ref` in segments.ts); its segment count. */
  function reference(qualifier: string, v: string | undefined): number {
    if (!v) return 0;
    open('REF');
    value(qualifier);
    value(v);
    close();
    return 1;
  }

  /**
   * A claim loop: its head as segments, its lines pushed straight (the same text as `claimLoopOf`). Called
   * also after a clash in a level: the lines' values are still computed, so a value that throws throws.
   */
  function loopText(c: Claim, head: readonly SegmentData[]): SegmentText | undefined {
    startText(3);
    for (const s of head) pushSegment(s);
    let count = head.length;
    if (c.kind === 'professional') for (let i = 0; i < c.lines.length; i++) count += pushProfessionalLine(c, c.lines[i], i);
    else if (c.kind === 'institutional') for (let i = 0; i < c.lines.length; i++) count += pushInstitutionalLine(c, c.lines[i], i);
    else for (let i = 0; i < c.lines.length; i++) count += pushDentalLine(c, c.lines[i], i);
    return clash ? undefined : { text: joinPieces(), segments: count };
  }

  function levelOf(segments: readonly SegmentData[], b: number): LevelText | undefined {
    const t = textOfSegments(segments, b);
    return t && { text: t.text, segments: t.segments, of: segments };
  }

  return {
    textOf(claim) {
      clash = undefined;
      thrown = undefined;
      refused = undefined;
      // Every level built before any is checked, as prepareClaim did (a builder that throws throws first).
      // (A claim's lines are built as they are pushed, after every other segment: the order the old route
      // built them in.)
      const levels = [billingProviderLevel(claim), subscriberLevel(claim), patientLevel(claim)];
      const head = claimHeadOf(claim);
      const billingProvider = levelOf(levels[0], 0);
      const subscriber = billingProvider && levelOf(levels[1], 1);
      const patient = subscriber && levels[2].length > 0 ? levelOf(levels[2], 2) : undefined;
      // (A claim of no kind we know has no head: the old route refused a clash in its levels first.)
      const claimLoop = head === undefined && clash ? undefined : loopText(claim, head);
      const threw = thrown as { error: unknown } | undefined; // set by the pushes above
      if (threw) throw threw.error;
      if (clash) return clash;
      if (refused !== undefined) throw refused;
      return { claim, billingProvider: billingProvider!, subscriber: subscriber!, patient, claimLoop: claimLoop! };
    },
  };
}

/** Stops a claim's pushing once a check threw (never returned). */
const STOPPED: DelimiterClash = { segmentId: '', element: 0, character: '' };

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
