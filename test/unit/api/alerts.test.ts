/**
 * Issue 14: people see the alerts — GET /v1/alerts (bearer token, in the OpenAPI document), a count and
 * the latest open alerts on the dashboard, the /alerts page, and a badge on the worklist's claim.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/api/app.js';
import { createLedger, openLedgerDb, sha256, type LedgerDb } from '../../../src/ledger/index.js';
import { raiseAlert } from '../../../src/ledger/alerts.js';
import { intakeClaims } from '../ledger/fixtures.js';

const TOKEN = 'alerts-token-0123456789abcdef';
const auth = { authorization: `Bearer ${TOKEN}` };
let dir: string;
let handle: LedgerDb;
let server: Awaited<ReturnType<typeof buildServer>>;
let ids: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'alerts-api-'));
  handle = await openLedgerDb({ dataDir: dir });
  const ledger = createLedger(handle.db);
  // three scrub-rejected claims: all on the worklist
  const rec = await ledger.recordBatch({ name: 'a.json', sha256: sha256('a'), size: 1, claims: intakeClaims(3, { rejectEvery: 1 }) });
  ids = rec.claimIds;
  await raiseAlert(handle.db, { kind: 'timely-filing-passed', claimId: ids[0], partnerId: 'demo', payerId: 'PAYER1', dueDate: '2024-05-30', note: 'Timely-filing limit (90 days from the date of service) passed 3 day(s) ago.', now: '2024-06-02T08:00:00.000Z' });
  await raiseAlert(handle.db, { kind: 'silent-after-inquiry', claimId: ids[1], partnerId: 'demo', payerId: 'PAYER1', now: '2024-06-03T08:00:00.000Z' });
  await raiseAlert(handle.db, { kind: 'timely-filing-approaching', claimId: ids[2], partnerId: 'demo', payerId: 'PAYER1', dueDate: '2024-06-20', now: '2024-06-01T08:00:00.000Z' });
  await handle.db.updateTable('claims').set({ state: 'paid' }).where('id', '=', ids[2]).execute(); // settled: no longer open
  server = await buildServer({ deps: { ledger, tokens: [TOKEN], workbench: { partnerIds: ['demo'], now: () => new Date('2024-06-05T12:00:00.000Z') } }, logger: false });
});
afterAll(async () => {
  await server?.close();
  await handle?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('alerts for people', () => {
  it('GET /v1/alerts needs the token, lists newest first with filters, and is in the OpenAPI document', async () => {
    expect((await server.inject({ url: '/v1/alerts' })).statusCode).toBe(401);
    const all = (await server.inject({ url: '/v1/alerts', headers: auth })).json();
    expect(all.total).toBe(3);
    expect(all.alerts.map((a: { kind: string }) => a.kind)).toEqual(['silent-after-inquiry', 'timely-filing-passed', 'timely-filing-approaching']);
    expect(all.alerts[1]).toMatchObject({ claimId: ids[0], patientControlNumber: 'PCN00001', claimState: 'scrub-rejected', payerId: 'PAYER1', dueDate: '2024-05-30', idempotencyKey: `timely-filing-passed:${ids[0]}:2024-05-30` });
    expect(all.alerts[1].deliveries.map((d: { channel: string; state: string }) => `${d.channel}:${d.state}`)).toEqual(['email:pending', 'webhook:pending']);
    expect((await server.inject({ url: '/v1/alerts?open=true', headers: auth })).json().total).toBe(2);
    const passed = (await server.inject({ url: '/v1/alerts?kind=timely-filing-passed', headers: auth })).json();
    expect(passed.alerts.map((a: { claimId: string }) => a.claimId)).toEqual([ids[0]]);
    expect((await server.inject({ url: `/v1/alerts?claim=${ids[1]}`, headers: auth })).json().total).toBe(1);
    expect((await server.inject({ url: '/v1/alerts?kind=NOT%20A%20KIND', headers: auth })).statusCode).toBe(400);
    // no patient data in the answer
    expect((await server.inject({ url: '/v1/alerts', headers: auth })).body).not.toMatch(/memberId|birthDate|patient_last/);
    const doc = (await server.inject({ url: '/docs/json' })).json();
    expect(doc.paths['/v1/alerts'].get.security).toEqual([{ bearer: [] }]);
  });

  it('shows the open alerts on the dashboard and the /alerts page', async () => {
    const dash = await server.inject({ url: '/', headers: auth });
    expect(dash.statusCode).toBe(200);
    expect(dash.body).toMatch(/data-figure="alerts-open"[^]*?<a href="\/alerts">2<\/a>/);
    expect(dash.body).toContain(`<tr data-alert=`);
    expect(dash.body).toContain('Timely-filing limit passed');
    expect(dash.body).toContain('No answer after a status inquiry');
    expect(dash.body).not.toContain('Timely-filing limit approaching'); // its claim is paid
    const page = await server.inject({ url: '/alerts', headers: auth });
    expect(page.statusCode).toBe(200);
    expect([...page.body.matchAll(/<tr data-alert="/g)]).toHaveLength(2);
    expect(page.body).toContain('webhook: waiting (0 attempts)');
    const every = await server.inject({ url: '/alerts?all=1', headers: auth });
    expect([...every.body.matchAll(/<tr data-alert="/g)]).toHaveLength(3);
  });

  it('wears a badge on the worklist claim that has an alert', async () => {
    const wl = await server.inject({ url: '/worklist', headers: auth });
    expect(wl.statusCode).toBe(200);
    const row = (id: string) => new RegExp(`<tr data-claim="${id}"[^]*?</tr>`).exec(wl.body)?.[0] ?? '';
    expect(row(ids[0])).toContain('data-alert-kind="timely-filing-passed"');
    expect(row(ids[1])).toContain('data-alert-kind="silent-after-inquiry"');
  });
});
