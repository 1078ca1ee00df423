/**
 * From what a practice sent to a claim we can write: the strict claim model (every problem in a biller's
 * words, unknown keys refused with a "did you mean"), then the scrubber. Same result shape as
 * `intakeClaim` (src/claims/intake.ts), which it supersedes for the pipeline and the workbench.
 */
import { type IntakeResult } from './intake.js';
import { Claim } from './model.js';
import { modelFindings } from './model-problems.js';
import { blocks, scrubClaim, type ScrubOptions } from './scrub/scrub.js';

const claimIdOf = (raw: unknown): string => {
  const id = (raw as { claimId?: unknown } | null)?.claimId;
  return typeof id === 'string' ? id : '';
};

export function acceptClaim(raw: unknown, options: ScrubOptions): IntakeResult {
  const claimId = claimIdOf(raw);
  const parsed = Claim.safeParse(raw);
  if (!parsed.success) return { claimId, findings: modelFindings(Claim, raw, parsed.error.issues, claimId), accepted: false };
  const findings = scrubClaim(parsed.data, options);
  return { claim: parsed.data, claimId, findings, accepted: !blocks(findings) };
}
