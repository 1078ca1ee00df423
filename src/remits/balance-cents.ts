/**
 * The balancing fast path for reads that keep no claims (`x12gw validate`): straight from a 2100 claim
 * payment loop, in exact integer cents, without building the claim's model. It only answers "this claim
 * certainly balances, with nothing to report, and paid this much"; anything else (an imbalance, interest,
 * a CLP05 that disagrees, an amount with more than two decimals or not a number) answers undefined, and
 * the caller builds the model and runs `checkClaimBalance` (balance.ts) as always — so findings are the
 * model path's, by construction.
 */
import type { LoopNode } from '../guides/walker.js';
import { fieldOf, scannedOf, type Segment } from '../x12/tokenizer.js';
import { centsOf, centsOfBytes } from './values.js';

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
  BYTES = bytes;
  const end = scanned!.byteEnd;
  const sep = s.delimiters.element.charCodeAt(0);
  let k = 0;
  FROM[0] = scanned!.byteStart;
  for (let i = FROM[0]; i < end; i++) {
    if (bytes[i] !== sep) continue;
    TO[k] = i;
    if (k === max) return k;
    FROM[++k] = i + 1;
  }
  TO[k] = end;
  return k;
}

/** `cents(elements[k])` for an element `scanElements` found (k ≤ its count): empty = 0, NaN when not plain cents. */
function centsOfElement(k: number): number {
  const a = FROM[k];
  const b = TO[k];
  return b === a ? 0 : (centsOfBytes(BYTES, a, b) ?? NaN);
}

/** Element k as `fieldOf` reads it ('' when absent), from the boundaries `scanElements` found. */
function textOfElement(count: number, k: number): string {
  return count < k ? '' : (BYTES as unknown as { latin1Slice(s: number, e: number): string }).latin1Slice(FROM[k], TO[k]);
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

interface CasTotals {
  all: number;
  patient: number;
}

/** Adds a CAS segment's amounts (reason/amount/quantity triples from CAS02) to `t`. */
function addCas(s: Segment, t: CasTotals): void {
  const count = scanElements(s, 18);
  if (count < 0) {
    const e = s.elements;
    const patient = e[1] === 'PR';
    for (let i = 3; i <= 18 && i < e.length; i += 3) {
      const c = cents(e[i]);
      t.all = exact(t.all + c);
      if (patient) t.patient = exact(t.patient + c);
    }
    return;
  }
  const patient = count >= 1 && TO[1] - FROM[1] === 2 && BYTES[FROM[1]] === 80 /* P */ && BYTES[FROM[1] + 1] === 82; /* R */
  for (let i = 3; i <= count; i += 3) {
    const c = centsOfElement(i);
    t.all = exact(t.all + c);
    if (patient) t.patient = exact(t.patient + c);
  }
}

/** SVC03 (the line's payment) as `lineCharge` last read it. */
let linePaid = 0;

/** SVC02 in cents (and SVC03 into `linePaid`), from one walk over the SVC's bytes when they are at hand. */
function lineCharge(svc: Segment): number {
  const count = scanElements(svc, 3);
  if (count < 0) {
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
  let clp: Segment | undefined;
  const totals: CasTotals = { all: 0, patient: 0 };
  for (const c of unit.children) {
    if (c.kind === 'segment') {
      const id = c.segment.id;
      if (id === 'CLP' && clp === undefined) clp = c.segment;
      else if (id === 'CAS') addCas(c.segment, totals);
      // Interest (AMT*I) can explain a difference with an info finding: leave such claims to the model path.
      else if (id === 'AMT' && fieldOf(c.segment, 1) === 'I') return undefined;
    } else if (c.id === '2110') {
      let svc: Segment | undefined;
      const line: CasTotals = { all: 0, patient: 0 };
      for (const x of c.children) {
        if (x.kind !== 'segment') continue;
        if (x.segment.id === 'SVC' && svc === undefined) svc = x.segment;
        else if (x.segment.id === 'CAS') addCas(x.segment, line);
      }
      if (svc === undefined) return undefined;
      if (exact(exact(lineCharge(svc) - linePaid) - line.all) !== 0) return undefined; // NaN too
      totals.all = exact(totals.all + line.all);
      totals.patient = exact(totals.patient + line.patient);
    }
  }
  if (clp === undefined) return undefined;
  // CLP01-05 and 07 from one walk over the CLP's bytes (its elements when the bytes are not at hand).
  const count = scanElements(clp, 7);
  let paid: number, billed: number, clp05: number, clp05Given: boolean;
  if (count < 0) {
    paid = centsAt(clp, 4);
    billed = centsAt(clp, 3);
    clp05 = centsAt(clp, 5);
    clp05Given = fieldOf(clp, 5) !== '';
  } else {
    paid = count < 4 ? 0 : centsOfElement(4);
    billed = count < 3 ? 0 : centsOfElement(3);
    clp05 = count < 5 ? 0 : centsOfElement(5);
    clp05Given = count >= 5 && TO[5] > FROM[5];
  }
  if (exact(exact(billed - paid) - totals.all) !== 0) return undefined;
  // CLP05 absent or empty reads as 0 cents: then there is nothing to compare.
  if (clp05 !== 0 && clp05 !== totals.patient) return undefined;
  if (clp05 === 0 && totals.patient !== 0 && clp05Given) return undefined;
  // Every sum and difference above was an exact integer below 2^53 (a NaN anywhere fails the comparisons).
  if (Number.isNaN(paid)) return undefined;
  const out: BalancedClaim = count < 0 ? { paidCents: paid, patientControlNumber: fieldOf(clp, 1), status: fieldOf(clp, 2) } : { paidCents: paid, patientControlNumber: textOfElement(count, 1), status: textOfElement(count, 2) };
  const icn = count < 0 ? fieldOf(clp, 7) : textOfElement(count, 7);
  if (icn) out.payerClaimControlNumber = icn;
  return out;
}
