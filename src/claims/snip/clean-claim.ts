/**
 * The inbound 837 claim checks' fast path: one pass over a 2300 claim loop deciding whether the claim
 * certainly has no finding from the claim total (read/claim-balance.ts), the COB balance (cob-balance.ts)
 * and the situational rules (situational.ts). Amounts are exact integer cents (`centsOf`); elements are
 * read one at a time (`fieldOf`, no split of the whole segment); each loop's children are walked once.
 *
 * It only ever answers "clean" or "not sure": any finding, any amount that is not plain cents, any rule
 * that needs a closer look (a void or replacement, an accident, a pay-to loop whose address matches) is
 * "not sure", and the caller then runs the checks themselves, which write the findings. So the findings
 * are the checks' own, and this file only has to be right about "clean"
 * (test/property/snip-fast-path.property.test.ts compares both on random claims and corruptions).
 * Pure.
 */
import type { LoopNode } from '../../guides/walker.js';
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

/**
 * Finds element `n` of a segment in the chunk it was read from, without making a string: returns the
 * chunk and sets AT/END, or undefined when the segment's bytes are not at hand (text segments, UTF-8,
 * elements already split); then read it with `fieldOf`. An absent element is empty (AT = END).
 */
function locate(seg: Segment, n: number): Buffer | undefined {
  const scanned = scannedOf(seg);
  const bytes = scanned?.bytes;
  if (!scanned || !bytes) return undefined;
  const sep = seg.delimiters.element.charCodeAt(0);
  const end = scanned.byteEnd;
  let i = scanned.byteStart;
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

function centsAt(seg: Segment, element: number): number | typeof NONE | typeof UNSURE {
  const bytes = locate(seg, element);
  if (bytes) return AT === END ? NONE : (centsOfBytes(bytes, AT, END) ?? UNSURE);
  const raw = fieldOf(seg, element);
  if (raw === '') return NONE;
  return centsOf(raw) ?? UNSURE;
}

/** Element `element` of a segment is exactly `text` (ASCII), read from the bytes when they are at hand. */
function elementIs(seg: Segment, element: number, text: string): boolean {
  const bytes = locate(seg, element);
  if (!bytes) return fieldOf(seg, element) === text;
  if (END - AT !== text.length) return false;
  for (let k = 0; k < text.length; k++) if (bytes[AT + k] !== text.charCodeAt(k)) return false;
  return true;
}

/**
 * One of components `index` … `last` (0-based) of element `element` is one of `texts` (ASCII, non-empty),
 * as `raw.split(component).slice(index, last + 1).some((c) => texts.includes(c))`.
 */
function componentIsOneOf(seg: Segment, element: number, index: number, texts: readonly string[], last = index): boolean {
  const bytes = locate(seg, element);
  if (!bytes) {
    const raw = fieldOf(seg, element);
    for (let k = index; k <= last; k++) if (texts.includes(componentAt(raw, seg.delimiters.component, k))) return true;
    return false;
  }
  const sep = seg.delimiters.component.charCodeAt(0);
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

/** The first segment `id` directly in `node`. */
function first(node: LoopNode, id: string): Segment | undefined {
  for (const c of node.children) if (c.kind === 'segment' && c.segment.id === id) return c.segment;
  return undefined;
}

function firstLoop(node: LoopNode, id: string): LoopNode | undefined {
  for (const c of node.children) if (c.kind === 'loop' && c.id === id) return c;
  return undefined;
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

/** The sum of the CAS adjustment amounts (03, 06, …, 18) directly in `node`, in cents; UNSURE when one is not plain. */
function casCents(node: LoopNode): number | typeof UNSURE {
  let sum = 0;
  for (const c of node.children) {
    if (c.kind !== 'segment' || c.segment.id !== 'CAS') continue;
    for (let e = 3; e <= 18; e += 3) {
      const v = centsAt(c.segment, e);
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
  const charge = LINE_CHARGE[guideId];
  if (!charge) return false;
  let clm: Segment | undefined;
  for (const c of claim.children) {
    if (c.kind === 'segment' && c.segment.id === 'CLM') {
      clm = c.segment;
      break;
    }
  }
  if (!clm) return true; // every check needs the CLM
  const claimCharge = centsAt(clm, 2);
  if (claimCharge === UNSURE) return false;

  // One pass over the claim's loops: service lines (charge sum, line COB balance) and the other payers.
  let lineSum = 0;
  let lines = 0;
  let linesReadable = true;
  let lineAdjustments: Map<string, number> | undefined;
  let otherPayers: LoopNode[] | undefined;
  let rendering: LoopNode | undefined;
  for (const c of claim.children) {
    if (c.kind !== 'loop') continue;
    if (c.id === '2400') {
      lines++;
      const seg = first(c, charge.segment);
      const lineCharge = seg ? centsAt(seg, charge.element) : NONE;
      if (lineCharge === UNSURE) return false;
      if (lineCharge === NONE) linesReadable = false;
      else if (linesReadable) {
        lineSum += lineCharge;
        if (!Number.isSafeInteger(lineSum)) return false;
      }
      for (const adjudication of c.children) {
        if (adjudication.kind !== 'loop' || adjudication.id !== '2430') continue;
        const svd = first(adjudication, 'SVD');
        if (!svd) continue;
        const adjusted = casCents(adjudication);
        if (adjusted === UNSURE) return false;
        const payer = fieldOf(svd, 1);
        lineAdjustments ??= new Map();
        const so = (lineAdjustments.get(payer) ?? 0) + adjusted;
        if (!Number.isSafeInteger(so)) return false;
        lineAdjustments.set(payer, so);
        const paid = centsAt(svd, 2);
        if (paid === UNSURE) return false;
        if (lineCharge === NONE || paid === NONE || fieldOf(svd, 6) !== '') continue;
        const total: number = paid + adjusted;
        if (!Number.isSafeInteger(total) || total !== lineCharge) return false;
      }
    } else if (c.id === '2320') (otherPayers ??= []).push(c);
    else if (c.id === '2310B') rendering ??= c;
  }
  // Claim total (CLM02 = sum of the line charges).
  if (claimCharge !== NONE && linesReadable && lines > 0 && lineSum !== claimCharge) return false;
  // Claim-level COB: each other payer's AMT*D plus its adjustments is the claim charge.
  if (claimCharge !== NONE && otherPayers) {
    for (const other of otherPayers) {
      let paidSegment: Segment | undefined;
      for (const s of other.children) {
        if (s.kind === 'segment' && s.segment.id === 'AMT' && elementIs(s.segment, 1, 'D')) {
          paidSegment = s.segment;
          break;
        }
      }
      if (!paidSegment) continue;
      const paid = centsAt(paidSegment, 2);
      if (paid === UNSURE) return false;
      if (paid === NONE) continue;
      const payerLoop = firstLoop(other, '2330B');
      const payerNm1 = payerLoop && first(payerLoop, 'NM1');
      const payerId = payerNm1 ? fieldOf(payerNm1, 9) : '';
      const claimLevel = casCents(other);
      if (claimLevel === UNSURE) return false;
      const total: number = paid + claimLevel + (lineAdjustments?.get(payerId) ?? 0);
      if (!Number.isSafeInteger(total) || total !== claimCharge) return false;
    }
  }
  return situationalClean(guideId, clm, rendering, path);
}

const REPLACEMENT_OR_VOID = ['7', '8'];
const ACCIDENT = ['AA', 'OA'];

/** The situational rules (situational.ts) certainly find nothing. */
function situationalClean(guideId: string, clm: Segment, rendering: LoopNode | undefined, path: readonly LoopNode[]): boolean {
  let billing: LoopNode | undefined;
  let subscriber: LoopNode | undefined;
  let patient: LoopNode | undefined;
  for (const l of path) {
    if (l.id === '2000A') billing ??= l;
    else if (l.id === '2000B') subscriber ??= l;
    else if (l.id === '2000C') patient ??= l;
  }
  const sbr = subscriber && first(subscriber, 'SBR');
  if (sbr) {
    const patientIsSubscriber = elementIs(sbr, 2, '18');
    if (patient ? patientIsSubscriber : !patientIsSubscriber) return false;
    if (!patient && guideId !== '837D') {
      const name = firstLoop(subscriber!, '2010BA');
      if (name && first(name, 'NM1')) {
        let dmg = false;
        let n3 = false;
        let n4 = false;
        for (const c of name.children) {
          if (c.kind !== 'segment') continue;
          const id = c.segment.id;
          if (id === 'DMG') dmg = true;
          else if (id === 'N3') n3 = true;
          else if (id === 'N4') n4 = true;
        }
        if (!dmg || !n3 || !n4) return false;
      }
    }
  }
  // A replacement or void needs REF*F8: left to the checks.
  if (componentIsOneOf(clm, 5, 2, REPLACEMENT_OR_VOID)) return false;
  const billingName = billing && firstLoop(billing, '2010AA');
  if (guideId === '837P') {
    // An accident (CLM11-1 or -2 is AA or OA) needs its state and date: left to the checks.
    if (componentIsOneOf(clm, 11, 0, ACCIDENT, 1)) return false;
    const renderingNm1 = rendering && first(rendering, 'NM1');
    const billingNm1 = billingName && first(billingName, 'NM1');
    if (renderingNm1 && billingNm1) {
      const id = fieldOf(renderingNm1, 9);
      if (id !== '' && id === fieldOf(billingNm1, 9)) return false;
    }
  }
  // A pay-to loop is sent only when its address differs from the billing provider's.
  const payTo = billing && firstLoop(billing, '2010AB');
  if (payTo && billingName && first(payTo, 'NM1')) {
    const payToAddress = address(payTo);
    if (payToAddress !== '' && payToAddress === address(billingName)) return false;
  }
  return true;
}

/** A loop's N3 and N4 elements as situational.ts compares them (N3s first, then N4s). */
function address(loop: LoopNode): string {
  let n3 = '';
  let n4 = '';
  let n3s = 0;
  let n4s = 0;
  for (const c of loop.children) {
    if (c.kind !== 'segment') continue;
    const id = c.segment.id;
    if (id === 'N3') n3 += (n3s++ > 0 ? '/' : '') + c.segment.elements.slice(1).join('|');
    else if (id === 'N4') n4 += (n4s++ > 0 ? '/' : '') + c.segment.elements.slice(1).join('|');
  }
  return n3s > 0 && n4s > 0 ? `${n3}/${n4}` : n3 + n4;
}
