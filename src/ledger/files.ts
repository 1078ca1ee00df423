/**
 * Files: responses received, batches given, 837s sent — recorded once by content hash, with their state.
 */
import { partnerPractice } from './tenants.js';
import type { FileDirection, FileRow } from './schema.js';
import { newId, type LedgerContext } from './ledger-context.js';

export function fileOperations(ctx: LedgerContext) {
  const { db, iso, beforeCommit } = ctx;
  return {
    async findFileBySha(direction: FileDirection, hash: string): Promise<FileRow | undefined> {
      return db.selectFrom('files').selectAll().where('direction', '=', direction).where('dedupe_key', '=', hash).executeTakeFirst();
    },

    async findFileByPath(direction: FileDirection, localPath: string): Promise<FileRow | undefined> {
      return db.selectFrom('files').selectAll().where('direction', '=', direction).where('local_path', '=', localPath).orderBy('created_at', 'desc').executeTakeFirst();
    },

    async getFile(id: string): Promise<FileRow | undefined> {
      return db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async listFiles(filter: { direction?: FileDirection; state?: string | string[]; partnerId?: string } = {}): Promise<FileRow[]> {
      let q = db.selectFrom('files').selectAll();
      if (filter.direction) q = q.where('direction', '=', filter.direction);
      if (filter.partnerId) q = q.where('partner_id', '=', filter.partnerId);
      if (filter.state) q = q.where('state', 'in', Array.isArray(filter.state) ? filter.state : [filter.state]);
      return q.orderBy('created_at').orderBy('id').execute();
    },

    /**
     * Records a file we received (a response, in) or were given (a batch, intake). A file whose content
     * was recorded before is recorded as a duplicate of the first and reported so.
     */
    async recordFile(input: { direction: 'in' | 'intake'; partnerId?: string | null; name: string; sha256: string; size: number; kind: string; localPath?: string | null; state?: string }): Promise<{ file: FileRow; duplicateOf?: FileRow }> {
      return db.transaction().execute(async (trx) => {
        const first = await trx.selectFrom('files').selectAll().where('direction', '=', input.direction).where('dedupe_key', '=', input.sha256).executeTakeFirst();
        const at = iso();
        const row = {
          id: newId(input.direction === 'in' ? 'I' : 'B'),
          direction: input.direction,
          partner_id: input.partnerId ?? null,
          name: input.name,
          sha256: input.sha256,
          dedupe_key: first ? null : input.sha256,
          size: input.size,
          kind: input.kind,
          state: first ? 'duplicate' : (input.state ?? 'received'),
          duplicate_of: first?.id ?? null,
          local_path: input.localPath ?? null,
          remote_name: null,
          content: null,
          summary: null,
          error: null,
          attempts: 0,
          practice_id: await partnerPractice(trx, input.partnerId),
          created_at: at,
          updated_at: at,
        };
        await trx.insertInto('files').values(row).execute();
        beforeCommit('recordFile');
        return { file: row, duplicateOf: first };
      });
    },

    async setFileState(id: string, state: string, extra: { localPath?: string | null; remoteName?: string | null; error?: string | null; summary?: unknown; kind?: string; attempts?: number } = {}): Promise<void> {
      const set: Record<string, unknown> = { state, updated_at: iso() };
      if (extra.localPath !== undefined) set.local_path = extra.localPath;
      if (extra.remoteName !== undefined) set.remote_name = extra.remoteName;
      if (extra.error !== undefined) set.error = extra.error;
      if (extra.summary !== undefined) set.summary = JSON.stringify(extra.summary);
      if (extra.kind !== undefined) set.kind = extra.kind;
      if (extra.attempts !== undefined) set.attempts = extra.attempts;
      await db.updateTable('files').set(set).where('id', '=', id).execute();
    },

    async outboundFiles(states?: string[]): Promise<FileRow[]> {
      let q = db.selectFrom('files').selectAll().where('direction', '=', 'out');
      if (states) q = q.where('state', 'in', states);
      return q.orderBy('created_at').orderBy('id').execute();
    },

  };
}
