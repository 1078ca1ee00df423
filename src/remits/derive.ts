/**
 * What a biller reads off a claim that the 835 does not state outright: the patient responsibility
 * split (PR-1 deductible, PR-2 coinsurance, PR-3 copay, other PR), the allowed amount and the outcome.
 * Used by the 835 reader and by anything that builds claim payments in memory (tests, simulator).
 */
import type { Decimal } from 'decimal.js';
import type { Adjustment, ClaimPayment, Outcome, PatientResponsibility, ServiceLine } from './model.js';
import { claimPaymentOutcome } from './outcome-rule.js';
import { ZERO, minusAmount, sum, sumOf } from './values.js';

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

type LineInput = Omit<ServiceLine, 'allowed' | 'patientResponsibility' | 'denied'>;

/**
 * Fills in a line's derived fields (the object itself is completed and returned). AMT*B6 (allowed
 * actual), when the payer sends it, wins over the computed allowed amount.
 */
export function deriveLine(line: LineInput): ServiceLine {
  const out = line as ServiceLine;
  const patientResponsibility = patientResponsibilityOf(line.adjustments);
  const b6 = line.amounts.find((a) => a.qualifier === 'B6');
  out.allowed = b6 ? b6.amount : allowedOf(line.charge, line.adjustments);
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
 */
export function deriveClaim(claim: ClaimInput): ClaimPayment {
  const out = claim as ClaimPayment;
  const all = claim.lines.length ? [...claim.adjustments, ...claim.lines.flatMap((l) => l.adjustments)] : claim.adjustments;
  const patientResponsibility = patientResponsibilityOf(all);
  const outcome: Outcome = claimPaymentOutcome({ statusCode: claim.status, paid: claim.paid, adjustments: claim.adjustments, lines: claim.lines });
  out.allowed = allowedOf(claim.billed, all);
  out.patientResponsibility = patientResponsibility;
  out.outcome = outcome;
  return out;
}
