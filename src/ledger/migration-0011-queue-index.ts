/**
 * 0011-generation-queue-index: the generation queue (queued claims in batch order) read in keyset pages
 * (generation-queue.ts) by an index, instead of sorting every queued claim for each page.
 */
import type { Kysely, Migration } from 'kysely';

export const generationQueueIndexMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('claims_queue').ifNotExists().on('claims').columns(['state', 'batch_file_id', 'batch_index']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('claims_queue').ifExists().execute();
  },
};
