/**
 * Accepted denial rules at intake: loads them from the ledger for the scrubber (src/denials/rule-edits.ts)
 * and writes what they found on a batch's sent claims to outbox/archive/<batch>.warnings.json and .csv
 * (beside the archived batch), so the biller sees which claims a payer has denied before and why. Logs
 * counts only.
 */
import { join } from 'node:path';
import type { AcceptedRule } from '../denials/rule-edits.js';
import { safeStem } from './batch-names.js';
import { acceptedDenialRules } from '../ledger/denial-rules.js';
import type { CheckedClaim } from './claims-port.js';
import type { RuntimeContext } from './context.js';
import { writeDurable } from './durable.js';
import { toCsv } from './outputs.js';

export async function denialRulesFor(ctx: RuntimeContext): Promise<readonly AcceptedRule[]> {
  return acceptedDenialRules(ctx.ledger.db);
}

/** Writes the denial-rule findings of the claims that were not rejected (rejected ones are in the .errors files). */
export function writeDenialWarnings(ctx: RuntimeContext, name: string, batchFileId: string, checked: readonly CheckedClaim[]): number {
  const claims = checked
    .filter((c) => !c.intake.rejected)
    .map((c) => ({ index: c.intake.index, claimId: c.claimId, findings: c.findings.filter((f) => f.code === 'DENIAL-RULE').map((f) => ({ code: f.code, field: f.field, message: f.message, fix: f.fix })) }))
    .filter((c) => c.findings.length);
  if (!claims.length) return 0;
  const base = join(ctx.folders.archive, safeStem(name));
  writeDurable(`${base}.warnings.json`, JSON.stringify({ batch: name, batchFileId, warnedClaims: claims }, null, 2) + '\n');
  writeDurable(`${base}.warnings.csv`, toCsv(['claimNumber', 'claimId', 'code', 'field', 'message', 'fix'], claims.flatMap((c) => c.findings.map((f) => [c.index + 1, c.claimId, f.code, f.field, f.message, f.fix]))));
  const count = claims.reduce((n, c) => n + c.findings.length, 0);
  ctx.log.info({ event: 'intake.denial-warnings', batchFileId, claims: claims.length, warnings: count }, 'claims match accepted denial rules');
  return count;
}
