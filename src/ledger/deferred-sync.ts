/**
 * Ledger work whose commits need not reach the disk one by one. With WAL and synchronous=FULL every
 * commit is an fsync, done on the calling thread: on a busy disk one fsync stalls the event loop (and
 * the API) for 40-300 ms. Inside `withDeferredSync` the one reserved connection commits with
 * synchronous=NORMAL (written to the WAL, not fsynced); the next ordinary (FULL) commit fsyncs the WAL,
 * which makes these commits durable too. A process crash (SIGKILL) loses nothing either way; a power cut
 * can lose only commits made since the last FULL one.
 *
 * Use it only for work that is redone identically after such a loss and has no effect outside the
 * ledger until a FULL commit follows: intake chunks (the batch stays in outbox/.working/ until its
 * `processed` state is committed FULL) and 837 generation (nothing is uploaded before the spool step's
 * FULL commit). The connection is reserved for the whole call, so no other writer commits with NORMAL.
 * SQLite only (PRAGMA); another dialect runs `fn` as it is.
 */
import { sql, type Kysely } from 'kysely';
import type { LedgerDatabase } from './schema.js';
import { dialectOf } from './sql-dialect.js';

type Q = Kysely<LedgerDatabase>;

export async function withDeferredSync<T>(db: Q, fn: (conn: Q) => Promise<T>): Promise<T> {
  if (dialectOf(db) !== 'sqlite') return fn(db);
  return db.connection().execute(async (conn) => {
    await sql`PRAGMA synchronous = NORMAL`.execute(conn);
    try {
      return await fn(conn);
    } finally {
      await sql`PRAGMA synchronous = FULL`.execute(conn);
    }
  });
}
