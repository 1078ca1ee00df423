/**
 * Migration 0031-claims-index-diet (issue 12, round 11): the indexes that were an exact leading prefix of
 * another index on `claims` are gone after the migrations, on SQLite and (through postgres-suite.test.ts) on
 * PostgreSQL, the longer indexes that now answer their statements are there, claims_wb_open is partial
 * (only claims with an 837) and claims_content_key is on the key alone. On SQLite also the path from a
 * ledger at 0030 and back (`down`). Which statements use which
 * index: test/unit/billing-rules/workbench-queries.test.ts and test/unit/ledger/posting-query-plans.test.ts.
 */
import { sql, Kysely, Migrator, SqliteDialect, type Migration } from 'kysely';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ledgerMigrations, type LedgerDb } from '../../../src/ledger/index.js';
import { DROPPED_PREFIX_INDEXES } from '../../../src/ledger/migrations/0031-claims-index-diet.js';
import { openTestMemoryLedgerDb, testDialect } from '../../helpers/test-ledger.js';

/** What replaces each dropped index: the longer index whose leading columns are the dropped one's. */
const LONGER: Record<string, { name: string; columns: string[] }> = {
  claims_state: { name: 'claims_queue', columns: ['state', 'batch_file_id', 'batch_index'] },
  claims_practice: { name: 'claims_practice_updated', columns: ['practice_id', 'updated_at', 'id'] },
};

async function indexesOf(db: Kysely<any>, table: string): Promise<Map<string, string>> {
  const rows =
    testDialect() === 'postgres'
      ? (await sql<{ name: string; def: string }>`SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = ${table}`.execute(db)).rows
      : (await sql<{ name: string; def: string | null }>`SELECT name, sql AS def FROM sqlite_master WHERE type = 'index' AND tbl_name = ${table}`.execute(db)).rows;
  return new Map(rows.map((r) => [r.name, r.def ?? '']));
}

let handle: LedgerDb | undefined;
afterEach(async () => {
  await handle?.close();
  handle = undefined;
});

describe('migration 0031-claims-index-diet', () => {
  it('the dropped prefix indexes are gone; the longer ones that now serve their statements remain', async () => {
    handle = await openTestMemoryLedgerDb();
    for (const d of DROPPED_PREFIX_INDEXES) {
      const on = await indexesOf(handle.db, d.table);
      expect(on.has(d.name), d.name).toBe(false);
      const longer = LONGER[d.name]!;
      expect(on.get(longer.name), longer.name).toMatch(new RegExp(`\\(\\s*"?${longer.columns.join('"?\\s*,\\s*"?')}"?\\s*\\)`));
    }
    expect((await indexesOf(handle.db, 'claim_events')).has('tenants_claim_events_source')).toBe(true);
    expect((await indexesOf(handle.db, 'claims')).get('claims_wb_open')).toMatch(/where\s*\(?\s*"?transaction_set_id"?\s+is\s+not\s+null/i);
    expect((await indexesOf(handle.db, 'claims')).get('claims_content_key')).toMatch(/\(\s*"?content_key"?\s*\)/);
  });

  it.runIf(testDialect() === 'sqlite')('changes a ledger at 0030 so, and down puts it back', async () => {
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    const migrator = new Migrator({ db, provider: { getMigrations: async (): Promise<Record<string, Migration>> => ledgerMigrations('sqlite') } });
    const names = async () => new Set((await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'index'`.execute(db)).rows.map((r) => r.name));
    expect((await migrator.migrateTo('0030-output-page-indexes')).error).toBeUndefined();
    for (const d of DROPPED_PREFIX_INDEXES) expect(await names()).toContain(d.name);
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    for (const d of DROPPED_PREFIX_INDEXES) expect(await names()).not.toContain(d.name);
    const openSql = async () => (await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE name = 'claims_wb_open'`.execute(db)).rows[0]?.sql;
    expect(await openSql()).toMatch(/where "transaction_set_id" is not null/i);
    expect((await migrator.migrateDown()).error).toBeUndefined();
    for (const d of DROPPED_PREFIX_INDEXES) expect(await names()).toContain(d.name);
    expect(await openSql()).not.toMatch(/where/i);
    expect((await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE name = 'claims_content_key'`.execute(db)).rows[0]?.sql).toMatch(/\("content_key", "state"\)/);
    await db.destroy();
  });
});
