/**
 * 0019-claim-status-inquiries (issue 14, item 2): the 276 inquiries we send and the 277 answers we post.
 *  - status_inquiries: one row per claim asked about in a 276 (its trace number, TRN02, is unique per
 *    partner), with the outbound file that carries it and when an answer came;
 *  - status_answers: one row per 277 status (2200D/E STC) posted, keyed by `answer_key` so the same
 *    answer is never posted twice; the next step in words when a person must act.
 * Plain text/integer columns and ordinary indexes: the same on SQLite and PostgreSQL. Imports nothing
 * from the ledger's modules.
 */
import type { Kysely, Migration } from 'kysely';

export const claimStatusInquiriesMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('status_inquiries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('partner_id', 'text', (c) => c.notNull())
      .addColumn('claim_id', 'text', (c) => c.notNull())
      .addColumn('payer_id', 'text', (c) => c.notNull())
      /** TRN02 of the 2200D/E loop. */
      .addColumn('trace', 'text', (c) => c.notNull())
      /** The outbound 276 file (files.id). */
      .addColumn('file_id', 'text', (c) => c.notNull())
      /** no-999 | no-277ca | no-835 */
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('answered_at', 'text')
      .execute();
    await db.schema.createIndex('status_inquiries_trace').unique().on('status_inquiries').columns(['partner_id', 'trace']).execute();
    await db.schema.createIndex('status_inquiries_claim').on('status_inquiries').columns(['claim_id', 'created_at']).execute();
    await db.schema.createIndex('status_inquiries_open').on('status_inquiries').columns(['answered_at', 'created_at']).execute();
    await db.schema
      .createTable('status_answers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('answer_key', 'text', (c) => c.notNull())
      .addColumn('file_id', 'text', (c) => c.notNull())
      .addColumn('partner_id', 'text', (c) => c.notNull())
      /** Null when no claim of ours matched (then also in `unmatched`). */
      .addColumn('claim_id', 'text')
      .addColumn('inquiry_id', 'text')
      .addColumn('trace', 'text', (c) => c.notNull())
      /** STC01-1 / -2 / -3 */
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('status_code', 'text', (c) => c.notNull())
      .addColumn('entity', 'text')
      .addColumn('effective_date', 'text')
      /** STC04 / STC05 as decimal strings. */
      .addColumn('charge', 'text')
      .addColumn('paid', 'text')
      /** pending | finalized-paid | denied | action-needed | none */
      .addColumn('outcome', 'text', (c) => c.notNull())
      /** What a person does next, in words (null when nothing). */
      .addColumn('next_step', 'text')
      .addColumn('position', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('status_answers_key').unique().on('status_answers').columns(['answer_key']).execute();
    await db.schema.createIndex('status_answers_claim').on('status_answers').columns(['claim_id', 'created_at']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('status_answers').execute();
    await db.schema.dropTable('status_inquiries').execute();
  },
};
