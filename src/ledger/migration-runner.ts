/**
 * Runs the ledger's migrations all-or-nothing (issue 10, item 2). Kysely's own Migrator runs SQLite
 * migrations outside a transaction, so a kill in the middle of one left a half-made schema that every
 * later start refused ("table files already exists"). Here each migration runs in ONE transaction with
 * the row that records it (SQLite has transactional DDL): after a kill it is either applied and recorded,
 * or not there at all.
 *
 * Databases made by an older build can still hold a half-applied migration (its objects present, its
 * row missing). Before a pending migration runs, the runner works out which tables, indexes, triggers and
 * columns that migration creates (by running the migrations on a scratch in-memory database), drops the
 * ones already present — in the same transaction, only when the tables they would drop hold no rows —
 * and then applies the migration whole. The repair is logged with the migration's name and what was
 * rolled back (object names only, never data).
 *
 * The bookkeeping table is Kysely's (`kysely_migration`: name, timestamp), so ledgers migrated by the
 * Kysely Migrator keep working. Crash points for the kill tests: `migration-step` after every statement
 * inside a migration's transaction, `migration-committed` between migrations.
 */
import { sql, type Kysely, type KyselyPlugin, type Migration, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';

export const MIGRATION_TABLE = 'kysely_migration';

export interface MigrationLog {
  warn(fields: Record<string, unknown>, msg: string): void;
  info(fields: Record<string, unknown>, msg: string): void;
}

export interface RunMigrationsOptions {
  /** Where the repair of a half-applied migration is reported. */
  log?: MigrationLog;
  /** Crash points (tests): called with 'migration-step' and 'migration-committed'. */
  crash?: (point: string) => void;
  /** A fresh, empty database of the same dialect, to learn what each migration creates (SQLite only). */
  scratch?: () => Promise<{ db: Kysely<any>; close(): Promise<void> }>;
}

/** What a migration adds to the schema: objects by type and name, columns by table. */
export interface SchemaDelta {
  objects: Array<{ type: string; name: string }>;
  columns: Array<{ table: string; column: string }>;
}

export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    message: string,
  ) {
    super(`migration ${migration}: ${message}`);
    this.name = 'MigrationError';
  }
}

/** Applies every pending migration (in name order), each in its own transaction. Returns the names applied. */
export async function runMigrations(db: Kysely<any>, migrations: Record<string, Migration>, options: RunMigrationsOptions = {}): Promise<string[]> {
  const crash = options.crash ?? (() => {});
  await sql`CREATE TABLE IF NOT EXISTS ${sql.table(MIGRATION_TABLE)} (name varchar(255) NOT NULL PRIMARY KEY, timestamp varchar(255) NOT NULL)`.execute(db);
  const names = Object.keys(migrations).sort();
  const recorded = new Set((await db.selectFrom(MIGRATION_TABLE).select('name').execute()).map((r) => r.name as string));
  const unknown = [...recorded].filter((n) => !(n in migrations));
  if (unknown.length) throw new MigrationError(unknown[0], 'is recorded in the ledger but not known to this build (a newer build made this ledger?)');
  const pending = names.filter((n) => !recorded.has(n));
  if (pending.length === 0) return [];
  const deltas = options.scratch ? await migrationDeltas(migrations, names, pending, options.scratch) : new Map<string, SchemaDelta>();
  const stepCrash = crashPlugin(() => crash('migration-step'));
  const applied: string[] = [];
  for (const name of pending) {
    const done = await db.transaction().execute(async (trx) => {
      // The row first: it takes the write lock, and a second process that raced us finds it and skips.
      const claim = await sql`INSERT INTO ${sql.table(MIGRATION_TABLE)} (name, timestamp) VALUES (${name}, ${new Date().toISOString()}) ON CONFLICT (name) DO NOTHING`.execute(trx);
      if (Number(claim.numAffectedRows ?? 0n) === 0) return false;
      const delta = deltas.get(name);
      if (delta) await rollBackHalfApplied(trx, name, delta, options.log);
      await migrations[name].up(trx.withPlugin(stepCrash));
      return true;
    });
    crash('migration-committed');
    if (done) applied.push(name);
  }
  return applied;
}

/** What each pending migration creates, measured on a scratch database that runs them all in order. */
async function migrationDeltas(migrations: Record<string, Migration>, names: string[], pending: string[], scratch: NonNullable<RunMigrationsOptions['scratch']>): Promise<Map<string, SchemaDelta>> {
  const out = new Map<string, SchemaDelta>();
  const s = await scratch();
  try {
    let before = await snapshot(s.db);
    for (const name of names.slice(0, names.indexOf(pending[pending.length - 1]) + 1)) {
      await s.db.transaction().execute((trx) => migrations[name].up(trx));
      const after = await snapshot(s.db);
      if (pending.includes(name)) out.set(name, delta(before, after));
      before = after;
    }
  } finally {
    await s.close();
  }
  return out;
}

interface Snapshot {
  objects: Array<{ type: string; name: string; table: string }>;
  columns: Map<string, string[]>;
}

async function snapshot(db: Kysely<any>): Promise<Snapshot> {
  const rows = await sql<{ type: string; name: string; tbl_name: string }>`SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' ORDER BY rowid`.execute(db);
  const objects = rows.rows.map((r) => ({ type: r.type, name: r.name, table: r.tbl_name }));
  const columns = new Map<string, string[]>();
  for (const o of objects) {
    if (o.type !== 'table') continue;
    const cols = await sql<{ name: string }>`SELECT name FROM pragma_table_info(${o.name})`.execute(db);
    columns.set(o.name, cols.rows.map((c) => c.name));
  }
  return { objects, columns };
}

function delta(before: Snapshot, after: Snapshot): SchemaDelta {
  const had = new Set(before.objects.map((o) => `${o.type}:${o.name}`));
  const objects = after.objects.filter((o) => !had.has(`${o.type}:${o.name}`)).map(({ type, name }) => ({ type, name }));
  const columns: SchemaDelta['columns'] = [];
  for (const [table, cols] of after.columns) {
    const old = before.columns.get(table);
    if (!old) continue;
    for (const column of cols) if (!old.includes(column)) columns.push({ table, column });
  }
  return { objects, columns };
}

/**
 * Drops what an unrecorded migration already created (an older build killed while it ran), so that the
 * migration can then run whole. Refuses, naming the table, when a table it would drop holds rows.
 */
async function rollBackHalfApplied(trx: Kysely<any>, name: string, d: SchemaDelta, log?: MigrationLog): Promise<void> {
  const now = await snapshot(trx);
  const present = new Set(now.objects.map((o) => `${o.type}:${o.name}`));
  const objects = d.objects.filter((o) => present.has(`${o.type}:${o.name}`));
  const columns = d.columns.filter((c) => now.columns.get(c.table)?.includes(c.column));
  if (objects.length === 0 && columns.length === 0) return;
  for (const o of objects) {
    if (o.type !== 'table') continue;
    const rows = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT 1 FROM ${sql.table(o.name)} LIMIT 1)`.execute(trx);
    if (Number(rows.rows[0]?.n ?? 0) > 0) throw new MigrationError(name, `is half-applied (not recorded, but its table ${o.name} exists and holds rows); not rolled back automatically — restore the ledger from a backup`);
  }
  const order = ['trigger', 'view', 'index', 'table'];
  const byKind = [...objects].reverse().sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
  for (const o of byKind) {
    if (o.type === 'table') await sql`DROP TABLE IF EXISTS ${sql.table(o.name)}`.execute(trx);
    else if (o.type === 'index') await sql`DROP INDEX IF EXISTS ${sql.id(o.name)}`.execute(trx);
    else if (o.type === 'trigger') await sql`DROP TRIGGER IF EXISTS ${sql.id(o.name)}`.execute(trx);
    else if (o.type === 'view') await sql`DROP VIEW IF EXISTS ${sql.id(o.name)}`.execute(trx);
  }
  for (const c of columns) await sql`ALTER TABLE ${sql.table(c.table)} DROP COLUMN ${sql.id(c.column)}`.execute(trx);
  log?.warn(
    { event: 'ledger.migration-repaired', migration: name, rolledBack: objects.map((o) => `${o.type} ${o.name}`), droppedColumns: columns.map((c) => `${c.table}.${c.column}`) },
    `ledger migration ${name} was half-applied by an older build (${objects.length} objects and ${columns.length} columns present, not recorded): rolled them back and applied the migration whole`,
  );
}

/** A plugin that calls `after` once every statement has run (crash points between a migration's statements). */
function crashPlugin(after: () => void): KyselyPlugin {
  return {
    transformQuery: (args: PluginTransformQueryArgs): RootOperationNode => args.node,
    transformResult: async (args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => {
      after();
      return args.result;
    },
  };
}
