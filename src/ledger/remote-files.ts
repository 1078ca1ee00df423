/**
 * The poller's durable memory of remote files (table remote_files, migration 0013): names refused as
 * unsafe, download attempts and quarantine. Functions over the Kysely db (the ledger's `db`).
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';

export type RemoteFileState = 'pending' | 'refused' | 'quarantined';

export interface RemoteFileRow {
  partner_id: string;
  name_sha256: string;
  safe_name: string | null;
  escaped_name: string | null;
  state: RemoteFileState;
  attempts: number;
  reason: string | null;
  first_seen_at: string;
  updated_at: string;
}

interface RemoteFilesDb {
  remote_files: RemoteFileRow;
}

const q = (db: Kysely<any>) => db as unknown as Kysely<RemoteFilesDb>;
const iso = () => new Date().toISOString();

export function remoteNameKey(rawName: string): string {
  return createHash('sha256').update(rawName, 'utf8').digest('hex');
}

/** Every file of a partner the poller has an opinion about (refused, quarantined, failing), by name key. */
export async function remoteFilesOf(db: Kysely<any>, partnerId: string): Promise<Map<string, RemoteFileRow>> {
  const rows = await q(db).selectFrom('remote_files').selectAll().where('partner_id', '=', partnerId).execute();
  return new Map(rows.map((r) => [r.name_sha256, r]));
}

/** Records a refused name; true when it was not known before (so the caller logs it once). */
export async function recordRefusedName(db: Kysely<any>, partnerId: string, rawName: string, reason: string, escaped: string): Promise<boolean> {
  const at = iso();
  const res = await q(db)
    .insertInto('remote_files')
    .values({ partner_id: partnerId, name_sha256: remoteNameKey(rawName), safe_name: null, escaped_name: escaped, state: 'refused', attempts: 0, reason, first_seen_at: at, updated_at: at })
    .onConflict((oc) => oc.columns(['partner_id', 'name_sha256']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Counts one failed download attempt; once `maxAttempts` is reached the file is quarantined.
 * Returns the row as it is now.
 */
export async function recordDownloadFailure(db: Kysely<any>, partnerId: string, rawName: string, safeName: string, reason: string, maxAttempts: number): Promise<RemoteFileRow> {
  return q(db)
    .transaction()
    .execute(async (trx) => {
      const key = remoteNameKey(rawName);
      const at = iso();
      const row = await trx.selectFrom('remote_files').selectAll().where('partner_id', '=', partnerId).where('name_sha256', '=', key).executeTakeFirst();
      const attempts = (row?.attempts ?? 0) + 1;
      const state: RemoteFileState = attempts >= maxAttempts ? 'quarantined' : 'pending';
      if (row) await trx.updateTable('remote_files').set({ attempts, state, reason, updated_at: at }).where('partner_id', '=', partnerId).where('name_sha256', '=', key).execute();
      else await trx.insertInto('remote_files').values({ partner_id: partnerId, name_sha256: key, safe_name: safeName, escaped_name: null, state, attempts, reason, first_seen_at: at, updated_at: at }).execute();
      return { partner_id: partnerId, name_sha256: key, safe_name: safeName, escaped_name: null, state, attempts, reason, first_seen_at: row?.first_seen_at ?? at, updated_at: at };
    });
}

/** Forgets a remote file's failures once it has been downloaded and recorded. */
export async function clearRemoteFile(db: Kysely<any>, partnerId: string, rawName: string): Promise<void> {
  await q(db).deleteFrom('remote_files').where('partner_id', '=', partnerId).where('name_sha256', '=', remoteNameKey(rawName)).where('state', '=', 'pending').execute();
}

/** Releases a quarantined (or refused) remote file: the next poll tries it again from zero attempts. */
export async function releaseRemoteFile(db: Kysely<any>, partnerId: string, nameSha256: string): Promise<boolean> {
  const res = await q(db).deleteFrom('remote_files').where('partner_id', '=', partnerId).where('name_sha256', '=', nameSha256).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
