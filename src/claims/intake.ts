/**
 * From what a practice sent to a claim we can write: schema check (zod), then the scrubber. Each problem
 * is a ScrubFinding naming the claim and the field, so one report covers both.
 */
import type { z } from 'zod';
import { Claim } from './model.js';
import { blocks, scrubClaim, type ScrubOptions } from './scrub/scrub.js';
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

const claimIdOf = (raw: unknown): string => {
  const id = (raw as { claimId?: unknown } | null)?.claimId;
  return typeof id === 'string' ? id : '';
};

/** Schema failures as findings: the message says what the field must be (never what it was). */
export function schemaFindings(claimId: string, issues: readonly z.core.$ZodIssue[]): ScrubFinding[] {
  return issues.map((issue) => ({
    claimId,
    code: 'SCHEMA',
    field: jsonPath(issue.path),
    message: `The claim does not fit the claim model here: ${issue.message}.`,
    fix: fixFor(issue),
    severity: 'error' as const,
  }));
}

function fixFor(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return 'Add this required field.';
  if (issue.code === 'invalid_type' && /received number/.test(issue.message)) return 'Write the value as a string in quotes (amounts as decimal strings such as "95.50", never JSON numbers).';
  return 'Correct the field as the claim model (docs/claim-model.md) describes.';
}

export function intakeClaim(raw: unknown, options: ScrubOptions): IntakeResult {
  const claimId = claimIdOf(raw);
  const parsed = Claim.safeParse(raw);
  if (!parsed.success) return { claimId, findings: schemaFindings(claimId, parsed.error.issues), accepted: false };
  const findings = scrubClaim(parsed.data, options);
  return { claim: parsed.data, claimId, findings, accepted: !blocks(findings) };
}
