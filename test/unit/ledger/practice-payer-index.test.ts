/**
 * Migration 0032-practice-payer-index (issue 12, round 12, wb3): after the migrations `claims` has
 * claims_practice_payer (practice_id, payer_id) WHERE payer_id IS NOT NULL, on SQLite and (through postgres-suite.test.ts) on PostgreSQL;
 * on SQLite, step by step (0031 → 0032 → down): practice-payer-index-path.test.ts. Which statements seek it:
 * test/unit/billing-rules/workbench-queries.test.ts (the biller's payer list).
 */
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { LedgerDb } from '../../../src/ledger/index.js';
import { PRACTICE_PAYER_INDEX } from '../../../src/ledger/migrations/0032-practice-payer-index.js';
import { openTestMemoryLedgerDb, testDialect } from '../../helpers/test-ledger.js';

async function indexDef(db: Kysely<any>, name: string): Promise<string | undefined> {
  const rows =
    testDialect() === 'postgres'
      ? (await sql<{ def: string }>`SELECT indexdef AS def FROM pg_indexes WHERE tablename = 'claims' AND indexname = ${name}`.execute(db)).rows
      : (await sql<{ def: string }>`SELECT sql AS def FROM sqlite_master WHERE type = 'index' AND tbl_name = 'claims' AND name = ${name}`.execute(db)).rows;
  return rows[0]?.def;
}
const COLUMNS = new RegExp(`\\(\\s*"?${PRACTICE_PAYER_INDEX.columns.join('"?\\s*,\\s*"?')}"?\\s*\\)`);

let handle: LedgerDb | undefined;
afterEach(async () => {
  await handle?.close();
  handle = undefined;
});

describe('migration 0032-practice-payer-index', () => {
  it('claims has the practice-leading payer index after the migrations', async () => {
    handle = await openTestMemoryLedgerDb();
    expect(await indexDef(handle.db, PRACTICE_PAYER_INDEX.name)).toMatch(COLUMNS);
    expect(await indexDef(handle.db, PRACTICE_PAYER_INDEX.name)).toMatch(/where\s*\(?\s*"?payer_id"?\s+is\s+not\s+null/i);
  });
});
