/**
 * Tenant isolation (issue 17 item 3): two practices, alpha and beta, run through the gateway and the
 * simulator (claims, 837s, 999s, 277CAs, 835s, remittances, patients with balances, visits). Signed in
 * as a biller of alpha, the test walks EVERY route of the server — taken from Fastify's own route table,
 * not from a hand-written list, and checked against the OpenAPI document — and asserts that:
 *  - no response body names anything of beta (claim ids, file ids and names, remittance ids, patient
 *    account ids, patient control numbers, a canary patient name);
 *  - every route with a path parameter answers 404 (never 403, never 2xx) when the parameter is one of
 *    beta's ids, so a guessed id does not even reveal that it exists;
 *  - nothing of beta changed after every route was called with beta's ids (POST/PUT included);
 *  - and, so that the test cannot pass by seeing nothing, alpha's own objects are found.
 * Runs on SQLite here and on PostgreSQL in tenant-isolation-postgres.test.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/api/app.js';
import { npiCheckDigit } from '../../../src/claims/scrub/formats.js';
import { guarantorIdOfClaim } from '../../../src/ledger/patient-accounts.js';
import { FINAL_STATES } from '../../../src/ledger/lifecycle.js';
import { setUserPractice, syncPractices } from '../../../src/ledger/tenants.js';
import { raiseAlert } from '../../../src/ledger/alerts.js';
import { Appointment } from '../../../src/eligibility/model.js';
import { createUserStore } from '../../../src/ledger/users.js';
import { DEMO_BILLING_NPI, syntheticBatch } from '../../../src/simulator/synthetic-claims.js';
import { runUntil, startHarness, type Harness } from '../../helpers/harness.js';
import { openTestLedgerDb } from '../../helpers/test-ledger.js';
import { signIn, type Session } from './workbench-helpers.js';

const PASSWORD = 'correct horse battery';
const BETA_NPI = '198765432' + npiCheckDigit('198765432');
// Markers are long enough that no random token on a page (a CSRF token is ~35 random base64url characters,
// new on every page) can hold one by chance: a 3-character prefix did, about once in ten runs.
const ALPHA_CANARY = { last: 'ZQALPHALAST', first: 'ZQALPHAFIRST', memberPrefix: 'ZQALPHAMBR' };
const BETA_CANARY = { last: 'ZQBETALAST', first: 'ZQBETAFIRST', memberPrefix: 'ZQBETAMBR' };

let h: Harness;
let server: Awaited<ReturnType<typeof buildServer>>;
let amy: Session;
let amyToken: string;

interface Owned {
  claims: string[];
  pcns: string[];
  files: Array<{ id: string; name: string }>;
  remittances: string[];
  guarantors: string[];
  /** Issue 14: an alert raised on one of the practice's claims, and the trace of a claim-status inquiry (276) about another. */
  alerts: string[];
  traces: string[];
  /** Issue 14: an eligibility check (appointment) per practice, owned through its provider's NPI. */
  appointments: string[];
}
const owned: Record<'alpha' | 'beta', Owned> = { alpha: { claims: [], pcns: [], files: [], remittances: [], guarantors: [], alerts: [], traces: [], appointments: [] }, beta: { claims: [], pcns: [], files: [], remittances: [], guarantors: [], alerts: [], traces: [], appointments: [] } };

function batch(practice: 'alpha' | 'beta') {
  const b = syntheticBatch({ batchId: practice === 'alpha' ? 'ALPHA' : 'BETA', claims: 8, payerRejectEvery: 4, canary: practice === 'alpha' ? ALPHA_CANARY : BETA_CANARY });
  if (practice === 'beta') for (const c of b.claims) (c as { billingProvider: { npi: string; taxId: string } }).billingProvider = { ...(c as { billingProvider: { npi: string; taxId: string } }).billingProvider, npi: BETA_NPI, taxId: '987654321' };
  return b;
}

beforeAll(async () => {
  h = await startHarness({ openLedger: (dataDir) => openTestLedgerDb({ dataDir }) });
  await syncPractices(h.ledger.db, [
    { id: 'alpha', name: 'Alpha Family Practice', billingProviderNpis: [DEMO_BILLING_NPI] },
    { id: 'beta', name: 'Beta Orthopedics', billingProviderNpis: [BETA_NPI] },
  ]);
  const outbox = h.gateway.context.folders.outbox;
  writeFileSync(join(outbox, 'alpha.json'), JSON.stringify(batch('alpha')));
  writeFileSync(join(outbox, 'beta.json'), JSON.stringify(batch('beta')));
  await runUntil(
    h,
    async () => {
      const claims = await h.ledger.listClaims();
      const remits = await h.ledger.listRemittances();
      return claims.length === 16 && claims.every((c) => FINAL_STATES.includes(c.state)) && remits.length >= 2;
    },
    60_000,
  );
  const db = h.ledger.db;
  for (const p of ['alpha', 'beta'] as const) {
    const claims = await db.selectFrom('claims').selectAll().where('practice_id', '=', p).execute();
    owned[p].claims = claims.map((c) => c.id);
    owned[p].pcns = claims.map((c) => c.patient_control_number);
    owned[p].guarantors = [...new Set(claims.filter((c) => c.patient_responsibility !== null).map(guarantorIdOfClaim))];
    owned[p].files = await db.selectFrom('files').select(['id', 'name']).where('practice_id', '=', p).execute();
    owned[p].remittances = (await db.selectFrom('remittances').select('id').where('practice_id', '=', p).execute()).map((r) => r.id);
  }
  // Issue 14 rows that belong to a practice through its claims: an alert and a 276 inquiry per practice.
  for (const p of ['alpha', 'beta'] as const) {
    const alert = await raiseAlert(db, { kind: 'timely-filing-passed', claimId: owned[p].claims[0], partnerId: 'demo', payerId: 'SIMPAYER', dueDate: '2024-01-31', note: `Timely filing passed (${p}).`, now: new Date().toISOString() });
    owned[p].alerts.push(alert.alert.id);
    const ids = [owned[p].claims[1]];
    const q = await h.ledger.recordStatusInquiry({
      partnerId: 'demo',
      inquiryKey: `iso-${p}`,
      items: ids.map((claimId) => ({ claimId, payerId: 'SIMPAYER', reason: 'no-835' as const })),
      build: (n, t) => ({ text: `276 ${n.interchange} ${t[ids[0]]}`, fileName: `iso-${p}-${n.interchange}.276`, transactions: [{ controlNumber: '0001', claimIds: ids }] }),
    });
    owned[p].traces.push(q.traces[ids[0]]);
    const appointmentId = `APPT-${p.toUpperCase()}-1`;
    const canary = p === 'alpha' ? ALPHA_CANARY : BETA_CANARY;
    await h.ledger.recordEligibilityChecks('demo', [Appointment.parse({ appointmentId, date: '2024-03-15', payer: { id: 'SIMPAYER', name: 'SIM PAYER' }, provider: { npi: p === 'alpha' ? DEMO_BILLING_NPI : BETA_NPI, name: 'CLINIC' }, subscriber: { name: { last: `${canary.last}ELIG`, first: canary.first }, memberId: `${canary.memberPrefix}ELIG1`, birthDate: '1980-01-15', gender: 'F' }, serviceTypes: ['30'] })], 'test');
    owned[p].appointments.push(appointmentId);
  }
  const folders = h.gateway.context.folders;
  server = await buildServer({ deps: { ledger: h.ledger, tokens: ['config-token-0123456789abcdef'], outbox: folders.outbox, workbench: { partnerIds: ['demo'], folders: { inbox: folders.inbox, quarantine: folders.quarantine }, eventsPollMs: 50 } }, logger: false });
  const users = createUserStore(h.ledger.db);
  const user = await users.createUser({ username: 'amy', password: PASSWORD, role: 'biller' });
  await setUserPractice(h.ledger.db, user.id, 'alpha', 'biller');
  amyToken = await users.createApiToken(user.id, 'alpha-robot');
  amy = await signIn(server, 'amy', PASSWORD);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await h?.close();
});

/**
 * Every route of the server as Fastify registered it: [method, path] (HEAD and OPTIONS left out), read
 * from `printRoutes()`'s radix tree (a node's path is its ancestors' segments and its own).
 */
function routeTable(): Array<{ method: string; path: string }> {
  const out: Array<{ method: string; path: string }> = [];
  const stack: string[] = [];
  for (const line of server.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    stack.push(m[2]);
    const path = stack.join('');
    for (const method of m[3]?.split(', ') ?? []) if (method !== 'HEAD' && method !== 'OPTIONS') out.push({ method, path });
  }
  return out;
}

/** Beta's identifiers, any of which in a response is a leak. */
const betaMarkers = () => [...owned.beta.claims, ...owned.beta.pcns, ...owned.beta.files.flatMap((f) => [f.id, f.name]), ...owned.beta.remittances, ...owned.beta.guarantors, ...owned.beta.alerts, ...owned.beta.traces, ...owned.beta.appointments, BETA_CANARY.last, BETA_CANARY.first, BETA_CANARY.memberPrefix];

/** inject() that also ends a streaming response (the event stream) after a moment. */
async function call(method: string, url: string, headers: Record<string, string>, payload?: unknown): Promise<{ status: number; body: string; location?: string }> {
  const res = await server.inject({ method: method as 'GET', url, headers: { 'last-event-id': '1', ...headers }, payload: payload as string, payloadAsStream: true });
  const stream = res.stream();
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve) => {
    const stop = setTimeout(() => (stream.destroy(), resolve()), 400);
    stream.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
    stream.on('end', () => (clearTimeout(stop), resolve()));
    stream.on('error', () => (clearTimeout(stop), resolve()));
  });
  return { status: res.statusCode, body: Buffer.concat(chunks).toString('utf8'), location: res.headers.location as string | undefined };
}

/** An id of the same shape as `id` that names nothing (digits → 0, hex letters → a/A). */
const lookalike = (id: string) => id[0] + id.slice(1).replace(/[0-9]/g, '0').replace(/[a-f]/g, 'a').replace(/[A-F]/g, 'A');

const fill = (path: string, value: string) => path.replace(/:[A-Za-z_]+/g, encodeURIComponent(value)).replace(/\*$/, encodeURIComponent(value));

/** `echoed`: what the request itself carried (a search box shows what was searched for); the rest must not appear. */
function assertNoLeak(what: string, body: string, echoed = '') {
  for (const marker of betaMarkers()) if (!echoed.includes(marker)) expect(body.includes(marker), `${what} shows beta's ${marker}`).toBe(false);
}

describe('tenant isolation: a biller of practice alpha', () => {
  it('stamped both practices: claims, files and remittances of each, nothing shared', () => {
    for (const p of ['alpha', 'beta'] as const) {
      expect(owned[p].claims.length, p).toBe(8);
      expect(owned[p].guarantors.length, p).toBeGreaterThan(0);
      expect(owned[p].remittances.length, p).toBeGreaterThan(0);
      expect(owned[p].files.some((f) => f.name.endsWith('.json')), `${p} batch file`).toBe(true);
      expect(owned[p].files.length, `${p} files (batch, 837, responses)`).toBeGreaterThanOrEqual(4);
    }
  });

  it('walks every route (from the route table, checked against OpenAPI): nothing of beta, beta ids answer 404', async () => {
    const routes = routeTable();
    const openapi = JSON.parse((await server.inject({ url: '/docs/json' })).body) as { paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> }>> };
    // Every OpenAPI operation is in the route table (so walking the table walks the OpenAPI too).
    const tableKeys = new Set(routes.map((r) => `${r.method} ${r.path.replace(/:([A-Za-z_]+)/g, '{$1}')}`));
    for (const [path, ops] of Object.entries(openapi.paths)) for (const method of Object.keys(ops)) if (method !== 'head') expect(tableKeys.has(`${method.toUpperCase()} ${path}`), `${method} ${path}`).toBe(true);
    expect(routes.length).toBeGreaterThan(60);

    const bearer = { authorization: `Bearer ${amyToken}` };
    const session = { cookie: amy.cookie };
    const betaIds = [owned.beta.claims[0], owned.beta.files[0].id, owned.beta.files.at(-1)!.id, owned.beta.remittances[0], owned.beta.guarantors[0], owned.beta.pcns[0]];
    const betaQueries = [`q=${BETA_CANARY.last}`, `q=${owned.beta.pcns[0]}`, `claim=${owned.beta.claims[0]}`, `claimId=${owned.beta.claims[0]}`, `patient=${BETA_CANARY.last}`, `file=${owned.beta.files[0].id}`, 'view=all', 'all=yes', 'state=paid', 'direction=out'];
    const walked: string[] = [];
    const betaAnswers: Array<{ route: string; status: number; like: boolean }> = [];
    const skip = new Set(['POST /login', 'POST /logout']);
    for (const { method, path } of routes) {
      if (path.startsWith('/docs') || skip.has(`${method} ${path}`)) continue;
      // The JSON API with alpha's API token; the pages with alpha's session (their forms with its CSRF token).
      const page = !path.startsWith('/v1/');
      const headers = page ? (method === 'GET' ? session : { cookie: amy.cookie, 'content-type': 'application/x-www-form-urlencoded' }) : bearer;
      const body = async () => (method === 'GET' ? undefined : page ? new URLSearchParams({ _csrf: await amy.csrf(), version: '0' }).toString() : {});
      const hasParam = /[:*]/.test(path);
      {
        if (hasParam) {
          for (const id of betaIds) {
            const url = fill(path, id);
            const res = await call(method, url, page && method !== 'GET' ? { ...headers, cookie: amy.cookie } : headers, await body());
            assertNoLeak(`${method} ${url}`, res.body, id);
            // Indistinguishable from an id that exists nowhere: same status, same redirect.
            const none = await call(method, fill(path, lookalike(id)), page && method !== 'GET' ? { ...headers, cookie: amy.cookie } : headers, await body());
            betaAnswers.push({ route: `${method} ${path} (${id})`, status: res.status, like: res.status === none.status && res.location?.replaceAll(encodeURIComponent(id), 'ID') === none.location?.replaceAll(encodeURIComponent(lookalike(id)), 'ID') });
          }
          for (const id of [owned.alpha.claims[0], owned.alpha.files[0].id, owned.alpha.remittances[0], owned.alpha.guarantors[0]]) {
            if (method !== 'GET') continue; // alpha's own objects are not changed by the walk
            const res = await call(method, fill(path, id), headers);
            assertNoLeak(`${method} ${fill(path, id)}`, res.body);
          }
        } else {
          const res = await call(method, path, page && method !== 'GET' ? { ...headers, cookie: amy.cookie } : headers, await body());
          assertNoLeak(`${method} ${path}`, res.body);
          if (method === 'GET') {
            for (const q of betaQueries) assertNoLeak(`${method} ${path}?${q}`, (await call(method, `${path}?${q}`, headers)).body, q);
            assertNoLeak(`${method} ${path} as CSV`, (await call(method, path, { ...headers, accept: 'text/csv' })).body);
          }
        }
      }
      walked.push(`${method} ${path}`);
    }
    // Beta's objects do not exist for alpha: 404, never 403 (existence would leak) and never success.
    // Pages' forms answer an unknown id by redirecting back with a message; everything else says 404.
    const wrong = betaAnswers.filter((a) => !a.like || a.status === 403 || (a.route.startsWith('GET ') && a.status < 400));
    expect(wrong, JSON.stringify(wrong.slice(0, 20))).toEqual([]);
    // Each GET route with a path parameter answered 404 for the beta id of its kind (it looked it up).
    const getRoutes = new Set(betaAnswers.filter((a) => a.route.startsWith('GET ')).map((a) => a.route.replace(/ \(.*$/, '')));
    for (const r of getRoutes) expect(betaAnswers.some((a) => a.route.startsWith(r + ' (') && a.status === 404), `${r} never answered 404 for a beta id`).toBe(true);
    expect(betaAnswers.filter((a) => a.status === 404).length).toBeGreaterThan(50);
    expect(walked.length).toBeGreaterThan(60);
  }, 300_000);

  it('sees its own practice: alpha claim, file, remittance and patient account are found', async () => {
    const bearer = { authorization: `Bearer ${amyToken}` };
    for (const url of [`/v1/claims/${owned.alpha.claims[0]}`, `/v1/files/${owned.alpha.files[0].id}/raw`, `/v1/remittances/${owned.alpha.remittances[0]}`, `/v1/patients/${owned.alpha.guarantors[0]}`, `/claims/${owned.alpha.claims[0]}`]) {
      const res = await call('GET', url, url.startsWith('/v1/') ? bearer : { cookie: amy.cookie });
      expect(res.status, url).toBe(200);
    }
    const list = JSON.parse((await call('GET', '/v1/claims', bearer)).body) as unknown;
    expect(JSON.stringify(list)).toContain(owned.alpha.claims[0]);
    // issue 14: alpha's own alert is listed (so the alert routes are not passing by showing nothing)
    expect((await call('GET', '/v1/alerts', bearer)).body).toContain(owned.alpha.alerts[0]);
    // and its own eligibility check (so the eligibility routes are not passing by showing nothing)
    expect((await call('GET', '/v1/eligibility', bearer)).body).toContain(owned.alpha.appointments[0]);
  });

  it('changed nothing of beta while walking every route with beta ids', async () => {
    const db = h.ledger.db;
    const changed = await db.selectFrom('claim_events').select('claim_id').where('claim_id', 'in', owned.beta.claims).where('source_file_id', 'is', null).execute();
    expect(changed).toEqual([]);
    const actions = await db.selectFrom('claim_actions' as never).selectAll().where('claim_id' as never, 'in', owned.beta.claims as never).execute();
    expect(actions).toEqual([]);
  });
});
