/**
 * The worklist's "follow up with the payer" list (issue 14 item 2): claims silent after a claim-status inquiry
 * (276) and claims whose 277 answer needs a person, with their next step, from the partners' follow-up settings.
 */
import { statusFollowupOf } from '../../claims/status/thresholds.js';
import { statusFollowupWorklist } from '../../ledger/status-inquiries.js';
import type { FollowUpItem } from '../web/worklist-page.js';
import type { WorkbenchContext } from './context.js';

export async function statusFollowUps(ctx: WorkbenchContext): Promise<FollowUpItem[]> {
  const settings = ctx.options.statusFollowup ?? {};
  const items = await statusFollowupWorklist(ctx.ledger.db, ctx.now(), (id) => settings[id] ?? statusFollowupOf({}));
  const pcn = new Map<string, string>();
  const ids = [...new Set(items.map((i) => i.claimId))];
  for (let i = 0; i < ids.length; i += 500) {
    for (const r of await ctx.ledger.db.selectFrom('claims').select(['id', 'patient_control_number']).where('id', 'in', ids.slice(i, i + 500)).execute()) pcn.set(r.id, r.patient_control_number);
  }
  return items.map((i) => ({ claimId: i.claimId, patientControlNumber: pcn.get(i.claimId) ?? i.claimId, kind: i.kind, at: i.at, nextStep: i.nextStep }));
}
