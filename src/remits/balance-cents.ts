/**
 * The balancing fast path for reads that keep no claims (`x12gw validate`): straight from a 2100 claim
 * payment loop, in exact integer cents, without building the claim's model. It only answers "this claim
 * certainly balances, with nothing to report, and paid this much"; anything else (an imbalance, interest,
 * a CLP05 that disagrees, an amount with more than two decimals or not a number) answers undefined, and
 * the caller builds the model and runs `checkClaimBalance` (balance.ts) as always — so findings are the
 * model path's, by construction.
 */
import { FlatUnit, type LoopNode } from '../guides/walker.js';
import { fieldOf, scannedOf, type Segment } from '../x12/tokenizer.js';
import { centsOf, centsOfBytes, latin1Slice } from './values.js';
import type { ClpCodes } from './reversals.js';

/** Cents of an amount as the model reads it (empty = 0); NaN when the fast path cannot vouch for it. */
function cents(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  return centsOf(raw) ?? NaN;
}

/** What `scanElements` found: element k is BYTES[FROM[k], TO[k]) for k ≤ the count it returned. */
const FROM = new Int32Array(20);
const TO = new Int32Array(20);
let BYTES: Buffer = Buffer.alloc(0);

/**
 * One walk over a segment's bytes recording where elements 0 … `max` start and end (FROM/TO); returns the
 * number of elements after the id that are present (capped at `max`), or -1 when the bytes are not at hand
 * (then read the elements).
 */
function scanElements(s: Segment, max: number): number {
  const scanned = scannedOf(s);
  const bytes = scanned?.bytes;
  if (bytes === undefined) return -1;
  return scanBytes(bytes, scanned!.byteStart, scanned!.byteEnd, s.delimiters.element.charCodeAt(0), max);
}

/** `scanElements` over bytes[start, end) with element separator `sep`. */
function scanBytes(bytes: Buffer, start: number, end: number, sep: number, max: number): number {
  BYTES = bytes;
  let k = 0;
  FROM[0] = start;
  for (let i = start; i < end; i++) {
    if (bytes[i] !== sep) continue;
    TO[k] = i;
    if (k === max) return k;
    FROM[++k] = i + 1;
  }
  TO[k] = end;
  return k;
}

/** `scanElements` for entry i of a flat unit: from its bytes, or from its object (-1: read its elements). */
function scanEntry(u: FlatUnit, i: number, max: number): number {
  const o = u.objectAt(i);
  if (o !== undefined) return scanElements(o, max);
  return scanBytes(u.bytesAt(i), u.startAt(i), u.endAt(i), u.delimitersAt(i).element.charCodeAt(0), max);
}

/** `cents(elements[k])` for an element `scanElements` found (k ≤ its count): empty = 0, NaN when not plain cents. */
function centsOfElement(k: number): number {
  const a = FROM[k];
  const b = TO[k];
  return b === a ? 0 : (centsOfBytes(BYTES, a, b) ?? NaN);
}

/**
 * `cents(segment.elements[pos])`, read straight from the segment's bytes when they are at hand (no split,
 * no string); from the elements otherwise.
 */
function centsAt(s: Segment, pos: number): number {
  const count = scanElements(s, pos);
  if (count < 0) return cents(s.elements[pos]);
  return count < pos ? 0 : centsOfElement(pos);
}

/** a + b or a − b when the result is an exact safe integer; NaN otherwise (NaN then fails every comparison). */
function exact(v: number): number {
  return Number.isSafeInteger(v) ? v : NaN;
}

/** The sums `addCas` left: all adjustments, and the patient's (group PR). */
let casAll = 0;
let casPatient = 0;

/** Adds entry i's CAS amounts (reason/amount/quantity triples from CAS02) to `all`/`patient`, into casAll/casPatient. */
function addCas(u: FlatUnit, i: number, all: number, patient: number): void {
  const count = scanEntry(u, i, 18);
  if (count < 0) {
    const e = u.objectAt(i)!.elements;
    const pr = e[1] === 'PR';
    for (let k = 3; k <= 18 && k < e.length; k += 3) {
      const c = cents(e[k]);
      all = exact(all + c);
      if (pr) patient = exact(patient + c);
    }
  } else {
    const pr = count >= 1 && TO[1] - FROM[1] === 2 && BYTES[FROM[1]] === 80 /* P */ && BYTES[FROM[1] + 1] === 82; /* R */
    for (let k = 3; k <= count; k += 3) {
      const c = centsOfElement(k);
      all = exact(all + c);
      if (pr) patient = exact(patient + c);
    }
  }
  casAll = all;
  casPatient = patient;
}

/** Is entry i's element 1 "I" (an AMT*I: interest)? */
function isInterest(u: FlatUnit, i: number): boolean {
  const count = scanEntry(u, i, 1);
  if (count < 0) return fieldOf(u.objectAt(i)!, 1) === 'I';
  return count >= 1 && TO[1] - FROM[1] === 1 && BYTES[FROM[1]] === 73; /* I */
}

/** SVC03 (the line's payment) as `lineCharge` last read it. */
let linePaid = 0;

/** SVC02 in cents (and SVC03 into `linePaid`) of entry i, from one walk over its bytes when they are at hand. */
function lineCharge(u: FlatUnit, i: number): number {
  const count = scanEntry(u, i, 3);
  if (count < 0) {
    const svc = u.objectAt(i)!;
    linePaid = centsAt(svc, 3);
    return centsAt(svc, 2);
  }
  linePaid = count < 3 ? 0 : centsOfElement(3);
  return count < 2 ? 0 : centsOfElement(2);
}

/** What a claim that certainly balances needs for the running totals and reversal pairing. */
export interface BalancedClaim {
  paidCents: number;
  patientControlNumber: string;
  status: string;
  payerClaimControlNumber?: string;
}

/** The claim's paid amount when it certainly balances with no finding; undefined = use the model path. */
export function balancedClaimInCents(unit: LoopNode): BalancedClaim | undefined {
  return balancedUnitInCents(FlatUnit.ofTree(unit));
}

/** `balancedUnitCents` with the claim's CLP01, CLP02 and CLP07 as strings; undefined when it does not vouch. */
export function balancedUnitInCents(u: FlatUnit): BalancedClaim | undefined {
  const paid = balancedUnitCents(u);
  return Number.isNaN(paid) ? undefined : vouchedClaim(paid);
}

/**
 * The CLP of the claim `balancedUnitCents` last vouched for (valid until its next call): CLP01, CLP02 and CLP07
 * as byte ranges of `bytes` (empty when absent) when the CLP's bytes were at hand; else `object` is the CLP.
 */
export const vouchedClp: ClpCodes & { object: Segment | undefined } = {
  bytes: Buffer.alloc(0),
  pcnFrom: 0,
  pcnTo: 0,
  statusFrom: 0,
  statusTo: 0,
  icnFrom: 0,
  icnTo: 0,
  object: undefined,
};

/** `balancedUnitCents`'s claim (paid `paid`) with CLP01, CLP02 and CLP07 as strings, as `fieldOf` reads them. */
export function vouchedClaim(paid: number): BalancedClaim {
  const c = vouchedClp;
  const o = c.object;
  const text = (from: number, to: number) => latin1Slice(c.bytes as Buffer, from, to);
  const out: BalancedClaim = o !== undefined ? { paidCents: paid, patientControlNumber: fieldOf(o, 1), status: fieldOf(o, 2) } : { paidCents: paid, patientControlNumber: text(c.pcnFrom, c.pcnTo), status: text(c.statusFrom, c.statusTo) };
  const icn = o !== undefined ? fieldOf(o, 7) : text(c.icnFrom, c.icnTo);
  if (icn) out.payerClaimControlNumber = icn;
  return out;
}

/**
 * The paid amount in cents of a 2100 unit handed flat (walker.ts, FlatUnit) when it certainly balances with no
 * finding, NaN otherwise (then use the model path); its CLP is left in `vouchedClp`. The claim's own segments are
 * those at level 0, a service line is a 2110 loop opened at level 1 and its segments at level 1 up to the
 * next loop or claim-level segment; segments of other loops are not read — what the tree's direct children
 * and each 2110's direct segment children are. Sums are taken in the same (file) order.
 */
export function balancedUnitCents(u: FlatUnit): number {
  let clp = -1;
  let all = 0;
  let patient = 0;
  /** In a 2110 loop: its SVC (-1 while none) and CAS sums. */
  let inLine = false;
  let svc = -1;
  let lineAll = 0;
  let linePatient = 0;
  const n = u.count;
  for (let i = 0; i <= n; i++) {
    const level = i < n ? u.levelAt(i) : 0;
    if (level > 1) continue;
    const opens = level === 1 ? u.opensAt(i) : undefined;
    if (inLine && (level === 0 || opens !== undefined)) {
      // The line ends: check it, then add it to the claim's sums.
      if (svc < 0) return NaN;
      if (exact(exact(lineCharge(u, svc) - linePaid) - lineAll) !== 0) return NaN; // NaN too
      all = exact(all + lineAll);
      patient = exact(patient + linePatient);
      inLine = false;
    }
    if (i === n) break;
    if (opens !== undefined && opens.id === '2110') {
      inLine = true;
      svc = -1;
      lineAll = 0;
      linePatient = 0;
    }
    const id = u.idAt(i);
    if (level === 0) {
      if (id === 'CLP' && clp < 0) clp = i;
      else if (id === 'CAS') {
        addCas(u, i, all, patient);
        all = casAll;
        patient = casPatient;
      }
      // Interest (AMT*I) can explain a difference with an info finding: leave such claims to the model path.
      else if (id === 'AMT' && isInterest(u, i)) return NaN;
    } else if (inLine) {
      if (id === 'SVC' && svc < 0) svc = i;
      else if (id === 'CAS') {
        addCas(u, i, lineAll, linePatient);
        lineAll = casAll;
        linePatient = casPatient;
      }
    }
  }
  if (clp < 0) return NaN;
  // CLP01-05 and 07 from one walk over the CLP's bytes (its elements when the bytes are not at hand).
  const count = scanEntry(u, clp, 7);
  let paid: number, billed: number, clp05: number, clp05Given: boolean;
  const o = u.objectAt(clp);
  if (count < 0) {
    paid = centsAt(o!, 4);
    billed = centsAt(o!, 3);
    clp05 = centsAt(o!, 5);
    clp05Given = fieldOf(o!, 5) !== '';
  } else {
    paid = count < 4 ? 0 : centsOfElement(4);
    billed = count < 3 ? 0 : centsOfElement(3);
    clp05 = count < 5 ? 0 : centsOfElement(5);
    clp05Given = count >= 5 && TO[5] > FROM[5];
  }
  if (exact(exact(billed - paid) - all) !== 0) return NaN;
  // CLP05 absent or empty reads as 0 cents: then there is nothing to compare.
  if (clp05 !== 0 && clp05 !== patient) return NaN;
  if (clp05 === 0 && patient !== 0 && clp05Given) return NaN;
  // Every sum and difference above was an exact integer below 2^53 (a NaN anywhere fails the comparisons).
  if (Number.isNaN(paid)) return NaN;
  const c = vouchedClp;
  c.object = count < 0 ? o : undefined;
  if (count >= 0) {
    c.bytes = BYTES;
    c.pcnFrom = count < 1 ? 0 : FROM[1];
    c.pcnTo = count < 1 ? 0 : TO[1];
    c.statusFrom = count < 2 ? 0 : FROM[2];
    c.statusTo = count < 2 ? 0 : TO[2];
    c.icnFrom = count < 7 ? 0 : FROM[7];
    c.icnTo = count < 7 ? 0 : TO[7];
  }
  return paid;
}
