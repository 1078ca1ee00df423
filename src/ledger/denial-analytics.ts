/**
 * Denial analytics for the dashboard (issue 15 item 4), computed in SQL from the ledger with money as
 * exact integer cents (amounts are stored with two decimals) and rates/averages with decimal.js.
 *
 * Definitions (docs/denials.md):
 *  - a **denial** is an adjustment a person must act on: on a payment that is not a reversal (CLP02 22),
 *    whose outcome is denied or partially paid, group not PR (the patient's share), not one of the
 *    reductions a paid claim expects (CO-45, CO-253, OA-23), amount above zero;
 *  - by reason / payer / procedure / provider / week: claims with such a denial (distinct) and the
 *    denied dollars; procedure is the denied line's (claim-level adjustments count as "whole claim"),
 *    provider the billing provider's NPI, week the Monday of the payment date (else the posting date);
 *  - **dollars at risk**: the denied dollars of the latest payment of the claims still on the worklist
 *    (denied or partially paid, nobody acted on them, not superseded in their visit);
 *  - **first-pass acceptance rate**: of the claims first in their visit that got an answer, the share
 *    never rejected (TA1, 999, 277CA) nor denied;
 *  - **days in A/R**: over current paid or partially paid claims, the whole days from the claim's first
 *    upload to the posting of its first payment, averaged.
 */
import { Decimal } from 'decimal.js';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { LedgerDatabase } from './schema.js';
import { amountCents, dialectOf } from './sql-dialect.js';
import { workbenchDb } from './workbench-schema.js';
import { worklistFilter } from './workbench-queries.js';
import { EXPECTED_REDUCTIONS } from '../remits/outcome-rule.js';

export interface DenialFigure {
  key: string;
  claims: number;
  amount: string;
}

export interface DenialAnalytics {
  byReason: DenialFigure[];
  byPayer: DenialFigure[];
  byProcedure: DenialFigure[];
  byProvider: DenialFigure[];
  /** Oldest week first; key = the week's Monday (ISO date). */
  byWeek: DenialFigure[];
  atRisk: { claims: number; amount: string };
  firstPass: { answered: number; accepted: number; rate: string };
  daysInAR: { claims: number; days: number; average: string };
}

const fromCents = (c: number | string | bigint | null) => new Decimal(String(c ?? 0)).div(100).toFixed(2);
const EXPECTED = [...EXPECTED_REDUCTIONS];
const ANSWERED = ['interchange-rejected', 'ack-accepted', 'ack-rejected', 'payer-accepted', 'payer-rejected', 'pending', 'paid', 'partially-paid', 'denied', 'reversed'];
const NOT_FIRST_PASS = ['interchange-rejected', 'ack-rejected', 'payer-rejected', 'denied'];

/** The Monday of an ISO date's week (Monday–Sunday), as an ISO date, in the ledger's SQL dialect. */
const mondayOf = (db: Kysely<LedgerDatabase>, isoDate: RawBuilder<string>) =>
  dialectOf(db) === 'postgres' ? sql`to_char(date_trunc('week', cast(${isoDate} as date)), 'YYYY-MM-DD')` : sql`date(${isoDate}, 'weekday 0', '-6 days')`;

/** Whole days from one ISO timestamp to a later one, truncated toward zero (null when either is null). */
const wholeDaysBetween = (db: Kysely<LedgerDatabase>, from: RawBuilder<string>, to: RawBuilder<string>) =>
  dialectOf(db) === 'postgres'
    ? sql`cast(trunc(extract(epoch from (cast(${to} as timestamptz) - cast(${from} as timestamptz))) / 86400) as integer)`
    : sql`cast(julianday(${to}) - julianday(${from}) AS integer)`;

/** The denial adjustments with what each dimension needs (a subquery for the GROUP BYs). */
function denials(db: Kysely<LedgerDatabase>) {
  return sql`SELECT a.amount AS amount, ${amountCents('a.amount')} AS cents, a.group_code || '-' || a.reason_code AS reason, rc.claim_id AS claim_id, c.payer_id AS payer_id,
      coalesce(json_extract(c.data, '$.billingProvider.npi'), '(none)') AS provider,
      CASE WHEN a.line_number IS NULL THEN '(whole claim)' ELSE coalesce((SELECT rl.procedure_code FROM remittance_lines rl WHERE rl.remittance_claim_id = rc.id AND rl.line_number = a.line_number LIMIT 1),
        (SELECT cl.procedure_code FROM claim_lines cl WHERE cl.claim_id = c.id AND cl.line_number = a.line_number), '(unknown)') END AS procedure,
      ${mondayOf(db, sql`coalesce(r.payment_date, substr(r.created_at, 1, 10))`)} AS week,
      rc.id AS rc_id
    FROM adjustments a
    JOIN remittance_claims rc ON rc.id = a.remittance_claim_id
    JOIN remittances r ON r.id = rc.remittance_id
    JOIN claims c ON c.id = rc.claim_id
    WHERE rc.status_code != '22' AND rc.outcome IN ('denied', 'partially-paid') AND a.group_code != 'PR'
      AND (a.group_code || '-' || a.reason_code) NOT IN (${sql.join(EXPECTED)})
      AND ${amountCents('a.amount')} > 0`;
}

async function figures(db: Kysely<LedgerDatabase>, column: 'reason' | 'payer_id' | 'procedure' | 'provider' | 'week', order: 'amount' | 'key'): Promise<DenialFigure[]> {
  const rows = await sql<{ k: string; n: number; c: number }>`SELECT d.${sql.ref(column)} AS k, count(DISTINCT d.claim_id) AS n, sum(d.cents) AS c
    FROM (${denials(db)}) d GROUP BY d.${sql.ref(column)}
    ORDER BY ${order === 'amount' ? sql`c DESC, k` : sql`k`}`.execute(db);
  return rows.rows.map((r) => ({ key: r.k, claims: Number(r.n), amount: fromCents(r.c) }));
}

export async function denialAnalytics(db: Kysely<LedgerDatabase>): Promise<DenialAnalytics> {
  const [byReason, byPayer, byProcedure, byProvider, byWeek] = [await figures(db, 'reason', 'amount'), await figures(db, 'payer_id', 'amount'), await figures(db, 'procedure', 'amount'), await figures(db, 'provider', 'amount'), await figures(db, 'week', 'key')];

  // Dollars at risk: the worklist's denied / partially paid claims, their latest payment's denials.
  const onWorklist = worklistFilter(workbenchDb(db), { state: ['denied', 'partially-paid'] }).select('claims.id');
  const risk = await sql<{ n: number; c: number }>`SELECT count(DISTINCT d.claim_id) AS n, coalesce(sum(d.cents), 0) AS c FROM (${denials(db)}) d
    WHERE d.claim_id IN (${onWorklist})
      AND d.rc_id = (SELECT rc2.id FROM remittance_claims rc2 JOIN remittances r2 ON r2.id = rc2.remittance_id WHERE rc2.claim_id = d.claim_id AND rc2.status_code != '22' ORDER BY r2.created_at DESC, rc2.id DESC LIMIT 1)`.execute(db);

  const fp = await sql<{ answered: number; accepted: number }>`SELECT count(*) AS answered,
      coalesce(sum(CASE WHEN EXISTS (SELECT 1 FROM claim_events e WHERE e.claim_id = c.id AND e.to_state IN (${sql.join(NOT_FIRST_PASS)})) THEN 0 ELSE 1 END), 0) AS accepted
    FROM claims c WHERE (c.visit_id IS NULL OR c.visit_id = c.id)
      AND EXISTS (SELECT 1 FROM claim_events e WHERE e.claim_id = c.id AND e.to_state IN (${sql.join(ANSWERED)}))`.execute(db);

  // The first payment's and the first upload's time are read as `ORDER BY … LIMIT 1` (both columns NOT NULL, so
  // the same value as min()): as a practice's biller, claim_events and remittance_claims are scoped through
  // `claim_id IN (SELECT id FROM claims WHERE practice_id IN …)` (tenant-scope.ts), and SQLite rebuilt that list —
  // every claim id of the practice — for each claim when the correlated subquery was a min() (no bloom filter):
  // quadratic, the dashboard did not finish at 100,000 claims (issue 12 round 12, docs/performance.md).
  const ar = await sql<{ n: number; d: number }>`SELECT count(*) AS n, coalesce(sum(x.days), 0) AS d FROM (
      SELECT ${wholeDaysBetween(
        db,
        sql`(SELECT e.at FROM claim_events e WHERE e.claim_id = c.id AND e.to_state = 'uploaded' ORDER BY e.at LIMIT 1)`,
        sql`(SELECT r.created_at FROM remittance_claims rc JOIN remittances r ON r.id = rc.remittance_id WHERE rc.claim_id = c.id AND rc.status_code != '22' ORDER BY r.created_at LIMIT 1)`,
      )} AS days
      FROM claims c WHERE c.state IN ('paid', 'partially-paid')
        AND NOT EXISTS (SELECT 1 FROM claims later WHERE later.visit_id = c.visit_id AND later.id != c.id AND (later.created_at || '') >= c.created_at AND later.state NOT IN ('scrub-rejected', 'interchange-rejected', 'ack-rejected', 'payer-rejected'))
    ) x WHERE x.days IS NOT NULL`.execute(db);

  const answered = Number(fp.rows[0]?.answered ?? 0);
  const accepted = Number(fp.rows[0]?.accepted ?? 0);
  const arClaims = Number(ar.rows[0]?.n ?? 0);
  const arDays = Number(ar.rows[0]?.d ?? 0);
  return {
    byReason,
    byPayer,
    byProcedure,
    byProvider,
    byWeek,
    atRisk: { claims: Number(risk.rows[0]?.n ?? 0), amount: fromCents(risk.rows[0]?.c ?? 0) },
    firstPass: { answered, accepted, rate: answered ? new Decimal(accepted).div(answered).times(100).toFixed(1) : '0.0' },
    daysInAR: { claims: arClaims, days: arDays, average: arClaims ? new Decimal(arDays).div(arClaims).toFixed(1) : '0.0' },
  };
}
