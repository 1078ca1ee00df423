/**
 * 0031-claims-index-diet (issue 12, round 11: intake and generation limited by writing `claims`' index pages):
 * drops the indexes that are an exact leading prefix of another index on the same table, so every statement
 * that used one seeks the longer index instead (same equality prefix, still index-backed) while every INSERT
 * (intake) and every UPDATE of `state` (generation, acknowledgements, posting) writes one B-tree less each:
 *
 *  - claims_state (state)                          — prefix of claims_queue (state, batch_file_id, batch_index)
 *  - claims_practice (practice_id)                 — prefix of claims_practice_updated / claims_practice_created
 *  - tenants_claim_events_source (source_file_id)  — prefix of claim_events_source_file (source_file_id, claim_id)
 *
 * The catalog of the statements that read these tables and their plans before and after is in
 * docs/performance.md ("Issue 12, round 11: claims' indexes"); test/unit/ledger/claims-index-plans.test.ts
 * pins it. Plain DROP INDEX: the same on SQLite and PostgreSQL; `down` recreates them as 0001/0022 did.
 */
import type { Kysely, Migration } from 'kysely';

/** The indexes 0031 drops, with the table and columns each had (for `down` and the tests). */
export const DROPPED_PREFIX_INDEXES = [
  { name: 'claims_state', table: 'claims', columns: ['state'] },
  { name: 'claims_practice', table: 'claims', columns: ['practice_id'] },
  { name: 'tenants_claim_events_source', table: 'claim_events', columns: ['source_file_id'] },
] as const;

export const claimsIndexDietMigration: Migration = {
  async up(db: Kysely<any>) {
    for (const { name } of DROPPED_PREFIX_INDEXES) await db.schema.dropIndex(name).ifExists().execute();
  },
  async down(db: Kysely<any>) {
    for (const { name, table, columns } of DROPPED_PREFIX_INDEXES) await db.schema.createIndex(name).ifNotExists().on(table).columns([...columns]).execute();
  },
};
