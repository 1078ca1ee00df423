/**
 * Pairs reversals (CLP02 = 22) with the corrected claims that replace them. A payer that re-adjudicates
 * a claim sends the reversal of the earlier payment (negative amounts) and the correction (the new
 * payment) in the same remittance, with the same patient control number (CLP01).
 *
 * Works claim by claim so that streamed remittances need no claim list: it keeps the reversals still
 * waiting for their correction and a short window of recent claims (a correction may come first).
 */
import type { ClaimPayment, ReversalPair } from './model.js';

const WINDOW = 32;

export class ReversalPairing {
  private readonly pending = new Map<string, ReversalPair[]>();
  private readonly recent: Array<{ index: number; claim: Pick<ClaimPayment, 'patientControlNumber' | 'payerClaimControlNumber'>; used: boolean }> = [];
  readonly pairs: ReversalPair[] = [];

  /** Feed claims in file order; `index` is the claim's position in the remittance. */
  add(claim: ClaimPayment, index: number): void {
    const pcn = claim.patientControlNumber;
    if (claim.status === '22') {
      const pair: ReversalPair = { patientControlNumber: pcn, reversal: index };
      if (claim.payerClaimControlNumber) pair.reversedPayerClaimControlNumber = claim.payerClaimControlNumber;
      this.pairs.push(pair);
      const earlier = this.recent.find((r) => !r.used && r.claim.patientControlNumber === pcn);
      if (earlier) {
        earlier.used = true;
        this.complete(pair, earlier.index, earlier.claim.payerClaimControlNumber);
      } else {
        const list = this.pending.get(pcn) ?? [];
        list.push(pair);
        this.pending.set(pcn, list);
      }
      return;
    }
    const waiting = this.pending.get(pcn);
    if (waiting?.length) {
      this.complete(waiting.shift()!, index, claim.payerClaimControlNumber);
      if (!waiting.length) this.pending.delete(pcn);
      return;
    }
    this.recent.push({ index, claim: { patientControlNumber: pcn, payerClaimControlNumber: claim.payerClaimControlNumber }, used: false });
    if (this.recent.length > WINDOW) this.recent.shift();
  }

  private complete(pair: ReversalPair, index: number, pccn: string | undefined): void {
    pair.correction = index;
    if (pccn) pair.correctionPayerClaimControlNumber = pccn;
  }
}
