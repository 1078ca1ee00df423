/**
 * The workbench's reads and writes on the ledger: dashboard figures, claim search with paging, the
 * worklist, A/R aging, patient balances, files, claim actions (resubmit / void) and the optimistic lock.
 * Money is summed exactly: in SQL as integer cents (amounts are stored with two decimals) or with
 * decimal.js, never as floating-point sums.
 */
import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { sql, type Kysely, type SqlBool } from 'kysely';
import { CLAIM_STATES, REJECTED_BEFORE_ADJUDICATION, type ClaimState } from './lifecycle.js';
import type { LedgerDatabase } from './schema.js';
import { idIn, inChunks } from './in-chunks.js';
import { amountCents, sumCents } from './sql-dialect.js';
import { currentClaimOf, netVisit, type VisitClaimFacts } from './visit-netting.js';
import { withPatientFilters } from './claim-search.js';
import { workbenchDb, type ClaimActionsTable, type WorkbenchDatabase } from './workbench-schema.js';

const REJECTED: ClaimState[] = [...REJECTED_BEFORE_ADJUDICATION];
export const WORKLIST_STATES: ClaimState[] = [...REJECTED, 'denied', 'partially-paid'];
const ADJUDICATED: ClaimState[] = ['paid', 'partially-paid', 'denied', 'reversed'];
/** The states whose money the dashboard's "adjusted" figure looks at (billed − paid − patient share). */
const ADJUSTED: ClaimState[] = ['paid', 'partially-paid', 'denied'];
export const OPEN_STATES: ClaimState[] = ['generated', 'uploaded', 'ack-accepted', 'payer-accepted', 'pending'];

/** Integer cents of a two-decimal text column, summed exactly by SQLite's integer arithmetic. */
const cents = sumCents;
export const fromCents = (c: number | bigint | string | null | undefined) => new Decimal(String(c ?? 0)).div(100).toFixed(2);

/**
 * Claims that leave something to the patient. Written exactly like the WHERE of the partial indexes
 * claims_wb_owing_claims / claims_wb_owing_patients (migration 0008, a literal '0.00'): SQLite only uses a
 * partial index when the query's WHERE implies the index's.
 */
export const OWING = sql<SqlBool>`claims.patient_responsibility is not null and claims.patient_responsibility != '0.00'`;

export interface ClaimSearch {
  state?: ClaimState[];
  payerId?: string;
  partnerId?: string;
  /** Billing provider NPI. */
  provider?: string;
  /** Service date range (ISO). */
  from?: string;
  to?: string;
  /** Patient control number (CLM01): exact, or a prefix ending in "*". */
  pcn?: string;
  /** Start of the patient's last name (case-insensitive); `patientFirst` the start of the first name. */
  patientLast?: string;
  patientFirst?: string;
  /** The subscriber's member id (NM109), exact. */
  memberId?: string;
  /** The patient's date of birth (DMG02 of the patient, else of the subscriber), ISO. */
  dob?: string;
  /** The payer's claim control number (CLP07), exact. */
  payerClaimNumber?: string;
  /** The claim's total charge, two decimals. */
  amount?: string;
  /** The intake batch file the claim came in. */
  batchFileId?: string;
  limit: number;
  offset: number;
}

export interface ClaimListRow {
  id: string;
  patient_control_number: string;
  state: ClaimState;
  partner_id: string;
  payer_id: string;
  claim_type: string;
  total_charge: string;
  service_date: string | null;
  paid_amount: string | null;
  patient_responsibility: string | null;
  payer_claim_number: string | null;
  created_at: string;
  updated_at: string;
  patient_last: string | null;
  patient_first: string | null;
  provider_npi: string | null;
  /** The practice that owns the claim (claim search only: the service-wide admin's practice column). */
  practice_id?: string | null;
}

export const listColumns = [
  'claims.id',
  'claims.patient_control_number',
  'claims.state',
  'claims.partner_id',
  'claims.payer_id',
  'claims.claim_type',
  'claims.total_charge',
  'claims.service_date',
  'claims.paid_amount',
  'claims.patient_responsibility',
  'claims.payer_claim_number',
  'claims.created_at',
  'claims.updated_at',
] as const;
// The patient's name from the claim's columns (patient, else subscriber; filled from the JSON on insert).
export const nameColumns = ['claims.patient_last', 'claims.patient_first', sql<string | null>`json_extract(claims.data, '$.billingProvider.npi')`.as('provider_npi')] as const;

/** The claims matching a search's filters (FROM and WHERE only). */
export function claimFilter(db: Kysely<WorkbenchDatabase>, f: Omit<ClaimSearch, 'limit' | 'offset'>) {
  let q = db.selectFrom('claims');
  if (f.state?.length) q = q.where('claims.state', 'in', f.state);
  if (f.payerId) q = q.where('claims.payer_id', '=', f.payerId);
  if (f.partnerId) q = q.where('claims.partner_id', '=', f.partnerId);
  if (f.provider) q = q.where(sql`json_extract(claims.data, '$.billingProvider.npi')`, '=', f.provider);
  if (f.from) q = q.where('claims.service_date', '>=', f.from);
  if (f.to) q = q.where('claims.service_date', '<=', f.to);
  if (f.pcn) {
    if (f.pcn.endsWith('*')) {
      const p = f.pcn.slice(0, -1);
      q = q.where('claims.patient_control_number', '>=', p).where('claims.patient_control_number', '<', p + '\uffff');
    } else q = q.where('claims.patient_control_number', '=', f.pcn);
  }
  return withPatientFilters(q, f);
}

/**
 * Claims on the worklist (rejected or denied, not yet acted on): FROM and WHERE only. `inUpdatedOrder`
 * (the export) keeps SQLite from looking the states and payer up by index (`col || ''`, which both dialects accept), so that it walks
 * claims_wb_updated in the worklist's order from the keyset's cursor instead of sorting every match per page.
 */
export function worklistFilter(db: Kysely<WorkbenchDatabase>, f: WorklistFilter, opts: { inUpdatedOrder?: boolean } = {}) {
  return triageWhere(worklistBase(db, f, opts), f);
}

/** Claims on the worklist filtered by the triage filters (amount range in cents, a CARC on any of its payments). */
export interface WorklistFilter {
  state?: ClaimState[];
  payerId?: string;
  minCents?: number;
  maxCents?: number;
  reason?: { group: string; code: string };
  /** Claims assigned to this user name (claim_triage, migration 0015). */
  assignee?: string;
  /** Age: service date on or before this ISO date. */
  servedOnOrBefore?: string;
}

function triageWhere<Q extends ReturnType<typeof worklistBase>>(q: Q, f: WorklistFilter): Q {
  let out = q;
  if (f.minCents !== undefined) out = out.where(sql<SqlBool>`${amountCents('claims.total_charge')} >= ${f.minCents}`) as Q;
  if (f.maxCents !== undefined) out = out.where(sql<SqlBool>`${amountCents('claims.total_charge')} <= ${f.maxCents}`) as Q;
  if (f.servedOnOrBefore !== undefined) out = out.where('claims.service_date', '<=', f.servedOnOrBefore) as Q;
  if (f.assignee !== undefined) out = out.where(sql<SqlBool>`claims.id IN (SELECT claim_triage.claim_id FROM claim_triage WHERE claim_triage.assignee = ${f.assignee})`) as Q;
  const reason = f.reason;
  if (reason)
    out = out.where((eb) =>
      eb.exists(
        eb
          .selectFrom('adjustments')
          .innerJoin('remittance_claims', 'remittance_claims.id', 'adjustments.remittance_claim_id')
          .select('adjustments.id')
          .whereRef('remittance_claims.claim_id', '=', 'claims.id')
          .where('adjustments.group_code', '=', reason.group)
          .where('adjustments.reason_code', '=', reason.code),
      ),
    ) as Q;
  return out;
}

/**
 * `later.created_at >= claims.created_at`, written so that no index serves it (`|| ''`, which both dialects
 * accept; created_at is NOT NULL text, so the comparison is the same): the "later claim of the same visit"
 * test then seeks claims_visit (visit_id = ?), the claim's few visit mates. With the plain column, a
 * practice-scoped read (tenant-scope.ts: `practice_id IN (…)`) sought claims_practice_created
 * (practice_id = ? AND created_at > ?) instead — every newer claim of the practice, per candidate claim:
 * quadratic in the practice's size (issue 12 round 12, docs/performance.md).
 */
export const LATER_CREATED = sql<SqlBool>`(later.created_at || '') >= claims.created_at`;

function worklistBase(db: Kysely<WorkbenchDatabase>, f: WorklistFilter, opts: { inUpdatedOrder?: boolean }) {
  const picked = f.state?.length ? f.state.filter((s) => WORKLIST_STATES.includes(s)) : WORKLIST_STATES;
  const states = picked.length ? picked : WORKLIST_STATES;
  let q = opts.inUpdatedOrder ? db.selectFrom('claims').where(sql<SqlBool>`(claims.state || '') IN (${sql.join(states)})`) : db.selectFrom('claims').where('claims.state', 'in', states);
  if (f.payerId) q = opts.inUpdatedOrder ? q.where(sql<SqlBool>`(claims.payer_id || '') = ${f.payerId}`) : q.where('claims.payer_id', '=', f.payerId);
  // Not a claim someone already acted on, nor one a later claim of its visit superseded (a replacement or
  // void the practice sent itself), nor a copy of a claim already sent (duplicate by content: nothing to fix).
  return q
    .where((eb) => eb.not(eb.exists(eb.selectFrom('claim_actions').select('claim_actions.id').whereRef('claim_actions.claim_id', '=', 'claims.id'))))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('claims as later')
            .select('later.id')
            .whereRef('later.visit_id', '=', 'claims.visit_id')
            .whereRef('later.id', '!=', 'claims.id')
            .where(LATER_CREATED)
            .where('later.state', 'not in', REJECTED),
        ),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('claims as sent')
            .select('sent.id')
            .whereRef('sent.content_key', '=', 'claims.content_key')
            .whereRef('sent.id', '!=', 'claims.id')
            .where('sent.state', 'not in', REJECTED)
            .where('claims.state', '=', 'scrub-rejected'),
        ),
      ),
    );
}

export type WorklistRow = ClaimListRow & {
  data: string;
  lastDetail: Record<string, unknown>;
  adjustments: Array<{ group: string; reason: string; amount: string }>;
  remarks: string[];
  /** The latest payment's date (BPR16, else the day it was posted): deadlines count from it. */
  remittanceDate: string | null;
};

/** Each claim's latest payment that is not a reversal (status 22): claim id → remittance_claims id and the payment's date. */
async function latestPayments(db: Kysely<WorkbenchDatabase>, claimIds: string[]): Promise<Map<string, { id: string; date: string }>> {
  const rc = await inChunks(claimIds, (chunk) =>
    db
      .selectFrom('remittance_claims')
      .innerJoin('remittances', 'remittances.id', 'remittance_claims.remittance_id')
      .select(['remittance_claims.id', 'remittance_claims.claim_id', 'remittances.created_at', 'remittances.payment_date'])
      .where('remittance_claims.claim_id', 'in', chunk)
      .where('remittance_claims.status_code', '!=', '22')
      .execute(),
  );
  rc.sort((a, b) => b.created_at.localeCompare(a.created_at));
  const latest = new Map<string, { id: string; date: string }>();
  for (const r of rc) if (r.claim_id && !latest.has(r.claim_id)) latest.set(r.claim_id, { id: r.id, date: (r.payment_date ?? r.created_at).slice(0, 10) });
  return latest;
}

/** What the worklist shows beside each claim: its last event's detail, its latest payment's adjustments and remarks. */
export async function worklistDetails(db: Kysely<WorkbenchDatabase>, rows: Array<ClaimListRow & { data: string }>): Promise<WorklistRow[]> {
  const ids = rows.map((r) => r.id);
  const lastEvents = await inChunks(ids, (chunk) =>
    db
      .selectFrom('claim_events')
      .select(['claim_id', 'to_state', 'detail', 'seq'])
      .where('claim_id', 'in', chunk)
      .where('seq', 'in', db.selectFrom('claim_events').select((eb) => eb.fn.max('seq').as('m')).where('claim_id', 'in', chunk).groupBy('claim_id'))
      .execute(),
  );
  const latestRc = await latestPayments(db, ids);
  const rcIds = [...latestRc.values()].map((p) => p.id);
  const adjustments = await inChunks(rcIds, (chunk) => db.selectFrom('adjustments').select(['remittance_claim_id', 'group_code', 'reason_code', 'amount']).where('remittance_claim_id', 'in', chunk).execute());
  const remarks = await inChunks(rcIds, (chunk) => db.selectFrom('remittance_lines').select(['remittance_claim_id', 'remarks']).where('remittance_claim_id', 'in', chunk).execute());
  const eventOf = new Map(lastEvents.map((e) => [e.claim_id, e]));
  const adjOf = groupBy(adjustments, (a) => a.remittance_claim_id);
  const remarksOf = groupBy(remarks, (r) => r.remittance_claim_id);
  return rows.map((r) => {
    const latest = latestRc.get(r.id);
    const rcId = latest?.id;
    const ev = eventOf.get(r.id);
    return {
      ...r,
      lastDetail: ev?.detail ? (JSON.parse(ev.detail) as Record<string, unknown>) : {},
      adjustments: rcId ? (adjOf.get(rcId) ?? []).map((a) => ({ group: a.group_code, reason: a.reason_code, amount: a.amount })) : [],
      remarks: rcId ? (remarksOf.get(rcId) ?? []).flatMap((x) => (x.remarks ? (JSON.parse(x.remarks) as string[]) : [])) : [],
      remittanceDate: latest?.date ?? null,
    };
  });
}

/**
 * Issue 16: the worklist's claim ids in pages (keyset on the id, one short query a page), for the orders
 * and filters computed outside SQL — the deadline comes from the denial knowledge base and the payer's
 * windows, not from a column.
 */
export async function* worklistKeyPages(ledgerDb: Kysely<LedgerDatabase>, f: WorklistFilter, pageSize = 1000): AsyncGenerator<string[]> {
  const db = workbenchDb(ledgerDb);
  let last: string | undefined;
  for (;;) {
    let q = worklistFilter(db, f).select('claims.id');
    if (last !== undefined) q = q.where('claims.id', '>', last);
    const ids = (await q.orderBy('claims.id').limit(pageSize).execute()).map((r) => r.id);
    if (ids.length) yield ids;
    if (ids.length < pageSize) return;
    last = ids[ids.length - 1];
  }
}

/** Worklist rows (with what the worklist shows beside them) of these claim ids, in the ids' order. */
export async function worklistRowsByIds(ledgerDb: Kysely<LedgerDatabase>, ids: string[]): Promise<WorklistRow[]> {
  const db = workbenchDb(ledgerDb);
  const rows = (await inChunks(ids, (chunk) => db.selectFrom('claims').select([...listColumns, ...nameColumns, 'claims.data']).where('claims.id', 'in', chunk).execute())) as Array<ClaimListRow & { data: string }>;
  const byId = new Map(rows.map((r) => [r.id, r]));
  return worklistDetails(db, ids.flatMap((id) => byId.get(id) ?? []));
}

/** Group-PR adjustments of each claim's latest (non-reversal) payment. */
/**
 * The patient's share of each claim's visit, netted like the visit's money (visit-netting.ts): the group-PR
 * adjustments of every payment posted to any claim of the visit, reversals included (their amounts are
 * negative), summed per reason code. A reversed payment's share cancels out; what is left is the share of
 * the payment standing. Id lists are read in chunks (no IN list over SQLite's variable limit).
 */
export async function patientAdjustmentsOf(db: Kysely<WorkbenchDatabase>, claimIds: string[]): Promise<Map<string, Array<{ group_code: string; reason_code: string; amount: string }>>> {
  const out = new Map<string, Array<{ group_code: string; reason_code: string; amount: string }>>();
  if (!claimIds.length) return out;
  const asked = await inChunks(claimIds, (chunk) => db.selectFrom('claims').select(['id', 'visit_id']).where('id', 'in', chunk).execute());
  const visitOf = new Map(asked.map((c) => [c.id, c.visit_id ?? c.id]));
  const members = await inChunks([...new Set(visitOf.values())], (chunk) => db.selectFrom('claims').select(['id', 'visit_id']).where('visit_id', 'in', chunk).execute());
  const memberVisit = new Map<string, string>(members.map((m) => [m.id, m.visit_id!]));
  for (const [id, v] of visitOf) if (!memberVisit.has(id)) memberVisit.set(id, v);
  const adj = await inChunks([...memberVisit.keys()], (chunk) =>
    db
      .selectFrom('adjustments')
      .innerJoin('remittance_claims', 'remittance_claims.id', 'adjustments.remittance_claim_id')
      .select(['remittance_claims.claim_id', 'adjustments.reason_code', 'adjustments.amount'])
      .where('remittance_claims.claim_id', 'in', chunk)
      .where('adjustments.group_code', '=', 'PR')
      .execute(),
  );
  const byVisit = new Map<string, Map<string, Decimal>>();
  for (const a of adj) {
    const v = memberVisit.get(a.claim_id!)!;
    const reasons = byVisit.get(v) ?? new Map<string, Decimal>();
    reasons.set(a.reason_code, (reasons.get(a.reason_code) ?? new Decimal(0)).plus(a.amount));
    byVisit.set(v, reasons);
  }
  for (const [id, v] of visitOf) {
    const reasons = byVisit.get(v);
    if (!reasons) continue;
    const list = [...reasons].filter(([, amount]) => !amount.isZero()).map(([reason_code, amount]) => ({ group_code: 'PR', reason_code, amount: amount.toFixed(2) }));
    if (list.length) out.set(id, list);
  }
  return out;
}

function groupBy<T, K>(items: T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = out.get(k);
    if (list) list.push(t);
    else out.set(k, [t]);
  }
  return out;
}

export type WorkbenchQueries = ReturnType<typeof createWorkbenchQueries>;

export function createWorkbenchQueries(ledgerDb: Kysely<LedgerDatabase>, options: { now?: () => Date } = {}) {
  const db = workbenchDb(ledgerDb);
  const now = () => (options.now ?? (() => new Date()))();

  const filtered = (f: Omit<ClaimSearch, 'limit' | 'offset'>) => claimFilter(db, f);

  return {
    // ----------------------------------------------------------------------------------------
    // Claims
    // ----------------------------------------------------------------------------------------

    /**
     * A page of claims, newest first. Keys first: the subquery finds the page's ids (from an index that
     * gives the order, or by sorting only the matching claims' keys, read from a covering index), then
     * only those claims are read from the table. Sorting whole rows of every matching claim (the JSON
     * included) is what made wide filters slow.
     */
    async searchClaims(f: ClaimSearch): Promise<{ rows: ClaimListRow[]; total: number }> {
      // A patient filter (name prefix, date of birth) is selective through its own index: the unary + keeps
      // SQLite from walking claims_wb_created in page order instead, evaluating the filter on every claim.
      const bySearchIndex = !!(f.patientLast || f.dob);
      const page = filtered(f)
        .select('claims.id')
        .orderBy(bySearchIndex ? sql`+claims.created_at` : sql.ref('claims.created_at'), 'desc')
        .orderBy('claims.batch_file_id', 'desc')
        .orderBy('claims.batch_index', 'desc')
        .limit(f.limit)
        .offset(f.offset);
      // The page's ids first, then their rows by primary key. CROSS JOIN keeps that join order in SQLite: with
      // `claims.id IN (page)`, a practice-scoped read (tenant-scope.ts) walked every claim of the practice
      // through claims_practice_created and tested each against the page's ids (issue 12 round 12).
      const rows = await db
        .selectFrom(page.as('page'))
        .crossJoin('claims')
        .select([...listColumns, ...nameColumns, 'claims.practice_id'])
        .whereRef('claims.id', '=', 'page.id')
        .orderBy('claims.created_at', 'desc')
        .orderBy('claims.batch_file_id', 'desc')
        .orderBy('claims.batch_index', 'desc')
        .execute();
      const total = await filtered(f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return { rows: rows as ClaimListRow[], total: Number(total.n) };
    },

    /** The payers that sent remittances (key and name), for the remittances filter. */
    async remittancePayers(): Promise<Array<{ key: string; name: string | null }>> {
      const rows = await db.selectFrom('remittances').select(['payer_key', (eb) => eb.fn.max('payer_name').as('payer_name')]).groupBy('payer_key').orderBy('payer_key').execute();
      return rows.map((r) => ({ key: r.payer_key, name: (r.payer_name as string | null) ?? null }));
    },

    /**
     * The payer filter's options. `payer_id` is NOT NULL, so `is not null` keeps every row; it is there so a
     * practice-scoped read may use the partial claims_practice_payer (migration 0032): a covering read in payer order.
     */
    async payers(): Promise<string[]> {
      return (await db.selectFrom('claims').select('payer_id').where('payer_id', 'is not', null).distinct().orderBy('payer_id').execute()).map((r) => r.payer_id);
    },

    /** Everything the claim page shows: the claim, lines, events with their files and ISA13, payments, actions. */
    async claimDetail(id: string) {
      const claim = await db.selectFrom('claims').selectAll().where('id', '=', id).executeTakeFirst();
      if (!claim) return undefined;
      const lines = await db.selectFrom('claim_lines').selectAll().where('claim_id', '=', id).orderBy('line_number').execute();
      const events = await db
        .selectFrom('claim_events')
        .leftJoin('files', 'files.id', 'claim_events.source_file_id')
        .select(['claim_events.seq', 'claim_events.from_state', 'claim_events.to_state', 'claim_events.at', 'claim_events.source_file_id', 'claim_events.position', 'claim_events.detail', 'files.name as file_name', 'files.kind as file_kind'])
        .where('claim_events.claim_id', '=', id)
        .orderBy('claim_events.seq')
        .execute();
      const interchange = claim.transaction_set_id
        ? await db
            .selectFrom('transaction_sets')
            .innerJoin('groups', 'groups.id', 'transaction_sets.group_id')
            .innerJoin('interchanges', 'interchanges.id', 'groups.interchange_id')
            .innerJoin('files', 'files.id', 'interchanges.file_id')
            .select(['interchanges.control_number as isa13', 'groups.control_number as gs06', 'transaction_sets.control_number as st02', 'files.name as file_name', 'files.id as file_id', 'files.state as file_state', 'interchanges.ta1_status', 'groups.ack_status as group_ack', 'transaction_sets.ack_status as set_ack'])
            .where('transaction_sets.id', '=', claim.transaction_set_id)
            .executeTakeFirst()
        : undefined;
      const payments = await db
        .selectFrom('remittance_claims')
        .innerJoin('remittances', 'remittances.id', 'remittance_claims.remittance_id')
        .select(['remittance_claims.id', 'remittance_claims.status_code', 'remittance_claims.billed', 'remittance_claims.paid', 'remittance_claims.patient_responsibility', 'remittance_claims.payer_claim_number', 'remittance_claims.outcome', 'remittances.id as remittance_id', 'remittances.trace_number', 'remittances.payment_date', 'remittances.payer_name', 'remittances.created_at'])
        .where('remittance_claims.claim_id', '=', id)
        .orderBy('remittances.created_at')
        .execute();
      const rcIds = payments.map((p) => p.id);
      const adjustments = await inChunks(rcIds, (chunk) => db.selectFrom('adjustments').selectAll().where('remittance_claim_id', 'in', chunk).execute());
      const remarks = await inChunks(rcIds, (chunk) => db.selectFrom('remittance_lines').select(['remittance_claim_id', 'remarks', 'line_number', 'line_control', 'procedure_code', 'charge', 'paid']).where('remittance_claim_id', 'in', chunk).orderBy('line_number').execute());
      const statuses = await db.selectFrom('acknowledgments').select(['kind', 'status', 'detail', 'created_at', 'file_id']).where('claim_id', '=', id).orderBy('created_at').execute();
      const actions = await db.selectFrom('claim_actions').selectAll().where('claim_id', '=', id).orderBy('at').execute();
      const origin = await db.selectFrom('claim_actions').selectAll().where('new_claim_id', '=', id).executeTakeFirst();
      const version = await this.version(id);
      return {
        claim,
        lines,
        events,
        interchange,
        payments: payments.map((p) => ({ ...p, adjustments: adjustments.filter((a) => a.remittance_claim_id === p.id), remarks: remarks.filter((r) => r.remittance_claim_id === p.id).flatMap((r) => (r.remarks ? (JSON.parse(r.remarks) as string[]) : [])), lines: remarks.filter((r) => r.remittance_claim_id === p.id).map((r) => ({ line_number: r.line_number, line_control: r.line_control, procedure_code: r.procedure_code, charge: r.charge, paid: r.paid })) })),
        statuses,
        actions,
        origin,
        version,
      };
    },

    /** The chain of claims that replaced this one (resubmissions and voids), oldest first. */
    async successors(id: string): Promise<ClaimActionsTable[]> {
      const out: ClaimActionsTable[] = [];
      let current = id;
      for (let i = 0; i < 20; i++) {
        const next = await db.selectFrom('claim_actions').selectAll().where('claim_id', '=', current).where('new_claim_id', 'is not', null).orderBy('at').executeTakeFirst();
        if (!next?.new_claim_id) break;
        out.push(next);
        current = next.new_claim_id;
      }
      return out;
    },

    // ----------------------------------------------------------------------------------------
    // Worklist
    // ----------------------------------------------------------------------------------------

    async worklist(f: WorklistFilter & { limit: number; offset: number; sort?: 'updated' | 'amount' | 'age' | 'payer'; dir?: 'asc' | 'desc' }) {
      const dir = f.dir ?? 'desc';
      let q = worklistFilter(db, f).select([...listColumns, ...nameColumns, 'claims.data']);
      // Issue 16: triage orders; the claim id breaks ties so pages never overlap.
      if (f.sort === 'amount') q = q.orderBy(amountCents('claims.total_charge'), dir);
      else if (f.sort === 'age') q = q.orderBy(sql`coalesce(claims.service_date, claims.created_at)`, dir);
      else if (f.sort === 'payer') q = q.orderBy('claims.payer_id', dir);
      else q = q.orderBy('claims.updated_at', dir);
      const rows = await q.orderBy('claims.id').limit(f.limit).offset(f.offset).execute();
      const t = await worklistFilter(db, f)
        .select((eb) => [eb.fn.countAll<number>().as('n'), sumCents('claims.total_charge').as('c')])
        .executeTakeFirstOrThrow();
      return { total: Number(t.n), totalCharge: fromCents(t.c), rows: await worklistDetails(db, rows as Array<ClaimListRow & { data: string }>) };
    },

    // ----------------------------------------------------------------------------------------
    // Dashboard
    // ----------------------------------------------------------------------------------------

    async dashboard() {
      const t = now();
      const today = t.toISOString().slice(0, 10);
      const month = today.slice(0, 7) + '-01';
      /**
       * One pass per period: counts and integer-cent sums per state, read from the covering index
       * claims_wb_state_created (one range per state: `state IN (every state)` lets SQLite seek each
       * state's created_at range instead of reading every claim). Totals are added up here exactly.
       */
      // Visits with more than one claim (replacements, voids): their superseded claims' charges are not
      // billed again, and a voided visit bills nothing (visit-netting.ts).
      const lineageClaims = await db
        .selectFrom('claims')
        .select(['id', 'visit_id', 'state', 'frequency', 'total_charge', 'created_at'])
        .where('visit_id', 'in', db.selectFrom('claims').select('visit_id').where(sql<SqlBool>`visit_id != id`))
        .orderBy('visit_id')
        .orderBy('created_at')
        .orderBy('batch_file_id')
        .orderBy('batch_index')
        .execute();
      const lineages = new Map<string, VisitClaimFacts[]>();
      const createdAt = new Map<string, string>();
      for (const c of lineageClaims) {
        const list = lineages.get(c.visit_id!) ?? [];
        list.push({ id: c.id, frequency: c.frequency ?? '1', state: c.state as ClaimState, charge: c.total_charge });
        lineages.set(c.visit_id!, list);
        createdAt.set(c.id, c.created_at);
      }
      /** Cents to take off the period's gross billed total: what the superseded claims of these visits billed. */
      const notBilledAgain = (since: string) => {
        let out = new Decimal(0);
        for (const claims of lineages.values()) {
          const charges = netVisit({ claims, postings: [], patientPayments: [] }).charges;
          const current = currentClaimOf(claims);
          for (const c of claims) if (createdAt.get(c.id)! >= since) out = out.plus(new Decimal(c.charge).times(100));
          if (createdAt.get(current.id)! >= since) out = out.minus(new Decimal(charges).times(100));
        }
        return out;
      };
      const period = async (since: string) => {
        const rows = await db
          .selectFrom('claims')
          .select(['state'])
          .select((eb) => [eb.fn.countAll<number>().as('n'), cents('total_charge').as('billed'), cents('paid_amount').as('paid'), cents('patient_responsibility').as('patient')])
          .where('state', 'in', [...CLAIM_STATES])
          .where('created_at', '>=', since)
          .groupBy('state')
          .execute();
        const byState = Object.fromEntries(rows.map((s) => [s.state, Number(s.n)])) as Record<string, number>;
        const sumCents = (key: 'billed' | 'paid' | 'patient', states?: ClaimState[]) => rows.filter((r) => !states || states.includes(r.state)).reduce((sum, r) => sum.plus(String(r[key])), new Decimal(0));
        const total = Object.values(byState).reduce((a, b) => a + b, 0);
        const rejected = REJECTED.reduce((n, s) => n + (byState[s] ?? 0), 0);
        const adjudicatedCount = ADJUDICATED.reduce((n, s) => n + (byState[s] ?? 0), 0);
        const denied = byState.denied ?? 0;
        const adjusted = sumCents('billed', ADJUSTED).minus(sumCents('paid', ADJUSTED)).minus(sumCents('patient', ADJUSTED));
        return {
          since,
          claims: total,
          byState,
          billed: fromCents(sumCents('billed').minus(notBilledAgain(since)).toFixed(0)),
          paid: fromCents(sumCents('paid').toFixed(0)),
          patientResponsibility: fromCents(sumCents('patient').toFixed(0)),
          adjusted: fromCents(adjusted.toFixed(0)),
          rejectionRate: total ? rejected / total : 0,
          denialRate: adjudicatedCount ? denied / adjudicatedCount : 0,
          rejected,
          denied,
        };
      };
      const files = await db.selectFrom('files').select(['direction', 'state']).select((eb) => eb.fn.countAll<number>().as('n')).groupBy(['direction', 'state']).execute();
      const waiting = files.filter((f) => (f.direction === 'out' && ['generated', 'spooled', 'uploading'].includes(f.state)) || (f.direction === 'in' && f.state === 'received')).reduce((n, f) => n + Number(f.n), 0);
      const failed = files.filter((f) => f.state === 'quarantined' || f.state === 'rejected').reduce((n, f) => n + Number(f.n), 0);
      const contact = await db
        .selectFrom('files')
        .select(['partner_id', 'direction'])
        .select((eb) => eb.fn.max('updated_at').as('last'))
        .where('direction', 'in', ['in', 'out'])
        .where('partner_id', 'is not', null)
        .where('state', 'in', ['uploaded', 'acknowledged', 'rejected', 'posted', 'duplicate', 'quarantined', 'received'])
        .groupBy(['partner_id', 'direction'])
        .execute();
      const partners = new Map<string, { partnerId: string; lastSent: string | null; lastReceived: string | null }>();
      for (const c of contact) {
        const p = partners.get(c.partner_id!) ?? { partnerId: c.partner_id!, lastSent: null, lastReceived: null };
        if (c.direction === 'out') p.lastSent = String(c.last);
        else p.lastReceived = String(c.last);
        partners.set(c.partner_id!, p);
      }
      return { at: t.toISOString(), today: await period(today), month: await period(month), files: { waiting, failed }, partners: [...partners.values()] };
    },

    // ----------------------------------------------------------------------------------------
    // Aging
    // ----------------------------------------------------------------------------------------

    /**
     * Outstanding claims grouped by the transaction set that carried them (one 837, so one sending time),
     * payer, partner and state: a few rows per 837 instead of one per claim, so the aging page stays fast
     * with 100,000 claims. `sent_at` is when the 837's interchange was generated (it is uploaded in the
     * same gateway cycle).
     */
    async outstandingGroups() {
      // Group first (a covering index scan of claims_wb_open), then join the few groups to their 837's
      // interchange: three lookups per group instead of per claim.
      const grouped = db
        .selectFrom('claims')
        .select(['claims.transaction_set_id as ts', 'claims.payer_id', 'claims.partner_id', 'claims.state'])
        .select((eb) => [eb.fn.countAll<number>().as('n'), cents('claims.total_charge').as('cents')])
        .where('claims.state', 'in', OPEN_STATES)
        .where('claims.transaction_set_id', 'is not', null)
        .groupBy(['claims.state', 'claims.transaction_set_id', 'claims.payer_id', 'claims.partner_id'])
        .as('g');
      const rows = await db
        .selectFrom(grouped)
        .innerJoin('transaction_sets', 'transaction_sets.id', 'g.ts')
        .innerJoin('groups', 'groups.id', 'transaction_sets.group_id')
        .innerJoin('interchanges', 'interchanges.id', 'groups.interchange_id')
        .select(['g.ts', 'g.payer_id', 'g.partner_id', 'g.state', 'g.n', 'g.cents', 'interchanges.created_at as sent_at'])
        .execute();
      return rows.map((r) => ({ ts: r.ts!, payer_id: r.payer_id, partner_id: r.partner_id, state: r.state, sent_at: r.sent_at, n: Number(r.n), cents: Number(r.cents) }));
    },

    /** The outstanding claims of some transaction sets (a page of the follow-up list). */
    async outstandingClaims(transactionSetIds: string[]) {
      if (!transactionSetIds.length) return [];
      const out = [];
      for (let i = 0; i < transactionSetIds.length; i += 500) {
        out.push(
          ...(await db
            .selectFrom('claims')
            .select(['claims.id', 'claims.patient_control_number', 'claims.partner_id', 'claims.payer_id', 'claims.state', 'claims.total_charge', 'claims.service_date', 'claims.transaction_set_id'])
            .where('claims.transaction_set_id', 'in', transactionSetIds.slice(i, i + 500))
            .where('claims.state', 'in', OPEN_STATES)
            .orderBy('claims.id')
            .execute()),
        );
      }
      return out;
    },

    // ----------------------------------------------------------------------------------------
    // Patient balances
    // ----------------------------------------------------------------------------------------

    /**
     * Claims that leave something to the patient, by patient name (then service date, id), with their
     * count and sum. Reads the partial index claims_wb_owing_claims in order (no sort) and only the page's
     * claims from the table.
     */
    async patientBalanceClaims(f: { limit: number; offset: number; claimIds?: string[] }) {
      const base = () => {
        let q = db.selectFrom('claims').where(OWING);
        if (f.claimIds) q = q.where(idIn('claims.id', f.claimIds));
        return q;
      };
      const rows = await base()
        .select([...listColumns, ...nameColumns, 'claims.member_id'])
        .select(sql<string | null>`json_extract(claims.data, '$.billingProvider.name')`.as('provider_name'))
        .orderBy('claims.patient_last')
        .orderBy('claims.patient_first')
        .orderBy('claims.service_date')
        .orderBy('claims.id')
        .limit(f.limit)
        .offset(f.offset)
        .execute();
      const totals = await base()
        .select((eb) => [eb.fn.countAll<number>().as('n'), cents('claims.patient_responsibility').as('c')])
        .executeTakeFirstOrThrow();
      const total = Number(totals.n);
      const adjustments = await this.patientAdjustments(rows.map((r) => r.id));
      return { total, sum: fromCents(totals.c), rows: rows.map((r) => ({ ...(r as ClaimListRow & { member_id: string | null; provider_name: string | null }), adjustments: adjustments.get(r.id) ?? [] })) };
    },

    /** The patient's share of each claim's visit (patientAdjustmentsOf). */
    async patientAdjustments(claimIds: string[]) {
      return patientAdjustmentsOf(db, claimIds);
    },

    /**
     * Patients who owe something: one row per member id + patient name, paged, by name. Grouped in the
     * order of the partial covering index claims_wb_owing_patients (last, first, member id), so the groups
     * stream out sorted and a page stops reading once it is full.
     */
    async patientsOwing(f: { limit: number; offset: number }) {
      const base = () =>
        db
          .selectFrom('claims')
          .where(OWING)
          .select(['claims.member_id', 'claims.patient_last', 'claims.patient_first'])
          .groupBy(['claims.patient_last', 'claims.patient_first', 'claims.member_id']);
      const rows = await base()
        .select((eb) => [eb.fn.countAll<number>().as('claims'), eb.fn.min('claims.id').as('any_claim'), cents('claims.patient_responsibility').as('owed'), eb.fn.max('claims.service_date').as('last_service')])
        .orderBy('claims.patient_last')
        .orderBy('claims.patient_first')
        .orderBy('claims.member_id')
        .limit(f.limit)
        .offset(f.offset)
        .execute();
      const total = Number((await db.selectFrom(base().as('p')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      return { total, rows: rows.map((r) => ({ memberId: r.member_id, last: r.patient_last, first: r.patient_first, claims: Number(r.claims), anyClaim: String(r.any_claim), owed: fromCents(r.owed), lastService: r.last_service as string | null })) };
    },

    /** The claims of the patient of `claimId` that leave something to the patient (for the statement). */
    async statementClaims(claimId: string): Promise<string[]> {
      const c = await db.selectFrom('claims').select(['member_id', 'patient_last', 'patient_first']).where('id', '=', claimId).executeTakeFirst();
      if (!c) return [];
      const rows = await db
        .selectFrom('claims')
        .select('claims.id')
        .where(OWING)
        .where('claims.patient_last', c.patient_last === null ? 'is' : '=', c.patient_last)
        .where('claims.patient_first', c.patient_first === null ? 'is' : '=', c.patient_first)
        .where('claims.member_id', c.member_id === null ? 'is' : '=', c.member_id)
        .execute();
      return rows.map((r) => r.id);
    },

    // ----------------------------------------------------------------------------------------
    // Remittances and files
    // ----------------------------------------------------------------------------------------

    async remittances(f: { payer?: string; balanced?: boolean; from?: string; to?: string; limit: number; offset: number }) {
      const base = () => {
        let q = db.selectFrom('remittances');
        if (f.payer) q = q.where('payer_key', '=', f.payer);
        if (f.from) q = q.where('payment_date', '>=', f.from);
        if (f.to) q = q.where('payment_date', '<=', f.to);
        if (f.balanced !== undefined) q = q.where('balanced', '=', f.balanced ? 1 : 0);
        return q;
      };
      const rows = await base()
        .selectAll()
        .select((eb) => eb.selectFrom('remittance_claims').select((e2) => e2.fn.countAll<number>().as('n')).whereRef('remittance_claims.remittance_id', '=', 'remittances.id').as('claim_count'))
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(f.limit)
        .offset(f.offset)
        .execute();
      const total = Number((await base().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      return { total, rows };
    },

    async files(f: { direction?: 'intake' | 'out' | 'in'; state?: string; limit: number; offset: number }) {
      const base = () => {
        let q = db.selectFrom('files');
        if (f.direction) q = q.where('direction', '=', f.direction);
        if (f.state) q = q.where('state', '=', f.state);
        return q;
      };
      const rows = await base()
        .select(['id', 'direction', 'partner_id', 'name', 'kind', 'state', 'size', 'duplicate_of', 'error', 'summary', 'local_path', 'remote_name', 'created_at', 'updated_at'])
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(f.limit)
        .offset(f.offset)
        .execute();
      const total = Number((await base().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      return { total, rows };
    },

    // ----------------------------------------------------------------------------------------
    // Claim actions and the optimistic lock
    // ----------------------------------------------------------------------------------------

    async version(claimId: string): Promise<number> {
      return (await db.selectFrom('claim_versions').select('version').where('claim_id', '=', claimId).executeTakeFirst())?.version ?? 0;
    },

    /**
     * Moves the claim's version from `expected` to `expected + 1`; false when someone else changed it
     * first (the caller shows a stale-edit message and nothing is sent).
     */
    async bumpVersion(claimId: string, expected: number, actor: string): Promise<boolean> {
      const at = now().toISOString();
      return db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('claim_versions').select('version').where('claim_id', '=', claimId).executeTakeFirst();
        if ((row?.version ?? 0) !== expected) return false;
        if (!row) await trx.insertInto('claim_versions').values({ claim_id: claimId, version: 1, updated_at: at, updated_by: actor }).execute();
        else {
          const r = await trx.updateTable('claim_versions').set({ version: expected + 1, updated_at: at, updated_by: actor }).where('claim_id', '=', claimId).where('version', '=', expected).executeTakeFirst();
          if (Number(r.numUpdatedRows) !== 1) return false;
        }
        return true;
      });
    },

    async hasAction(claimId: string): Promise<ClaimActionsTable | undefined> {
      return db.selectFrom('claim_actions').selectAll().where('claim_id', '=', claimId).executeTakeFirst();
    },

    async recordAction(a: Omit<ClaimActionsTable, 'id' | 'at'>): Promise<ClaimActionsTable> {
      const row = { ...a, id: 'W' + randomUUID().replace(/-/g, '').slice(0, 20), at: now().toISOString() };
      await db.insertInto('claim_actions').values(row).execute();
      return row;
    },

    // ----------------------------------------------------------------------------------------
    // Events (server-sent)
    // ----------------------------------------------------------------------------------------

    async lastEventSeq(): Promise<number> {
      return Number((await db.selectFrom('claim_events').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst())?.m ?? 0);
    },

    async eventsAfter(seq: number, limit = 500) {
      return db.selectFrom('claim_events').select(['seq', 'claim_id', 'from_state', 'to_state', 'at', 'source_file_id']).where('seq', '>', seq).orderBy('seq').limit(limit).execute();
    },
  };
}

/**
 * Claims matching a search, oldest first (the order GET /v1/claims has always had), whole rows with the
 * patient name columns. The API's search; the page uses `searchClaims` (newest first, with a total).
 */
export async function listClaimsMatching(ledgerDb: Kysely<LedgerDatabase>, f: Omit<ClaimSearch, 'limit' | 'offset'>, page: { limit: number; offset: number }) {
  return claimFilter(workbenchDb(ledgerDb), f)
    .selectAll('claims')
    .orderBy('claims.created_at')
    .orderBy('claims.batch_file_id')
    .orderBy('claims.batch_index')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}
