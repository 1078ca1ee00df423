/**
 * Migration 0018-secondary-claims (issue 14 item 1): the claim to the next payer that an 835 caused,
 * one per claim that was answered — the primary key makes "exactly once" a constraint, not a hope.
 *  - source_claim_id: the claim whose 835 posted (primary, or secondary for a tertiary);
 *  - claim_id: the next payer's claim in `claims` (queued, or scrub-rejected when held);
 *  - state: created (queued to send) | held (on the worklist: partner setting `hold`, or incomplete coverage);
 *  - responsibility, patient_control_number (its CLM01), remittance_id (the posting that caused it),
 *    hold_reason (JSON: the missing fields), created_at.
 * Plain text columns and a primary key only: the same on SQLite and PostgreSQL.
 */
import type { Kysely, Migration } from 'kysely';

export const secondaryClaimsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('secondary_claims')
      .addColumn('source_claim_id', 'text', (c) => c.primaryKey().references('claims.id'))
      .addColumn('claim_id', 'text', (c) => c.notNull().references('claims.id'))
      .addColumn('responsibility', 'text', (c) => c.notNull())
      .addColumn('patient_control_number', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('remittance_id', 'text', (c) => c.notNull())
      .addColumn('hold_reason', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('secondary_claims_claim').on('secondary_claims').columns(['claim_id']).execute();
  },
};
