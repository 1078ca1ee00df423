/**
 * What a biller reads off a claim that the 835 does not state outright: the patient responsibility
 * split (PR-1 deductible, PR-2 coinsurance, PR-3 copay, other PR), the allowed amount and the outcome.
 * Used by the 835 reader and by anything that builds claim payments in memory (tests, simulator).
 */
import type { Decimal } from 'decimal.js';
import type { Adjustment, ClaimPayment, Outcome, PatientResponsibility, ServiceLine } from './model.js';
import { EXPECTED_REDUCTIONS, claimPaymentOutcome } from './outcome-rule.js';
import { ZERO, amountOfCents, centsOfAmount, minusAmount, sum, sumOf } from './values.js';

export function patientResponsibilityOf(adjustments: readonly Adjustment[]): PatientResponsibility {
  // Four small sums over a handful of adjustments: exact cents on the hot path (values.ts), no decimal.js.
  const deductible = sumOf(adjustments, (a) => (a.group === 'PR' && a.reason === '1' ? a.amount : undefined));
  const coinsurance = sumOf(adjustments, (a) => (a.group === 'PR' && a.reason === '2' ? a.amount : undefined));
  const copay = sumOf(adjustments, (a) => (a.group === 'PR' && a.reason === '3' ? a.amount : undefined));
  const other = sumOf(adjustments, (a) => (a.group === 'PR' && a.reason !== '1' && a.reason !== '2' && a.reason !== '3' ? a.amount : undefined));
  return { deductible, coinsurance, copay, other, total: sum([deductible, coinsurance, copay, other]) };
}

/** Charge minus every adjustment that is not the patient's to pay (CO, OA, PI, CR). */
export function allowedOf(charge: Decimal, adjustments: readonly Adjustment[]): Decimal {
  const notPatient = sumOf(adjustments, (a) => (a.group !== 'PR' ? a.amount : undefined));
  return notPatient.isZero() ? (charge.isZero() ? ZERO : charge) : minusAmount(charge, notPatient);
}

/**
 * Cents of the adjustments of a line or claim, split the way the derived fields need them (PR-1, PR-2, PR-3,
 * other PR, everything not PR), plus what the outcome rule asks: whether any non-PR one is a non-zero reduction
 * other than the contract's. Filled one adjustment at a time (`addAdjustmentCent`), which answers false when
 * an amount has no exact cents (or a sum would leave the safe integers): then the caller takes the Decimal
 * route, which gives the same values (cents are exact) for everything else.
 */
export interface AdjustmentCents {
  deductible: number;
  coinsurance: number;
  copay: number;
  other: number;
  notPatient: number;
  unexpected: boolean;
}

/** Scratch sums (derivation is synchronous and keeps none of them): emptied for each line or claim. */
const SCRATCH: AdjustmentCents = { deductible: 0, coinsurance: 0, copay: 0, other: 0, notPatient: 0, unexpected: false };

/** Empties `c` (the module's scratch sums by default) and returns it. */
export function emptyAdjustmentCents(c: AdjustmentCents = SCRATCH): AdjustmentCents {
  c.deductible = c.coinsurance = c.copay = c.other = c.notPatient = 0;
  c.unexpected = false;
  return c;
}

/** EXPECTED_REDUCTIONS ("CO-45") as reasons by group, asked without making the "group-reason" string. */
const EXPECTED_BY_GROUP = new Map<string, Set<string>>();
for (const code of EXPECTED_REDUCTIONS) {
  const dash = code.indexOf('-');
  const group = code.slice(0, dash);
  const reasons = EXPECTED_BY_GROUP.get(group) ?? new Set<string>();
  reasons.add(code.slice(dash + 1));
  EXPECTED_BY_GROUP.set(group, reasons);
}

/** `EXPECTED_REDUCTIONS.has(`${group}-${reason}`)`. */
export function isExpectedReduction(group: string, reason: string): boolean {
  return EXPECTED_BY_GROUP.get(group)?.has(reason) === true;
}

/** Adds one adjustment of `cents` (NaN when its amount has no exact cents) to `into`; false when it cannot. */
export function addAdjustmentCent(into: AdjustmentCents, group: string, reason: string, cents: number): boolean {
  let next: number;
  if (group === 'PR') {
    if (reason === '1') next = into.deductible += cents;
    else if (reason === '2') next = into.coinsurance += cents;
    else if (reason === '3') next = into.copay += cents;
    else next = into.other += cents;
  } else {
    next = into.notPatient += cents;
    if (cents !== 0 && !isExpectedReduction(group, reason)) into.unexpected = true;
  }
  return Number.isSafeInteger(next);
}

function addAdjustmentCents(into: AdjustmentCents, adjustments: readonly Adjustment[]): boolean {
  for (let k = 0; k < adjustments.length; k++) {
    const a = adjustments[k];
    const c = centsOfAmount(a.amount);
    if (c === undefined || !addAdjustmentCent(into, a.group, a.reason, c)) return false;
  }
  return true;
}

/** The patient responsibility of exact cents (as patientResponsibilityOf gives it for the same adjustments). */
export function patientResponsibilityOfCents(c: AdjustmentCents): PatientResponsibility | undefined {
  const total = c.deductible + c.coinsurance + c.copay + c.other;
  if (!Number.isSafeInteger(total)) return undefined;
  return { deductible: amountOfCents(c.deductible), coinsurance: amountOfCents(c.coinsurance), copay: amountOfCents(c.copay), other: amountOfCents(c.other), total: amountOfCents(total) };
}

/** allowedOf for exact cents of the non-PR adjustments. */
export function allowedOfCents(charge: Decimal, notPatient: number): Decimal {
  return notPatient === 0 ? (charge.isZero() ? ZERO : charge) : minusAmount(charge, amountOfCents(notPatient));
}

/**
 * The outcome rule (outcome-rule.ts) in exact cents: CLP02, CLP04's cents, the claim's patient responsibility
 * (PR total: 0 without any PR adjustment, as deriveClaim passes the rule no CLP05), whether a non-PR reduction
 * beyond the contract's was made, and whether a line was denied.
 */
export function outcomeOfCents(status: string, paidCents: number, patientResponsibility: PatientResponsibility, unexpected: boolean, lineDenied: boolean): Outcome {
  if (status === '22') return 'reversed';
  if (status === '4' || (paidCents === 0 && patientResponsibility.total.isZero())) return 'denied';
  return unexpected || lineDenied ? 'partially-paid' : 'paid';
}

type LineInput = Omit<ServiceLine, 'allowed' | 'patientResponsibility' | 'denied'>;

/**
 * Fills in a line's derived fields (the object itself is completed and returned). AMT*B6 (allowed
 * actual), when the payer sends it, wins over the computed allowed amount.
 */
export function deriveLine(line: LineInput): ServiceLine {
  const out = line as ServiceLine;
  const cents = emptyAdjustmentCents();
  const inCents = addAdjustmentCents(cents, line.adjustments) ? patientResponsibilityOfCents(cents) : undefined;
  const patientResponsibility = inCents ?? patientResponsibilityOf(line.adjustments);
  let b6: ServiceLine['amounts'][number] | undefined;
  for (let k = 0; k < line.amounts.length && !b6; k++) if (line.amounts[k].qualifier === 'B6') b6 = line.amounts[k];
  out.allowed = b6 ? b6.amount : inCents ? allowedOfCents(line.charge, cents.notPatient) : allowedOf(line.charge, line.adjustments);
  out.patientResponsibility = patientResponsibility;
  out.denied = line.paid.isZero() && patientResponsibility.total.isZero() && !line.charge.isZero();
  return out;
}

type ClaimInput = Omit<ClaimPayment, 'allowed' | 'patientResponsibility' | 'outcome'>;

/**
 * Fills in a claim's derived fields (the object itself is completed and returned; its lines must be
 * derived already).
 * Outcome: the one rule of outcome-rule.ts (the ledger uses it too) — reversed (CLP02 22); denied (CLP02 4,
 * or nothing paid and nothing owed by the patient); partially-paid (a line denied or a reduction beyond the
 * contract and the patient's share); paid otherwise — including a claim the payer paid nothing on because
 * it all went to the patient (deductible): `patientResponsibility` says so.
 * When every amount has exact cents (the usual case) this runs on integers in one pass over the
 * adjustments, with no intermediate arrays; otherwise on decimal.js (same values).
 */
export function deriveClaim(claim: ClaimInput): ClaimPayment {
  const out = claim as ClaimPayment;
  if (deriveClaimInCents(out)) return out;
  const derived = claimDerivedByDecimal(claim);
  out.allowed = derived.allowed;
  out.patientResponsibility = derived.patientResponsibility;
  out.outcome = derived.outcome;
  return out;
}

/** A claim's derived fields on decimal.js (any amounts; lines derived already). */
export function claimDerivedByDecimal(claim: Pick<ClaimPayment, 'status' | 'billed' | 'paid' | 'adjustments' | 'lines'>): Pick<ClaimPayment, 'allowed' | 'patientResponsibility' | 'outcome'> {
  const all = claim.lines.length ? [...claim.adjustments, ...claim.lines.flatMap((l) => l.adjustments)] : claim.adjustments;
  const patientResponsibility = patientResponsibilityOf(all);
  const outcome: Outcome = claimPaymentOutcome({ statusCode: claim.status, paid: claim.paid, adjustments: claim.adjustments, lines: claim.lines });
  return { allowed: allowedOf(claim.billed, all), patientResponsibility, outcome };
}

/**
 * deriveClaim's fields in exact cents, set on `claim` (allowed, patientResponsibility, outcome, in that
 * order); false, with nothing set, when an amount has no exact cents (then decimal.js decides).
 */
function deriveClaimInCents(claim: ClaimPayment): boolean {
  const cents = emptyAdjustmentCents();
  if (!addAdjustmentCents(cents, claim.adjustments)) return false;
  let lineDenied = false;
  for (let k = 0; k < claim.lines.length; k++) {
    const l = claim.lines[k];
    const before = cents.deductible + cents.coinsurance + cents.copay + cents.other;
    if (!addAdjustmentCents(cents, l.adjustments)) return false;
    const paid = centsOfAmount(l.paid);
    const charge = centsOfAmount(l.charge);
    if (paid === undefined || charge === undefined) return false;
    // isLineDenied: nothing paid, the line's PR adjustments sum to nothing, a charge.
    const linePr = cents.deductible + cents.coinsurance + cents.copay + cents.other - before;
    if (!Number.isSafeInteger(linePr)) return false;
    if (paid === 0 && linePr === 0 && charge !== 0) lineDenied = true;
  }
  const paid = centsOfAmount(claim.paid);
  if (paid === undefined) return false;
  const patientResponsibility = patientResponsibilityOfCents(cents);
  if (!patientResponsibility) return false;
  const outcome = outcomeOfCents(claim.status, paid, patientResponsibility, cents.unexpected, lineDenied);
  claim.allowed = allowedOfCents(claim.billed, cents.notPatient);
  claim.patientResponsibility = patientResponsibility;
  claim.outcome = outcome;
  return true;
}
