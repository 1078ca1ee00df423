/**
 * The inbound 837 claim checks' fast path: one pass over a 2300 claim loop deciding whether the claim
 * certainly has no finding from the claim total (read/claim-balance.ts), the COB balance (cob-balance.ts)
 * and the situational rules (situational.ts). Amounts are exact integer cents (`centsOf`); elements are
 * read one at a time (straight from the chunk's bytes when they are at hand, else `fieldOf`). The claim is
 * read as a `FlatUnit` (walker.ts: its segments in file order with their loop depth): handed flat by the
 * reader (`claimUnitCertainlyClean`, `x12gw validate`), or a tree viewed with `FlatUnit.ofTree`
 * (`claimCertainlyClean`) — one implementation for both; the loops of `path` above it are read the same way:
 * from the walker's record when they are `PathLoop`s (`flatPath`), else from a view over their tree.
 *
 * It only ever answers "clean" or "not sure": any finding, any amount that is not plain cents, any rule
 * that needs a closer look (a void or replacement, an accident, a pay-to loop whose address matches) is
 * "not sure", and the caller then runs the checks themselves, which write the findings. So the findings
 * are the checks' own, and this file only has to be right about "clean"
 * (test/property/snip-fast-path.property.test.ts compares both on random claims and corruptions;
 * test/property/flat-units.property.test.ts the flat view with the tree).
 * Pure.
 */
import { FlatUnit, PathLoop, type LoopNode } from '../../guides/walker.js';
import { centsOf, centsOfBytes } from '../../remits/values.js';
import { fieldOf, scannedOf, type Segment } from '../../x12/tokenizer.js';

/** The charge element of each guide's service line segment (as claim-balance.ts and cob-balance.ts). */
const LINE_CHARGE: Readonly<Record<string, { segment: string; element: number }>> = {
  '837P': { segment: 'SV1', element: 2 },
  '837I': { segment: 'SV2', element: 3 },
  '837D': { segment: 'SV3', element: 2 },
};

/** Not a plain amount in cents (a value the checks read differently, or one beyond cents): not sure. */
const UNSURE = Symbol('unsure');
/** No value: the element is empty or absent (every check reads it as "no amount"). */
const NONE = Symbol('none');

/** Where `locate` found an element: bytes[AT, END) of the chunk it returned. */
let AT = 0;
let END = 0;

/** Finds element `n` of the segment bytes[start, end) (element separator `sep`): sets AT/END, returns the chunk. */
function locateIn(bytes: Buffer, start: number, end: number, sep: number, n: number): Buffer {
  let i = start;
  for (let k = 0; k < n; k++) {
    while (i < end && bytes[i] !== sep) i++;
    if (i >= end) {
      AT = END = end;
      return bytes;
    }
    i++;
  }
  let j = i;
  while (j < end && bytes[j] !== sep) j++;
  AT = i;
  END = j;
  return bytes;
}

/**
 * Finds element `n` of a segment in the chunk it was read from, without making a string: returns the
 * chunk and sets AT/END, or undefined when the segment's bytes are not at hand (text segments, UTF-8,
 * elements already split); then read it with `fieldOf`. An absent element is empty (AT = END).
 */
function locate(seg: Segment, n: number): Buffer | undefined {
  const scanned = scannedOf(seg);
  const bytes = scanned?.bytes;
  if (!scanned || !bytes) return undefined;
  return locateIn(bytes, scanned.byteStart, scanned.byteEnd, seg.delimiters.element.charCodeAt(0), n);
}

/** `locate` for entry i of a flat unit: from the view's bytes, or from its object. */
function locateAt(u: FlatUnit, i: number, n: number): Buffer | undefined {
  const o = u.objectAt(i);
  if (o !== undefined) return locate(o, n);
  return locateIn(u.bytesAt(i), u.startAt(i), u.endAt(i), u.delimitersAt(i).element.charCodeAt(0), n);
}

/** Element `n` of entry i as `fieldOf` reads it. */
function textAt(u: FlatUnit, i: number, n: number): string {
  const o = u.objectAt(i);
  if (o !== undefined) return fieldOf(o, n);
  return locateAt(u, i, n)!.toString('latin1', AT, END);
}

function centsAt(u: FlatUnit, i: number, element: number): number | typeof NONE | typeof UNSURE {
  const bytes = locateAt(u, i, element);
  if (bytes) return AT === END ? NONE : (centsOfBytes(bytes, AT, END) ?? UNSURE);
  const raw = fieldOf(u.objectAt(i)!, element);
  if (raw === '') return NONE;
  return centsOf(raw) ?? UNSURE;
}

/** bytes[AT, END) is exactly `text` (ASCII). */
function locatedIs(bytes: Buffer, text: string): boolean {
  if (END - AT !== text.length) return false;
  for (let k = 0; k < text.length; k++) if (bytes[AT + k] !== text.charCodeAt(k)) return false;
  return true;
}

/** `elementIs` for entry i of a flat unit. */
function elementIsAt(u: FlatUnit, i: number, element: number, text: string): boolean {
  const bytes = locateAt(u, i, element);
  return bytes ? locatedIs(bytes, text) : fieldOf(u.objectAt(i)!, element) === text;
}

/**
 * One of components `index` … `last` (0-based) of element `element` of entry `entry` is one of `texts` (ASCII,
 * non-empty), as `raw.split(component).slice(index, last + 1).some((c) => texts.includes(c))`.
 */
function componentIsOneOf(u: FlatUnit, entry: number, element: number, index: number, texts: readonly string[], last = index): boolean {
  const bytes = locateAt(u, entry, element);
  const component = u.delimitersAt(entry).component;
  if (!bytes) {
    const raw = fieldOf(u.objectAt(entry)!, element);
    for (let k = index; k <= last; k++) if (texts.includes(componentAt(raw, component, k))) return true;
    return false;
  }
  const sep = component.charCodeAt(0);
  const end = END;
  let i = AT;
  for (let k = 0; k < index; k++) {
    while (i < end && bytes[i] !== sep) i++;
    if (i >= end) return false;
    i++;
  }
  for (let k = index; k <= last; k++) {
    let j = i;
    while (j < end && bytes[j] !== sep) j++;
    for (const text of texts) {
      if (j - i !== text.length) continue;
      let same = true;
      for (let n = 0; n < text.length && same; n++) same = bytes[i + n] === text.charCodeAt(n);
      if (same) return true;
    }
    if (j >= end) return false;
    i = j + 1;
  }
  return false;
}

/**
 * In a flat unit, the loop entry `s` opens holds entries [s, loopEnd(u, s)): up to the next entry of a
 * shallower loop or the next loop opened at the same depth. Its own segments (the tree's direct segment
 * children, in order) are the entries of that range at its level; its child loops open at the level below.
 */
function loopEnd(u: FlatUnit, s: number): number {
  const level = u.levelAt(s);
  const n = u.count;
  let j = s + 1;
  while (j < n) {
    const l = u.levelAt(j);
    if (l < level || (l === level && u.opensAt(j) !== undefined)) break;
    j++;
  }
  return j;
}

/** The first segment `id` directly in the loop of entries [s, end) (`loopEnd`), or -1. */
function firstIn(u: FlatUnit, s: number, end: number, id: string): number {
  const level = u.levelAt(s);
  for (let j = s; j < end; j++) if (u.levelAt(j) === level && u.idAt(j) === id) return j;
  return -1;
}

/** The first loop `id` directly in the loop of entries [s, end), or -1. */
function firstLoopIn(u: FlatUnit, s: number, end: number, id: string): number {
  const level = u.levelAt(s) + 1;
  for (let j = s + 1; j < end; j++) if (u.levelAt(j) === level && u.opensAt(j)?.id === id) return j;
  return -1;
}

/** Component `index` (0-based) of an element's text, as `raw.split(sep)[index] ?? ''`. */
function componentAt(raw: string, sep: string, index: number): string {
  let from = 0;
  for (let i = 0; i < index; i++) {
    const at = raw.indexOf(sep, from);
    if (at < 0) return '';
    from = at + sep.length;
  }
  const to = raw.indexOf(sep, from);
  return to < 0 ? raw.slice(from) : raw.slice(from, to);
}

/** The sum of the CAS adjustment amounts (03, 06, …, 18) directly in the loop of entries [s, end), in cents; UNSURE when one is not plain. */
function casCents(u: FlatUnit, s: number, end: number): number | typeof UNSURE {
  const level = u.levelAt(s);
  let sum = 0;
  for (let j = s; j < end; j++) {
    if (u.levelAt(j) !== level || u.idAt(j) !== 'CAS') continue;
    for (let e = 3; e <= 18; e += 3) {
      const v = centsAt(u, j, e);
      if (v === UNSURE) return UNSURE;
      if (v === NONE) continue;
      sum += v;
      if (!Number.isSafeInteger(sum)) return UNSURE;
    }
  }
  return sum;
}

/**
 * True when the claim total, COB balance and situational checks certainly find nothing in this 2300 loop
 * (`path`: the loops above it, as the reader hands them); false when they may (then run them).
 */
export function claimCertainlyClean(guideId: string, claim: LoopNode, path: readonly LoopNode[]): boolean {
  return claimUnitCertainlyClean(guideId, FlatUnit.ofTree(claim), path);
}

/**
 * `claimCertainlyClean` of a 2300 unit handed flat (walker.ts, FlatUnit; the tree route views its tree with
 * `FlatUnit.ofTree`, so there is one implementation): the claim's own segments are the entries at level 0,
 * its loops open at level 1 (2400 lines, 2320 other payers, 2310B), a line's 2430s at level 2.
 */
export function claimUnitCertainlyClean(guideId: string, u: FlatUnit, path: readonly LoopNode[]): boolean {
  const charge = LINE_CHARGE[guideId];
  if (!charge) return false;
  const count = u.count;
  let clm = -1;
  for (let i = 0; i < count; i++) {
    if (u.levelAt(i) === 0 && u.idAt(i) === 'CLM') {
      clm = i;
      break;
    }
  }
  if (clm < 0) return true; // every check needs the CLM
  const claimCharge = centsAt(u, clm, 2);
  if (claimCharge === UNSURE) return false;

  // One pass over the claim's loops: service lines (charge sum, line COB balance) and the other payers.
  let lineSum = 0;
  let lines = 0;
  let linesReadable = true;
  let lineAdjustments: Map<string, number> | undefined;
  let otherPayers: number[] | undefined;
  let rendering = -1;
  for (let s = 0; s < count; s++) {
    if (u.levelAt(s) !== 1) continue;
    const loop = u.opensAt(s);
    if (loop === undefined) continue;
    if (loop.id === '2400') {
      lines++;
      const end = loopEnd(u, s);
      const seg = firstIn(u, s, end, charge.segment);
      const lineCharge = seg >= 0 ? centsAt(u, seg, charge.element) : NONE;
      if (lineCharge === UNSURE) return false;
      if (lineCharge === NONE) linesReadable = false;
      else if (linesReadable) {
        lineSum += lineCharge;
        if (!Number.isSafeInteger(lineSum)) return false;
      }
      for (let a = s + 1; a < end; a++) {
        if (u.levelAt(a) !== 2 || u.opensAt(a)?.id !== '2430') continue;
        const adjudicationEnd = loopEnd(u, a);
        const svd = firstIn(u, a, adjudicationEnd, 'SVD');
        if (svd < 0) continue;
        const adjusted = casCents(u, a, adjudicationEnd);
        if (adjusted === UNSURE) return false;
        const payer = textAt(u, svd, 1);
        lineAdjustments ??= new Map();
        const so = (lineAdjustments.get(payer) ?? 0) + adjusted;
        if (!Number.isSafeInteger(so)) return false;
        lineAdjustments.set(payer, so);
        const paid = centsAt(u, svd, 2);
        if (paid === UNSURE) return false;
        if (lineCharge === NONE || paid === NONE || textAt(u, svd, 6) !== '') continue;
        const total: number = paid + adjusted;
        if (!Number.isSafeInteger(total) || total !== lineCharge) return false;
      }
    } else if (loop.id === '2320') (otherPayers ??= []).push(s);
    else if (loop.id === '2310B' && rendering < 0) rendering = s;
  }
  // Claim total (CLM02 = sum of the line charges).
  if (claimCharge !== NONE && linesReadable && lines > 0 && lineSum !== claimCharge) return false;
  // Claim-level COB: each other payer's AMT*D plus its adjustments is the claim charge.
  if (claimCharge !== NONE && otherPayers) {
    for (const other of otherPayers) {
      const end = loopEnd(u, other);
      let paidSegment = -1;
      for (let j = other; j < end; j++) {
        if (u.levelAt(j) === 1 && u.idAt(j) === 'AMT' && elementIsAt(u, j, 1, 'D')) {
          paidSegment = j;
          break;
        }
      }
      if (paidSegment < 0) continue;
      const paid = centsAt(u, paidSegment, 2);
      if (paid === UNSURE) return false;
      if (paid === NONE) continue;
      const payerLoop = firstLoopIn(u, other, end, '2330B');
      const payerNm1 = payerLoop < 0 ? -1 : firstIn(u, payerLoop, loopEnd(u, payerLoop), 'NM1');
      const payerId = payerNm1 < 0 ? '' : textAt(u, payerNm1, 9);
      const claimLevel = casCents(u, other, end);
      if (claimLevel === UNSURE) return false;
      const total: number = paid + claimLevel + (lineAdjustments?.get(payerId) ?? 0);
      if (!Number.isSafeInteger(total) || total !== claimCharge) return false;
    }
  }
  return situationalClean(guideId, u, clm, rendering, path);
}

const REPLACEMENT_OR_VOID = ['7', '8'];
const ACCIDENT = ['AA', 'OA'];

/** A loop of `path` as a flat view and the entry that opens it: the walker's record (a `PathLoop`), or a view over its tree. */
function pathView(loop: LoopNode): FlatUnit {
  return loop instanceof PathLoop ? loop.record : FlatUnit.ofTree(loop);
}
const pathStart = (loop: LoopNode): number => (loop instanceof PathLoop ? loop.start : 0);
const NO_LOOP = new FlatUnit();

/** The situational rules (situational.ts) certainly find nothing. */
function situationalClean(guideId: string, u: FlatUnit, clm: number, rendering: number, path: readonly LoopNode[]): boolean {
  let billing: LoopNode | undefined;
  let subscriber: LoopNode | undefined;
  let patient: LoopNode | undefined;
  for (const l of path) {
    if (l.id === '2000A') billing ??= l;
    else if (l.id === '2000B') subscriber ??= l;
    else if (l.id === '2000C') patient ??= l;
  }
  // The loops of the path are read as flat views too: [s, e) of view `v` (the same helpers as the claim's).
  if (subscriber) {
    const v = pathView(subscriber);
    const s = pathStart(subscriber);
    const e = v.endOf(s);
    const sbr = firstIn(v, s, e, 'SBR');
    if (sbr >= 0) {
      const patientIsSubscriber = elementIsAt(v, sbr, 2, '18');
      if (patient ? patientIsSubscriber : !patientIsSubscriber) return false;
      if (!patient && guideId !== '837D') {
        const name = firstLoopIn(v, s, e, '2010BA');
        const nameEnd = name < 0 ? -1 : v.endOf(name);
        if (name >= 0 && firstIn(v, name, nameEnd, 'NM1') >= 0) {
          const level = v.levelAt(name);
          let dmg = false;
          let n3 = false;
          let n4 = false;
          for (let j = name; j < nameEnd; j++) {
            if (v.levelAt(j) !== level) continue;
            const id = v.idAt(j);
            if (id === 'DMG') dmg = true;
            else if (id === 'N3') n3 = true;
            else if (id === 'N4') n4 = true;
          }
          if (!dmg || !n3 || !n4) return false;
        }
      }
    }
  }
  // A replacement or void needs REF*F8: left to the checks.
  if (componentIsOneOf(u, clm, 5, 2, REPLACEMENT_OR_VOID)) return false;
  // The billing provider's loop (none: an empty view, no 2010AA or 2010AB in it).
  const b = billing ? pathView(billing) : NO_LOOP;
  const bs = billing ? pathStart(billing) : 0;
  const be = billing ? b.endOf(bs) : 0;
  const billingName = firstLoopIn(b, bs, be, '2010AA');
  const billingNameEnd = billingName < 0 ? -1 : b.endOf(billingName);
  if (guideId === '837P') {
    // An accident (CLM11-1 or -2 is AA or OA) needs its state and date: left to the checks.
    if (componentIsOneOf(u, clm, 11, 0, ACCIDENT, 1)) return false;
    const renderingNm1 = rendering < 0 ? -1 : firstIn(u, rendering, loopEnd(u, rendering), 'NM1');
    const billingNm1 = billingName < 0 ? -1 : firstIn(b, billingName, billingNameEnd, 'NM1');
    if (renderingNm1 >= 0 && billingNm1 >= 0) {
      const id = textAt(u, renderingNm1, 9);
      if (id !== '' && id === textAt(b, billingNm1, 9)) return false;
    }
  }
  // A pay-to loop is sent only when its address differs from the billing provider's.
  const payTo = firstLoopIn(b, bs, be, '2010AB');
  if (payTo >= 0 && billingName >= 0) {
    const payToEnd = b.endOf(payTo);
    if (firstIn(b, payTo, payToEnd, 'NM1') >= 0) {
      const payToAddress = address(b, payTo, payToEnd);
      if (payToAddress !== '' && payToAddress === address(b, billingName, billingNameEnd)) return false;
    }
  }
  return true;
}

/** A loop's N3 and N4 elements as situational.ts compares them (N3s first, then N4s): its own segments in [s, end) of `v`. */
function address(v: FlatUnit, s: number, end: number): string {
  const level = v.levelAt(s);
  let n3 = '';
  let n4 = '';
  let n3s = 0;
  let n4s = 0;
  for (let j = s; j < end; j++) {
    if (v.levelAt(j) !== level) continue;
    const id = v.idAt(j);
    if (id === 'N3') n3 += (n3s++ > 0 ? '/' : '') + v.segmentAt(j).elements.slice(1).join('|');
    else if (id === 'N4') n4 += (n4s++ > 0 ? '/' : '') + v.segmentAt(j).elements.slice(1).join('|');
  }
  return n3s > 0 && n4s > 0 ? `${n3}/${n4}` : n3 + n4;
}
