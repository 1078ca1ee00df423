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
import type { Edit, Flag, ScrubContext, ScrubFinding } from './types.js';

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

/** The edits that apply to each claim kind, in EDITS order (issue 12: filtered once, not per claim). */
const EDITS_BY_KIND = new Map<Claim['kind'], readonly Edit[]>((['professional', 'institutional', 'dental'] as const).map((kind) => [kind, EDITS.filter((e) => !e.kinds || e.kinds.includes(kind))]));

export function scrubClaim(claim: Claim, options: ScrubOptions): ScrubFinding[] {
  // `strings`: the claim's strings collected once for the edits that read every one (parts.ts claimStrings).
  const ctx: ScrubContext = { today: options.today, delimiters: options.delimiters ?? DEFAULT_DELIMITERS, seenClaimIds: options.seenClaimIds, lastEligibility: options.lastEligibility, strings: { claim } };
  const findings: ScrubFinding[] = [];
  const skip = options.skip?.length ? options.skip : undefined;
  // Issue 12: one `flag` per claim (not one closure per edit) that reads the edit being run.
  let edit: Edit = EDITS[0];
  const flag: Flag = (field, override) =>
    void findings.push({ claimId: claim.claimId, code: edit.code, field, message: override?.message ?? edit.message, fix: override?.fix ?? edit.fix, severity: edit.severity });
  const edits = EDITS_BY_KIND.get(claim.kind) ?? EDITS.filter((e) => !e.kinds || e.kinds.includes(claim.kind));
  for (let i = 0; i < edits.length; i++) {
    edit = edits[i];
    if (skip?.includes(edit.code)) continue;
    edit.run(claim, ctx, flag);
  }
  return findings;
}

export const blocks = (findings: readonly ScrubFinding[]): boolean => findings.some((f) => f.severity === 'error');
