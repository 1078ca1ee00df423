/**
 * Migration 0012-export-indexes: the worklist's order (newest change first, then id) as an index, so the
 * worklist export's keyset pages (export-queries.ts) seek instead of sorting every worklist claim per page;
 * state and payer in it too, so the claims passed over are filtered without reading their rows.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const exportIndexesMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`CREATE INDEX claims_wb_updated ON claims (updated_at DESC, id, state, payer_id)`.execute(db);
  },
};
