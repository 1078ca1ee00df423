/**
 * The scrubber: every edit run on a claim, every finding kept (never stop at the first). A claim with an
 * error finding is not sent; warnings are reported and the claim goes out.
 */
import { DEFAULT_DELIMITERS } from '../../x12/delimiters.js';
import type { Claim } from '../model.js';
import { CLAIM_EDITS } from './edits-claim.js';
import { DATE_EDITS, DIAGNOSIS_EDITS, LINE_EDITS } from './edits-clinical.js';
import { COB_EDITS } from './edits-cob.js';
import { ELIGIBILITY_EDITS } from './edits-eligibility.js';
import { INSTITUTIONAL_EDITS } from './edits-institutional.js';
import { PARTY_EDITS } from './edits-parties.js';
import type { Edit, ScrubContext, ScrubFinding } from './types.js';

export const EDITS: readonly Edit[] = Object.freeze([...CLAIM_EDITS, ...PARTY_EDITS, ...DIAGNOSIS_EDITS, ...DATE_EDITS, ...LINE_EDITS, ...INSTITUTIONAL_EDITS, ...COB_EDITS, ...ELIGIBILITY_EDITS]);

export interface ScrubOptions {
  /** Today (ISO date), for "not in the future" edits. */
  today: string;
  delimiters?: ScrubContext['delimiters'];
  /** Shared across a batch to find duplicate claim ids. */
  seenClaimIds?: Set<string>;
  /** Edit codes to skip (a partner that does not want one). */
  skip?: readonly string[];
  /** The patients' last eligibility answers (the ELIGIBILITY-* warnings); none → those edits are silent. */
  lastEligibility?: ScrubContext['lastEligibility'];
}

export function scrubClaim(claim: Claim, options: ScrubOptions): ScrubFinding[] {
  const ctx: ScrubContext = { today: options.today, delimiters: options.delimiters ?? DEFAULT_DELIMITERS, seenClaimIds: options.seenClaimIds, lastEligibility: options.lastEligibility };
  const findings: ScrubFinding[] = [];
  for (const edit of EDITS) {
    if (edit.kinds && !edit.kinds.includes(claim.kind)) continue;
    if (options.skip?.includes(edit.code)) continue;
    edit.run(claim, ctx, (field, override) =>
      findings.push({ claimId: claim.claimId, code: edit.code, field, message: override?.message ?? edit.message, fix: override?.fix ?? edit.fix, severity: edit.severity }),
    );
  }
  return findings;
}

export const blocks = (findings: readonly ScrubFinding[]): boolean => findings.some((f) => f.severity === 'error');
