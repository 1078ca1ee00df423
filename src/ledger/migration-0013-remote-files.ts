/**
 * 0013: what the poller knows about files in a partner's outbound folder before they are ours: names it
 * refused (unsafe), and files it could not download (attempts, last reason, quarantined after a bound).
 * Keyed by partner and the sha256 of the raw remote name, so a hostile name is never needed as a key.
 * Imports nothing from the ledger modules.
 */
import type { Kysely, Migration } from 'kysely';

export const remoteFilesMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('remote_files')
      .addColumn('partner_id', 'text', (c) => c.notNull())
      .addColumn('name_sha256', 'text', (c) => c.notNull())
      /** The name when it is a safe base name; null for a refused one. */
      .addColumn('safe_name', 'text')
      /** An escaped, bounded form of a refused name (for the operator). */
      .addColumn('escaped_name', 'text')
      /** pending | refused | quarantined */
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('reason', 'text')
      .addColumn('first_seen_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('remote_files_pk', ['partner_id', 'name_sha256'])
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('remote_files').execute();
  },
};
