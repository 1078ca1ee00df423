/**
 * What a claim payment (835 2100 loop) means for the claim's state: the one rule of
 * src/remits/outcome-rule.ts (the 835 report uses the same), so the ledger and the report agree.
 * A PR-only shortfall (copay, deductible, coinsurance) is "paid" with patient responsibility.
 */
import { claimPaymentOutcome, type ClaimPaymentFacts, type PaymentOutcome } from '../remits/outcome-rule.js';
import type { ClaimState } from './lifecycle.js';

export type PaymentFacts = ClaimPaymentFacts;

export function paymentOutcome(p: PaymentFacts): Extract<ClaimState, PaymentOutcome> {
  return claimPaymentOutcome(p);
}
