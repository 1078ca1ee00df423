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
  /**
   * The recent claims, oldest first, as a ring of at most WINDOW slots (parallel arrays: no object per
   * claim): slot (first + k) % WINDOW is the k-th oldest of `count`.
   */
  private readonly recentIndex = new Array<number>(WINDOW).fill(0);
  private readonly recentPcn = new Array<string>(WINDOW).fill('');
  private readonly recentPccn = new Array<string | undefined>(WINDOW).fill(undefined);
  private readonly recentUsed = new Uint8Array(WINDOW);
  private first = 0;
  private count = 0;
  readonly pairs: ReversalPair[] = [];

  /** Feed claims in file order; `index` is the claim's position in the remittance. */
  add(claim: ClaimPayment, index: number): void {
    const pcn = claim.patientControlNumber;
    if (claim.status === '22') {
      const pair: ReversalPair = { patientControlNumber: pcn, reversal: index };
      if (claim.payerClaimControlNumber) pair.reversedPayerClaimControlNumber = claim.payerClaimControlNumber;
      this.pairs.push(pair);
      // The oldest recent claim of the same patient control number not paired yet.
      let earlier = -1;
      for (let k = 0; k < this.count && earlier < 0; k++) {
        const slot = (this.first + k) % WINDOW;
        if (this.recentUsed[slot] === 0 && this.recentPcn[slot] === pcn) earlier = slot;
      }
      if (earlier >= 0) {
        this.recentUsed[earlier] = 1;
        this.complete(pair, this.recentIndex[earlier], this.recentPccn[earlier]);
      } else {
        const list = this.pending.get(pcn) ?? [];
        list.push(pair);
        this.pending.set(pcn, list);
      }
      return;
    }
    const waiting = this.pending.size === 0 ? undefined : this.pending.get(pcn);
    if (waiting?.length) {
      this.complete(waiting.shift()!, index, claim.payerClaimControlNumber);
      if (!waiting.length) this.pending.delete(pcn);
      return;
    }
    // Appended as the newest; the oldest leaves when the window is full.
    let slot: number;
    if (this.count < WINDOW) slot = (this.first + this.count++) % WINDOW;
    else {
      slot = this.first;
      this.first = (this.first + 1) % WINDOW;
    }
    this.recentIndex[slot] = index;
    this.recentPcn[slot] = pcn;
    this.recentPccn[slot] = claim.payerClaimControlNumber;
    this.recentUsed[slot] = 0;
  }

  private complete(pair: ReversalPair, index: number, pccn: string | undefined): void {
    pair.correction = index;
    if (pccn) pair.correctionPayerClaimControlNumber = pccn;
  }
}
