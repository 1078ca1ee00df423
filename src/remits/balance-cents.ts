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

/** Index of the first byte of element `pos` in bytes[start, end), or -1 when the segment has no such element. */
function elementAt(bytes: Uint8Array, start: number, end: number, sep: number, pos: number): number {
  let at = start;
  for (let k = 0; k < pos; k++) {
    while (at < end && bytes[at] !== sep) at++;
    if (at >= end) return -1;
    at++;
  }
  return at;
}

/**
 * `cents(segment.elements[pos])`, read straight from the segment's bytes when they are at hand (no split,
 * no string); from the elements otherwise.
 */
function centsAt(s: Segment, pos: number): number {
  const scanned = scannedOf(s);
  const bytes = scanned?.bytes;
  if (bytes === undefined) return cents(s.elements[pos]);
  const end = scanned!.byteEnd;
  const sep = s.delimiters.element.charCodeAt(0);
  const a = elementAt(bytes, scanned!.byteStart, end, sep, pos);
  if (a < 0) return 0;
  let b = a;
  while (b < end && bytes[b] !== sep) b++;
  return b === a ? 0 : (centsOfBytes(bytes, a, b) ?? NaN);
}

/** Does element `pos` of the segment equal `value` (two ASCII characters)? Straight from bytes when at hand. */
function elementIs2(s: Segment, pos: number, value: string): boolean {
  const scanned = scannedOf(s);
  const bytes = scanned?.bytes;
  if (bytes === undefined) return s.elements[pos] === value;
  const end = scanned!.byteEnd;
  const sep = s.delimiters.element.charCodeAt(0);
  const a = elementAt(bytes, scanned!.byteStart, end, sep, pos);
  if (a < 0) return false;
  return a + 1 < end && bytes[a] === value.charCodeAt(0) && bytes[a + 1] === value.charCodeAt(1) && (a + 2 === end || bytes[a + 2] === sep);
}

/** Number of elements after the id (the highest element position present). */
function elementCount(s: Segment): number {
  const scanned = scannedOf(s);
  const bytes = scanned?.bytes;
  if (bytes === undefined) return s.elements.length - 1;
  const sep = s.delimiters.element.charCodeAt(0);
  let n = 0;
  for (let i = scanned!.byteStart, end = scanned!.byteEnd; i < end; i++) if (bytes[i] === sep) n++;
  return n;
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
  const patient = elementIs2(s, 1, 'PR');
  const last = elementCount(s);
  for (let i = 3; i <= 18 && i <= last; i += 3) {
    const c = centsAt(s, i);
    t.all = exact(t.all + c);
    if (patient) t.patient = exact(t.patient + c);
  }
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
      if (exact(exact(centsAt(svc, 2) - centsAt(svc, 3)) - line.all) !== 0) return undefined; // NaN too
      totals.all = exact(totals.all + line.all);
      totals.patient = exact(totals.patient + line.patient);
    }
  }
  if (clp === undefined) return undefined;
  const paid = centsAt(clp, 4);
  if (exact(exact(centsAt(clp, 3) - paid) - totals.all) !== 0) return undefined;
  // CLP05 absent or empty reads as 0 cents: then there is nothing to compare.
  const clp05 = centsAt(clp, 5);
  if (clp05 !== 0 && clp05 !== totals.patient) return undefined;
  if (clp05 === 0 && totals.patient !== 0 && fieldOf(clp, 5) !== '') return undefined;
  // Every sum and difference above was an exact integer below 2^53 (a NaN anywhere fails the comparisons).
  if (Number.isNaN(paid)) return undefined;
  const out: BalancedClaim = { paidCents: paid, patientControlNumber: fieldOf(clp, 1), status: fieldOf(clp, 2) };
  const icn = fieldOf(clp, 7);
  if (icn) out.payerClaimControlNumber = icn;
  return out;
}
