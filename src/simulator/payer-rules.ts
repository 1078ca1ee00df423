/**
 * Payer rules of the simulated payers, so the demo and tests exercise denial learning (src/denials): a
 * payer that denies a procedure billed without a modifier (CARC 4, "procedure code inconsistent with the
 * modifier used"). Only the payer ids listed here are affected; the default simulated payer (SIMPAYER1)
 * keeps its hash-based mix, which other tests count on. Pure.
 */
import type { ReceivedClaim, ReceivedLine } from './received-claims.js';

export interface SimulatedPayerRule {
  payerId: string;
  procedure: string;
  /** The line is denied unless it carries this modifier. */
  requiredModifier: string;
  /** CAS reason of the denial (group CO). */
  carc: string;
}

export const SIMULATED_PAYER_RULES: readonly SimulatedPayerRule[] = Object.freeze([
  { payerId: 'SIMPAYER2', procedure: '97110', requiredModifier: 'GP', carc: '4' },
  { payerId: 'SIMPAYER2', procedure: '99213', requiredModifier: '25', carc: '4' },
]);

/** The rule that denies this line, if any. */
export function payerRuleDenial(claim: Pick<ReceivedClaim, 'payerId'>, line: Pick<ReceivedLine, 'procedure' | 'modifiers'>, rules: readonly SimulatedPayerRule[] = SIMULATED_PAYER_RULES): SimulatedPayerRule | undefined {
  return rules.find((r) => r.payerId === claim.payerId && r.procedure === line.procedure && !(line.modifiers ?? []).includes(r.requiredModifier));
}

/**
 * The simulated payer's plan, as its adjudication applies it (adjudicate.ts: PR-1 deductible, PR-2
 * coinsurance, PR-3 copay) and as its 271s state it (eligibility-answers.ts), so an estimate made from
 * the 271 matches what the 835 later charges the patient. Amounts are decimal strings.
 */
export const SIMULATED_BENEFITS = Object.freeze({
  plan: 'SIMULATED PPO',
  deductibleTotal: '500',
  /** What PR-1 takes: the deductible left for the year. */
  deductibleRemaining: '10',
  /** PR-2: 20 % of the allowed amount. */
  coinsurance: '0.2',
  /** PR-3: per office visit (service type 98). */
  copay: '15',
  outOfPocketTotal: '3000',
  outOfPocketRemaining: '2500',
});
