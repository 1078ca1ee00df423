/**
 * Test ledgers seeded with synthetic claims of partner demo (bench/large-835.ts `seedClaims`, PCNs
 * `pcnOf(i)`), on the test dialect (test/helpers/test-ledger.ts: SQLite in memory, or PostgreSQL), for the
 * chunked-posting tests (test/unit/ledger/claim-status-chunks.test.ts, remittance-chunks.test.ts).
 */
import { afterAll } from 'vitest';
import { createLedger, type Ledger, type LedgerDb } from '../../src/ledger/index.js';
import { seedClaims } from '../../bench/large-835.js';
import { openTestMemoryLedgerDb } from './test-ledger.js';

/** Registers an afterAll in the calling test file that closes every ledger the returned function opened. */
export function seededLedgers(): (claims: number) => Promise<Ledger> {
  const handles: LedgerDb[] = [];
  afterAll(async () => {
    for (const h of handles) await h.close();
  });
  return async (claims) => {
    const handle = await openTestMemoryLedgerDb();
    handles.push(handle);
    const ledger = createLedger(handle.db);
    await seedClaims(ledger, 'demo', claims);
    return ledger;
  };
}
