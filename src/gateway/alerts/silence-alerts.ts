/**
 * Claims still silent N days after their claim-status inquiry (276) raise a `silent-after-inquiry` alert
 * (issue 14 items 2 and 5): once per inquiry (the due date is the day it was asked), with the next step in
 * words as its note, so it is on the dashboard, on the claim in the worklist and pushed with the other alerts.
 */
import type { Kysely } from 'kysely';
import { raiseAlert } from '../../ledger/alerts.js';
import type { SilentClaim } from '../../ledger/status-inquiries.js';

export async function raiseSilenceAlerts(db: Kysely<any>, silent: readonly SilentClaim[], now: Date, onRaised?: (alertId: string) => void): Promise<number> {
  let raised = 0;
  for (const c of silent) {
    const r = await raiseAlert(db, { kind: 'silent-after-inquiry', claimId: c.claimId, partnerId: c.partnerId, payerId: c.payerId, dueDate: c.askedAt.slice(0, 10), note: c.nextStep, now: now.toISOString() });
    if (!r.created) continue;
    raised++;
    onRaised?.(r.alert.id);
  }
  return raised;
}
