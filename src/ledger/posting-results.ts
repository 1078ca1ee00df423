import type { NextPayerHook } from './secondary-claims.js';

/** What a posting of a response reports back. */
export interface PostResult {
  /** The response was already posted (same content or same 835 payer + TRN02). */
  duplicate: boolean;
  transitions: number;
  unmatched: number;
  refused: number;
  /** 835 only: the next payer's claims this posting enqueued (created) or held for a person (issue 14). */
  secondaryClaims?: { created: number; held: number };
}

export interface PostOptions {
  /** Set the response file's state (posted / duplicate) in the same transaction. Default true; a file
   * with several postings (several 835s or TA1s) sets it itself after the last. */
  markFile?: boolean;
  /**
   * 835 only: builds the next payer's claim of each claim the 835 answered whose patient has further
   * coverage (src/ledger/secondary-claims.ts); enqueued in the posting's transaction, once per claim.
   */
  nextPayer?: NextPayerHook;
}
