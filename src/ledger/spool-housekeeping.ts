/**
 * Spool housekeeping by index (issue 10, item 6). An outbound file that reached a final state
 * (acknowledged or rejected) has its spool copy moved to spool/acknowledged once; `spool_tidied_at` then
 * records that nothing is left to do for it. The gateway asks every cycle only for files without that
 * mark, through the partial index files_spool_untidied (migration 0012): the cost of a cycle follows the
 * files that have something to do, not the history, and no 837 bytes are read.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { LedgerDatabase } from './schema.js';
import { indexedBy } from './sql-dialect.js';

/** States after which an outbound file's spool copy is no longer needed for a retry. */
export const SPOOL_FINAL_STATES = ['acknowledged', 'rejected'] as const;

export interface FileToTidy {
  id: string;
  state: string;
  local_path: string | null;
}

/** Migration 0012-spool-tidy: the mark and the partial index the housekeeping query uses. */
export const spoolTidyMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('files').addColumn('spool_tidied_at', 'text').execute();
    // Literal values, written exactly as in filesToTidy: a partial index is only used when the query's
    // WHERE implies the index's.
    await sql`CREATE INDEX files_spool_untidied ON files (direction, state, id) WHERE spool_tidied_at IS NULL`.execute(db);
  },
};

/** Outbound files in a final state whose spool copy has not been dealt with yet (no content column). */
export async function filesToTidy(db: Kysely<LedgerDatabase>, limit = 500): Promise<FileToTidy[]> {
  const res = await sql<FileToTidy>`SELECT id, state, local_path FROM files ${indexedBy(db, 'files_spool_untidied')}
    WHERE spool_tidied_at IS NULL AND direction = 'out' AND state IN ('acknowledged', 'rejected')
    ORDER BY id LIMIT ${limit}`.execute(db);
  return res.rows;
}

/** Records that a file's spool copy was dealt with (moved to `localPath`, or nothing to move). */
export async function markTidied(db: Kysely<LedgerDatabase>, id: string, localPath: string | null, at: Date): Promise<void> {
  // Raw SQL: the column is only known to this module (FilesTable in schema.ts stays as the other modules use it).
  await sql`UPDATE files SET local_path = ${localPath}, spool_tidied_at = ${at.toISOString()}, updated_at = ${at.toISOString()} WHERE id = ${id}`.execute(db);
}
