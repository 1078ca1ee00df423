/**
 * Schema migrations, kept in code (no migration files to ship). Each migration is written with Kysely's
 * schema builder so the same steps run on SQLite and, later, Postgres; the one dialect-specific detail
 * (the auto-increment of claim_events.seq, append-only triggers) is chosen by `dialect`.
 */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { initialMigration } from './migrations/0001-initial.js';
import { workbenchMigration } from './migrations/0007-workbench.js';
import { workbenchPatientColumnsMigration } from './migrations/0008-workbench-patient-columns.js';
import { visitsMigration } from './migrations/0009-visits.js';
import type { LedgerDialect } from './migrations/dialect.js';

export type { LedgerDialect } from './migrations/dialect.js';

/** All migrations in order. Add new ones at the end with the next number; never edit a released one. */
export function ledgerMigrations(dialect: LedgerDialect): Record<string, Migration> {
  return {
    '0001-initial': initialMigration(dialect),
    '0007-workbench': workbenchMigration(dialect),
    '0008-workbench-patient-columns': workbenchPatientColumnsMigration(dialect),
    '0009-visits': visitsMigration(dialect),
  };
}

class InCodeProvider implements MigrationProvider {
  constructor(private readonly dialect: LedgerDialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return ledgerMigrations(this.dialect);
  }
}

export async function migrateToLatest(db: Kysely<any>, dialect: LedgerDialect): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new InCodeProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
