/**
 * What checking a claim a practice sent gives back (accept-claim.ts does the checking: characters, the
 * strict model, the scrubber), and the small helpers it shares with the model's problem wording.
 */
import type { Claim } from './model.js';
import type { ScrubFinding } from './scrub/types.js';

export interface IntakeResult {
  /** The claim, when it passed the schema (it may still have blocking findings). */
  claim?: Claim;
  /** The claim id as sent (or "" when there is none to read). */
  claimId: string;
  findings: ScrubFinding[];
  /** True when the claim can be sent: it passed the schema and no edit found an error. */
  accepted: boolean;
}

/** Turns a zod issue path into a JSON path: ["lines", 0, "charge"] → "$.lines[0].charge". */
export function jsonPath(path: readonly PropertyKey[]): string {
  return '$' + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

/** The claim id as sent (or "" when there is none to read). */
export const claimIdOf = (raw: unknown): string => {
  const id = (raw as { claimId?: unknown } | null)?.claimId;
  return typeof id === 'string' ? id : '';
};
