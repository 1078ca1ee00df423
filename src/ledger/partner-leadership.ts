/**
 * Per-partner leadership (issue 17): with several gateway instances on one PostgreSQL ledger, one
 * instance at a time talks to a partner (uploads and polls). Leadership is a session advisory lock,
 * `pg_try_advisory_lock(class, hashtext(partner))`, taken on ONE connection the instance keeps for it:
 * it lasts as long as that session, so when the holder dies (SIGKILL, host down) the server ends the
 * session and the lock is free for the next instance that asks — within seconds, no lease to expire.
 *
 * On SQLite every partner is led by the one process that owns the data folder (the file's single
 * writer lock already serialises it): `holds` is always true.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from './sql-dialect.js';

/** The advisory-lock class of partner leadership (any constant shared by all instances; "x12p"). */
export const PARTNER_LOCK_CLASS = 0x78313270;

export interface PartnerLeadership {
  /** True when this instance leads `partnerId` (taking the lead if it is free). */
  holds(partnerId: string): Promise<boolean>;
  /** Gives up every lead (closes the session). */
  release(): Promise<void>;
}

interface Session {
  run<T>(fn: (conn: Kysely<any>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  closed: Promise<void>;
}

/** Keeps one connection of the pool reserved until `close()` (or until the connection fails). */
function openSession(db: Kysely<any>): Promise<Session> {
  return new Promise((resolveSession, rejectSession) => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const closed = db
      .connection()
      .execute(async (conn) => {
        resolveSession({
          run: (fn) => fn(conn),
          close: async () => {
            release();
            await closed;
          },
          closed,
        });
        await released;
        // Back to the pool: the locks must not outlive the session's owner in a pooled connection.
        await sql`SELECT pg_advisory_unlock_all()`.execute(conn);
      })
      .catch((err) => rejectSession(err));
  });
}

export function createPartnerLeadership(db: Kysely<any>, options: { onLost?: (partnerId: string) => void } = {}): PartnerLeadership {
  if (dialectOf(db) === 'sqlite') return { holds: async () => true, release: async () => {} };
  let session: Promise<Session> | undefined;
  const led = new Set<string>();
  const getSession = () => (session ??= openSession(db));
  return {
    async holds(partnerId) {
      try {
        const s = await getSession();
        const res = await s.run((conn) => sql<{ ok: boolean }>`SELECT pg_try_advisory_lock(${PARTNER_LOCK_CLASS}, hashtext(${partnerId})) AS ok`.execute(conn));
        const ok = res.rows[0]?.ok === true;
        // pg_try_advisory_lock stacks when already held: undo the extra level so one unlock frees it.
        if (ok && led.has(partnerId)) await s.run((conn) => sql`SELECT pg_advisory_unlock(${PARTNER_LOCK_CLASS}, hashtext(${partnerId}))`.execute(conn));
        if (ok) led.add(partnerId);
        else if (led.delete(partnerId)) options.onLost?.(partnerId);
        return ok;
      } catch {
        // The session broke (server restart, network): every lead is gone with it; a new session next time.
        session = undefined;
        for (const p of led) options.onLost?.(p);
        led.clear();
        return false;
      }
    },
    async release() {
      const s = session;
      session = undefined;
      led.clear();
      if (s) await (await s).close().catch(() => {});
    },
  };
}
