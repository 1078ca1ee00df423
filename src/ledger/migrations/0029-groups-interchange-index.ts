/**
 * 0029-groups-interchange-index (issue 12, round 7: posting that does not slow as the ledger grows): the
 * functional groups of an interchange, found by `interchange_id`. `stampFilePractice`
 * (src/ledger/tenants.ts) finds the claims a file carries from the file's interchanges → groups →
 * transaction sets → claims; without this index SQLite read every transaction set (and, with the join
 * written from the claims' side, every claim) once per posting: the posting of a 1 GB 835 slowed as the
 * ledger grew. Plain CREATE INDEX: the same on SQLite and PostgreSQL.
 */
import type { Kysely, Migration } from 'kysely';

export const groupsInterchangeIndexMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('groups_interchange').on('groups').columns(['interchange_id']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('groups_interchange').execute();
  },
};
