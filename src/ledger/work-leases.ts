/**
 * Work leases (issue 17, migration 0023-work-leases): with several gateway instances on one PostgreSQL
 * ledger, a work item that is not a ledger row — today a batch in the shared `outbox/.working/` folder —
 * is worked on by one instance at a time. The instance takes a lease row (`leased_by`,
 * `lease_expires_at`), renews it while it works (heartbeat), and deletes it when done. A SIGKILLed
 * holder renews nothing: once its lease has expired any other instance takes the item over.
 *
 * Taking: `INSERT … ON CONFLICT DO NOTHING` for a free item; for a held one the row is read
 * `FOR UPDATE SKIP LOCKED` (an instance that finds the row locked by another one taking or renewing it
 * moves on instead of waiting) and taken only when it is ours or expired. Why rows and SKIP LOCKED rather
 * than graphile-worker or pg-boss: docs/decisions.md ("Work sharing between instances").
 *
 * Time is the instances' clocks (ISO-8601 text, compared as text): hosts must keep time (NTP) to well
 * within the lease's length.
 *
 * On SQLite the one process that owns the data folder (cli/data-lock.ts) holds every lease: nothing is
 * written, `tryTake` is always true, so a restarted process never waits for its own dead lease.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { sql, type Kysely } from 'kysely';
import { dialectOf } from './sql-dialect.js';

/** What an instance calls itself in `leased_by`: host, pid and a random part (a restarted pid is a new owner). */
export const instanceId = (): string => `${hostname().slice(0, 40)}:${process.pid}:${randomBytes(3).toString('hex')}`;

export interface WorkLeaseSettings {
  /** This instance (see `instanceId`). */
  owner: string;
  /** How long a lease lasts without a heartbeat; a dead holder's item waits this long at most. */
  ttlMs: number;
  /** Heartbeat period while working (default ttlMs / 4). */
  heartbeatMs?: number;
  now?: () => Date;
}

export interface HeldLease {
  /** True once a heartbeat found the lease taken over (this instance stalled longer than ttlMs). */
  lost(): boolean;
}

export type LeaseOutcome<T> = { taken: true; value: T } | { taken: false };

export interface WorkLeases {
  readonly owner: string;
  readonly ttlMs: number;
  /** Takes the item when it is free, expired or already ours; false when another live instance holds it. */
  tryTake(step: string, item: string): Promise<boolean>;
  /** Pushes the expiry on; false when the lease is no longer ours. */
  renew(step: string, item: string): Promise<boolean>;
  /** Gives the item up (only if ours). */
  release(step: string, item: string): Promise<void>;
  /** Runs `work` holding the item's lease, heartbeating meanwhile; `{ taken: false }` when another instance holds it. */
  withLease<T>(step: string, item: string, work: (lease: HeldLease) => Promise<T>, options?: { onLost?: () => void }): Promise<LeaseOutcome<T>>;
}

/** Leases for `db`: lease rows on PostgreSQL, always held on SQLite. */
export function createWorkLeases(db: Kysely<any>, settings: WorkLeaseSettings): WorkLeases {
  const now = settings.now ?? (() => new Date());
  const { owner, ttlMs } = settings;
  const heartbeatMs = settings.heartbeatMs ?? Math.max(50, Math.floor(ttlMs / 4));
  const rowless = dialectOf(db) === 'sqlite';

  async function tryTake(step: string, item: string): Promise<boolean> {
    if (rowless) return true;
    return db.transaction().execute(async (trx) => {
      const t = now();
      const at = t.toISOString();
      const until = new Date(t.getTime() + ttlMs).toISOString();
      const inserted = await trx
        .insertInto('work_leases')
        .values({ step, item, leased_by: owner, lease_expires_at: until, taken_at: at, takeovers: 0 })
        .onConflict((oc) => oc.columns(['step', 'item']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return true;
      const row = await trx.selectFrom('work_leases').select(['leased_by', 'lease_expires_at']).where('step', '=', step).where('item', '=', item).forUpdate().skipLocked().executeTakeFirst();
      // Locked: another instance is taking or renewing it this very moment. Gone: released just now (next cycle).
      if (!row) return false;
      const mine = row.leased_by === owner;
      if (!mine && row.lease_expires_at > at) return false;
      await trx
        .updateTable('work_leases')
        .set(mine ? { lease_expires_at: until } : { leased_by: owner, lease_expires_at: until, taken_at: at, takeovers: sql`takeovers + 1` })
        .where('step', '=', step)
        .where('item', '=', item)
        .execute();
      return true;
    });
  }

  async function renew(step: string, item: string): Promise<boolean> {
    if (rowless) return true;
    const until = new Date(now().getTime() + ttlMs).toISOString();
    const res = await db.updateTable('work_leases').set({ lease_expires_at: until }).where('step', '=', step).where('item', '=', item).where('leased_by', '=', owner).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async function release(step: string, item: string): Promise<void> {
    if (rowless) return;
    await db.deleteFrom('work_leases').where('step', '=', step).where('item', '=', item).where('leased_by', '=', owner).execute();
  }

  return {
    owner,
    ttlMs,
    tryTake,
    renew,
    release,
    async withLease(step, item, work, options = {}) {
      if (!(await tryTake(step, item))) return { taken: false };
      let lost = false;
      let beating: Promise<unknown> = Promise.resolve();
      const timer = rowless
        ? undefined
        : setInterval(() => {
            beating = renew(step, item).then(
              (ours) => {
                if (!ours && !lost) {
                  lost = true;
                  options.onLost?.();
                }
              },
              () => {
                /* a failed heartbeat is retried by the next one; the lease lasts ttlMs meanwhile */
              },
            );
          }, heartbeatMs);
      timer?.unref();
      try {
        return { taken: true, value: await work({ lost: () => lost }) };
      } finally {
        if (timer) clearInterval(timer);
        await beating;
        if (!lost) await release(step, item);
      }
    },
  };
}
