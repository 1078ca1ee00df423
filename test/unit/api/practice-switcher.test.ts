/**
 * The workbench and practices (issue 17 item 3, part 4): a user of several practices sees all of them
 * and can narrow to one with the switcher (never to a practice that is not theirs, even with a forged
 * cookie); a user of one practice sees its label; the service-wide admin sees every practice with a
 * practice column on the claims list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/api/app.js';
import { createLedger, type LedgerDb } from '../../../src/ledger/index.js';
import { setUserPractice, syncPractices } from '../../../src/ledger/tenants.js';
import { createUserStore } from '../../../src/ledger/users.js';
import { intakeClaims } from '../ledger/fixtures.js';
import { openTestMemoryLedgerDb } from '../../helpers/test-ledger.js';
import { cookieHeader, cookiesOf, form, signIn, type Session } from './workbench-helpers.js';

const PASSWORD = 'correct horse battery';
let handle: LedgerDb;
let server: Awaited<ReturnType<typeof buildServer>>;
let max: Session;
let ann: Session;
let root: Session;
let pamToken: string;
let annToken: string;

beforeAll(async () => {
  handle = await openTestMemoryLedgerDb();
  const ledger = createLedger(handle.db);
  await syncPractices(handle.db, [
    { id: 'alpha', name: 'Alpha', billingProviderNpis: ['1111111112'] },
    { id: 'beta', name: 'Beta', billingProviderNpis: ['2222222224'] },
  ]);
  for (const [p, npi, sha] of [['ALP', '1111111112', 'a'], ['BET', '2222222224', 'b']] as const) {
    const claims = intakeClaims(2, { prefix: p });
    for (const c of claims) c.data = { billingProvider: { npi } };
    await ledger.recordBatch({ name: `${p}.json`, sha256: sha.repeat(64), size: 1, partnerId: 'demo', claims });
  }
  server = await buildServer({ deps: { ledger, tokens: ['config-token-0123456789abcdef'], workbench: { partnerIds: ['demo'] } }, logger: false });
  const users = createUserStore(handle.db);
  const m = await users.createUser({ username: 'max', password: PASSWORD, role: 'biller' });
  await setUserPractice(handle.db, m.id, 'alpha', 'biller');
  await setUserPractice(handle.db, m.id, 'beta', 'biller');
  const a = await users.createUser({ username: 'ann', password: PASSWORD, role: 'biller' });
  await setUserPractice(handle.db, a.id, 'alpha', 'biller');
  await users.createUser({ username: 'root', password: PASSWORD, role: 'admin' });
  const pa = await users.createUser({ username: 'pam', password: PASSWORD, role: 'admin' });
  await setUserPractice(handle.db, pa.id, 'alpha', 'admin');
  pamToken = await users.createApiToken(pa.id, 'pam-robot');
  annToken = await users.createApiToken(a.id, 'ann-robot');
  max = await signIn(server, 'max', PASSWORD);
  ann = await signIn(server, 'ann', PASSWORD);
  root = await signIn(server, 'root', PASSWORD);
}, 60_000);
afterAll(async () => {
  await server?.close();
  await handle?.close();
});

const claimsPage = async (cookie: string) => (await server.inject({ url: '/claims', headers: { cookie } })).body;

describe('practices in the workbench', () => {
  it('a user of two practices sees both, narrows to one with the switcher, and back', async () => {
    let body = await claimsPage(max.cookie);
    expect(body).toContain('action="/practice"');
    expect(body).toContain('ALP00001');
    expect(body).toContain('BET00001');
    const res = await server.inject({ method: 'POST', url: '/practice', ...form({ practice: 'beta', next: '/claims', _csrf: await max.csrf() }, { cookie: max.cookie }) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/claims');
    const jar = { ...max.jar, ...cookiesOf(res.headers['set-cookie']) };
    body = await claimsPage(cookieHeader(jar));
    expect(body).toContain('BET00001');
    expect(body).not.toContain('ALP00001');
    expect(body).toMatch(/<option value="beta" selected>/);
    // not one of theirs: refused, and a forged cookie widens nothing
    const other = await server.inject({ method: 'POST', url: '/practice', ...form({ practice: 'gamma', _csrf: await max.csrf() }, { cookie: max.cookie }) });
    expect(other.statusCode).toBe(404);
    body = await claimsPage(cookieHeader({ ...ann.jar, x12gw_practice: 'beta' }));
    expect(body).toContain('ALP00001');
    expect(body).not.toContain('BET00001');
    // back to all of theirs
    const back = await server.inject({ method: 'POST', url: '/practice', ...form({ practice: '', next: '/claims', _csrf: await max.csrf() }, { cookie: cookieHeader(jar) }) });
    expect(back.statusCode).toBe(303);
    expect(String(back.headers['set-cookie'])).toMatch(/x12gw_practice=;/);
  });

  it('a user of one practice sees its label and no practice column', async () => {
    const body = await claimsPage(ann.cookie);
    expect(body).toContain('Practice: alpha');
    expect(body).not.toContain('action="/practice"');
    expect(body).not.toContain('<th scope="col">Practice</th>');
  });

  it('the service-wide admin sees every practice, with a practice column', async () => {
    const body = await claimsPage(root.cookie);
    expect(body).toContain('All practices');
    expect(body).toContain('<th scope="col">Practice</th>');
    expect(body).toMatch(/ALP00001[\s\S]*?<td data-practice>alpha<\/td>/);
    expect(body).toMatch(/BET00001[\s\S]*?<td data-practice>beta<\/td>/);
  });

  it('a practice admin lists and adds the users of its practice only; another practice answers 404, a biller 403', async () => {
    const pam = { authorization: `Bearer ${pamToken}` };
    const list = JSON.parse((await server.inject({ url: '/v1/practice-users', headers: pam })).body) as { users: Array<{ username: string; practiceId: string }> };
    expect(list.users.every((u) => u.practiceId === 'alpha')).toBe(true);
    expect(list.users.map((u) => u.username)).toEqual(expect.arrayContaining(['ann', 'max', 'pam']));
    const added = await server.inject({ method: 'POST', url: '/v1/practice-users', headers: pam, payload: { username: 'newbie', practiceId: 'alpha', role: 'biller', password: PASSWORD } });
    expect(added.statusCode).toBe(200);
    const newbie = await signIn(server, 'newbie', PASSWORD);
    expect(await claimsPage(newbie.cookie)).toContain('Practice: alpha');
    expect((await server.inject({ method: 'POST', url: '/v1/practice-users', headers: pam, payload: { username: 'x', practiceId: 'beta', role: 'biller', password: PASSWORD } })).statusCode).toBe(404);
    // max is also in beta: a practice admin of alpha cannot change him
    expect((await server.inject({ method: 'POST', url: '/v1/practice-users', headers: pam, payload: { username: 'max', practiceId: 'alpha', role: 'admin' } })).statusCode).toBe(404);
    expect((await server.inject({ url: '/v1/practice-users', headers: { authorization: `Bearer ${annToken}` } })).statusCode).toBe(403);
  });
});
