/**
 * A visit's money, netted the way the payer nets it (pure, decimal.js). A visit is a claim's lineage: the
 * original and every replacement (CLM05-3 = 7) and void (8) after it, linked by the payer claim number
 * (REF*F8 = the earlier claim's CLP07) and by our own ids (docs/accounting.md).
 *
 *  - insurance paid = the sum of every claim payment (CLP04) posted to any claim of the visit, reversals
 *    included: a reversal (CLP02 = 22) carries the earlier payment with its sign flipped, so it cancels
 *    it; a correction after a reversal is then the only payment left standing;
 *  - adjustments = the sum of every non-patient adjustment (CAS groups CO, OA, PI, CR; claim and line
 *    level), reversals included (their CAS amounts are negative too);
 *  - patient responsibility = the sum of every CLP05 (reversals negative);
 *  - charges = the charge of the visit's current claim (the latest one the payer was sent and did not
 *    refuse before adjudication); a voided visit has no charges: nothing is payable on it;
 *  - balance = charges − insurance paid − adjustments − patient payments (can go below zero: a credit);
 *  - patient due = what the patient still owes on the visit: patient responsibility − patient payments,
 *    never below zero (a voided visit: nothing).
 */
import { Decimal } from 'decimal.js';
import '../money/precision.js';
import { REJECTED_BEFORE_ADJUDICATION, type ClaimState } from './lifecycle.js';

export { REJECTED_BEFORE_ADJUDICATION };

export type VisitState = 'open' | 'rejected' | 'paid' | 'partially-paid' | 'denied' | 'reversed' | 'voided';

export interface VisitClaimFacts {
  id: string;
  /** CLM05-3: 1, 7 or 8 */
  frequency: string;
  state: ClaimState;
  /** CLM02 */
  charge: string;
}

export interface VisitPostingFacts {
  claimId: string;
  /** CLP02 */
  statusCode: string;
  /** CLP04 (negative in a reversal) */
  paid: string;
  /** CLP05 (negative in a reversal) */
  patientResponsibility: string;
  /** Sum of the payment's CAS amounts outside group PR (claim and line level). */
  otherAdjustments: string;
}

export interface VisitInput {
  /** The visit's claims, in the order they were sent (oldest first). */
  claims: readonly VisitClaimFacts[];
  /** Claim payments posted to the visit's claims, in posting order. */
  postings: readonly VisitPostingFacts[];
  /** The patient's own payments on the visit (patient accounts). */
  patientPayments: ReadonlyArray<{ amount: string }>;
}

export interface VisitFigures {
  state: VisitState;
  /** The claim that carries the visit now (its latest claim the payer was not refused before adjudication). */
  currentClaimId: string;
  voided: boolean;
  charges: string;
  insurancePaid: string;
  adjustments: string;
  patientResponsibility: string;
  patientPaid: string;
  balance: string;
  patientDue: string;
  /** The patient paid more than their share: a credit to refund or apply. */
  credit: boolean;
}

const sum = (xs: readonly string[]) => xs.reduce((s, x) => s.plus(x), new Decimal(0));

export function currentClaimOf(claims: readonly VisitClaimFacts[]): VisitClaimFacts {
  if (!claims.length) throw new Error('a visit has at least one claim');
  const live = claims.filter((c) => !REJECTED_BEFORE_ADJUDICATION.includes(c.state));
  return live.length ? live[live.length - 1] : claims[claims.length - 1];
}

export function netVisit(input: VisitInput): VisitFigures {
  const current = currentClaimOf(input.claims);
  const voided = input.claims.some((c) => c.frequency === '8' && !REJECTED_BEFORE_ADJUDICATION.includes(c.state));
  const insurancePaid = sum(input.postings.map((p) => p.paid));
  const adjustments = sum(input.postings.map((p) => p.otherAdjustments));
  const patientResponsibility = voided ? new Decimal(0) : sum(input.postings.map((p) => p.patientResponsibility));
  const patientPaid = sum(input.patientPayments.map((p) => p.amount));
  const charges = voided ? new Decimal(0) : new Decimal(current.charge);
  const balance = charges.minus(insurancePaid).minus(adjustments).minus(patientPaid);
  const due = patientResponsibility.minus(patientPaid);
  return {
    state: visitState(current, voided),
    currentClaimId: current.id,
    voided,
    charges: charges.toFixed(2),
    insurancePaid: insurancePaid.toFixed(2),
    adjustments: adjustments.toFixed(2),
    patientResponsibility: patientResponsibility.toFixed(2),
    patientPaid: patientPaid.toFixed(2),
    balance: balance.toFixed(2),
    patientDue: (due.isNegative() ? new Decimal(0) : due).toFixed(2),
    credit: patientPaid.gt(patientResponsibility),
  };
}

function visitState(current: VisitClaimFacts, voided: boolean): VisitState {
  if (voided) return 'voided';
  if (REJECTED_BEFORE_ADJUDICATION.includes(current.state)) return 'rejected';
  if (current.state === 'paid' || current.state === 'partially-paid' || current.state === 'denied' || current.state === 'reversed') return current.state;
  return 'open';
}
