/**
 * From what a practice sent to a claim we can write: free text transliterated to the X12 character set
 * (a warning per field), the strict claim model (every problem in a biller's words, unknown keys refused
 * with a "did you mean"), then the scrubber. The one check every
 * intake path uses (outbox, API, generate, workbench corrections).
 */
import { claimIdOf, type IntakeResult } from './intake.js';
import { Claim } from './model.js';
import { parseClaim } from './model-fast-check.js';
import { modelFindings } from './model-problems.js';
import { blocks, scrubClaim, type ScrubOptions } from './scrub/scrub.js';
import type { ScrubFinding } from './scrub/types.js';
import { transliterateText } from './transliterate.js';

/** A warning per free-text field whose characters were replaced (the field, never the value: PHI). */
const replacedWarning = (claimId: string, field: string): ScrubFinding => ({
  claimId,
  code: 'CHARACTERS-REPLACED',
  field,
  message: 'Letters or signs outside the X12 character set were replaced by their plain form (accented letters without the accent, ß as SS, curly quotes as straight ones).',
  fix: 'Nothing to do when the plain form is how the insurance card spells it; otherwise correct the text in the practice system.',
  severity: 'warning',
});

/** `parse`: the model check (tests pass zod's `Claim.safeParse` alone to compare with the fast path). */
export function acceptClaim(raw: unknown, options: ScrubOptions, parse: (value: unknown) => ReturnType<typeof Claim.safeParse> = parseClaim): IntakeResult {
  const claimId = claimIdOf(raw);
  const { value, changed } = transliterateText(raw);
  const replaced = changed.map((c) => replacedWarning(claimId, c.field));
  // Issue 12: the compiled check for the common valid shape; zod whenever it is not sure (same result).
  const parsed = parse(value);
  if (!parsed.success) return { claimId, findings: [...modelFindings(Claim, value, parsed.error.issues, claimId), ...replaced], accepted: false };
  const findings = [...scrubClaim(parsed.data, options), ...replaced];
  return { claim: parsed.data, claimId, findings, accepted: !blocks(findings) };
}
