/** test/unit/ledger/eligibility.test.ts again on a real PostgreSQL (the private test cluster); fails, never skips, without one. */
import { afterAll, describe } from 'vitest';
import { disposeTestPostgres } from '../../helpers/test-ledger.js';

process.env.X12GW_TEST_DATABASE = 'postgres';
afterAll(disposeTestPostgres, 120_000);

describe('eligibility ledger on PostgreSQL', async () => {
  await import('./eligibility.test.js');
});
