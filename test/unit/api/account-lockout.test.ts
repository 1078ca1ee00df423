/**
 * Durable per-account lockout: repeated failed sign-ins lock the account in the ledger (a restart keeps
 * the lock; the right password is refused), until an administrator unlocks it on /admin/sign-in-locks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/api/app.js';
import { createUserStore } from '../../../src/ledger/users.js';
import { workbenchDb } from '../../../src/ledger/workbench-schema.js';
import { startHarness, type Harness } from '../../helpers/harness.js';
import { cookieHeader, cookiesOf, csrfOf, form, signIn } from './workbench-helpers.js';

const PASSWORD = 'correct horse battery';
let h: Harness;
const servers: Array<Awaited<ReturnType<typeof buildServer>>> = [];

const start = async () => {
  const folders = h.gateway.context.folders;
  const s = await buildServer({ deps: { ledger: h.ledger, tokens: ['config-token-0123456789abcdef'], workbench: { partnerIds: ['demo'], folders: { inbox: folders.inbox, quarantine: folders.quarantine }, loginAttemptsPerMinute: 1000, loginFailuresPerAccount: 1000, loginLockoutAfter: 3 } }, logger: false });
  servers.push(s);
  return s;
};

beforeAll(async () => {
  h = await startHarness();
  const users = createUserStore(h.ledger.db);
  await users.createUser({ username: 'ada', password: PASSWORD, role: 'admin' });
  await users.createUser({ username: 'bill', password: PASSWORD, role: 'biller' });
});
afterAll(async () => {
  for (const s of servers) await s.close();
  await h?.close();
});

async function tryLogin(server: Awaited<ReturnType<typeof buildServer>>, username: string, password: string) {
  const page = await server.inject({ url: '/login' });
  const jar = cookiesOf(page.headers['set-cookie']);
  return server.inject({ method: 'POST', url: '/login', ...form({ username, password, _csrf: csrfOf(page.body) }, { cookie: cookieHeader(jar) }) });
}

describe('per-account lockout', () => {
  it('locks an account after repeated failures, keeps it locked across a restart, and lets an admin unlock it', async () => {
    const first = await start();
    for (let i = 0; i < 3; i++) expect((await tryLogin(first, 'Bill', 'wrong password')).statusCode).toBe(401);
    const refused = await tryLogin(first, 'bill', PASSWORD);
    expect(refused.statusCode).toBe(423);
    expect(refused.body).toContain('This account is locked after repeated failed sign-ins');
    await first.close();

    const second = await start();
    expect((await tryLogin(second, 'bill', PASSWORD)).statusCode).toBe(423);
    // another account is not affected
    const admin = await signIn(second, 'ada', PASSWORD);
    const list = await second.inject({ url: '/admin/sign-in-locks', headers: { cookie: admin.cookie } });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('data-locked="bill"');
    const unlock = await second.inject({ method: 'POST', url: '/admin/sign-in-locks/unlock', ...form({ username: 'bill', _csrf: csrfOf(list.body) }, { cookie: admin.cookie }) });
    expect(unlock.statusCode).toBe(303);
    expect((await tryLogin(second, 'bill', PASSWORD)).statusCode).toBe(303);
    const audit = await workbenchDb(h.ledger.db).selectFrom('audit_log').select(['action', 'actor']).where('action', 'in', ['account-locked', 'unlock-account']).execute();
    expect(audit.map((a) => `${a.action}:${a.actor}`).sort()).toEqual(['account-locked:anonymous', 'unlock-account:ada']);
  });

  it('does not show or allow unlocking to a biller', async () => {
    const server = await start();
    const biller = await signIn(server, 'bill', PASSWORD);
    expect((await server.inject({ url: '/admin/sign-in-locks', headers: { cookie: biller.cookie } })).statusCode).toBe(403);
    const csrf = await biller.csrf();
    expect((await server.inject({ method: 'POST', url: '/admin/sign-in-locks/unlock', ...form({ username: 'bill', _csrf: csrf }, { cookie: biller.cookie }) })).statusCode).toBe(403);
  });
});
