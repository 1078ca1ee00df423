/**
 * The tenant isolation walk again on a real PostgreSQL (issue 17): the switch is set before the test file
 * is imported, so its harness ledger is a fresh database on this process's private cluster
 * (test/helpers/test-ledger.ts). Fails, never skips, when PostgreSQL is not installed.
 */
import { afterAll, describe } from 'vitest';
import { disposeTestPostgres } from '../../helpers/test-ledger.js';

process.env.X12GW_TEST_DATABASE = 'postgres';
afterAll(disposeTestPostgres, 120_000);

describe('tenant isolation on PostgreSQL', async () => {
  await import('./tenant-isolation.test.js');
});
