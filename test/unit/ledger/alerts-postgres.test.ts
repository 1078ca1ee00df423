/** The alerts ledger tests again on a real PostgreSQL (fails, never skips, when PostgreSQL is missing). */
import { afterAll, describe } from 'vitest';
import { disposeTestPostgres } from '../../helpers/test-ledger.js';

process.env.X12GW_TEST_DATABASE = 'postgres';
afterAll(disposeTestPostgres, 120_000);

describe('alerts on PostgreSQL', async () => {
  await import('./alerts.test.js');
});
