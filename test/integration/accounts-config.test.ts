/**
 * The `accounts` config section, end to end: a gateway config file read by `x12gw serve`'s startRuntime
 * sets the practice on the statement and the number of notices / days before the collections hand-off.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Running } from '../../src/cli/commands/serve.js';
import { loadConfigFile } from '../../src/gateway/config.js';
import { createLogger } from '../../src/gateway/logger.js';
import { guarantorIdFor } from '../../src/ledger/patient-accounts.js';
import { patientColumns } from '../../src/ledger/patient-columns.js';
import { startDemoEnvironment, type DemoEnvironment } from '../../src/simulator/demo-environment.js';

const TOKEN = 'accounts-config-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'x12gw-accounts-config-'));
let env: DemoEnvironment;
let running: Running;

beforeAll(async () => {
  env = await startDemoEnvironment({
    dir,
    repoRoot: resolve(__dirname, '../..'),
    config: { accounts: { practice: { name: 'Config Clinic', address: ['9 Config Road'], phone: '555-0199' }, statements: { cycleDays: 30, notices: 1, collectionsAfterDays: 0, dueDays: 14, minimumBalance: '0.01' }, deposits: { windowDays: 3 } } },
  });
  running = await startRuntime(loadConfigFile(env.configPath), { log: createLogger({ level: 'silent' }), apiPort: 0, apiTokens: [TOKEN] });
  const db = running.handle.db;
  const at = new Date().toISOString();
  await db.insertInto('files').values({ id: 'F1', direction: 'intake', partner_id: 'demo', name: 'b.json', sha256: 'x', dedupe_key: 'x', size: 1, kind: 'batch', state: 'processed', duplicate_of: null, local_path: null, remote_name: null, content: null, summary: null, error: null, attempts: 0, created_at: at, updated_at: at } as never).execute();
  const data = { subscriber: { name: { last: 'Cfg', first: 'Ann' }, memberId: 'MCFG1' } };
  await db.insertInto('claims').values({ id: 'L1', batch_file_id: 'F1', batch_index: 0, partner_id: 'demo', payer_id: 'P1', claim_type: 'professional', patient_control_number: 'CFG-1', total_charge: '100.00', service_date: '2026-01-05', transaction_set_id: null, state: 'paid', payer_claim_number: null, paid_amount: '60.00', patient_responsibility: '12.00', data: JSON.stringify(data), created_at: at, updated_at: at, ...patientColumns(data) } as never).execute();
}, 120_000);

afterAll(async () => {
  await running?.stop();
  await env?.sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('accounts config, end to end', () => {
  it('one notice and 0 days: the first statement is the final notice and the account goes to collections at once', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const api = running.api!;
    expect((await api.inject({ url: '/v1/patients/collections', headers: auth })).json().accounts).toEqual([]);
    const run = (await api.inject({ method: 'POST', url: '/v1/patients/statement-runs', headers: auth, payload: {} })).json();
    expect(run.statements).toHaveLength(1);
    expect(run.statements[0]).toMatchObject({ level: 1, final: true, amountDue: '12.00' });
    const coll = (await api.inject({ url: '/v1/patients/collections', headers: auth })).json();
    expect(coll.accounts.map((a: { guarantorId: string }) => a.guarantorId)).toEqual([guarantorIdFor('MCFG1', null, null)]);
  });
});
