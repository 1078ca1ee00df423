/**
 * Workbench access control with inject(): every PHI page and route needs a session or a token; roles;
 * CSRF on form posts; the audit log; optimistic locking and refusals; PHI canaries never in the logs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/api/app.js';
import { createLogger } from '../../../src/gateway/logger.js';
import { FINAL_STATES } from '../../../src/ledger/lifecycle.js';
import { createUserStore } from '../../../src/ledger/users.js';
import { syntheticBatch } from '../../../src/simulator/synthetic-claims.js';
import { runUntil, startHarness, type Harness } from '../../helpers/harness.js';
import { cookieHeader, cookiesOf, csrfOf, form, signIn, type Session } from './workbench-helpers.js';

const TOKEN = 'config-token-0123456789abcdef';
const CANARY = { last: 'ZQCANARYLAST', first: 'ZQCANARYFIRST', memberPrefix: 'ZQMCANARY', birthDate: '1971-07-17' };
const PASSWORD = 'correct horse battery';
let h: Harness;
let server: Awaited<ReturnType<typeof buildServer>>;
const logs: string[] = [];
let admin: Session;
let biller: Session;
let reader: Session;
let readerToken: string;
let billerToken: string;

beforeAll(async () => {
  h = await startHarness();
  writeFileSync(join(h.gateway.context.folders.outbox, 'sec.json'), JSON.stringify(syntheticBatch({ batchId: 'SEC', claims: 12, scrubRejectEvery: 5, payerRejectEvery: 4, canary: CANARY })));
  await runUntil(h, async () => {
    const claims = await h.ledger.listClaims();
    return claims.length === 12 && claims.every((c) => FINAL_STATES.includes(c.state));
  });
  const log = createLogger({ level: 'debug', destination: new Writable({ write: (c, _e, cb) => (logs.push(String(c)), cb()) }) });
  const folders = h.gateway.context.folders;
  server = await buildServer({ deps: { ledger: h.ledger, tokens: [TOKEN], outbox: folders.outbox, workbench: { partnerIds: ['demo'], folders: { inbox: folders.inbox, quarantine: folders.quarantine }, log, loginAttemptsPerMinute: 8 } }, logger: log });
  const users = createUserStore(h.ledger.db);
  await users.createUser({ username: 'ada', password: PASSWORD, role: 'admin' });
  const b = await users.createUser({ username: 'bill', password: PASSWORD, role: 'biller' });
  const r = await users.createUser({ username: 'rita', password: PASSWORD, role: 'read-only' });
  billerToken = await users.createApiToken(b.id, 'billing-robot');
  readerToken = await users.createApiToken(r.id, 'reporting');
  admin = await signIn(server, 'ada', PASSWORD);
  biller = await signIn(server, 'bill', PASSWORD);
  reader = await signIn(server, 'rita', PASSWORD);
});
afterAll(async () => {
  await server?.close();
  await h?.close();
});

const claimIn = async (state: string) => (await h.ledger.listClaims({ state: state as never }))[0];

describe('workbench security', () => {
  it('keeps every PHI page and route behind a session or a token', async () => {
    const any = (await h.ledger.listClaims())[0];
    const remit = (await h.ledger.listRemittances())[0];
    for (const url of ['/', '/claims', `/claims/${any.id}`, '/claims.csv', '/worklist', '/worklist.csv', '/remittances', `/remittances/${remit.id}`, '/aging', '/aging.csv', '/balances', '/balances.csv', `/balances/statement?claim=${any.id}`, '/files', '/files.csv', '/audit']) {
      const res = await server.inject({ url });
      expect(res.statusCode, url).toBe(302);
      expect(res.headers.location, url).toMatch(/^\/login\?next=/);
      const bogus = await server.inject({ url, headers: { cookie: 'x12gw_session=forged-session-value' } });
      expect(bogus.statusCode, url).toBe(302);
    }
    for (const url of ['/v1/worklist', '/v1/worklist.csv', '/v1/aging', '/v1/patient-balances', '/v1/files', '/v1/files.csv', '/v1/events', '/v1/claims', `/v1/claims/${any.id}`, '/v1/claims.csv', '/v1/remittances', '/v1/dashboard', '/v1/audit', '/v1/unmatched']) {
      expect((await server.inject({ url })).statusCode, url).toBe(401);
      expect((await server.inject({ url, headers: { authorization: 'Bearer not-a-real-token-000000' } })).statusCode, url).toBe(401);
    }
    for (const url of [`/v1/claims/${any.id}/resubmit`, `/v1/claims/${any.id}/void`, '/v1/files/X/reprocess']) expect((await server.inject({ method: 'POST', url, payload: { version: 0 } })).statusCode, url).toBe(401);
    for (const url of [`/claims/${any.id}/resubmit`, `/claims/${any.id}/void`, '/files/X/reprocess']) expect((await server.inject({ method: 'POST', url, ...form({ version: '0' }) })).statusCode, url).toBeGreaterThanOrEqual(401);
    // public: health, the login page, OpenAPI
    expect((await server.inject({ url: '/health' })).statusCode).toBe(200);
    expect((await server.inject({ url: '/login' })).statusCode).toBe(200);
    expect((await server.inject({ url: '/docs/json' })).statusCode).toBe(200);
    // with credentials
    expect((await server.inject({ url: '/worklist', headers: { cookie: biller.cookie } })).statusCode).toBe(200);
    expect((await server.inject({ url: '/v1/worklist', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(200);
    expect((await server.inject({ url: '/v1/claims', headers: { authorization: `Bearer ${readerToken}` } })).statusCode).toBe(200);
  });

  it('sets a secure session cookie and security headers; rate-limits sign-in', async () => {
    const page = await server.inject({ url: '/login' });
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const jar = cookiesOf(page.headers['set-cookie']);
    const ok = await server.inject({ method: 'POST', url: '/login', headers: { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ username: 'bill', password: PASSWORD, _csrf: csrfOf(page.body) }).toString(), remoteAddress: '10.0.0.7' });
    const session = [ok.headers['set-cookie']].flat().find((c) => c?.startsWith('x12gw_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    expect(session).not.toMatch(/Secure/); // plain HTTP here; Secure behind TLS
    const codes: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await server.inject({ method: 'POST', url: '/login', headers: { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ username: `nobody-${i}`, password: 'wrong password!!', _csrf: csrfOf(page.body) }).toString(), remoteAddress: '10.0.0.8' });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 8).every((c) => c === 401)).toBe(true);
    expect(codes.slice(8)).toEqual([429, 429]);
  });

  it('refuses form posts without a valid CSRF token', async () => {
    const rejected = await claimIn('payer-rejected');
    const noToken = await server.inject({ method: 'POST', url: `/claims/${rejected.id}/resubmit`, ...form({ version: '0', 'f:$.subscriber.memberId': 'ZQMCANARY123456' }, { cookie: biller.cookie }) });
    expect(noToken.statusCode).toBe(403);
    const wrong = await server.inject({ method: 'POST', url: `/claims/${rejected.id}/resubmit`, ...form({ _csrf: 'forged-token', version: '0' }, { cookie: biller.cookie }) });
    expect(wrong.statusCode).toBe(403);
    const login = await server.inject({ method: 'POST', url: '/login', ...form({ username: 'bill', password: PASSWORD }) });
    expect(login.statusCode).toBe(403);
    // the JSON API with a session cookie needs the token in a header as well
    const api = await server.inject({ method: 'POST', url: `/v1/claims/${rejected.id}/resubmit`, headers: { cookie: biller.cookie }, payload: { version: 0, edits: {} } });
    expect(api.statusCode).toBe(403);
    expect(await h.ledger.listClaims()).toHaveLength(12); // nothing was queued
  });

  it('does not let a read-only user resubmit, void or reprocess', async () => {
    const rejected = await claimIn('payer-rejected');
    const csrf = await reader.csrf();
    const res = await server.inject({ method: 'POST', url: `/claims/${rejected.id}/resubmit`, ...form({ _csrf: csrf, version: '0', 'f:$.subscriber.memberId': 'ZQMCANARY123456' }, { cookie: reader.cookie }) });
    expect(res.statusCode).toBe(403);
    expect(res.body).toMatch(/read-only role cannot resubmit/);
    const page = await server.inject({ url: `/claims/${rejected.id}`, headers: { cookie: reader.cookie } });
    expect(page.body).not.toMatch(/Re-scrub and resubmit/);
    for (const url of [`/v1/claims/${rejected.id}/resubmit`, `/v1/claims/${rejected.id}/void`]) {
      const r = await server.inject({ method: 'POST', url, headers: { authorization: `Bearer ${readerToken}` }, payload: { version: 0 } });
      expect(r.statusCode, url).toBe(403);
    }
    expect((await server.inject({ method: 'POST', url: '/v1/batches', headers: { authorization: `Bearer ${readerToken}` }, payload: { claims: [{}] } })).statusCode).toBe(403);
    expect(await h.ledger.listClaims()).toHaveLength(12);
  });

  it('refuses a paid claim, a stale edit and an edit the scrubber fails — and sends nothing', async () => {
    const paid = await claimIn('paid');
    const auth = { authorization: `Bearer ${billerToken}` };
    const r1 = await server.inject({ method: 'POST', url: `/v1/claims/${paid.id}/resubmit`, headers: auth, payload: { version: 0, edits: {} } });
    expect(r1.statusCode).toBe(409);
    expect(r1.json()).toMatchObject({ code: 'ALREADY-PAID' });
    expect(r1.json().message).toMatch(/already paid/);
    const rejected = await claimIn('payer-rejected');
    const bad = await server.inject({ method: 'POST', url: `/v1/claims/${rejected.id}/resubmit`, headers: auth, payload: { version: 0, edits: { '$.billingProvider.npi': '1234567890' } } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().fieldErrors).toEqual(expect.arrayContaining([expect.objectContaining({ field: '$.billingProvider.npi', code: 'NPI-CHECK-DIGIT' })]));
    // the page shows the finding next to the field
    const csrf = await biller.csrf();
    const page = await server.inject({ method: 'POST', url: `/claims/${rejected.id}/resubmit`, ...form({ _csrf: csrf, version: '0', 'f:$.billingProvider.npi': '1234567890' }, { cookie: biller.cookie }) });
    expect(page.statusCode).toBe(422);
    expect(page.body).toMatch(/id="f--billingProvider-npi"[^>]*aria-invalid="true"/);
    expect(page.body).toMatch(/id="f--billingProvider-npi-err"/);
    expect(await h.ledger.listClaims()).toHaveLength(12);
    // a good edit from version 0 wins; a second edit still at version 0 is stale and says so
    const good = await server.inject({ method: 'POST', url: `/v1/claims/${rejected.id}/resubmit`, headers: auth, payload: { version: 0, edits: { '$.subscriber.memberId': 'ZQMCANARY777777' } } });
    expect(good.statusCode).toBe(202);
    expect(good.json()).toMatchObject({ action: 'resubmit-original', frequency: '1', version: 1 });
    const stale = await server.inject({ method: 'POST', url: `/v1/claims/${rejected.id}/resubmit`, headers: auth, payload: { version: 0, edits: { '$.subscriber.memberId': 'ZQMCANARY888888' } } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'STALE', version: 1 });
    expect(stale.json().message).toMatch(/Someone else changed this claim/);
    const claims = await h.ledger.listClaims();
    expect(claims).toHaveLength(13);
    const queued = claims.find((c) => c.id === good.json().newClaimId)!;
    expect(queued.state).toBe('queued');
    expect(JSON.parse(queued.data).subscriber.memberId).toBe('ZQMCANARY777777');
  });

  it('records views and changes in an append-only audit log that only admins read', async () => {
    const denied = (await h.ledger.listClaims()).find((c) => c.state === 'denied' || c.state === 'partially-paid' || c.state === 'paid')!;
    await server.inject({ url: `/claims/${denied.id}`, headers: { cookie: reader.cookie } });
    await server.inject({ url: `/v1/claims/${denied.id}`, headers: { authorization: `Bearer ${readerToken}` } });
    const list = await server.inject({ url: `/v1/audit?claim=${denied.id}`, headers: { authorization: `Bearer ${TOKEN}` } });
    expect(list.statusCode).toBe(403); // the config token is a biller, not an admin
    const adminPage = await server.inject({ url: `/audit?claim=${denied.id}`, headers: { cookie: admin.cookie } });
    expect(adminPage.statusCode).toBe(200);
    expect(adminPage.body).toMatch(/rita/);
    expect((await server.inject({ url: '/audit', headers: { cookie: biller.cookie } })).statusCode).toBe(403);
    const rows = await h.ledger.db.selectFrom('audit_log' as never).selectAll().execute() as Array<{ actor: string; action: string; claim_id: string | null; detail: string | null }>;
    expect(rows.filter((r) => r.claim_id === denied.id && r.action === 'view').map((r) => r.actor)).toEqual(['rita', 'rita (token reporting)']);
    expect(rows.some((r) => r.action === 'resubmit' && r.actor === 'bill (token billing-robot)')).toBe(true);
    expect(rows.some((r) => r.action === 'edit-refused' && /ALREADY-PAID/.test(r.detail ?? ''))).toBe(true);
    expect(rows.some((r) => r.action === 'login' && r.actor === 'ada')).toBe(true);
    await expect(sql`UPDATE audit_log SET actor = 'someone else'`.execute(h.ledger.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(h.ledger.db)).rejects.toThrow(/append-only/);
  });

  it('never writes PHI canaries into the logs', async () => {
    // exercise every page once more with a session, including search by patient control number
    for (const url of ['/', '/claims?pcn=SEC-1', '/worklist', '/aging', '/balances?view=claims', '/balances', '/files', '/claims.csv', '/balances.csv', '/worklist.csv']) {
      expect((await server.inject({ url, headers: { cookie: biller.cookie } })).statusCode, url).toBe(200);
    }
    const pages = await server.inject({ url: '/balances?view=claims', headers: { cookie: biller.cookie } });
    expect(pages.body).toContain(CANARY.last); // the page shows the patient…
    const text = logs.join('');
    expect(text.length).toBeGreaterThan(0);
    for (const canary of [CANARY.last, CANARY.first, CANARY.memberPrefix, '19710717', CANARY.birthDate, PASSWORD, TOKEN, billerToken, readerToken]) expect(text, canary).not.toContain(canary); // …the logs never
    expect(text).not.toContain('pcn=SEC-1'); // searches by patient control number are not request-logged
    expect(h.logs.join('')).not.toContain(CANARY.last);
  });

  it('a void asks for a confirmation and a reason (kept in the audit log); a voided claim never offers Void again', async () => {
    const paid = (await h.ledger.listClaims({ state: ['paid', 'partially-paid', 'denied'] })).find((c) => c.payer_claim_number)!;
    const auth = { authorization: `Bearer ${billerToken}` };
    const url = `/v1/claims/${paid.id}/void`;
    const bare = await server.inject({ method: 'POST', url, headers: auth, payload: { version: 0 } });
    expect(bare.statusCode).toBe(422);
    expect(bare.json()).toMatchObject({ code: 'VOID-NEEDS-CONFIRMATION' });
    const unconfirmed = await server.inject({ method: 'POST', url, headers: auth, payload: { version: 0, reason: 'Billed to the wrong payer' } });
    expect(unconfirmed.json()).toMatchObject({ code: 'VOID-NEEDS-CONFIRMATION' });
    const page = await server.inject({ url: `/claims/${paid.id}`, headers: { cookie: biller.cookie } });
    expect(page.body).toMatch(/name="reason" required/);
    expect(page.body).toMatch(/name="confirm" value="yes" required/);
    const before = (await h.ledger.listClaims()).length;
    const ok = await server.inject({ method: 'POST', url, headers: auth, payload: { version: 0, reason: 'Billed to the wrong payer', confirm: true } });
    expect(ok.statusCode).toBe(202);
    expect(ok.json()).toMatchObject({ action: 'void', frequency: '8' });
    expect(await h.ledger.listClaims()).toHaveLength(before + 1);
    const rows = (await h.ledger.db.selectFrom('audit_log' as never).selectAll().execute()) as Array<{ action: string; claim_id: string | null; detail: string | null }>;
    expect(rows.some((r) => r.action === 'void' && r.claim_id === paid.id && JSON.parse(r.detail ?? '{}').reason === 'Billed to the wrong payer')).toBe(true);
    const voidId = ok.json().newClaimId as string;
    for (const id of [paid.id, voidId]) {
      const p = await server.inject({ url: `/claims/${id}`, headers: { cookie: biller.cookie } });
      expect(p.body, id).not.toMatch(/Void this claim/);
    }
    const again = await server.inject({ method: 'POST', url: `/v1/claims/${voidId}/void`, headers: auth, payload: { version: 0, reason: 'again', confirm: true } });
    expect(again.json()).toMatchObject({ code: 'IS-A-VOID' });
    expect(logs.join('\n')).not.toContain('Billed to the wrong payer');
  });
});
