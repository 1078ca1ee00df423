/**
 * 0032-practice-payer-index (issue 12, round 12, branch wb3): `claims_practice_payer (practice_id, payer_id, created_at,
 * id)`.
 *
 * A practice-scoped user reads `claims` as `(SELECT * FROM claims WHERE practice_id IN (…))`
 * (src/ledger/tenant-scope.ts). Every claims page (the list and every search) also reads the payer filter's
 * options, `select distinct payer_id … order by payer_id`: with only claims_practice_created /
 * _updated to seek, that was a read of every row of the practice plus a sort (about 165 ms of a 185 ms page
 * at 100,000 claims). With this index it is a covering read in payer order, no sort (about 13 ms).
 *
 * Why four columns and not (practice_id, payer_id): without ANALYZE, SQLite costs every `practice_id = ?` seek
 * alike and breaks ties partly by the index's row width; the two-column index won ties it must not win —
 * the worklist's "a later claim of the same visit" subquery (and six other correlated subqueries) moved
 * from claims_visit to a read of the practice's range per outer row (the quadratic fault of round 12, wb2;
 * caught by the plan test's correlatedPracticeReads). As wide as claims_practice_created, it leaves those
 * statements' plans as they were. Its columns are set when a claim is recorded (a replacement claim's
 * practice once more just after, src/api/workbench/actions.ts) and not changed later (no `state`, no batch
 * columns): generation, acknowledgements and posting never move an entry. (A first cut,
 * (practice_id, payer_id, state, created_at, batch_file_id, batch_index), cost posting +5.9 % bytes written.)
 * It becomes the index of some of the practice's plain `practice_id = ?` reads (the same rows either way).
 *
 * Not added here (docs/performance.md, "Issue 12, round 12 … wb3"): a practice-leading claims_wb_open for aging.
 * Plain CREATE / DROP INDEX: the same on SQLite and PostgreSQL.
 */
import type { Kysely, Migration } from 'kysely';

export const PRACTICE_PAYER_INDEX = { name: 'claims_practice_payer', table: 'claims', columns: ['practice_id', 'payer_id', 'created_at', 'id'] } as const;

export const practicePayerIndexMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex(PRACTICE_PAYER_INDEX.name).ifNotExists().on(PRACTICE_PAYER_INDEX.table).columns([...PRACTICE_PAYER_INDEX.columns]).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex(PRACTICE_PAYER_INDEX.name).ifExists().execute();
  },
};
