/**
 * Appeals (issue 15 item 3): the letter's facts assembled from the claim, its latest 835 payment and the
 * practice (config `accounts.practice`), and the appeal's tracking (drafted → sent → answered, deadline =
 * the payer's appeal window from the remittance). Only a claim whose denial's next action is `appeal`
 * can be appealed. Writes are audit-logged by the routes.
 */
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { explainDenial } from '../../denials/explain.js';
import { APPEAL_STATUSES, appealOf, saveAppeal, type AppealStatus, type ClaimAppealsTable } from '../../ledger/claim-followup.js';
import type { WorkbenchContext } from './context.js';
import { denialOptions } from './views.js';

export interface AppealReason {
  group: string;
  carc: string;
  rarcs: string[];
  amount: string;
  explanation: string;
  documents: string[];
}

export interface AppealLetter {
  claimId: string;
  patientControlNumber: string;
  practice: { name: string; address: string[]; phone?: string } | undefined;
  patient: { last: string | null; first: string | null; memberId: string | null };
  payer: { id: string; name: string | null };
  payerClaimNumber: string | null;
  serviceDate: string | null;
  remittance: { trace: string; date: string | null };
  billed: string;
  paid: string;
  /** The denials whose next action is an appeal, in words. */
  reasons: AppealReason[];
  deadline: string | null;
  appeal?: ClaimAppealsTable;
  mayChange: boolean;
}

export async function appealLetter(ctx: WorkbenchContext, claimId: string, mayChange: boolean): Promise<AppealLetter | undefined> {
  const d = await ctx.queries.claimDetail(claimId);
  if (!d) return undefined;
  const latest = [...d.payments].reverse().find((p) => p.status_code !== '22');
  if (!latest) return undefined;
  const options = denialOptions(ctx, d.claim.partner_id, d.claim.payer_id, latest.payment_date ?? latest.created_at);
  const reasons: AppealReason[] = [];
  let deadline: string | null = null;
  const seen = new Map<string, AppealReason>();
  for (const a of latest.adjustments) {
    const x = explainDenial(a.group_code, a.reason_code, latest.remarks, options);
    if (x.nextAction.kind !== 'appeal') continue;
    const key = `${a.group_code}-${a.reason_code}`;
    const known = seen.get(key);
    if (known) {
      known.amount = new Decimal(known.amount).plus(a.amount).toFixed(2);
      continue;
    }
    const r: AppealReason = { group: a.group_code, carc: a.reason_code, rarcs: x.rarcs, amount: new Decimal(a.amount).toFixed(2), explanation: x.explanation, documents: x.nextAction.documents ?? [] };
    seen.set(key, r);
    reasons.push(r);
    if (x.deadline?.dueDate && (!deadline || x.deadline.dueDate < deadline)) deadline = x.deadline.dueDate;
  }
  if (!reasons.length) return undefined;
  const data = JSON.parse(d.claim.data) as { subscriber?: { memberId?: string } };
  return {
    claimId: d.claim.id,
    patientControlNumber: d.claim.patient_control_number,
    practice: ctx.options.accounts?.practice,
    patient: { last: d.claim.patient_last, first: d.claim.patient_first, memberId: data.subscriber?.memberId ?? null },
    payer: { id: d.claim.payer_id, name: latest.payer_name },
    payerClaimNumber: latest.payer_claim_number ?? d.claim.payer_claim_number,
    serviceDate: d.claim.service_date,
    remittance: { trace: latest.trace_number, date: latest.payment_date },
    billed: latest.billed,
    paid: latest.paid,
    reasons,
    deadline,
    appeal: await appealOf(ctx.ledger.db, claimId),
    mayChange,
  };
}

/** Saves the argument and/or the appeal's new status; the deadline is fixed when it is first drafted. */
export async function changeAppeal(ctx: WorkbenchContext, letter: AppealLetter, change: { argument?: string; status?: AppealStatus; answer?: string }, actor: string) {
  return saveAppeal(ctx.ledger.db, letter.claimId, { ...change, deadline: letter.deadline, actor, at: ctx.now().toISOString() });
}

/** What a person may change on an appeal (the form and PUT /v1/claims/:id/appeal). */
export const AppealChangeSchema = z.object({ argument: z.string().max(8000).optional(), status: z.enum(APPEAL_STATUSES).optional(), answer: z.string().max(500).optional() });

/** Triage of a worklist claim (PUT /v1/worklist/:id/triage): empty values clear. */
export const TriageChangeSchema = z.object({
  assignee: z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/).nullable().optional(),
  note: z.string().max(2000).nullable().optional(),
  followUp: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a calendar date').nullable().optional(),
});
