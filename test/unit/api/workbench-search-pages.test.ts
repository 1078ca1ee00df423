/**
 * The Claims page's search (patient name, member id, date of birth, payer claim number, amount; invalid
 * filters shown next to their field) and the pages for people when something goes wrong (404, 429 as
 * HTML for browsers, JSON for the API), the favicon. inject() only.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { buildServer } from '../../../src/api/app.js';
import { createLogger } from '../../../src/gateway/logger.js';
import { formatZip, plural } from '../../../src/api/web/layout.js';
import { FINAL_STATES } from '../../../src/ledger/lifecycle.js';
import { createUserStore } from '../../../src/ledger/users.js';
import { syntheticBatch } from '../../../src/simulator/synthetic-claims.js';
import { runUntil, startHarness, type Harness } from '../../helpers/harness.js';
import { cookieHeader, cookiesOf, csrfOf, signIn, type Session } from './workbench-helpers.js';

const TOKEN = 'config-token-0123456789abcdef';
const PASSWORD = 'correct horse battery';
const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
let h: Harness;
let server: Awaited<ReturnType<typeof buildServer>>;
let biller: Session;

beforeAll(async () => {
  h = await startHarness();
  writeFileSync(join(h.gateway.context.folders.outbox, 'pages.json'), JSON.stringify(syntheticBatch({ batchId: 'PGS', claims: 10 })));
  await runUntil(h, async () => {
    const claims = await h.ledger.listClaims();
    return claims.length === 10 && claims.every((c) => FINAL_STATES.includes(c.state));
  });
  const folders = h.gateway.context.folders;
  server = await buildServer({ deps: { ledger: h.ledger, tokens: [TOKEN], workbench: { partnerIds: ['demo'], folders: { inbox: folders.inbox, quarantine: folders.quarantine }, loginAttemptsPerMinute: 3 } }, logger: false });
  await createUserStore(h.ledger.db).createUser({ username: 'bill', password: PASSWORD, role: 'biller' });
  biller = await signIn(server, 'bill', PASSWORD);
});
afterAll(async () => {
  await server?.close();
  await h?.close();
});

const page = (url: string) => server.inject({ url, headers: { ...BROWSER, cookie: biller.cookie } });

describe('claims page search', () => {
  it('shows an invalid date, state or over-long value as an error next to its field, and lists no claims', async () => {
    const res = await page(`/claims?from=2024-02-30&state=bogus&memberId=${'m'.repeat(500)}`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/id="q-from"[^>]*aria-invalid="true" aria-describedby="q-from-err"/);
    expect(res.body).toMatch(/<span class="field-error" id="q-from-err">Service from: that day does not exist in the calendar\.<\/span>/);
    expect(res.body).toMatch(/id="q-state-err">State: one value is not a claim state/);
    expect(res.body).toMatch(/id="q-memberId-err">Member id: too long/);
    expect(res.body).toContain('3 filters need fixing');
    expect(res.body).not.toContain('href="/claims/');
    expect(res.body).not.toContain('m'.repeat(101));
  });

  it('finds claims by the start of the patient last name in any case, and by date of birth and payer claim number', async () => {
    const rows = await h.ledger.db.selectFrom('claims').select(['id', 'patient_control_number', 'patient_last', 'payer_claim_number']).execute();
    const target = rows.find((r) => r.patient_last && r.payer_claim_number)!;
    const prefix = target.patient_last!.slice(0, 3).toLowerCase();
    const res = await page(`/claims?patient=${encodeURIComponent(prefix)}`);
    expect(res.statusCode).toBe(200);
    const listed = [...res.body.matchAll(/href="\/claims\/([^"]+)"/g)].map((m) => m[1]).sort();
    expect(listed).toEqual(rows.filter((r) => r.patient_last!.toLowerCase().startsWith(prefix)).map((r) => r.id).sort());
    expect(res.body).toMatch(new RegExp(`id="q-patient" name="patient" value="${prefix}"`));
    const byNumber = await page(`/claims?payerClaimNumber=${encodeURIComponent(target.payer_claim_number!)}`);
    expect([...byNumber.body.matchAll(/href="\/claims\/([^"]+)"/g)].map((m) => m[1])).toEqual([target.id]);
  });
});

describe('pages for people when something goes wrong', () => {
  it('answers an unknown address with an HTML page for a browser and JSON for the API', async () => {
    const html = await server.inject({ url: '/no/such/page', headers: BROWSER });
    expect(html.statusCode).toBe(404);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toContain('<h1>Page not found</h1>');
    expect(html.body).toContain('/assets/workbench.css');
    expect(html.body.match(/<h1/g)).toHaveLength(1);
    const api = await server.inject({ url: '/v1/no-such-route', headers: { ...BROWSER, authorization: `Bearer ${TOKEN}` } });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: 'not-found' });
    const script = await server.inject({ url: '/no/such/page' });
    expect(script.headers['content-type']).toMatch(/json/);
  });

  it('shows too many sign-ins as an HTML page with the wait, not raw JSON', async () => {
    const form = await server.inject({ url: '/login' });
    const jar = cookiesOf(form.headers['set-cookie']);
    let last;
    for (let i = 0; i < 4; i++) {
      last = await server.inject({ method: 'POST', url: '/login', remoteAddress: '10.9.9.9', headers: { ...BROWSER, cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ username: `nobody${i}`, password: 'wrong password', _csrf: csrfOf(form.body) }).toString() });
    }
    expect(last!.statusCode).toBe(429);
    expect(last!.headers['content-type']).toMatch(/text\/html/);
    expect(last!.body).toContain('<h1>Too many requests</h1>');
  });

  it('serves a favicon linked from every page', async () => {
    const icon = await server.inject({ url: '/favicon.ico' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toMatch(/image\/svg\+xml/);
    expect((await page('/claims')).body).toContain('<link rel="icon" href="/favicon.svg"');
  });
});

describe('words and numbers on the pages', () => {
  it('writes one claim in the singular and a nine-digit ZIP as ZIP+4', async () => {
    expect(plural(1, 'claim')).toBe('1 claim');
    expect(plural(1200, 'claim')).toBe('1,200 claims');
    expect(formatZip('627011234')).toBe('62701-1234');
    expect(formatZip('62702')).toBe('62702');
    const owing = await h.ledger.db.selectFrom('claims').select('id').where('patient_responsibility', 'is not', null).where('patient_responsibility', '!=', '0.00').executeTakeFirst();
    const statement = await page(`/balances/statement?claim=${owing!.id}`);
    expect(statement.statusCode).toBe(200);
    expect(statement.body).toContain('62701-1234');
    expect(statement.body).not.toContain('627011234');
  });
});

describe('request logs', () => {
  it('logs each request at debug by its route pattern, never at info and never with the query', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', destination: new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }) });
    const logged = await buildServer({ deps: { ledger: h.ledger, tokens: [TOKEN] }, logger: log });
    try {
      await logged.inject({ url: '/v1/claims?patient=ZQSEARCHNAME', headers: { authorization: `Bearer ${TOKEN}` } });
      const requests = lines.map((l) => JSON.parse(l) as { level: number; event?: string; route?: string; status?: number; msg?: string });
      const http = requests.filter((r) => r.event === 'http.request');
      expect(http).toHaveLength(1);
      expect(http[0]).toMatchObject({ level: 20, route: '/v1/claims', status: 200 });
      expect(requests.filter((r) => r.level >= 30 && /request/.test(r.msg ?? ''))).toEqual([]);
      expect(lines.join('')).not.toContain('ZQSEARCHNAME');
    } finally {
      await logged.close();
    }
  });
});


describe('patients', () => {
  it('finds a patient account by the start of the last name, totals the accounts found, and links balances to the account', async () => {
    const all = await page('/accounts?view=all');
    expect(all.statusCode).toBe(200);
    const names = [...all.body.matchAll(/<a href="\/accounts\/([A-Za-z0-9_-]+)">([^<]+)<\/a>/g)].map((m) => ({ id: m[1], name: m[2] }));
    expect(names.length).toBeGreaterThan(1);
    const target = names[0];
    const prefix = target.name.split(',')[0].trim().slice(0, 3).toLowerCase();
    const found = await page(`/accounts?q=${encodeURIComponent(prefix)}`);
    const ids = [...found.body.matchAll(/<a href="\/accounts\/([A-Za-z0-9_-]+)">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(ids).toContain(target.id);
    expect(ids.length).toBe(names.filter((n) => n.name.toLowerCase().startsWith(prefix)).length);
    expect(found.body).toContain(`id="acct-q" name="q" value="${prefix}"`);
    const balances = await page('/balances?view=patients');
    expect(balances.body).toMatch(/<td><a href="\/accounts\/[A-Za-z0-9_-]+">/);
    const none = await page('/accounts?q=zzzzqqq');
    expect([...none.body.matchAll(/<a href="\/accounts\/([A-Za-z0-9_-]+)">/g)]).toHaveLength(0);
  });
});
