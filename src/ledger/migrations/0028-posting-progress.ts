/**
 * 0028-posting-progress (issue 12, round 6): how far a response file's chunked posting has gone. A 999,
 * a 277 (X212) or a 271 is read from the file and posted a bounded chunk of items per transaction
 * (src/gateway/inbox.ts); each chunk's transaction moves `items` forward by exactly the items it posted,
 * so after `kill -9` the posting resumes after them (src/ledger/posting-progress.ts). Portable as written
 * (a text key, an integer): the same on SQLite and PostgreSQL.
 */
import type { Kysely, Migration } from 'kysely';

export const postingProgressMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('posting_progress')
      /** The response file being posted (files.id). */
      .addColumn('file_id', 'text', (c) => c.primaryKey())
      /** Items of the file (999 transaction set verdicts and group ends, 277 answers, 271 answers) posted. */
      .addColumn('items', 'integer', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('posting_progress').execute();
  },
};
