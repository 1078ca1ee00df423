/**
 * Durable per-account lockout: consecutive failed sign-ins for one user name are counted in the ledger
 * (a restart does not clear them, unlike the short in-memory limiter of login-limit.ts); at
 * `lockAfter` the account is locked until an administrator unlocks it. Any name is counted, existing or
 * not, so the answer never tells whether an account exists. User names are kept lower-cased; they are
 * not PHI, but are still never logged here.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export interface AccountLockout {
  username: string;
  failures: number;
  lockedAt: string | null;
  lastFailureAt: string;
}

const key = (username: string) => username.trim().toLowerCase().slice(0, 100);

/** Migration 0016-account-lockouts. */
export const accountLockoutsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('account_lockouts')
      .addColumn('username', 'text', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('locked_at', 'text')
      .addColumn('last_failure_at', 'text', (c) => c.notNull())
      .execute();
  },
};

type Db = Kysely<any>;

export async function isAccountLocked(db: Db, username: string): Promise<boolean> {
  const row = await db.selectFrom('account_lockouts').select('locked_at').where('username', '=', key(username)).executeTakeFirst();
  return !!row?.locked_at;
}

/** Counts a failure; returns true when this failure locked the account. */
export async function recordSignInFailure(db: Db, username: string, o: { lockAfter: number; now: string }): Promise<boolean> {
  const k = key(username);
  await sql`INSERT INTO account_lockouts (username, failures, locked_at, last_failure_at) VALUES (${k}, 1, NULL, ${o.now})
    ON CONFLICT (username) DO UPDATE SET failures = account_lockouts.failures + 1, last_failure_at = ${o.now}`.execute(db);
  const res = await sql`UPDATE account_lockouts SET locked_at = ${o.now} WHERE username = ${k} AND locked_at IS NULL AND failures >= ${o.lockAfter}`.execute(db);
  return Number(res.numAffectedRows ?? 0) > 0;
}

/** A successful sign-in clears the count of an account that is not locked. */
export async function clearSignInFailures(db: Db, username: string): Promise<void> {
  await db.deleteFrom('account_lockouts').where('username', '=', key(username)).where('locked_at', 'is', null).execute();
}

export async function lockedAccounts(db: Db): Promise<AccountLockout[]> {
  const rows = await db.selectFrom('account_lockouts').selectAll().where('locked_at', 'is not', null).orderBy('locked_at', 'desc').limit(500).execute();
  return (rows as Array<{ username: string; failures: number; locked_at: string | null; last_failure_at: string }>).map((r) => ({ username: r.username, failures: Number(r.failures), lockedAt: r.locked_at, lastFailureAt: r.last_failure_at }));
}

/** Unlocks (and forgets the failures of) an account; false when it was not locked. */
export async function unlockAccount(db: Db, username: string): Promise<boolean> {
  const res = await db.deleteFrom('account_lockouts').where('username', '=', key(username)).where('locked_at', 'is not', null).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
