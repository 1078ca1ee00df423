/**
 * The key ledger test files again, on a real PostgreSQL (issue 17): the switch X12GW_TEST_DATABASE is
 * set before they are imported, so every `openTestLedgerDb` in them opens a fresh database on this
 * process's private cluster (test/helpers/test-ledger.ts). Part of `npm test`; fails, never skips, when
 * PostgreSQL is not installed.
 */
import { afterAll } from 'vitest';
import { disposeTestPostgres } from '../../helpers/test-ledger.js';

process.env.X12GW_TEST_DATABASE = 'postgres';
afterAll(disposeTestPostgres);

await import('./ledger.test.js');
await import('./visits.test.js');
await import('./denial-rules.test.js');
await import('../accounts/accounts-api.test.js');
