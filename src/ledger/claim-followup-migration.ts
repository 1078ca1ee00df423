/**
 * Migration 0015-claim-followup: what a person does about a worklist claim (issues 15 and 16).
 *  - claim_appeals: one appeal per claim, drafted → sent → answered, with its deadline (the payer's appeal
 *    window from the remittance), the biller's argument and who did what when;
 *  - claim_triage: the claim's assignee (a user name), a note and a follow-up date.
 */
import type { Kysely, Migration } from 'kysely';

export const claimFollowupMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('claim_appeals')
      .addColumn('claim_id', 'text', (c) => c.primaryKey().references('claims.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('deadline', 'text')
      .addColumn('argument', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('answer', 'text')
      .addColumn('drafted_at', 'text', (c) => c.notNull())
      .addColumn('drafted_by', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text')
      .addColumn('answered_at', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('claim_appeals_status_deadline').on('claim_appeals').columns(['status', 'deadline']).execute();
    await db.schema
      .createTable('claim_triage')
      .addColumn('claim_id', 'text', (c) => c.primaryKey().references('claims.id'))
      .addColumn('assignee', 'text')
      .addColumn('note', 'text')
      .addColumn('follow_up', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('claim_triage_assignee').on('claim_triage').columns(['assignee']).execute();
  },
};
