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
  /** Claims looked at (a scan that reached `maxRaised` stops early: the rest are looked at next time). */
  checked: number;
  raised: number;
  /** Ledger ids of the claims that got a new alert (ids only: safe to log as a count). */
  raisedIds: string[];
}

const PAGE = 500;
/**
 * New alerts one scan raises at most: a first scan over a large backlog (20,000 claims past their limit:
 * about 20 s on a loaded 2-core machine) is spread over several scans instead of holding up the cycle.
 */
export const MAX_RAISED_PER_SCAN = 1000;

export async function watchTimelyFiling(db: Kysely<any>, settings: TimelyFilingSettings, o: { now: Date; onRaised?: (alertId: string) => void; maxRaised?: number }): Promise<WatchResult> {
  const maxRaised = o.maxRaised ?? MAX_RAISED_PER_SCAN;
  const today = o.now.toISOString().slice(0, 10);
  const result: WatchResult = { checked: 0, raised: 0, raisedIds: [] };
  // State by state, in the order of the claims_queue index (state, batch_file_id, batch_index): each page
  // continues the index scan where the last one ended, so a scan reads each watched claim once.
  for (const state of NOT_YET_ACCEPTED_STATES) {
    let after: { file: string; index: number } | undefined;
    for (;;) {
      const from = after;
      const rows = await db
        .selectFrom('claims')
        .select(['claims.id as id', 'claims.partner_id as partner_id', 'claims.payer_id as payer_id', 'claims.service_date as service_date', 'claims.batch_file_id as batch_file_id', 'claims.batch_index as batch_index', sql<string | null>`json_extract(claims.data, '$.subscriber.claimFilingIndicator')`.as('filing_indicator')])
        .where('claims.state', '=', state)
        .$if(from !== undefined, (q) => q.where(sql<boolean>`(claims.batch_file_id, claims.batch_index) > (${from!.file}, ${from!.index})`))
        .where('claims.service_date', 'is not', null)
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
        .orderBy('claims.batch_file_id')
        .orderBy('claims.batch_index')
        .limit(PAGE)
        .execute();
      if (!rows.length) break;
      const last = rows[rows.length - 1];
      after = { file: String(last.batch_file_id), index: Number(last.batch_index) };
      result.checked += rows.length;
      const findings = rows.flatMap((r) => {
        const f = timelyFilingFinding({ claimId: String(r.id), payerId: String(r.payer_id), serviceDate: String(r.service_date), filingIndicator: (r.filing_indicator as string | null) ?? null }, settings, today);
        return f ? [{ row: r, finding: f, key: alertIdempotencyKey({ kind: f.kind, claimId: String(r.id), dueDate: f.dueDate }) }] : [];
      });
      const known = findings.length
        ? new Set((await db.selectFrom('alerts').select('idempotency_key').where('claim_id', 'in', findings.map((x) => String(x.row.id))).execute()).map((k) => String(k.idempotency_key)))
        : new Set<string>();
      const fresh = findings.filter((x) => !known.has(x.key)).slice(0, Math.max(0, maxRaised - result.raised));
      if (fresh.length) {
        // One transaction per page (each alert still commits with its deliveries); the crash hook runs after the commit.
        const raised = await db.transaction().execute(async (trx) => {
          const ids: string[] = [];
          for (const { row, finding: f, key } of fresh) {
            const note = f.daysLeft < 0 ? `Timely-filing limit (${f.limitDays} days from the date of service) passed ${-f.daysLeft} day(s) ago.` : `Timely-filing limit (${f.limitDays} days from the date of service) in ${f.daysLeft} day(s).`;
            const r = await raiseAlert(trx, { kind: f.kind, claimId: String(row.id), partnerId: String(row.partner_id), payerId: String(row.payer_id), dueDate: f.dueDate, note, now: o.now.toISOString(), idempotencyKey: key });
            if (r.created) ids.push(r.alert.id);
          }
          return ids;
        });
        for (const id of raised) {
          result.raised++;
          result.raisedIds.push(id);
          o.onRaised?.(id);
        }
      }
      if (rows.length < PAGE || result.raised >= maxRaised) break;
    }
    if (result.raised >= maxRaised) break;
  }
  return result;
}
