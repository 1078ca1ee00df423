/**
 * The balancing fast path for reads that keep no claims (`x12gw validate`): straight from a 2100 claim
 * payment loop, in exact integer cents, without building the claim's model. It only answers "this claim
 * certainly balances, with nothing to report, and paid this much"; anything else (an imbalance, interest,
 * a CLP05 that disagrees, an amount with more than two decimals or not a number) answers undefined, and
 * the caller builds the model and runs `checkClaimBalance` (balance.ts) as always — so findings are the
 * model path's, by construction.
 */
import type { LoopNode } from '../guides/walker.js';
import type { Segment } from '../x12/tokenizer.js';
import { centsOf } from './values.js';

/** Cents of an amount as the model reads it (empty = 0); NaN when the fast path cannot vouch for it. */
function cents(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  return centsOf(raw) ?? NaN;
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
  const e = s.elements;
  const patient = e[1] === 'PR';
  for (let i = 3; i <= 18 && i < e.length; i += 3) {
    const c = cents(e[i]);
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
      else if (id === 'AMT' && c.segment.elements[1] === 'I') return undefined;
    } else if (c.id === '2110') {
      let svc: Segment | undefined;
      const line: CasTotals = { all: 0, patient: 0 };
      for (const x of c.children) {
        if (x.kind !== 'segment') continue;
        if (x.segment.id === 'SVC' && svc === undefined) svc = x.segment;
        else if (x.segment.id === 'CAS') addCas(x.segment, line);
      }
      if (svc === undefined) return undefined;
      if (exact(exact(cents(svc.elements[2]) - cents(svc.elements[3])) - line.all) !== 0) return undefined; // NaN too
      totals.all = exact(totals.all + line.all);
      totals.patient = exact(totals.patient + line.patient);
    }
  }
  if (clp === undefined) return undefined;
  const e = clp.elements;
  const paid = cents(e[4]);
  if (exact(exact(cents(e[3]) - paid) - totals.all) !== 0) return undefined;
  const clp05 = e[5];
  if (clp05 !== undefined && clp05 !== '' && cents(clp05) !== totals.patient) return undefined;
  // Every sum and difference above was an exact integer below 2^53 (a NaN anywhere fails the comparisons).
  if (Number.isNaN(paid)) return undefined;
  const out: BalancedClaim = { paidCents: paid, patientControlNumber: e[1] ?? '', status: e[2] ?? '' };
  if (e[7]) out.payerClaimControlNumber = e[7];
  return out;
}
