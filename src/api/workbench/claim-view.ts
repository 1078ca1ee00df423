/** Everything the claim page (and GET /v1/claims/:id/workbench) shows, assembled from the ledger. */
import type { ClaimState } from '../../ledger/lifecycle.js';
import { visitFigures } from '../../ledger/visits.js';
import { decideResubmit, decideVoid } from '../../billing-rules/resubmit.js';
import { actionEntry, eventEntry, secondaryEntry, statusEntries, type TimelineEntry } from '../web/timeline.js';
import { claimStatusHistory } from '../../ledger/status-inquiries.js';
import { secondaryClaimsOf } from '../../ledger/secondary-claims.js';
import type { ClaimPageData } from '../web/pages.js';
import { canChange, type Principal, type WorkbenchContext } from './context.js';
import { denialOptions, reasonsFor } from './views.js';

export async function claimView(ctx: WorkbenchContext, id: string, who: Principal | undefined): Promise<ClaimPageData | undefined> {
  const d = await ctx.queries.claimDetail(id);
  if (!d) return undefined;
  const timeline: TimelineEntry[] = [];
  for (const e of d.events) timeline.push(eventEntry(id, e, d.interchange));
  for (const a of d.actions) timeline.push(actionEntry(id, a));
  timeline.push(...statusEntries(id, await claimStatusHistory(ctx.ledger.db, id)));
  const secondary = (await secondaryClaimsOf(ctx.ledger.db, [id])).get(id);
  if (secondary) timeline.push(secondaryEntry(id, secondary));
  timeline.sort((a, b) => a.at.localeCompare(b.at));
  // What happened to the claims that replaced this one comes after the action that made them.
  for (const s of await ctx.queries.successors(id)) {
    const next = s.new_claim_id ? await ctx.queries.claimDetail(s.new_claim_id) : undefined;
    if (!next) continue;
    const part = [...next.events.map((e) => eventEntry(next.claim.id, e, next.interchange)), ...next.actions.map((a) => actionEntry(next.claim.id, a))].sort((a, b) => a.at.localeCompare(b.at));
    timeline.push(...part);
  }
  const latest = [...d.payments].reverse().find((p) => p.status_code !== '22');
  const lastEvent = d.events[d.events.length - 1];
  let lastDetail: Record<string, unknown> = {};
  try {
    lastDetail = lastEvent?.detail ? (JSON.parse(lastEvent.detail) as Record<string, unknown>) : {};
  } catch {
    // none
  }
  const state = d.claim.state as ClaimState;
  const acted = d.actions.find((a) => a.new_claim_id);
  // A claim already resubmitted or voided needs no one any more: the work is on the new claim (issue 16).
  const needsPerson = !acted && ['scrub-rejected', 'interchange-rejected', 'ack-rejected', 'payer-rejected', 'denied', 'partially-paid'].includes(state);
  const denial = denialOptions(ctx, d.claim.partner_id, d.claim.payer_id, latest?.payment_date ?? null);
  const reasons = needsPerson ? reasonsFor(state, d.claim.data, lastDetail, latest?.adjustments.map((a) => ({ group: a.group_code, reason: a.reason_code, amount: a.amount })) ?? [], latest?.remarks ?? [], ctx.now().toISOString().slice(0, 10), denial) : [];
  const r = decideResubmit(state, d.claim.payer_claim_number);
  const visit = await visitFigures(ctx.ledger.db, id);
  const v = decideVoid(state, d.claim.payer_claim_number, { frequency: d.claim.frequency, visitVoided: visit?.voided });
  return {
    claim: d.claim,
    lines: d.lines,
    interchange: d.interchange,
    payments: d.payments,
    timeline,
    origin: d.origin,
    successor: acted,
    version: d.version,
    reasons,
    canResubmit: acted
      ? { ok: false, reason: 'Already resubmitted or voided; work on the new claim.', label: '' }
      : r.ok
        ? { ok: true, label: r.action === 'resubmit-replacement' ? `The payer adjudicated this claim: it is sent as a replacement (frequency 7) naming payer claim ${d.claim.payer_claim_number}.` : 'It was rejected before the payer adjudicated it: it is sent as a new original (frequency 1).' }
        : { ok: false, reason: r.reason, label: '' },
    canVoid: acted ? { ok: false } : v.ok ? { ok: true } : { ok: false, reason: v.reason },
    mayChange: canChange(who),
    visit,
  };
}
