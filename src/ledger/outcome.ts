/**
 * What a claim payment (835 2100 loop) means for the claim's state. Pure.
 *  - CLP02 = 22 (reversal of a previous payment)                       → reversed
 *  - CLP02 = 4 (denied), or nothing paid and nothing owed by the patient → denied
 *  - a payment reduced by something other than the contract (CO-45, CO-253 sequestration) or the
 *    patient's share (PR), or a service line paid nothing                → partially-paid
 *  - otherwise (including all-deductible claims: nothing paid, patient owes it) → paid
 */
import { Decimal } from 'decimal.js';
import type { ClaimState } from './lifecycle.js';

export interface PaymentFacts {
  statusCode: string;
  paid: string;
  patientResponsibility: string;
  adjustments: ReadonlyArray<{ group: string; reason: string; amount: string }>;
  lines: ReadonlyArray<{ paid: string; adjustments: ReadonlyArray<{ group: string; reason: string; amount: string }> }>;
}

const EXPECTED_REDUCTIONS = new Set(['CO-45', 'CO-253']);

export function paymentOutcome(p: PaymentFacts): Extract<ClaimState, 'paid' | 'partially-paid' | 'denied' | 'reversed'> {
  if (p.statusCode === '22') return 'reversed';
  const paid = new Decimal(p.paid);
  const patient = new Decimal(p.patientResponsibility);
  if (p.statusCode === '4' || (paid.isZero() && patient.isZero())) return 'denied';
  const all = [...p.adjustments, ...p.lines.flatMap((l) => l.adjustments)];
  const unexpected = all.some((a) => a.group !== 'PR' && !EXPECTED_REDUCTIONS.has(`${a.group}-${a.reason}`) && !new Decimal(a.amount).isZero());
  const deniedLine = p.lines.length > 1 && p.lines.some((l) => new Decimal(l.paid).isZero()) && paid.gt(0);
  return unexpected || deniedLine ? 'partially-paid' : 'paid';
}
