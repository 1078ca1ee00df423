/**
 * Migration 0032-practice-payer-index on SQLite, step by step: a ledger at 0031 lacks claims_practice_payer,
 * 0032 adds it, `down` removes it. (What a migrated ledger holds on both databases: practice-payer-index.test.ts,
 * also run by postgres-suite.test.ts; this file is SQLite's only, so that suite skips nothing.)
 */
import { sql, Kysely, Migrator, SqliteDialect, type Migration } from 'kysely';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ledgerMigrations } from '../../../src/ledger/index.js';
import { PRACTICE_PAYER_INDEX } from '../../../src/ledger/migrations/0032-practice-payer-index.js';

const COLUMNS = new RegExp(`\\(\\s*"?${PRACTICE_PAYER_INDEX.columns.join('"?\\s*,\\s*"?')}"?\\s*\\)`);
const indexSql = async (db: Kysely<any>) => (await sql<{ def: string }>`SELECT sql AS def FROM sqlite_master WHERE type = 'index' AND tbl_name = 'claims' AND name = ${PRACTICE_PAYER_INDEX.name}`.execute(db)).rows[0]?.def;

describe('migration 0032-practice-payer-index on SQLite', () => {
  it('absent at 0031, added by 0032, removed by down', async () => {
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    const migrator = new Migrator({ db, provider: { getMigrations: async (): Promise<Record<string, Migration>> => ledgerMigrations('sqlite') } });
    expect((await migrator.migrateTo('0031-claims-index-diet')).error).toBeUndefined();
    expect(await indexSql(db)).toBeUndefined();
    expect((await migrator.migrateTo('0032-practice-payer-index')).error).toBeUndefined();
    expect(await indexSql(db)).toMatch(COLUMNS);
    expect((await migrator.migrateDown()).error).toBeUndefined();
    expect(await indexSql(db)).toBeUndefined();
    await db.destroy();
  });
});
