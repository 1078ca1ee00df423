/**
 * What a claim payment (835 loop 2100) means, as one rule that the 835 reader (report) and the ledger
 * (claim state, worklist) both use, so they never disagree about the same claim. Pure.
 *
 *  - CLP02 = 22 (reversal of a previous payment)                                   → reversed
 *  - CLP02 = 4 (denied), or nothing paid and nothing left to the patient             → denied
 *  - a service line denied (nothing paid, nothing left to the patient, a charge), or
 *    a reduction other than the contract (CO-45), sequestration (CO-253), a prior payer's payment (OA-23) or the
 *    patient's share (group PR: deductible, coinsurance, copay, non-covered)         → partially-paid
 *  - otherwise                                                                       → paid
 * A shortfall that is only the patient's share (PR) is "paid" with patient responsibility, never a
 * denial: the payer paid everything it owes, and the rest is billed to the patient.
 */
import { Decimal } from 'decimal.js';

export type PaymentOutcome = 'paid' | 'partially-paid' | 'denied' | 'reversed';

type Amount = string | Decimal;
interface AdjustmentFacts {
  group: string;
  reason: string;
  amount: Amount;
}

export interface ClaimPaymentFacts {
  /** CLP02 */
  statusCode: string;
  /** CLP04 */
  paid: Amount;
  /** CLP05, used when the payment carries no PR adjustment to sum. */
  patientResponsibility?: Amount;
  /** CAS at claim level (2100). */
  adjustments: readonly AdjustmentFacts[];
  /** SVC lines (2110) with their CAS; `charge` SVC02 when known. */
  lines: ReadonlyArray<{ charge?: Amount; paid: Amount; adjustments: readonly AdjustmentFacts[] }>;
}

/** Reductions a payer makes on a claim it pays in full under the contract. */
export const EXPECTED_REDUCTIONS: ReadonlySet<string> = new Set(['CO-45', 'CO-253', 'OA-23']);

const prTotal = (adjustments: readonly AdjustmentFacts[]) => adjustments.reduce((s, a) => (a.group === 'PR' ? s.plus(a.amount) : s), new Decimal(0));

export function isLineDenied(line: ClaimPaymentFacts['lines'][number]): boolean {
  return new Decimal(line.paid).isZero() && prTotal(line.adjustments).isZero() && !new Decimal(line.charge ?? 1).isZero();
}

export function claimPaymentOutcome(p: ClaimPaymentFacts): PaymentOutcome {
  if (p.statusCode === '22') return 'reversed';
  const all = [...p.adjustments, ...p.lines.flatMap((l) => l.adjustments)];
  const hasPr = all.some((a) => a.group === 'PR');
  const patient = hasPr ? prTotal(all) : new Decimal(p.patientResponsibility ?? 0);
  if (p.statusCode === '4' || (new Decimal(p.paid).isZero() && patient.isZero())) return 'denied';
  const unexpected = all.some((a) => a.group !== 'PR' && !EXPECTED_REDUCTIONS.has(`${a.group}-${a.reason}`) && !new Decimal(a.amount).isZero());
  return unexpected || p.lines.some(isLineDenied) ? 'partially-paid' : 'paid';
}
