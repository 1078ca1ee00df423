/**
 * Eligibility over the API and the workbench: POST /v1/eligibility is behind auth, zod-validated (a bad
 * appointment is a 400 naming the field) and records checks once; after a 271 is posted, GET
 * /v1/eligibility shows coverage, the AAA reasons in words and the patient estimate; the CSV and the
 * /eligibility page show the same figures; the route is in the OpenAPI document.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/api/app.js';
import { AccountsConfigSchema, accountsSettings } from '../../../src/accounts/settings.js';
import { readEligibilityResponses } from '../../../src/eligibility/read-271.js';
import { createLedger, openLedgerDb, sha256, type Ledger, type LedgerDb } from '../../../src/ledger/index.js';
import { createUserStore } from '../../../src/ledger/users.js';
import { form, signIn } from './workbench-helpers.js';
import { parseClaim, professionalInput } from '../claims/fixtures.js';

const root = new URL('../../../', import.meta.url).pathname;
const TOKEN = 'elig-token-0123456789abcdef';
const auth = { authorization: `Bearer ${TOKEN}` };
const appointments = JSON.parse(readFileSync(join(root, 'samples/270-271/appointments.json'), 'utf8'));
let dir: string;
let handle: LedgerDb;
let ledger: Ledger;
let server: Awaited<ReturnType<typeof buildServer>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'elig-api-'));
  handle = await openLedgerDb({ dataDir: dir });
  ledger = createLedger(handle.db);
  await createUserStore(handle.db).ensureUser({ username: 'bea', password: 'a long enough password', role: 'biller', displayName: 'Bea' });
  server = await buildServer({ deps: { ledger, tokens: [TOKEN], defaultPartner: 'demo', workbench: { partnerIds: ['demo'], accounts: accountsSettings(AccountsConfigSchema.parse({ practice: { name: 'Clinic', address: ['1 Main St'], phone: '217-555-0100' } })) } }, logger: false });
});
afterAll(async () => {
  await server?.close();
  await handle?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function answer(name: string, text: string) {
  const { file } = await ledger.recordFile({ direction: 'in', partnerId: 'demo', name, sha256: name, size: text.length, kind: '271' });
  await ledger.postEligibilityAnswers(file.id, 'demo', readEligibilityResponses(text).answers);
}

describe('eligibility API', () => {
  it('refuses without a token and refuses a bad appointment with the field named', async () => {
    expect((await server.inject({ method: 'POST', url: '/v1/eligibility', payload: { appointments } })).statusCode).toBe(401);
    const bad = await server.inject({ method: 'POST', url: '/v1/eligibility', headers: auth, payload: { appointments: [{ ...appointments[0], provider: { npi: '12', name: 'X' } }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('NPI');
    expect(bad.body).not.toContain('RIVERA');
  });

  it('records appointments once (202), then shows coverage, rejections in words and the estimate', async () => {
    const first = await server.inject({ method: 'POST', url: '/v1/eligibility', headers: auth, payload: { appointments } });
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ partnerId: 'demo', added: ['APPT-1001', 'APPT-1003', 'APPT-1004'], existing: [] });
    expect((await server.inject({ method: 'POST', url: '/v1/eligibility', headers: auth, payload: { appointments: appointments.slice(0, 1) } })).json().existing).toEqual(['APPT-1001']);
    await answer('benefits.271', readFileSync(join(root, 'samples/270-271/benefits.271'), 'latin1'));
    await answer('rejected.271', readFileSync(join(root, 'samples/270-271/rejected.271'), 'latin1').replace('APPT-2001', 'APPT-1004'));
    const visits = (await server.inject({ url: '/v1/eligibility', headers: auth })).json().visits as Array<Record<string, any>>;
    const by = new Map(visits.map((v) => [v.appointmentId, v]));
    // APPT-1001: 99213 (98) 150 + 80053 60 with 1100.50 deductible left: all of it to the deductible.
    expect(by.get('APPT-1001')).toMatchObject({ coverage: 'active', plan: 'GOLD PPO', estimate: { patientTotal: '210.00', insuranceTotal: '0.00' } });
    expect(by.get('APPT-1003')).toMatchObject({ coverage: 'inactive', estimate: { patientTotal: '180.00' } });
    expect(by.get('APPT-1004')).toMatchObject({ state: 'rejected', rejections: [{ reason: '75', reasonText: 'Subscriber/insured not found' }] });
    expect(by.get('APPT-1004')!.estimate).toBeUndefined();
  });

  it('the CSV has a row per scheduled procedure with the estimate, and the rejection in words', async () => {
    const res = await server.inject({ url: '/v1/eligibility.csv', headers: auth });
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trim().split(/\r?\n/);
    expect(lines[0]).toBe('appointment,visit date,payer,state,coverage,plan,procedure,charge,deductible,coinsurance,copay,patient estimate,rejection');
    expect(lines).toContain('APPT-1001,2024-03-15,ACME01,answered,active,GOLD PPO,99213,150.00,150.00,0.00,0.00,150.00,');
    expect(lines).toContain('APPT-1004,2024-03-18,BLUE02,rejected,rejected,,,,,,,,75 Subscriber/insured not found');
  });

  it('the workbench /eligibility page shows the same figures to a signed-in biller', async () => {
    expect((await server.inject({ url: '/eligibility' })).statusCode).toBe(302);
    const s = await signIn(server, 'bea', 'a long enough password');
    const page = await server.inject({ url: '/eligibility', headers: { cookie: s.cookie } });
    expect(page.statusCode).toBe(200);
    const row = (id: string) => new RegExp(`<tr data-appointment="${id}">.*?</tr>`, 's').exec(page.body)?.[0] ?? '';
    expect(row('APPT-1001')).toContain('210.00');
    expect(row('APPT-1004')).toContain('Subscriber/insured not found (75); please correct and resubmit');
    expect((await server.inject({ url: '/eligibility.csv', headers: { cookie: s.cookie } })).body).toContain('APPT-1003');
  });

  it('the page\'s "Check eligibility" button asks about a claim\'s patient (CSRF-protected; found by patient control number)', async () => {
    const claim = parseClaim(professionalInput());
    await ledger.recordBatch({ name: 'c.json', sha256: sha256('c.json'), size: 1, partnerId: 'demo', claims: [{ index: 0, partnerId: 'demo', payerId: claim.payer.id, claimType: '837P', patientControlNumber: claim.claimId, totalCharge: claim.totalCharge, serviceDate: '2024-05-02', lines: [], data: claim }] });
    const s = await signIn(server, 'bea', 'a long enough password');
    const page = await server.inject({ url: '/eligibility', headers: { cookie: s.cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    expect((await server.inject({ method: 'POST', url: '/eligibility/check-claim', ...form({ claim: claim.claimId }, { cookie: s.cookie }) })).statusCode).toBe(403);
    const res = await server.inject({ method: 'POST', url: '/eligibility/check-claim', ...form({ claim: claim.claimId, _csrf: csrf }, { cookie: s.cookie }) });
    expect(res.statusCode).toBe(303);
    expect(decodeURIComponent(res.headers.location as string)).toContain('Eligibility check queued');
    const [check] = (await ledger.eligibilityChecks()).filter((c) => c.source.startsWith('workbench:'));
    expect(check).toMatchObject({ state: 'queued', payer_id: claim.payer.id, member_id: claim.subscriber.memberId, visit_date: '2024-05-02', partner_id: 'demo' });
    expect(JSON.parse(check.appointment).procedures.map((p: { code: string }) => p.code)).toEqual(claim.lines.map((l) => ('procedureCode' in l ? l.procedureCode : '')));
    const missing = await server.inject({ method: 'POST', url: '/eligibility/check-claim', ...form({ claim: 'NO-SUCH', _csrf: csrf }, { cookie: s.cookie }) });
    expect(decodeURIComponent(missing.headers.location as string)).toContain('No claim has that id');
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await server.inject({ url: '/docs/json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/eligibility', '/v1/eligibility.csv']));
    expect(doc.paths['/v1/eligibility'].post.requestBody).toBeDefined();
  });
});
