/**
 * The timely-filing watch (a gateway cycle step): reads the claims the payer has not accepted yet, page by
 * page, asks the pure rule (timely-filing.ts) about each and raises the alerts it finds. Alerts already
 * raised are looked up per page first, so a cycle that finds nothing new writes nothing; `raiseAlert` is
 * idempotent anyway, so two instances racing raise each alert once.
 */
import { sql, type Kysely } from 'kysely';
import { alertIdempotencyKey, raiseAlert } from '../../ledger/alerts.js';
import type { TimelyFilingSettings } from './settings.js';
import { NOT_YET_ACCEPTED_STATES, timelyFilingFinding } from './timely-filing.js';

export interface WatchResult {
  checked: number;
  raised: number;
  /** Ledger ids of the claims that got a new alert (ids only: safe to log as a count). */
  raisedIds: string[];
}

const PAGE = 500;

export async function watchTimelyFiling(db: Kysely<any>, settings: TimelyFilingSettings, o: { now: Date; onRaised?: (alertId: string) => void }): Promise<WatchResult> {
  const today = o.now.toISOString().slice(0, 10);
  const result: WatchResult = { checked: 0, raised: 0, raisedIds: [] };
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('claims')
      .select(['claims.id as id', 'claims.partner_id as partner_id', 'claims.payer_id as payer_id', 'claims.service_date as service_date', sql<string | null>`json_extract(claims.data, '$.subscriber.claimFilingIndicator')`.as('filing_indicator')])
      .where('claims.state', 'in', [...NOT_YET_ACCEPTED_STATES])
      .where('claims.service_date', 'is not', null)
      .where('claims.id', '>', after)
      // Not a claim a later one carries on: one a person resubmitted or voided (claim_actions), one a later
      // claim of its visit superseded (replacement, void), a scrub-rejected copy of a claim that went out.
      .where((eb) => eb.not(eb.exists(eb.selectFrom('claim_actions').select('claim_actions.id').whereRef('claim_actions.claim_id', '=', 'claims.id'))))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('claims as later').select('later.id').whereRef('later.visit_id', '=', 'claims.visit_id').whereRef('later.id', '!=', 'claims.id').whereRef('later.created_at', '>=', 'claims.created_at'))))
      .where((eb) =>
        eb.not(
          eb.exists(
            eb.selectFrom('claims as sent').select('sent.id').whereRef('sent.content_key', '=', 'claims.content_key').whereRef('sent.id', '!=', 'claims.id').where('sent.state', '!=', 'scrub-rejected').where('claims.state', '=', 'scrub-rejected'),
          ),
        ),
      )
      .orderBy('claims.id')
      .limit(PAGE)
      .execute();
    if (!rows.length) break;
    after = String(rows[rows.length - 1].id);
    result.checked += rows.length;
    const findings = rows
      .map((r) => ({ row: r, finding: timelyFilingFinding({ claimId: String(r.id), payerId: String(r.payer_id), serviceDate: String(r.service_date), filingIndicator: (r.filing_indicator as string | null) ?? null }, settings, today) }))
      .filter((x) => x.finding !== null);
    if (findings.length) {
      const known = new Set(
        (await db.selectFrom('alerts').select('idempotency_key').where('claim_id', 'in', findings.map((x) => String(x.row.id))).execute()).map((k) => String(k.idempotency_key)),
      );
      for (const { row, finding } of findings) {
        const f = finding!;
        const key = alertIdempotencyKey({ kind: f.kind, claimId: String(row.id), dueDate: f.dueDate });
        if (known.has(key)) continue;
        const note = f.daysLeft < 0 ? `Timely-filing limit (${f.limitDays} days from the date of service) passed ${-f.daysLeft} day(s) ago.` : `Timely-filing limit (${f.limitDays} days from the date of service) in ${f.daysLeft} day(s).`;
        const r = await raiseAlert(db, { kind: f.kind, claimId: String(row.id), partnerId: String(row.partner_id), payerId: String(row.payer_id), dueDate: f.dueDate, note, now: o.now.toISOString(), idempotencyKey: key });
        if (r.created) {
          result.raised++;
          result.raisedIds.push(r.alert.id);
          o.onRaised?.(r.alert.id);
        }
      }
    }
    if (rows.length < PAGE) break;
  }
  return result;
}
