/**
 * The key ledger test files again, on a real PostgreSQL (issue 17): the switch X12GW_TEST_DATABASE is
 * set before they are imported, so every `openTestLedgerDb` / `openTestMemoryLedgerDb` in them opens a
 * fresh database on this process's private cluster (test/helpers/test-ledger.ts). Each file is imported
 * inside its own describe, so its top-level hooks apply to its own tests only. Part of `npm test`; fails,
 * never skips, when PostgreSQL is not installed.
 */
import { afterAll, describe } from 'vitest';
import { disposeTestPostgres } from '../../helpers/test-ledger.js';

process.env.X12GW_TEST_DATABASE = 'postgres';
afterAll(disposeTestPostgres, 120_000);

describe('ledger on PostgreSQL', async () => {
  await import('./ledger.test.js');
});
describe('visits on PostgreSQL', async () => {
  await import('./visits.test.js');
});
describe('denial rules on PostgreSQL', async () => {
  await import('./denial-rules.test.js');
});
describe('accounts API on PostgreSQL', async () => {
  await import('../accounts/accounts-api.test.js');
});
describe('keyset exports on PostgreSQL', async () => {
  await import('./keyset-exports.test.js');
});
describe('claim-status inquiries on PostgreSQL', async () => {
  await import('./status-inquiries.test.js');
});
describe('claim-status follow-up paging on PostgreSQL', async () => {
  await import('./status-inquiries-paging.test.js');
});
describe('secondary claims on PostgreSQL', async () => {
  await import('./secondary-claims.test.js');
});
describe('secondary claims and patient accounts on PostgreSQL', async () => {
  await import('./secondary-patient-account.test.js');
});
describe('practices (tenants) on PostgreSQL', async () => {
  await import('./tenants.test.js');
});
describe('835 posted in chunks on PostgreSQL', async () => {
  await import('./remittance-chunks.test.js');
});
describe('277CA chunks on PostgreSQL', async () => {
  await import('./claim-status-chunks.test.js');
});
describe("a response file's practice stamp on PostgreSQL", async () => {
  await import('./file-practice-stamp.test.js');
});
describe("claims' indexes after migration 0031 on PostgreSQL", async () => {
  await import('./claims-index-diet.test.js');
});
describe('denial analytics (the dashboard) on PostgreSQL', async () => {
  await import('./denial-analytics.test.js');
});
describe("claims' practice-leading payer index (migration 0032) on PostgreSQL", async () => {
  await import('./practice-payer-index.test.js');
});
describe("the biller's rewritten workbench reads (round 12) on PostgreSQL", async () => {
  await import('../../property/workbench-scoped-reads.property.test.js');
});
