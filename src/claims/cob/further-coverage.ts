/**
 * "The patient has further coverage": how a claim says it, and which payer is next.
 *
 * A claim lists every payer of the patient in `otherPayers` (2320/2330A/2330B). An entry whose place
 * (SBR01 of its 2320) comes after this claim's payer and that has not adjudicated the claim yet (no
 * `paidAmount`, no `lineAdjudications`: a 2320 without AMT*D, legal on a primary claim) is coverage still
 * to bill. The next one (secondary after primary, tertiary after secondary) is the payer the gateway bills
 * once this claim's payer has answered with an 835. See docs/secondary-claims.md.
 */
import type { Claim, OtherPayer, PayerResponsibility } from '../model.js';

const ORDER: readonly PayerResponsibility[] = ['primary', 'secondary', 'tertiary'];

/** The place after `r` (primary → secondary → tertiary), or undefined after tertiary. */
export function nextResponsibility(r: PayerResponsibility): PayerResponsibility | undefined {
  return ORDER[ORDER.indexOf(r) + 1];
}

/** An other payer that has not adjudicated this claim (no AMT*D, no 2430). */
export const notYetBilled = (o: OtherPayer): boolean => o.paidAmount === undefined && o.lineAdjudications.length === 0;

/** Index in `claim.otherPayers` of the payer to bill after this claim's payer, or -1 when there is none. */
export function nextPayerIndex(claim: Claim): number {
  const next = nextResponsibility(claim.subscriber.responsibility);
  if (!next) return -1;
  return claim.otherPayers.findIndex((o) => o.responsibility === next && notYetBilled(o));
}

/** Whether the claim's patient has coverage to bill after this claim's payer. */
export const hasFurtherCoverage = (claim: Claim): boolean => nextPayerIndex(claim) >= 0;
