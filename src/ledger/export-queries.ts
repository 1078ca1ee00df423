/**
 * The CSV exports' reads (issue 10, item 10): every claim, worklist item or balance, however many, in
 * keyset-paged chunks (keyset.ts) — each page one short query, nothing held open between pages, no row
 * cap, no IN list longer than a page. Each generator yields one page of rows at a time, in the same
 * order as the workbench's pages.
 */
import { sql, type Kysely } from 'kysely';
import { inChunks } from './in-chunks.js';
import { keysetPages, type KeyColumn } from './keyset.js';
import type { ClaimState } from './lifecycle.js';
import type { LedgerDatabase } from './schema.js';
import { claimFilter, listColumns, OWING, nameColumns, patientAdjustmentsOf, worklistDetails, worklistFilter, type ClaimListRow, type ClaimSearch, type WorklistRow, type WorklistFilter } from './workbench-queries.js';
import { workbenchDb, type WorkbenchDatabase } from './workbench-schema.js';

export const EXPORT_PAGE = 1000;

/** Rows of `ids` in that order (one query per IN_CHUNK ids). */
async function rowsInOrder<R extends { id: string }>(ids: string[], fetch: (chunk: string[]) => Promise<R[]>): Promise<R[]> {
  const byId = new Map((await inChunks(ids, fetch)).map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is R => r !== undefined);
}

const CLAIM_KEYS: KeyColumn[] = [
  { column: 'claims.created_at', dir: 'desc' },
  { column: 'claims.batch_file_id', dir: 'desc' },
  { column: 'claims.batch_index', dir: 'desc' },
];

/** Every claim matching the search, newest first (the claims page's order). */
export async function* exportClaims(ledgerDb: Kysely<LedgerDatabase>, f: Omit<ClaimSearch, 'limit' | 'offset'>, pageSize = EXPORT_PAGE): AsyncGenerator<ClaimListRow[]> {
  const db = workbenchDb(ledgerDb);
  for await (const ids of keysetPages(() => claimFilter(db, f), CLAIM_KEYS, 'claims.id', pageSize)) {
    yield await rowsInOrder(ids, async (chunk) => (await db.selectFrom('claims').select([...listColumns, ...nameColumns]).where('claims.id', 'in', chunk).execute()) as ClaimListRow[]);
  }
}

const WORKLIST_KEYS: KeyColumn[] = [
  { column: 'claims.updated_at', dir: 'desc' },
  { column: 'claims.id', dir: 'asc' },
];

/** Every worklist item (newest change first), with what the worklist shows beside it. */
export async function* exportWorklist(ledgerDb: Kysely<LedgerDatabase>, f: WorklistFilter, pageSize = EXPORT_PAGE): AsyncGenerator<WorklistRow[]> {
  const db = workbenchDb(ledgerDb);
  for await (const ids of keysetPages(() => worklistFilter(db, f, { inUpdatedOrder: true }), WORKLIST_KEYS, 'claims.id', pageSize)) {
    const rows = await rowsInOrder(ids, async (chunk) => (await db.selectFrom('claims').select([...listColumns, ...nameColumns, 'claims.data']).where('claims.id', 'in', chunk).execute()) as Array<ClaimListRow & { data: string }>);
    yield await worklistDetails(db, rows);
  }
}

const BALANCE_KEYS: KeyColumn[] = [
  { column: 'claims.patient_last', dir: 'asc', nullable: true },
  { column: 'claims.patient_first', dir: 'asc', nullable: true },
  { column: 'claims.service_date', dir: 'asc', nullable: true },
  { column: 'claims.id', dir: 'asc' },
];

export type BalanceExportRow = ClaimListRow & { member_id: string | null; provider_name: string | null; adjustments: Array<{ group_code: string; reason_code: string; amount: string }> };

/** Every claim that leaves something to the patient, by patient name (the balances page's order). */
export async function* exportBalances(ledgerDb: Kysely<LedgerDatabase>, pageSize = EXPORT_PAGE): AsyncGenerator<BalanceExportRow[]> {
  const db: Kysely<WorkbenchDatabase> = workbenchDb(ledgerDb);
  for await (const ids of keysetPages(() => db.selectFrom('claims').where(OWING), BALANCE_KEYS, 'claims.id', pageSize)) {
    const rows = await rowsInOrder(ids, async (chunk) =>
      (await db
        .selectFrom('claims')
        .select([...listColumns, ...nameColumns, 'claims.member_id'])
        .select(sql<string | null>`json_extract(claims.data, '$.billingProvider.name')`.as('provider_name'))
        .where('claims.id', 'in', chunk)
        .execute()) as Array<ClaimListRow & { member_id: string | null; provider_name: string | null }>,
    );
    const adjustments = await patientAdjustmentsOf(db, ids);
    yield rows.map((r) => ({ ...r, adjustments: adjustments.get(r.id) ?? [] }));
  }
}
