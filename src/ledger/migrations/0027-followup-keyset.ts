/**
 * 0027-followup-keyset (issue 12, round 4: the status follow-up): the follow-up step pages through a
 * partner's awaiting claims by (updated_at, id) (src/ledger/status-inquiries.ts, `claimsDueForInquiry`),
 * a page at a time from where the last run stopped; this index makes each page one range read instead of a
 * scan of every claim of the partner.
 */
import type { Kysely, Migration } from 'kysely';

export const followupKeysetMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('claims_partner_updated').on('claims').columns(['partner_id', 'updated_at', 'id']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('claims_partner_updated').execute();
  },
};
