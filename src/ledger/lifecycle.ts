/**
 * The claim lifecycle (DESIGN §7) as a pure state machine. The ledger stores every change as an
 * append-only event; the current state of a claim is derived from its events by `deriveState`.
 *
 *   scrub-rejected | queued -> generated -> uploaded -> (interchange-rejected | ack-rejected | ack-accepted)
 *     -> (payer-rejected | payer-accepted | pending) -> (paid | partially-paid | denied | reversed)
 */
import { z } from 'zod';

export const CLAIM_STATES = [
  'scrub-rejected',
  'queued',
  'generated',
  'uploaded',
  'interchange-rejected',
  'ack-rejected',
  'ack-accepted',
  'payer-rejected',
  'payer-accepted',
  'pending',
  'paid',
  'partially-paid',
  'denied',
  'reversed',
] as const;

export const ClaimStateSchema = z.enum(CLAIM_STATES);
export type ClaimState = z.infer<typeof ClaimStateSchema>;

/** States a claim can enter first (intake). */
export const INITIAL_STATES: readonly ClaimState[] = ['queued', 'scrub-rejected'];

/**
 * Allowed transitions. Beyond the straight line of DESIGN §7:
 *  - a partner that sends no 999 lets a 277CA or 835 move an `uploaded` claim on;
 *  - an 835 may arrive without a 277CA first (`ack-accepted` → paid/denied);
 *  - `pending` may be followed by accepted/rejected, and a payment may be reversed (CLP02 = 22) and
 *    paid again (a corrected payment after a reversal).
 */
const TRANSITIONS: Readonly<Record<ClaimState, readonly ClaimState[]>> = {
  'scrub-rejected': [],
  queued: ['generated'],
  generated: ['uploaded'],
  uploaded: ['interchange-rejected', 'ack-rejected', 'ack-accepted', 'payer-rejected', 'payer-accepted', 'pending', 'paid', 'partially-paid', 'denied'],
  'interchange-rejected': [],
  'ack-rejected': [],
  'ack-accepted': ['payer-rejected', 'payer-accepted', 'pending', 'paid', 'partially-paid', 'denied'],
  'payer-rejected': [],
  'payer-accepted': ['pending', 'paid', 'partially-paid', 'denied'],
  pending: ['payer-accepted', 'payer-rejected', 'paid', 'partially-paid', 'denied'],
  paid: ['reversed'],
  'partially-paid': ['reversed', 'paid'],
  denied: ['reversed', 'paid', 'partially-paid'],
  reversed: ['paid', 'partially-paid', 'denied'],
};

/** Refused before the payer adjudicated it (scrubber, TA1, 999, 277CA): the payer holds nothing. */
export const REJECTED_BEFORE_ADJUDICATION: readonly ClaimState[] = ['scrub-rejected', 'interchange-rejected', 'ack-rejected', 'payer-rejected'];

/** States after which nothing more is expected for this submission of the claim. */
export const FINAL_STATES: readonly ClaimState[] = ['scrub-rejected', 'interchange-rejected', 'ack-rejected', 'payer-rejected', 'paid', 'partially-paid', 'denied', 'reversed'];

export function isFinal(state: ClaimState): boolean {
  return FINAL_STATES.includes(state);
}

export function canTransition(from: ClaimState | undefined, to: ClaimState): boolean {
  if (from === undefined) return INITIAL_STATES.includes(to);
  return TRANSITIONS[from].includes(to);
}

export function allowedNext(from: ClaimState | undefined): readonly ClaimState[] {
  return from === undefined ? INITIAL_STATES : TRANSITIONS[from];
}

export class IllegalTransitionError extends Error {
  constructor(
    readonly claimId: string,
    readonly from: ClaimState | undefined,
    readonly to: ClaimState,
  ) {
    super(`claim ${claimId}: ${from ?? '(new)'} -> ${to} is not an allowed transition`);
    this.name = 'IllegalTransitionError';
  }
}

/** The current state from an ordered list of events; throws if the list breaks the state machine. */
export function deriveState(claimId: string, events: ReadonlyArray<{ fromState: ClaimState | null; toState: ClaimState }>): ClaimState | undefined {
  let state: ClaimState | undefined;
  for (const e of events) {
    if ((e.fromState ?? undefined) !== state || !canTransition(state, e.toState)) throw new IllegalTransitionError(claimId, state, e.toState);
    state = e.toState;
  }
  return state;
}
