/**
 * Issue 10, API hardening: a session cookie alone cannot change anything (CSRF token on every
 * state-changing route, POST /v1/batches included; bearer tokens stay CSRF-free); /health is public and
 * cheap (no counts, no claims table) while the detailed status needs authentication; nothing the API
 * answers may be cached (Cache-Control: no-store); sign-in failures are limited per account whatever the
 * IP, and audited.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/app.js';
import { FINAL_STATES } from '../../src/ledger/lifecycle.js';
import { createUserStore } from '../../src/ledger/users.js';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { runUntil, startHarness, type Harness } from '../helpers/harness.js';
import { cookieHeader, cookiesOf, csrfOf, signIn, type Session } from '../unit/api/workbench-helpers.js';

const TOKEN = 'config-token-0123456789abcdef';
const PASSWORD = 'correct horse battery';
let h: Harness;
let server: Awaited<ReturnType<typeof buildServer>>;
let bill: Session;
let clock = Date.parse('2026-01-05T09:00:00Z');

beforeAll(async () => {
  h = await startHarness();
  writeFileSync(join(h.gateway.context.folders.outbox, 'seed.json'), JSON.stringify(syntheticBatch({ batchId: 'HARD', claims: 6, payerRejectEvery: 3 })));
  await runUntil(h, async () => {
    const claims = await h.ledger.listClaims();
    return claims.length === 6 && claims.every((c) => FINAL_STATES.includes(c.state));
  });
  const folders = h.gateway.context.folders;
  server = await buildServer({
    deps: { ledger: h.ledger, tokens: [TOKEN], outbox: folders.outbox, workbench: { partnerIds: ['demo'], folders: { inbox: folders.inbox, quarantine: folders.quarantine }, loginAttemptsPerMinute: 1000, now: () => new Date(clock) } },
    logger: false,
  });
  const users = createUserStore(h.ledger.db);
  await users.createUser({ username: 'ada', password: PASSWORD, role: 'admin' });
  await users.createUser({ username: 'bill', password: PASSWORD, role: 'biller' });
  bill = await signIn(server, 'bill', PASSWORD);
});
afterAll(async () => {
  await server?.close();
  await h?.close();
});

const bearer = { authorization: `Bearer ${TOKEN}` };
const batch = (id: string) => ({ batchId: id, claims: syntheticBatch({ batchId: id, claims: 1 }).claims });
const outboxNames = () => readdirSync(h.gateway.context.folders.outbox).filter((n) => n.startsWith('api-') && !n.endsWith('.done')); // batches, not their completion markers (dropBatch writes both)

describe('API hardening (issue 10)', () => {
  it('refuses POST /v1/batches with a session cookie and no CSRF token; bearer tokens need none', async () => {
    const before = outboxNames().length;
    const forged = await server.inject({ method: 'POST', url: '/v1/batches', headers: { cookie: bill.cookie }, payload: batch('CSRF1') });
    expect(forged.statusCode).toBe(403);
    const wrong = await server.inject({ method: 'POST', url: '/v1/batches', headers: { cookie: bill.cookie, 'x-csrf-token': 'forged-token' }, payload: batch('CSRF2') });
    expect(wrong.statusCode).toBe(403);
    expect(outboxNames()).toHaveLength(before); // nothing was queued

    const token = await bill.csrf();
    const withToken = await server.inject({ method: 'POST', url: '/v1/batches', headers: { cookie: bill.cookie, 'x-csrf-token': token }, payload: batch('CSRF3') });
    expect(withToken.statusCode).toBe(202);
    const system = await server.inject({ method: 'POST', url: '/v1/batches', headers: bearer, payload: batch('CSRF4') });
    expect(system.statusCode).toBe(202);
    expect(outboxNames()).toHaveLength(before + 2);
  });

  it('answers /health without counts and without the claims table; the detailed status needs auth', async () => {
    const health = await server.inject({ url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    // /health does not touch the claims table at all: it answers while that table is unreadable.
    await sql`ALTER TABLE claims RENAME TO claims_away`.execute(h.ledger.db);
    try {
      const still = await server.inject({ url: '/health' });
      expect(still.statusCode).toBe(200);
    } finally {
      await sql`ALTER TABLE claims_away RENAME TO claims`.execute(h.ledger.db);
    }
    expect((await server.inject({ url: '/v1/status' })).statusCode).toBe(401);
    const status = await server.inject({ url: '/v1/status', headers: bearer });
    expect(status.statusCode).toBe(200);
    expect(status.json().claims).toBe(6);
    expect(Object.values(status.json().byState as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(6);
  });

  it('marks every /v1 answer and every PHI page Cache-Control: no-store', async () => {
    const claim = (await h.ledger.listClaims())[0];
    const remit = (await h.ledger.listRemittances())[0];
    const v1 = ['/v1/claims', `/v1/claims/${claim.id}`, '/v1/remittances', `/v1/remittances/${remit.id}`, '/v1/files', '/v1/unmatched', '/v1/worklist', '/v1/worklist.csv', '/v1/aging', '/v1/patient-balances', '/v1/patient-balances.csv', '/v1/claims.csv', '/v1/remittances.csv', '/v1/files.csv', '/v1/dashboard', '/v1/status', '/v1/claims/nope'];
    for (const url of v1) {
      const res = await server.inject({ url, headers: bearer });
      expect(res.statusCode, url).toBeLessThan(500);
      expect(res.headers['cache-control'], url).toBe('no-store');
      expect((await server.inject({ url })).headers['cache-control'], `${url} unauthenticated`).toBe('no-store');
    }
    for (const url of ['/', '/claims', `/claims/${claim.id}`, '/claims.csv', '/worklist', '/worklist.csv', '/balances', '/balances.csv', '/aging', '/remittances', '/files', '/login']) {
      const res = await server.inject({ url, headers: { cookie: bill.cookie } });
      expect(res.statusCode, url).toBeLessThan(400);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('limits sign-in failures per account whatever the IP, and audits the refusals', async () => {
    const attempt = async (username: string, password: string, ip: string) => {
      const page = await server.inject({ url: '/login', remoteAddress: ip });
      const jar = cookiesOf(page.headers['set-cookie']);
      return server.inject({ method: 'POST', url: '/login', remoteAddress: ip, headers: { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ username, password, _csrf: csrfOf(page.body) }).toString() });
    };
    // Five wrong passwords for ada, each from another address (a per-IP limit never sees more than one).
    for (let i = 0; i < 5; i++) expect((await attempt('ada', `wrong password ${i}`, `198.51.100.${i + 1}`)).statusCode).toBe(401);
    // Now ada is refused from a new address, even with the right password.
    const locked = await attempt('ada', PASSWORD, '203.0.113.9');
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.headers['set-cookie']?.toString() ?? '').not.toContain('x12gw_session=');
    expect((await attempt('ADA', PASSWORD, '203.0.113.10')).statusCode).toBe(429);
    // Another account from the same address is not affected.
    expect((await attempt('bill', PASSWORD, '203.0.113.9')).statusCode).toBe(303);
    const audited = await sql<{ action: string; n: number }>`SELECT action, count(*) AS n FROM audit_log WHERE action IN ('login-failed', 'login-locked') GROUP BY action ORDER BY action`.execute(h.ledger.db);
    expect(audited.rows).toEqual([
      { action: 'login-failed', n: 5 },
      { action: 'login-locked', n: 2 },
    ]);
    // After the window (15 minutes) ada may sign in again.
    clock += 15 * 60_000 + 1000;
    expect((await attempt('ada', PASSWORD, '203.0.113.9')).statusCode).toBe(303);
  });
});
