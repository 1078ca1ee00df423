/**
 * Progress of a response file posted in chunks (migration 0028-posting-progress): each chunk's
 * transaction calls `advancePosting` with where the chunk starts and how many items it posts, so the
 * progress commits with the items or not at all. A chunk that does not start where the last one ended is
 * refused (another run is posting the file, or the caller skipped wrongly) — never posted twice.
 */
import type { Kysely } from 'kysely';
import type { LedgerDatabase } from './schema.js';

interface ProgressTables {
  posting_progress: { file_id: string; items: number };
}

type Db = Kysely<LedgerDatabase & ProgressTables>;
const progressDb = (q: Kysely<LedgerDatabase>) => q as unknown as Db;

/** Items of this file already posted (0 when its posting never started). */
export async function itemsPosted(q: Kysely<LedgerDatabase>, fileId: string): Promise<number> {
  const row = await progressDb(q).selectFrom('posting_progress').select('items').where('file_id', '=', fileId).executeTakeFirst();
  return Number(row?.items ?? 0);
}

/** Inside a chunk's transaction: checks that the chunk starts at `from`, and records `from + count`. */
export async function advancePosting(trx: Kysely<LedgerDatabase>, fileId: string, from: number, count: number): Promise<void> {
  const db = progressDb(trx);
  const row = await db.selectFrom('posting_progress').select('items').where('file_id', '=', fileId).executeTakeFirst();
  const posted = Number(row?.items ?? 0);
  if (posted !== from) throw new Error(`file ${fileId}: ${posted} items posted, chunk starts at ${from}; not posted (another run is posting this file?)`);
  if (!row) await db.insertInto('posting_progress').values({ file_id: fileId, items: count }).execute();
  else await db.updateTable('posting_progress').set({ items: from + count }).where('file_id', '=', fileId).execute();
}
