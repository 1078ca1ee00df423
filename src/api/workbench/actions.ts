/**
 * The workbench's changes: correct-and-resubmit, void, and reprocessing a quarantined response. Each
 * checks the role, the claim's state (pure rules in src/billing-rules/resubmit.ts), the scrubber and the
 * optimistic lock, then records a one-claim batch in the ledger (the gateway sends it on its next
 * cycle), the action (who, what, which new claim) and an audit entry. Nothing is sent when a check fails.
 */
import { stampFilePractice } from '../../ledger/tenants.js';
import { createHash } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { checkBatch } from '../../gateway/claims-port.js';
import { freeName } from '../../gateway/durable.js';
import type { ClaimState } from '../../ledger/lifecycle.js';
import { joinVisit, visitFigures } from '../../ledger/visits.js';
import { decideResubmit, decideVoid, prepareClaim, type Decision, type PreparedClaim } from '../../billing-rules/resubmit.js';
import type { ScrubFinding } from '../../claims/scrub/types.js';
import { fieldLabel } from '../../billing-rules/fields.js';
import { canChange, type Principal, type WorkbenchContext } from './context.js';

export interface FieldError {
  field: string;
  label: string;
  code: string;
  message: string;
  fix: string;
}

/** Every blocking problem of a correction: the scrubber's and the gateway's, each once (same field and code). */
export function correctionProblems(prepared: Pick<PreparedClaim, 'errors'>, gatewayFindings: readonly ScrubFinding[]): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  const add = (field: string, f: ScrubFinding) => {
    const key = `${field}\u0000${f.code}\u0000${f.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ field, label: fieldLabel(field), code: f.code, message: f.message, fix: f.fix });
  };
  for (const [field, fs] of prepared.errors) for (const f of fs) add(field, f);
  for (const f of gatewayFindings) if (f.severity === 'error') add(f.field ?? '', f);
  return out;
}

export type ActionResult =
  | { ok: true; action: string; claimId: string; newClaimId: string; frequency: string; version: number }
  | { ok: false; status: 403 | 404 | 409 | 422; code: string; message: string; fieldErrors?: FieldError[]; version?: number };

export interface ResubmitInput {
  /** The version the edit started from (optimistic lock). */
  version: number;
  /** JSON path → new value. */
  edits?: Record<string, string>;
  /** Void only: why (kept in the audit log, never in the logs) and the biller's confirmation. */
  reason?: string;
  confirmed?: boolean;
}

/** A void is irreversible for the biller: it asks for a confirmation and a reason first. */
const VOID_REASON_MIN = 3;

export async function changeClaim(ctx: WorkbenchContext, who: Principal | undefined, claimId: string, kind: 'resubmit' | 'void', input: ResubmitInput): Promise<ActionResult> {
  if (!who || !canChange(who)) return { ok: false, status: 403, code: 'FORBIDDEN', message: `The ${who?.role ?? 'anonymous'} role cannot ${kind} claims.` };
  const claim = await ctx.ledger.db.selectFrom('claims').selectAll().where('id', '=', claimId).executeTakeFirst();
  if (!claim) return { ok: false, status: 404, code: 'NOT-FOUND', message: 'No claim with this id.' };
  const refuse = async (status: 409 | 422, code: string, message: string, extra: Partial<Extract<ActionResult, { ok: false }>> = {}): Promise<ActionResult> => {
    await ctx.audit.record({ actor: who.actor, role: who.role, action: 'edit-refused', claimId, detail: { kind, code, fields: extra.fieldErrors?.map((f) => f.field) } });
    ctx.log({ event: 'workbench.refused', claimId, kind, code }, 'claim change refused');
    return { ok: false, status, code, message, ...extra };
  };
  const current = await ctx.queries.version(claimId);
  if (input.version !== current) return refuse(409, 'STALE', `Someone else changed this claim while you were editing it (your copy is version ${input.version}, the claim is now at version ${current}). Nothing was sent. Reload the claim, check their change, and make yours again.`, { version: current });
  const prior = await ctx.queries.hasAction(claimId);
  if (prior) return refuse(409, 'ALREADY-ACTED', `This claim was already ${prior.action === 'void' ? 'voided' : 'resubmitted'} (by ${prior.actor}) as claim ${prior.new_claim_id ?? '—'}; work on that one.`, { version: current });
  const visit = await visitFigures(ctx.ledger.db, claimId);
  const decision: Decision = kind === 'void' ? decideVoid(claim.state as ClaimState, claim.payer_claim_number, { frequency: claim.frequency, visitVoided: visit?.voided }) : decideResubmit(claim.state as ClaimState, claim.payer_claim_number);
  if (!decision.ok) return refuse(decision.code === 'ALREADY-PAID' || decision.code === 'ALREADY-VOIDED' ? 409 : 422, decision.code, decision.reason, { version: current });
  const voidReason = (input.reason ?? '').trim();
  if (kind === 'void' && (!input.confirmed || voidReason.length < VOID_REASON_MIN)) return refuse(422, 'VOID-NEEDS-CONFIRMATION', 'A void takes the claim back from the payer for good: confirm it and say why (the reason is kept in the audit log). Nothing was sent.', { version: current });
  const today = ctx.now().toISOString().slice(0, 10);
  const prepared = prepareClaim(JSON.parse(claim.data), kind === 'void' ? {} : (input.edits ?? {}), decision, today);
  // Issue 16: the scrubber and the gateway's own checks (partner known, partner rules, the claim model)
  // run in one pass on the corrected claim, so that every problem is shown at once, each by its field.
  const partnerIds = ctx.options.partnerIds?.length ? ctx.options.partnerIds : [claim.partner_id];
  const claimForBatch = { ...((prepared.claim ?? prepared.data) as Record<string, unknown>), partnerId: claim.partner_id };
  const [checked] = checkBatch({ partnerId: claim.partner_id, claims: [claimForBatch] }, { today, defaultPartner: claim.partner_id, knownPartners: new Set(partnerIds) });
  const problems = correctionProblems(prepared, checked.findings);
  if (problems.length || !prepared.claim || checked.intake.rejected?.length) {
    return refuse(422, 'SCRUB-FAILED', `The corrected claim fails ${problems.length} check(s); nothing was sent. Fix the fields marked below.`, { fieldErrors: problems, version: current });
  }
  // The lock is taken last, just before anything is written: a stale edit changes nothing.
  if (!(await ctx.queries.bumpVersion(claimId, current, who.actor))) return refuse(409, 'STALE', 'Someone else changed this claim at the same moment. Nothing was sent. Reload the claim and try again.', { version: await ctx.queries.version(claimId) });
  const text = JSON.stringify({ batchId: `WB-${claimId.slice(1, 9)}`, partnerId: claim.partner_id, claims: [claimForBatch] });
  const sha = createHash('sha256').update(`${text}\n${claimId}\n${current + 1}\n${ctx.now().toISOString()}`).digest('hex');
  const rec = await ctx.ledger.recordBatch({ name: `workbench-${decision.action}-${claimId}-v${current + 1}.json`, sha256: sha, size: Buffer.byteLength(text), partnerId: claim.partner_id, localPath: null, claims: [checked.intake] });
  const newClaimId = rec.claimIds[0];
  // The corrected claim stays with the practice of the claim it corrects, whatever billing provider it now names (docs/tenants.md).
  await ctx.ledger.db.updateTable('claims').set({ practice_id: claim.practice_id }).where('id', '=', newClaimId).execute();
  await stampFilePractice(ctx.ledger.db, rec.file.id);
  await ctx.queries.recordAction({ claim_id: claimId, action: decision.action, new_claim_id: newClaimId, actor: who.actor, frequency: decision.frequency, detail: JSON.stringify({ changed: prepared.changed, replacesPayerClaim: !!decision.originalClaimNumber, warnings: prepared.warnings.map((w) => w.code) }) });
  // A new original (frequency 1) made from a rejected claim carries no REF*F8: it joins the visit by our ids.
  if (decision.action === 'resubmit-original') await joinVisit(ctx.ledger.db, newClaimId, claimId);
  await ctx.audit.record({ actor: who.actor, role: who.role, action: kind, claimId, detail: { newClaimId, frequency: decision.frequency, changedFields: prepared.changed, ...(kind === 'void' ? { reason: voidReason.slice(0, 500) } : {}) } });
  ctx.log({ event: `workbench.${kind}`, claimId, newClaimId, frequency: decision.frequency, changedFields: prepared.changed.length }, kind === 'void' ? 'void queued' : 'corrected claim queued');
  ctx.options.kick?.();
  return { ok: true, action: decision.action, claimId, newClaimId, frequency: decision.frequency, version: current + 1 };
}

export type ReprocessResult = { ok: true; fileId: string } | { ok: false; status: 403 | 404 | 409 | 503; message: string };

/** Moves a quarantined response back into the inbox for the gateway to read again. */
export async function reprocessFile(ctx: WorkbenchContext, who: Principal | undefined, fileId: string): Promise<ReprocessResult> {
  if (!who || !canChange(who)) return { ok: false, status: 403, message: `The ${who?.role ?? 'anonymous'} role cannot reprocess files.` };
  const folders = ctx.options.folders;
  if (!folders) return { ok: false, status: 503, message: 'This server has no inbox folder configured.' };
  const file = await ctx.ledger.getFile(fileId);
  if (!file) return { ok: false, status: 404, message: 'No file with this id.' };
  if (file.direction !== 'in' || file.state !== 'quarantined') return { ok: false, status: 409, message: `Only quarantined responses can be reprocessed; this file is ${file.direction}/${file.state}.` };
  const from = file.local_path && existsSync(file.local_path) ? file.local_path : undefined;
  if (!from) return { ok: false, status: 409, message: 'The quarantined file is no longer in the quarantine folder.' };
  const name = freeName(folders.inbox, basename(from));
  const to = join(folders.inbox, name);
  // Recorded first (state received, new path), then moved: the inbox processor finds the row by path.
  await ctx.ledger.setFileState(fileId, 'received', { localPath: to, error: null });
  renameSync(from, to);
  rmSync(`${from}.errors.txt`, { force: true });
  await ctx.audit.record({ actor: who.actor, role: who.role, action: 'reprocess', fileId });
  ctx.log({ event: 'workbench.reprocess', fileId }, 'quarantined response put back into the inbox');
  ctx.options.kick?.();
  return { ok: true, fileId };
}
