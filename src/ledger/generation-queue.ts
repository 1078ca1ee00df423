/**
 * The generation queue read in pieces: first the keys of every queued claim (small rows: no claim data),
 * then the claim data of one interchange's claims at a time. 100,000 queued claims never sit in memory
 * as parsed claims at once, and the caller can yield the event loop between interchanges.
 */
import type { Kysely } from 'kysely';
import type { LedgerDatabase } from './schema.js';

type Q = Kysely<LedgerDatabase>;

export interface QueuedClaimKey {
  id: string;
  partner_id: string;
  batch_file_id: string;
  /** 837P / 837I / 837D (or `unknown`). */
  claim_type: string;
}

/**
 * Every queued claim's key, in batch order (the order `queuedClaims` uses), read in keyset pages of
 * `pageSize` rows; `between` runs after each page (the caller yields the event loop there).
 */
export async function queuedClaimKeys(db: Q, options: { pageSize?: number; between?: () => Promise<void> } = {}): Promise<QueuedClaimKey[]> {
  const pageSize = options.pageSize ?? 5000;
  const keys: QueuedClaimKey[] = [];
  let after: { batch_file_id: string; batch_index: number } | undefined;
  for (;;) {
    let q = db.selectFrom('claims').select(['id', 'partner_id', 'batch_file_id', 'claim_type', 'batch_index']).where('state', '=', 'queued');
    if (after) {
      const a = after;
      q = q.where((eb) => eb.or([eb('batch_file_id', '>', a.batch_file_id), eb.and([eb('batch_file_id', '=', a.batch_file_id), eb('batch_index', '>', a.batch_index)])]));
    }
    const page = await q.orderBy('batch_file_id').orderBy('batch_index').limit(pageSize).execute();
    for (const r of page) keys.push({ id: r.id, partner_id: r.partner_id, batch_file_id: r.batch_file_id, claim_type: r.claim_type });
    if (page.length < pageSize) return keys;
    const last = page[page.length - 1];
    after = { batch_file_id: last.batch_file_id, batch_index: last.batch_index };
    await options.between?.();
  }
}

/** The stored claim JSON of `ids`, in the order of `ids`. */
export async function claimDataOf(db: Q, ids: readonly string[]): Promise<string[]> {
  const byId = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const r of await db.selectFrom('claims').select(['id', 'data']).where('id', 'in', ids.slice(i, i + 500)).execute()) byId.set(r.id, r.data);
  }
  return ids.map((id) => {
    const data = byId.get(id);
    if (data === undefined) throw new Error(`claim ${id} vanished from the queue`);
    return data;
  });
}
