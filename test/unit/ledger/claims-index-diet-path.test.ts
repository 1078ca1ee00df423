/**
 * Migration 0031-claims-index-diet on SQLite, step by step: a ledger at 0030 has the prefix indexes, 0031
 * drops them, makes claims_wb_open partial and claims_content_key narrow, and `down` puts all back. (What a
 * migrated ledger holds on both databases: claims-index-diet.test.ts, also run by postgres-suite.test.ts.)
 */
import { sql, Kysely, Migrator, SqliteDialect, type Migration } from 'kysely';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ledgerMigrations } from '../../../src/ledger/index.js';
import { DROPPED_PREFIX_INDEXES } from '../../../src/ledger/migrations/0031-claims-index-diet.js';

describe('migration 0031-claims-index-diet on SQLite', () => {
  it('changes a ledger at 0030 so, and down puts it back', async () => {
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    const migrator = new Migrator({ db, provider: { getMigrations: async (): Promise<Record<string, Migration>> => ledgerMigrations('sqlite') } });
    const names = async () => new Set((await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'index'`.execute(db)).rows.map((r) => r.name));
    expect((await migrator.migrateTo('0030-output-page-indexes')).error).toBeUndefined();
    for (const d of DROPPED_PREFIX_INDEXES) expect(await names()).toContain(d.name);
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    for (const d of DROPPED_PREFIX_INDEXES) expect(await names()).not.toContain(d.name);
    const openSql = async () => (await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE name = 'claims_wb_open'`.execute(db)).rows[0]?.sql;
    expect(await openSql()).toMatch(/where "transaction_set_id" is not null/i);
    expect((await migrator.migrateTo('0031-claims-index-diet')).error).toBeUndefined();
    expect((await migrator.migrateDown()).error).toBeUndefined();
    for (const d of DROPPED_PREFIX_INDEXES) expect(await names()).toContain(d.name);
    expect(await openSql()).not.toMatch(/where/i);
    expect((await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE name = 'claims_content_key'`.execute(db)).rows[0]?.sql).toMatch(/\("content_key", "state"\)/);
    await db.destroy();
  });
});
