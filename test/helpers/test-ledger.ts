/**
 * Opens a ledger for a test: SQLite in `dataDir` by default; with `X12GW_TEST_DATABASE=postgres` a fresh
 * database on a private PostgreSQL cluster (test/helpers/postgres.ts), one cluster per test process,
 * started on first use and stopped when the process exits. Reopening the same `dataDir` reopens the same
 * database, so restart tests mean the same thing on both.
 *
 * test/unit/ledger/postgres-suite.test.ts sets the switch and imports the key ledger test files, so
 * `npm test` runs them on both dialects.
 */
import { openLedgerDb, type LedgerDb, type OpenLedgerOptions } from '../../src/ledger/index.js';
import { startPostgres, type PostgresHandle } from './postgres.js';

export type TestDialect = 'sqlite' | 'postgres';

export function testDialect(): TestDialect {
  const v = process.env.X12GW_TEST_DATABASE ?? 'sqlite';
  if (v !== 'sqlite' && v !== 'postgres') throw new Error(`X12GW_TEST_DATABASE must be sqlite or postgres, not ${v}`);
  return v;
}

let cluster: Promise<PostgresHandle> | undefined;
const databases = new Map<string, string>();

/** The process's private PostgreSQL cluster (started once). */
export function testPostgres(): Promise<PostgresHandle> {
  if (!cluster) {
    cluster = startPostgres();
    // Backstop when afterAll did not run: dispose() signals the postmaster synchronously before its first await.
    cluster.then(
      (pg) => process.once('exit', () => void pg.dispose().catch(() => {})),
      () => {},
    );
  }
  return cluster;
}

/** Stops the private cluster now (an afterAll of the file that used it); the exit hook is the backstop. */
export async function disposeTestPostgres(): Promise<void> {
  const c = cluster;
  cluster = undefined;
  template = undefined;
  databases.clear();
  if (c) await (await c).dispose();
}

let template: Promise<string> | undefined;

/**
 * A migrated, empty ledger database to copy (CREATE DATABASE … TEMPLATE): a copy takes a few
 * milliseconds where running every migration takes a second or more on a loaded machine.
 */
function migratedTemplate(): Promise<string> {
  if (!template) {
    template = (async () => {
      const pg = await testPostgres();
      const url = await pg.createDatabase('template');
      const handle = await openLedgerDb({ database: url, poolSize: 1 });
      await handle.close();
      return new URL(url).pathname.slice(1);
    })();
  }
  return template;
}

/** A fresh database URL on the private cluster, its ledger migrated unless `empty`. */
export async function testDatabaseUrl(prefix = 'ledger', options: { empty?: boolean } = {}): Promise<string> {
  const pg = await testPostgres();
  return pg.createDatabase(prefix, options.empty ? undefined : await migratedTemplate());
}

export async function openTestLedgerDb(options: OpenLedgerOptions & { dataDir: string }): Promise<LedgerDb> {
  if (testDialect() === 'sqlite') return openLedgerDb(options);
  let url = databases.get(options.dataDir);
  if (!url) {
    url = await testDatabaseUrl();
    databases.set(options.dataDir, url);
  }
  return openLedgerDb({ ...options, database: url });
}

/** SQLite `:memory:` by default; a fresh database on the private cluster with the postgres switch. */
export async function openTestMemoryLedgerDb(): Promise<LedgerDb> {
  if (testDialect() === 'sqlite') return openLedgerDb({ file: ':memory:' });
  return openLedgerDb({ database: await testDatabaseUrl() });
}
