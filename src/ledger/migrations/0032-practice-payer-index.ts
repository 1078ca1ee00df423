/**
 * 0032-practice-payer-index (issue 12, round 12, branch wb3): `claims_practice_payer (practice_id, payer_id)
 * WHERE payer_id IS NOT NULL`.
 *
 * A practice-scoped user reads `claims` as `(SELECT * FROM claims WHERE practice_id IN (…))`
 * (src/ledger/tenant-scope.ts). Every claims page (the list and every search) also reads the payer filter's
 * options, `select distinct payer_id … order by payer_id`: with only claims_practice_created /
 * _updated to seek, that was a read of every row of the practice plus a sort (about 165 ms of a 185 ms page
 * at 100,000 claims). With this index it is a covering read in payer order, no sort (about 13 ms).
 *
 * Why partial: without ANALYZE, SQLite costs every `practice_id = ?` seek alike and gives ties to the newest
 * index. A plain (practice_id, payer_id) index won ties it must not win: the worklist's "a later claim of the
 * same visit" subquery and six other correlated subqueries moved from claims_visit to a read of the
 * practice's range per outer row (the quadratic fault of round 12, wb2; caught by the plan test's
 * correlatedPracticeReads); wider full indexes (four and six columns) kept those, but became the index of the
 * practice's plain `practice_id = ?` reads, which then read the table in payer order instead of creation
 * order — patient balances per patient about twice as slow at 100,000 claims. `payer_id` is NOT NULL, so the
 * partial index holds every claim, but only statements that say `payer_id IS NOT NULL` (the payer list,
 * src/ledger/workbench-queries.ts `payers()`) or `payer_id = ?` may use it. Its columns are set when a claim
 * is recorded: generation, acknowledgements and posting never move an entry.
 *
 * Not added here (docs/performance.md, "Issue 12, round 12 … wb3"): a practice-leading claims_wb_open for aging.
 * CREATE INDEX … WHERE and DROP INDEX: the same on SQLite and PostgreSQL.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const PRACTICE_PAYER_INDEX = { name: 'claims_practice_payer', table: 'claims', columns: ['practice_id', 'payer_id'] } as const;

export const practicePayerIndexMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex(PRACTICE_PAYER_INDEX.name).ifNotExists().on(PRACTICE_PAYER_INDEX.table).columns([...PRACTICE_PAYER_INDEX.columns]).where(sql.ref('payer_id'), 'is not', null).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex(PRACTICE_PAYER_INDEX.name).ifExists().execute();
  },
};
