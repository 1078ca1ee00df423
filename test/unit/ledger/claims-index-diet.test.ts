/**
 * Migration 0031-claims-index-diet (issue 12, round 11): the indexes that were an exact leading prefix of
 * another index on `claims` are gone after the migrations, on SQLite and (through postgres-suite.test.ts) on
 * PostgreSQL, the longer indexes that now answer their statements are there, claims_wb_open is partial
 * (only claims with an 837) and claims_content_key is on the key alone. The path from a ledger at 0030 and
 * back (`down`) on SQLite: claims-index-diet-path.test.ts. Which statements use which
 * index: test/unit/billing-rules/workbench-queries.test.ts and test/unit/ledger/posting-query-plans.test.ts.
 */
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { LedgerDb } from '../../../src/ledger/index.js';
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
});
