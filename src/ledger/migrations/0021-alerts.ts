/**
 * Migration 0021-alerts (issue 14, item 5): alerts that reach people.
 *  - alerts: one row per event a person must see (a claim near or past its payer's timely-filing limit,
 *    silent after a status inquiry, or any kind another step raises). `idempotency_key` is unique: the
 *    same kind for the same claim and deadline is raised once, however often a step asks.
 *  - outbound_deliveries: the persisted outbox of what is pushed to people (webhook, e-mail). A delivery
 *    row is written in the same transaction as the alert it carries, and is sent by a cycle step until
 *    delivered (src/gateway/alerts/deliveries.ts); its id is the stable delivery id a receiver dedupes on.
 *    The results webhook (`response.posted`) uses the same outbox.
 * Plain text / integer columns only, so the same steps run on SQLite and PostgreSQL.
 */
import type { Kysely, Migration } from 'kysely';

export const alertsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('alerts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('idempotency_key', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('claim_id', 'text')
      .addColumn('partner_id', 'text')
      .addColumn('payer_id', 'text')
      .addColumn('due_date', 'text')
      .addColumn('note', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('alerts_idempotency_key').unique().on('alerts').column('idempotency_key').execute();
    await db.schema.createIndex('alerts_created_at').on('alerts').column('created_at').execute();
    await db.schema.createIndex('alerts_claim_id').on('alerts').column('claim_id').execute();
    await db.schema
      .createTable('outbound_deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('delivered_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('outbound_deliveries_subject').unique().on('outbound_deliveries').columns(['channel', 'event', 'subject_id']).execute();
    await db.schema.createIndex('outbound_deliveries_due').on('outbound_deliveries').columns(['state', 'next_attempt_at']).execute();
  },
};
