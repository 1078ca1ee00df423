/**
 * What every part of the ledger shares: the database, the clock, the crash-test hook, and the writers of
 * claim events and unmatched references that keep the lifecycle append-only.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { Kysely } from 'kysely';
import { canTransition, IllegalTransitionError, type ClaimState } from './lifecycle.js';
import type { SourcePosition } from './posting-types.js';
import type { LedgerDatabase } from './schema.js';
import { inChunks } from './in-chunks.js';

export type Q = Kysely<LedgerDatabase>;

export interface LedgerOptions {
  now?: () => Date;
  /** Called inside each write transaction just before it commits, with the operation's name (crash tests). */
  beforeCommit?: (operation: string) => void;
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Claim ids are derived from the batch content and position: the same batch always gives the same ids. */
export function claimIdFor(batchSha: string, index: number): string {
  return 'C' + sha256(`${batchSha}:${index}`).slice(0, 19).toUpperCase();
}

export const newId = (prefix: string) => prefix + randomUUID().replace(/-/g, '').slice(0, 20);

/**
 * An id that sorts by creation time (12 hex digits of milliseconds, then 20 random hex digits as `newId`),
 * for the rows a posting writes by the million (claim payments, their lines and adjustments): each insert
 * lands at the end of the primary-key index instead of a random page of it, so posting does not slow down
 * as those tables outgrow SQLite's page cache (issue 12, round 7). Opaque like `newId`; unique by its
 * random part alone, as before.
 */
export const orderedId = (prefix: string) => prefix + Date.now().toString(16).padStart(12, '0') + randomUUID().replace(/-/g, '').slice(0, 20);

export type LedgerContext = ReturnType<typeof createLedgerContext>;

export function createLedgerContext(db: Q, options: LedgerOptions = {}) {
  const now = () => (options.now ?? (() => new Date()))();
  const iso = () => now().toISOString();
  const beforeCommit = (op: string) => options.beforeCommit?.(op);

  async function appendEvent(
    trx: Q,
    claim: { id: string; state: ClaimState | null },
    to: ClaimState,
    source: { fileId?: string | null; position?: SourcePosition; detail?: unknown },
  ): Promise<void> {
    const from = claim.state ?? undefined;
    if (!canTransition(from, to)) throw new IllegalTransitionError(claim.id, from, to);
    const at = iso();
    await trx
      .insertInto('claim_events')
      .values({
        claim_id: claim.id,
        from_state: claim.state,
        to_state: to,
        at,
        source_file_id: source.fileId ?? null,
        position: source.position ? JSON.stringify(source.position) : null,
        detail: source.detail === undefined ? null : JSON.stringify(source.detail),
      })
      .execute();
    await trx.updateTable('claims').set({ state: to, updated_at: at }).where('id', '=', claim.id).execute();
  }

  /**
   * Many transitions at once (same source): checked one by one, written in bulk. `alsoSet`: more columns
   * of the claims written by the same UPDATE as their state (generation's transaction_set_id: one row
   * rewrite per claim instead of two).
   */
  async function appendEvents(trx: Q, items: Array<{ id: string; state: ClaimState | null; to: ClaimState; detail?: unknown; position?: SourcePosition }>, fileId: string | null, alsoSet?: { transaction_set_id: string }): Promise<void> {
    const at = iso();
    for (const c of items) if (!canTransition(c.state ?? undefined, c.to)) throw new IllegalTransitionError(c.id, c.state ?? undefined, c.to);
    for (let i = 0; i < items.length; i += 200) {
      const chunk = items.slice(i, i + 200);
      await trx
        .insertInto('claim_events')
        .values(chunk.map((c) => ({ claim_id: c.id, from_state: c.state, to_state: c.to, at, source_file_id: fileId, position: c.position ? JSON.stringify(c.position) : null, detail: c.detail === undefined ? null : JSON.stringify(c.detail) })))
        .execute();
    }
    // The last event of each claim decides its state.
    const last = new Map<string, ClaimState>();
    for (const c of items) last.set(c.id, c.to);
    const byTarget = new Map<ClaimState, string[]>();
    for (const [id, to] of last) byTarget.set(to, [...(byTarget.get(to) ?? []), id]);
    for (const [to, ids] of byTarget) {
      for (let i = 0; i < ids.length; i += 500) await trx.updateTable('claims').set({ state: to, updated_at: at, ...alsoSet }).where('id', 'in', ids.slice(i, i + 500)).execute();
    }
  }

  /** Applies a transition if the state machine allows it; otherwise records why it was refused. */
  async function tryTransition(trx: Q, claim: { id: string; state: ClaimState }, to: ClaimState, fileId: string, kind: string, source: { position?: SourcePosition; detail?: unknown }): Promise<boolean> {
    if (claim.state === to) return false;
    if (!canTransition(claim.state, to)) {
      await trx
        .insertInto('unmatched')
        .values({ id: newId('U'), file_id: fileId, kind, reference: claim.id, reason: `refused transition ${claim.state} -> ${to}`, created_at: iso() })
        .execute();
      return false;
    }
    await appendEvent(trx, claim, to, { fileId, ...source });
    claim.state = to;
    return true;
  }

  async function recordUnmatched(trx: Q, fileId: string, kind: string, reference: string, reason: string) {
    await trx.insertInto('unmatched').values({ id: newId('U'), file_id: fileId, kind, reference, reason, created_at: iso() }).execute();
  }


  async function claimTransitionsForTransactionSets(trx: Q, tsIds: string[]): Promise<Array<{ id: string; state: ClaimState }>> {
    if (tsIds.length === 0) return [];
    return (await inChunks(tsIds, (chunk) => trx.selectFrom('claims').select(['id', 'state']).where('transaction_set_id', 'in', chunk).execute())).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async function matchClaim(trx: Q, partnerId: string, pcn: string, charge: string | undefined, states: ClaimState[]) {
    let rows = await trx
      .selectFrom('claims')
      .select(['id', 'state', 'total_charge', 'payer_claim_number'])
      .where('partner_id', '=', partnerId)
      .where('patient_control_number', '=', pcn)
      .where('state', 'in', states)
      .orderBy('created_at', 'desc')
      .execute();
    if (charge !== undefined && rows.length > 1) {
      const same = rows.filter((r) => new Decimal(r.total_charge).eq(charge));
      if (same.length) rows = same;
    }
    return rows[0] as { id: string; state: ClaimState; total_charge: string; payer_claim_number: string | null } | undefined;
  }


  return { db, now, iso, beforeCommit, appendEvent, appendEvents, tryTransition, recordUnmatched, claimTransitionsForTransactionSets, matchClaim };
}
