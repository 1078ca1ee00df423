/**
 * 0024-eligibility-practice: an eligibility check belongs to a practice (issue 17 item 3 meets issue 14 item
 * 3): the practice of its appointment's provider NPI, else of its partner, else `default` — the rule claims
 * follow (src/ledger/tenants.ts). Checks recorded before this migration belong to `default`.
 */
import type { Kysely, Migration } from 'kysely';

export const eligibilityPracticeMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('eligibility_checks').addColumn('practice_id', 'text', (c) => c.notNull().defaultTo('default')).execute();
    await db.schema.createIndex('eligibility_checks_practice').on('eligibility_checks').columns(['practice_id', 'created_at']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('eligibility_checks_practice').execute();
    await db.schema.alterTable('eligibility_checks').dropColumn('practice_id').execute();
  },
};
