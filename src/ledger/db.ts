/**
 * Opens the ledger database. SQLite (better-sqlite3) in a data folder by default: WAL journal,
 * synchronous=FULL (a committed transaction survives power loss), foreign keys on, a busy timeout so a
 * second reader waits instead of failing. Files are created with mode 0600 in a 0700 folder.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { crashPoint } from '../gateway/crash.js';
import type { MigrationLog } from './migration-runner.js';
import { migrateToLatest } from './migrations.js';
import type { LedgerDatabase } from './schema.js';

export interface OpenLedgerOptions {
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

export interface LedgerDb {
  db: Kysely<LedgerDatabase>;
  /** Absolute path of the database file ('' in memory). */
  path: string;
  close(): Promise<void>;
}

export async function openLedgerDb(options: OpenLedgerOptions = {}): Promise<LedgerDb> {
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
    path,
    async close() {
      await db.destroy();
    },
  };
}
