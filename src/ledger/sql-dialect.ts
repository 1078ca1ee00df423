/**
 * The few places where SQLite and PostgreSQL need different SQL, in one module. Most ledger SQL is
 * portable as written (Kysely's builders, `ON CONFLICT … DO NOTHING`, ISO-8601 text dates, amounts as
 * text decimals); SQLite's JSON functions are made portable by migration 0017-postgres-compat, which
 * gives PostgreSQL `json_extract(text, '$.a.b')` and `json_each(text)` with SQLite's meaning. What is
 * left is chosen here from the Kysely instance's adapter, never by scattered checks in the queries.
 */
import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import type { LedgerDialect } from './migrations/dialect.js';

/** The dialect a Kysely instance (or a transaction/connection of it) speaks. */
export function dialectOf(db: Kysely<any>): LedgerDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * A text decimal column summed as exact integer cents (amounts are stored with at most two decimals):
 * `cast(… as numeric)` reads the text on both dialects; rounding each amount before the sum keeps it exact.
 */
export const sumCents = (column: string): RawBuilder<number> => sql<number>`coalesce(sum(${amountCents(column)}), 0)`;

/** A text decimal column as exact integer cents, for comparisons and ordering (portable like `sumCents`). */
export const amountCents = (column: string): RawBuilder<number> => sql<number>`cast(round(cast(${sql.ref(column)} as numeric) * 100) as integer)`;

/**
 * An SQLite index hint (`INDEXED BY name`) after a table name; PostgreSQL's planner takes no hints, so
 * nothing there.
 */
export const indexedBy = (db: Kysely<any>, index: string): RawBuilder<unknown> => (dialectOf(db) === 'sqlite' ? sql`INDEXED BY ${sql.id(index)}` : sql``);

/**
 * `SELECT … FOR UPDATE` on PostgreSQL, where two instances' transactions run at once: the rows read are
 * locked until commit, and a transaction that waited reads them as the winner left them. SQLite has no
 * row locks and needs none: a write transaction holds the database's single writer lock.
 */
export const forUpdate = <Q extends { forUpdate(): Q }>(db: Kysely<any>, q: Q): Q => (dialectOf(db) === 'postgres' ? q.forUpdate() : q);

/**
 * `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL: rows another transaction has locked are left out of
 * the answer instead of waited for (an instance moves on to other work). SQLite: the plain select.
 */
export const forUpdateSkipLocked = <Q extends { forUpdate(): Q; skipLocked(): Q }>(db: Kysely<any>, q: Q): Q => (dialectOf(db) === 'postgres' ? q.forUpdate().skipLocked() : q);
