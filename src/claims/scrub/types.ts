/** What the scrubber says about a claim, and the shape of one edit. */
import type { Delimiters } from '../../x12/delimiters.js';
import type { Claim, ClaimKind } from '../model.js';

/**
 * A problem found before sending. `field` is a JSON path into the claim as the practice sent it
 * ("$.lines[2].charge"). Messages and fixes never quote the claim's values (PHI): they name fields,
 * codes and counts.
 */
export interface ScrubFinding {
  claimId: string;
  code: string;
  field: string;
  message: string;
  fix: string;
  /** Errors block the claim; warnings are reported and the claim is sent. */
  severity: 'error' | 'warning';
}

export interface ScrubContext {
  /** Today's date (ISO), passed in: the core reads no clock. */
  today: string;
  delimiters: Delimiters;
  /** Claim ids seen earlier in the batch (the duplicate edit adds to it). */
  seenClaimIds?: Set<string>;
  /** The patient's last eligibility answer, by patient key (src/eligibility/patient-key.ts); from the gateway's intake. */
  lastEligibility?: ReadonlyMap<string, EligibilityFacts>;
  /**
   * Issue 12: the claim's strings in walk order, collected once per claim for the edits that read every
   * string (`claimStrings` in parts.ts). `scrubClaim` sets `{ claim }`; the list is filled on first use.
   */
  strings?: { claim: Claim; values?: string[]; suspects?: readonly number[] };
}

/** What the last 271 said about a patient (no amounts; enough for the eligibility edits). */
export interface EligibilityFacts {
  coverage: string;
  /** The member id the check asked with. */
  memberId: string;
  /** The member id the payer answered with, when it said one. */
  answeredMemberId?: string;
}

export type Flag = (field: string, override?: { message?: string; fix?: string }) => void;

export interface Edit {
  /** Stable code, e.g. "NPI-CHECK-DIGIT". */
  code: string;
  severity: 'error' | 'warning';
  /** Claim kinds it applies to (all when absent). */
  kinds?: readonly ClaimKind[];
  /** Default message and fix (an edit may give a more precise one per finding). */
  message: string;
  fix: string;
  run(claim: Claim, ctx: ScrubContext, flag: Flag): void;
}
