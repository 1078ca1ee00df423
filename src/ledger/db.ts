/**
 * Opens the ledger database. SQLite (better-sqlite3) in a data folder by default: WAL journal,
 * synchronous=FULL (a committed transaction survives power loss), foreign keys on, a busy timeout so a
 * second reader waits instead of failing. Files are created with mode 0600 in a 0700 folder.
 *
 * With `database: 'postgres://…'` the ledger is a PostgreSQL database instead (Kysely's PostgresDialect
 * over a `pg.Pool`): several gateway instances can share it. Migrations then run under a session
 * advisory lock so two instances starting together apply each migration once.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';
import { crashPoint } from '../gateway/crash.js';
import type { MigrationLog } from './migration-runner.js';
import { migrateToLatest, type LedgerDialect } from './migrations.js';
import type { LedgerDatabase } from './schema.js';

export interface OpenLedgerOptions {
  /** A PostgreSQL URL (`postgres://user@host:port/db`) to use PostgreSQL; empty/undefined for SQLite. */
  database?: string;
  /** Pool size for PostgreSQL (default 10). */
  poolSize?: number;
  /** Folder for the database file (created 0700 if missing). Ignored when `file` is ':memory:'. */
  dataDir?: string;
  /** Database file name inside dataDir, or ':memory:'. Default "ledger.sqlite". */
  file?: string;
  /** Where a repaired half-applied migration is reported (default: one JSON line on stderr). */
  log?: MigrationLog;
}

const stderrLog: MigrationLog = {
  info: (fields, msg) => process.stderr.write(JSON.stringify({ level: 'info', ...fields, msg }) + '\n'),
  warn: (fields, msg) => process.stderr.write(JSON.stringify({ level: 'warn', ...fields, msg }) + '\n'),
};

function openSqlite(path: string): Kysely<LedgerDatabase> {
  const sqlite = new Database(path || ':memory:');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<LedgerDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/** True for a PostgreSQL connection URL. */
export const isPostgresUrl = (database: string | undefined): database is string => !!database && /^postgres(ql)?:\/\//i.test(database);

/** Key of the session advisory lock held while migrations run (any constant; "x12gw" in ASCII). */
const MIGRATION_LOCK = 0x7831_3267_77;

/**
 * `bigint` (count(*), sums of integers) arrives from pg as a string; the ledger's counts fit a JS number,
 * so parse them as numbers like better-sqlite3 does. `numeric` stays a string (exact money).
 */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

function openPostgres(url: string, poolSize: number): Kysely<LedgerDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: pgTypes as pg.CustomTypesConfig });
  // An idle client's connection error (server restart) must not crash the process: the pool drops it.
  pool.on('error', () => {});
  return new Kysely<LedgerDatabase>({ dialect: new PostgresDialect({ pool }) });
}

export interface LedgerDb {
  db: Kysely<LedgerDatabase>;
  /** Which SQL dialect the ledger speaks. */
  dialect: LedgerDialect;
  /** Absolute path of the database file ('' in memory). */
  path: string;
  close(): Promise<void>;
}

export async function openLedgerDb(options: OpenLedgerOptions = {}): Promise<LedgerDb> {
  if (isPostgresUrl(options.database)) return openPostgresLedger(options.database, options);
  const file = options.file ?? 'ledger.sqlite';
  let path = '';
  if (file !== ':memory:') {
    const dir = options.dataDir ?? 'data';
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    path = join(dir, file);
    if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
    chmodSync(path, 0o600);
  }
  const db = openSqlite(path);
  await migrateToLatest(db, 'sqlite', {
    log: options.log ?? stderrLog,
    crash: (point) => crashPoint(point),
    scratch: async () => {
      const scratch = openSqlite('');
      return { db: scratch, close: () => scratch.destroy() };
    },
  });
  for (const suffix of ['-wal', '-shm']) if (path && existsSync(path + suffix)) chmodSync(path + suffix, 0o600);
  return {
    db,
    dialect: 'sqlite',
    path,
    async close() {
      await db.destroy();
    },
  };
}

async function openPostgresLedger(url: string, options: OpenLedgerOptions): Promise<LedgerDb> {
  const db = openPostgres(url, options.poolSize ?? 10);
  try {
    await db.connection().execute(async (conn) => {
      await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
      try {
        await migrateToLatest(conn, 'postgres', { log: options.log ?? stderrLog, crash: (point) => crashPoint(point) });
      } finally {
        await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn);
      }
    });
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return {
    db,
    dialect: 'postgres',
    path: '',
    async close() {
      await db.destroy();
    },
  };
}
