/**
 * 0030-output-page-indexes (issue 12, round 7: the results and reports of a large 835): `remittanceClaimsPage`
 * (src/ledger/file-output-pages.ts) reads a check's claim payments ordered by id after a key; with the index on
 * `remittance_id` alone (ids are text, not the rowid) SQLite read and sorted the whole check for every page of
 * 1,000 — quadratic in the size of one check. The file's lifecycle events already have the index their pages
 * need (claim_events_source_file, migration 0016, whose rowid is `seq`). Plain CREATE INDEX: the same on
 * SQLite and PostgreSQL.
 */
import type { Kysely, Migration } from 'kysely';

export const outputPageIndexesMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('remittance_claims_remit_id').on('remittance_claims').columns(['remittance_id', 'id']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('remittance_claims_remit_id').execute();
  },
};
