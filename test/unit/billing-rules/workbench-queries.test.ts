/**
 * The workbench's fast queries (migration 0008) return what the JSON-reading queries they replaced
 * returned: patient balances per claim and per patient (order by patient name, totals, paging), the
 * statement lookup, the dashboard's figures, the payer + date search and the aging groups. The reference
 * for each is the query as it was before (json_extract over `claims.data`) or a plain computation over
 * all claims. A second part checks the plans: the pages read their indexes, never the whole claims table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Decimal } from 'decimal.js';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/api/app.js';
import { createLedger, openLedgerDb, sha256, type ClaimRow, type ClaimState, type IntakeClaim, type Ledger, type LedgerDatabase, type LedgerDb } from '../../../src/ledger/index.js';
import { createUserStore } from '../../../src/ledger/users.js';
import { createWorkbenchQueries, OPEN_STATES, type WorkbenchQueries } from '../../../src/ledger/workbench-queries.js';
import { fakeBuild } from '../ledger/fixtures.js';
import { correlatedPracticeReads, indexesOf, listsBuiltPerRow, tableScans } from '../../helpers/query-plans.js';

const NOW = new Date('2026-03-15T18:00:00.000Z');
const TODAY = '2026-03-15';
const MONTH = '2026-03-01';

/** People (synthetic) chosen for the orderings: equal names with different member ids, lower case after upper case, no name at all, a patient loop, a missing first name. */
const PEOPLE: unknown[] = [
  { subscriber: { memberId: 'M1', name: { last: 'ADAMS', first: 'ANN' } } },
  { subscriber: { memberId: 'M2', name: { last: 'ADAMS', first: 'ANN' } } },
  { subscriber: { memberId: 'M3', name: { last: 'adams', first: 'bob' } } },
  { subscriber: { memberId: 'M4', name: { last: 'BAKER', first: 'PARENT' } }, patient: { name: { last: 'BAKER', first: 'CHILD' } } },
  { subscriber: { memberId: 'M5' } },
  { subscriber: { name: { last: 'ZED', first: 'ZOE' } } },
  { subscriber: { memberId: 'M7', name: { last: 'BAKER' } } },
  { subscriber: { memberId: 'M8', name: { last: 'CRUZ', first: 'ANA' } }, patient: { name: { first: 'LUZ' } } },
];
const PR = ['12.34', '0.00', '0.01', '5.00', '100.10', '7.77', '0.00', '33.33', '2.50'];

let dir: string;
let handle: LedgerDb;
let ledger: Ledger;
let queries: WorkbenchQueries;
let logged: Kysely<LedgerDatabase>;
let loggedSqlite: Database.Database;
const executed: Array<{ sql: string; parameters: readonly unknown[] }> = [];
let clock = NOW;

async function batch(name: string, at: string, n: number, opts: { payEvery?: number; denyEvery?: number; rejectEvery?: number; leaveQueued?: number } = {}) {
  clock = new Date(at);
  const claims: IntakeClaim[] = Array.from({ length: n }, (_, i) => ({
    index: i,
    partnerId: 'demo',
    payerId: i % 3 === 0 ? 'P2' : 'P1',
    claimType: '837P',
    patientControlNumber: `${name}-${String(i + 1).padStart(3, '0')}`,
    totalCharge: new Decimal(200 + ((i * 37) % 91)).plus(new Decimal(i % 7).div(100)).toFixed(2),
    serviceDate: `2026-0${1 + (i % 3)}-${String(1 + ((i * 5) % 27)).padStart(2, '0')}`,
    lines: [{ lineNumber: 1, procedureCode: '99213', charge: '1.00', units: '1' }],
    data: PEOPLE[(i * 5 + name.length) % PEOPLE.length],
    rejected: opts.rejectEvery && i % opts.rejectEvery === opts.rejectEvery - 1 ? [{ code: 'SCRUB-X', message: 'x' }] : undefined,
  }));
  const rec = await ledger.recordBatch({ name: `${name}.json`, sha256: sha256(name), size: 1, partnerId: 'demo', claims });
  const queued = rec.claimIds.filter((_, i) => !claims[i].rejected).slice(opts.leaveQueued ?? 0);
  const g = await ledger.generateInterchange({ partnerId: 'demo', chunkKey: name, claimIds: queued, build: fakeBuild(queued) });
  await ledger.markUploaded(g.fileId, `remote/${name}`);
  const byId = new Map(rec.claimIds.map((id, i) => [id, claims[i]]));
  const answered = queued.filter((_, k) => opts.payEvery && k % opts.payEvery !== 0);
  const items = answered.map((id, k) => {
    const c = byId.get(id)!;
    if (opts.denyEvery && k % opts.denyEvery === 0) return { patientControlNumber: c.patientControlNumber, statusCode: '4', billed: c.totalCharge, paid: '0.00', patientResponsibility: '0.00', adjustments: [{ group: 'CO', reason: '50', amount: c.totalCharge }], lines: [] };
    const pr = PR[(k + name.length) % PR.length];
    const allowed = new Decimal(c.totalCharge).times(0.7).toDecimalPlaces(2);
    const paid = allowed.minus(pr);
    return {
      patientControlNumber: c.patientControlNumber,
      statusCode: '1',
      billed: c.totalCharge,
      paid: paid.toFixed(2),
      patientResponsibility: pr,
      adjustments: [{ group: 'CO', reason: '45', amount: new Decimal(c.totalCharge).minus(allowed).toFixed(2) }, ...(pr === '0.00' ? [] : [{ group: 'PR', reason: String(1 + (k % 3)), amount: pr }])],
      lines: [],
    };
  });
  if (items.length) {
    const f = await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: `${name}.835`, sha256: sha256(`${name}.835`), size: 1, kind: '835' });
    const total = items.reduce((s, c) => s.plus(c.paid), new Decimal(0));
    await ledger.postRemittance(f.file.id, 'demo', { payerKey: '1999999999', traceNumber: `TRN-${name}`, paymentAmount: total.toFixed(2), paymentMethod: 'ACH', payerName: 'TEST PAYER', providerAdjustments: [], claims: items });
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wb-queries-'));
  handle = await openLedgerDb({ dataDir: dir });
  ledger = createLedger(handle.db, { now: () => clock });
  await batch('LASTMONTH', '2026-02-20T10:00:00.000Z', 30, { payEvery: 3, denyEvery: 5, rejectEvery: 9 });
  await batch('EARLY', '2026-03-03T09:30:00.000Z', 27, { payEvery: 2, denyEvery: 4, rejectEvery: 7 });
  await batch('TODAY', '2026-03-15T08:15:00.000Z', 25, { payEvery: 4, denyEvery: 6, rejectEvery: 8 });
  await batch('OPEN', '2026-03-15T09:00:00.000Z', 12, { leaveQueued: 2 });
  queries = createWorkbenchQueries(handle.db, { now: () => NOW });
  // The same queries on a second connection that records what they execute (for the plans).
  loggedSqlite = new Database(handle.path, { readonly: true });
  logged = new Kysely<LedgerDatabase>({ dialect: new SqliteDialect({ database: loggedSqlite }), log: (e) => void (e.level === 'query' && executed.push({ sql: e.query.sql, parameters: e.query.parameters })) });
});

afterAll(async () => {
  await logged?.destroy();
  await handle?.close();
  rmSync(dir, { recursive: true, force: true });
});

const allClaims = async (): Promise<ClaimRow[]> => handle.db.selectFrom('claims').selectAll().execute();

/** The per-claim balance query as it was before 0008: order by the names read from the JSON. */
async function oldBalanceOrder(): Promise<{ ids: string[]; count: number; cents: number }> {
  const rows = await sql<{ id: string }>`SELECT claims.id FROM claims WHERE patient_responsibility IS NOT NULL AND patient_responsibility != '0.00'
    ORDER BY coalesce(json_extract(claims.data, '$.patient.name.last'), json_extract(claims.data, '$.subscriber.name.last')),
             coalesce(json_extract(claims.data, '$.patient.name.first'), json_extract(claims.data, '$.subscriber.name.first')), claims.service_date, claims.id`.execute(handle.db);
  const t = await sql<{ n: number; c: number }>`SELECT count(*) AS n, coalesce(sum(cast(round(patient_responsibility * 100) as integer)), 0) AS c FROM claims WHERE patient_responsibility IS NOT NULL AND patient_responsibility != '0.00'`.execute(handle.db);
  return { ids: rows.rows.map((r) => r.id), count: Number(t.rows[0].n), cents: Number(t.rows[0].c) };
}

/** The per-patient query as it was before 0008. */
async function oldPatients() {
  const rows = await sql<{ member_id: string | null; patient_last: string | null; patient_first: string | null; claims: number; any_claim: string; owed: number; last_service: string | null }>`
    SELECT json_extract(claims.data, '$.subscriber.memberId') AS member_id,
           coalesce(json_extract(claims.data, '$.patient.name.last'), json_extract(claims.data, '$.subscriber.name.last')) AS patient_last,
           coalesce(json_extract(claims.data, '$.patient.name.first'), json_extract(claims.data, '$.subscriber.name.first')) AS patient_first,
           count(*) AS claims, min(claims.id) AS any_claim, coalesce(sum(cast(round(claims.patient_responsibility * 100) as integer)), 0) AS owed, max(claims.service_date) AS last_service
    FROM claims WHERE claims.patient_responsibility IS NOT NULL AND claims.patient_responsibility != '0.00'
    GROUP BY member_id, patient_last, patient_first ORDER BY patient_last, patient_first, member_id`.execute(handle.db);
  return rows.rows.map((r) => ({ memberId: r.member_id, last: r.patient_last, first: r.patient_first, claims: Number(r.claims), anyClaim: r.any_claim, owed: new Decimal(r.owed).div(100).toFixed(2), lastService: r.last_service }));
}

describe('workbench queries on the patient columns', () => {
  it('has the mix the comparisons need', async () => {
    const claims = await allClaims();
    const owing = claims.filter((c) => c.patient_responsibility !== null && c.patient_responsibility !== '0.00');
    expect(owing.length).toBeGreaterThan(20);
    expect(claims.some((c) => c.patient_responsibility === '0.00')).toBe(true);
    expect(new Set(owing.map((c) => c.patient_last))).toEqual(new Set(['ADAMS', 'adams', 'BAKER', 'CRUZ', 'ZED', null]));
    expect(new Set(claims.map((c) => c.state))).toEqual(new Set(['scrub-rejected', 'queued', 'uploaded', 'paid', 'denied']));
  });

  it('lists patient balances per claim in the same order, with the same count and sum, on every page', async () => {
    const old = await oldBalanceOrder();
    const all = await queries.patientBalanceClaims({ limit: 1000, offset: 0 });
    expect(all.rows.map((r) => r.id)).toEqual(old.ids);
    expect(all.total).toBe(old.count);
    expect(all.sum).toBe(new Decimal(old.cents).div(100).toFixed(2));
    const exact = (await allClaims()).filter((c) => c.patient_responsibility !== null && c.patient_responsibility !== '0.00').reduce((s, c) => s.plus(c.patient_responsibility!), new Decimal(0));
    expect(all.sum).toBe(exact.toFixed(2));
    // names: the patient's, else the subscriber's, per field; ADAMS < BAKER < CRUZ < ZED < adams; no name first
    const names = all.rows.map((r) => `${r.patient_last}|${r.patient_first}`);
    expect(names[0]).toBe('null|null');
    expect(names).toContain('BAKER|CHILD');
    expect(names).not.toContain('BAKER|PARENT');
    expect(names).toContain('CRUZ|LUZ');
    expect(names.indexOf('ZED|ZOE')).toBeLessThan(names.indexOf('adams|bob'));
    const paged = [];
    for (let offset = 0; offset < all.total; offset += 7) paged.push(...(await queries.patientBalanceClaims({ limit: 7, offset })).rows.map((r) => r.id));
    expect(paged).toEqual(old.ids);
    const row = all.rows.find((r) => r.patient_first === 'CHILD')!;
    expect(row.member_id).toBe('M4');
    expect(row.adjustments.every((a) => a.group_code === 'PR')).toBe(true);
  });

  it('lists patients who owe in the same order with the same totals, on every page', async () => {
    const old = await oldPatients();
    const all = await queries.patientsOwing({ limit: 1000, offset: 0 });
    expect(all.rows).toEqual(old);
    expect(all.total).toBe(old.length);
    // equal names with different member ids stay two patients, ordered by member id
    const ann = all.rows.filter((p) => p.last === 'ADAMS' && p.first === 'ANN').map((p) => p.memberId);
    expect(ann).toEqual(['M1', 'M2']);
    const paged = [];
    for (let offset = 0; offset < all.total; offset += 3) paged.push(...(await queries.patientsOwing({ limit: 3, offset })).rows);
    expect(paged).toEqual(old);
    const owed = all.rows.reduce((s, p) => s.plus(p.owed), new Decimal(0));
    expect(owed.toFixed(2)).toBe((await queries.patientBalanceClaims({ limit: 1, offset: 0 })).sum);
  });

  it('finds the same claims for a statement', async () => {
    const claims = await allClaims();
    for (const p of (await queries.patientsOwing({ limit: 1000, offset: 0 })).rows) {
      const old = await sql<{ id: string }>`SELECT id FROM claims WHERE json_extract(data, '$.subscriber.memberId') IS ${p.memberId}
        AND coalesce(json_extract(data, '$.patient.name.last'), json_extract(data, '$.subscriber.name.last')) IS ${p.last}
        AND coalesce(json_extract(data, '$.patient.name.first'), json_extract(data, '$.subscriber.name.first')) IS ${p.first}
        AND patient_responsibility IS NOT NULL AND patient_responsibility != '0.00'`.execute(handle.db);
      const ids = await queries.statementClaims(p.anyClaim);
      expect([...ids].sort()).toEqual(old.rows.map((r) => r.id).sort());
      expect(ids).toHaveLength(p.claims);
    }
    // a claim that owes nothing still finds its patient's claims that do
    const zero = claims.find((c) => c.patient_responsibility === '0.00' && c.member_id === 'M1');
    if (zero) expect((await queries.statementClaims(zero.id)).length).toBeGreaterThan(0);
    expect(await queries.statementClaims('NO-SUCH-CLAIM')).toEqual([]);
  });

  it('adds up the dashboard exactly like a sum over every claim of the day and the month', async () => {
    const claims = await allClaims();
    const d = await queries.dashboard();
    for (const [period, since] of [
      [d.today, TODAY],
      [d.month, MONTH],
    ] as const) {
      const rows = claims.filter((c) => c.created_at >= since);
      expect(period.claims).toBe(rows.length);
      const byState: Record<string, number> = {};
      for (const c of rows) byState[c.state] = (byState[c.state] ?? 0) + 1;
      expect(period.byState).toEqual(byState);
      const sum = (xs: ClaimRow[], k: 'total_charge' | 'paid_amount' | 'patient_responsibility') => xs.reduce((s, c) => s.plus(c[k] ?? '0'), new Decimal(0));
      expect(period.billed).toBe(sum(rows, 'total_charge').toFixed(2));
      expect(period.paid).toBe(sum(rows, 'paid_amount').toFixed(2));
      expect(period.patientResponsibility).toBe(sum(rows, 'patient_responsibility').toFixed(2));
      const adj = rows.filter((c) => ['paid', 'partially-paid', 'denied'].includes(c.state));
      expect(period.adjusted).toBe(sum(adj, 'total_charge').minus(sum(adj, 'paid_amount')).minus(sum(adj, 'patient_responsibility')).toFixed(2));
      expect(period.rejected).toBe(byState['scrub-rejected'] ?? 0);
      expect(period.denied).toBe(byState.denied ?? 0);
      expect(period.rejectionRate).toBeCloseTo((byState['scrub-rejected'] ?? 0) / rows.length, 12);
      expect(period.denialRate).toBeCloseTo((byState.denied ?? 0) / ((byState.paid ?? 0) + (byState.denied ?? 0)), 12);
    }
    expect(d.month.claims).toBeGreaterThan(d.today.claims);
    expect(d.today.claims).toBeGreaterThan(0);
    expect(d.partners).toEqual([expect.objectContaining({ partnerId: 'demo' })]);
    expect(d.partners[0].lastSent).not.toBeNull();
    expect(d.partners[0].lastReceived).not.toBeNull();
  });

  it('searches by payer and service dates newest first, with the right count', async () => {
    const claims = await allClaims();
    const newestFirst = (a: ClaimRow, b: ClaimRow) => b.created_at.localeCompare(a.created_at) || b.batch_file_id.localeCompare(a.batch_file_id) || b.batch_index - a.batch_index;
    for (const f of [
      { payerId: 'P1', from: '2020-01-01', to: '2030-12-31' },
      { payerId: 'P2', from: '2026-01-05', to: '2026-01-20' },
      { payerId: 'P1', from: '2026-01-10', to: '2026-03-31', state: ['paid'] as ClaimState[] },
      { from: '2026-01-01', to: '2026-01-31' },
    ]) {
      const expected = claims.filter((c) => (!f.payerId || c.payer_id === f.payerId) && c.service_date! >= f.from && c.service_date! <= f.to && (!('state' in f) || !f.state || f.state.includes(c.state))).sort(newestFirst);
      expect(expected.length).toBeGreaterThan(0);
      const page = await queries.searchClaims({ ...f, limit: 10, offset: 0 });
      expect(page.total).toBe(expected.length);
      expect(page.rows.map((r) => r.id)).toEqual(expected.slice(0, 10).map((c) => c.id));
      const rest = await queries.searchClaims({ ...f, limit: 1000, offset: 10 });
      expect(rest.rows.map((r) => r.id)).toEqual(expected.slice(10).map((c) => c.id));
      for (const r of page.rows) {
        const c = claims.find((x) => x.id === r.id)!;
        expect([r.patient_last, r.patient_first]).toEqual([c.patient_last, c.patient_first]);
      }
    }
  });

  it('groups outstanding claims for aging like the per-claim join did', async () => {
    const old = await sql<{ ts: string; payer_id: string; partner_id: string; state: string; sent_at: string; n: number; cents: number }>`
      SELECT claims.transaction_set_id AS ts, claims.payer_id, claims.partner_id, claims.state, interchanges.created_at AS sent_at, count(*) AS n,
             coalesce(sum(cast(round(claims.total_charge * 100) as integer)), 0) AS cents
      FROM claims JOIN transaction_sets ON transaction_sets.id = claims.transaction_set_id JOIN groups ON groups.id = transaction_sets.group_id
      JOIN interchanges ON interchanges.id = groups.interchange_id
      WHERE claims.state IN (${sql.join(OPEN_STATES)}) GROUP BY claims.transaction_set_id, claims.payer_id, claims.partner_id, claims.state`.execute(handle.db);
    const key = (r: { ts: string; payer_id: string; state: string }) => `${r.ts}|${r.payer_id}|${r.state}`;
    const now = await queries.outstandingGroups();
    expect(now.length).toBeGreaterThan(0);
    expect([...now].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      old.rows.map((r) => ({ ...r, n: Number(r.n), cents: Number(r.cents) })).sort((a, b) => key(a).localeCompare(key(b))),
    );
  });

  it('answers the pages from the same figures (API and HTML)', async () => {
    const server = await buildServer({ deps: { ledger, tokens: ['wb-queries-token-0123456789'], workbench: { partnerIds: ['demo'], now: () => NOW } }, logger: false });
    try {
      const users = createUserStore(handle.db);
      const u = await users.createUser({ username: 'q-biller', password: 'q-biller-password-1', role: 'biller' });
      const headers = { authorization: `Bearer ${await users.createApiToken(u.id, 'q')}` };
      const api = await server.inject({ url: '/v1/patient-balances?limit=500', headers });
      expect(api.statusCode).toBe(200);
      const body = api.json() as { total: number; sum: string; rows: Array<{ id: string; patient: { last: string | null; first: string | null }; memberId: string | null }> };
      const old = await oldBalanceOrder();
      expect(body.rows.map((r) => r.id)).toEqual(old.ids);
      expect(body.sum).toBe(new Decimal(old.cents).div(100).toFixed(2));
      expect(body.rows.find((r) => r.patient.first === 'CHILD')?.memberId).toBe('M4');
      const page = await server.inject({ url: '/balances?view=patients&limit=500', headers });
      expect(page.statusCode).toBe(200);
      const shown = [...page.body.matchAll(/<tr><td><a href="\/accounts\/[A-Za-z0-9_-]+">([^<]*)<\/a><\/td><td>([^<]*)<\/td><td class="num">/g)].map((m) => `${m[1]} ${m[2]}`);
      expect(shown).toEqual((await oldPatients()).map((p) => `${[p.last, p.first].filter(Boolean).join(', ') || '—'} ${p.memberId ?? '—'}`));
      const dash = await server.inject({ url: '/v1/dashboard', headers });
      expect(dash.statusCode).toBe(200);
      expect((dash.json() as { month: { billed: string } }).month.billed).toBe((await queries.dashboard()).month.billed);
      expect((await server.inject({ url: '/', headers })).statusCode).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('workbench query plans', () => {
  /** Runs `run` on the logging connection and returns EXPLAIN QUERY PLAN of each statement it executed. */
  async function plansOf(run: (q: WorkbenchQueries) => Promise<unknown>): Promise<Array<{ sql: string; plan: string[] }>> {
    executed.length = 0;
    await run(createWorkbenchQueries(logged, { now: () => NOW }));
    return executed.map((e) => ({ sql: e.sql, plan: (loggedSqlite.prepare(`EXPLAIN QUERY PLAN ${e.sql}`).all(...(e.parameters as unknown[])) as Array<{ detail: string }>).map((r) => r.detail) }));
  }
  const claimsPlans = (plans: Array<{ sql: string; plan: string[] }>) => plans.filter((p) => /from "claims"/.test(p.sql));
  const noFullScan = (plans: Array<{ sql: string; plan: string[] }>) => {
    for (const p of claimsPlans(plans)) expect(p.plan.filter((l) => /^SCAN claims$/.test(l)), p.sql).toEqual([]);
  };

  it('patient balances read the partial indexes in order, no sort, no table scan', async () => {
    const perClaim = await plansOf((q) => q.patientBalanceClaims({ limit: 50, offset: 0 }));
    noFullScan(perClaim);
    const list = claimsPlans(perClaim).find((p) => /order by/.test(p.sql))!;
    expect(list.plan.join('\n')).toMatch(/claims_wb_owing_claims/);
    expect(list.plan.join('\n')).not.toMatch(/TEMP B-TREE/);
    for (const p of claimsPlans(perClaim).filter((x) => /count\(\*\)/.test(x.sql))) expect(p.plan.join('\n')).toMatch(/COVERING INDEX claims_wb_owing/);

    const perPatient = await plansOf((q) => q.patientsOwing({ limit: 50, offset: 0 }));
    noFullScan(perPatient);
    for (const p of claimsPlans(perPatient)) {
      expect(p.plan.join('\n'), p.sql).toMatch(/COVERING INDEX claims_wb_owing_patients/);
      expect(p.plan.join('\n'), p.sql).not.toMatch(/TEMP B-TREE/);
    }
    const statement = await plansOf((q) => q.statementClaims('X'));
    noFullScan(statement);
  });

  it('the dashboard reads one index range per state and the files index, never a table', async () => {
    const plans = await plansOf((q) => q.dashboard());
    noFullScan(plans);
    const periods = claimsPlans(plans).filter((p) => /group by/.test(p.sql));
    expect(periods).toHaveLength(2);
    // the visits with several claims (replacements, voids) come from the small partial index
    const lineage = claimsPlans(plans).filter((p) => !/group by/.test(p.sql));
    expect(lineage).toHaveLength(1);
    expect(lineage[0].plan.join('\n')).toMatch(/claims_visit_joined/);
    for (const p of periods) expect(p.plan).toEqual(['SEARCH claims USING COVERING INDEX claims_wb_state_created (state=? AND created_at>?)']);
    for (const p of plans.filter((x) => /from "files"/.test(x.sql))) expect(p.plan.join('\n')).toMatch(/COVERING INDEX/);
  });

  /** Lines of the plan: the page's ids are found in a subquery, then only those claims are read (and the page sorted). */
  const sorts = (plan: string[]) => plan.filter((l) => l.includes('TEMP B-TREE')).length;

  it('a payer + date search finds its page in index order and counts in the index', async () => {
    const plans = await plansOf((q) => q.searchClaims({ payerId: 'P1', from: '2020-01-01', to: '2030-12-31', limit: 50, offset: 0 }));
    noFullScan(plans);
    const [page, count] = claimsPlans(plans);
    expect(page.plan).toContain('SEARCH claims USING INDEX claims_wb_payer_created (payer_id=?)');
    expect(page.plan).toContain('SEARCH claims USING INDEX sqlite_autoindex_claims_1 (id=?)');
    expect(sorts(page.plan)).toBe(1); // only the page's own rows
    expect(count.plan.join('\n')).toMatch(/COVERING INDEX claims_wb_payer_created/);
    const state = await plansOf((q) => q.searchClaims({ state: ['paid'], limit: 50, offset: 0 }));
    expect(claimsPlans(state)[0].plan).toContain('SEARCH claims USING INDEX claims_wb_state_created (state=?)');
    expect(sorts(claimsPlans(state)[0].plan)).toBe(1);
  });

  it('a service-date search sorts only keys read from a covering index', async () => {
    const plans = await plansOf((q) => q.searchClaims({ from: '2020-01-01', to: '2030-12-31', limit: 50, offset: 0 }));
    noFullScan(plans);
    const [page, count] = claimsPlans(plans);
    expect(page.plan).toContain('SEARCH claims USING COVERING INDEX claims_wb_service_created (service_date>? AND service_date<?)');
    expect(page.plan).toContain('SEARCH claims USING INDEX sqlite_autoindex_claims_1 (id=?)');
    expect(count.plan.join('\n')).toMatch(/COVERING INDEX/);
  });

  it('aging groups the claims in the covering index before joining their 837s', async () => {
    const plans = await plansOf((q) => q.outstandingGroups());
    noFullScan(plans);
    expect(plans[0].plan.join('\n')).toMatch(/COVERING INDEX claims_wb_open/);
  });
});

/**
 * Issue 12, round 11 (migration 0031, fewer `claims` indexes): the workbench's pages as billers open them —
 * the pages bench/workbench.ts times, through the API, once as a practice's biller (every read scoped to the
 * practice) and once service-wide (the config token). Every statement they run on the ledger is asked for its
 * plan: none may read a whole growing table, and the set of `claims` indexes the pages seek is pinned, so
 * dropping one they use fails here (the catalog of statements and indexes: docs/performance.md, round 11).
 */
describe("the workbench's pages: every statement seeks an index (migration 0031)", () => {
  const PAGES = (sample: { pcn: string; amount: string }) => [
    '/claims', '/claims?offset=20', '/claims?state=uploaded', '/claims?payer=P1&from=2024-01-01&to=2030-12-31', '/claims?from=2024-01-01&to=2030-12-31',
    `/claims?pcn=${sample.pcn.slice(0, 4)}*`, '/aging', '/v1/aging?limit=100', '/worklist', '/', '/balances?view=claims', '/balances?view=patients',
    '/claims?patient=ada', '/claims?memberId=M1', '/claims?dob=1980-01-01', `/claims?amount=${sample.amount}`, '/v1/claims?patient=ADA&limit=100', '/claims?payerClaimNumber=X',
  ];

  async function pagePlans(as: 'biller' | 'service') {
    const sqlite = new Database(handle.path);
    const seen = new Map<string, readonly unknown[]>();
    const db = new Kysely<LedgerDatabase>({ dialect: new SqliteDialect({ database: sqlite }), log: (e) => void (e.level === 'query' && /^\s*(select|with)/i.test(e.query.sql) && seen.set(e.query.sql, e.query.parameters)) });
    const server = await buildServer({ deps: { ledger: createLedger(db, { now: () => NOW }), tokens: ['wb-plans-token-0123456789'], workbench: { partnerIds: ['demo'], now: () => NOW } }, logger: false });
    try {
      const users = createUserStore(handle.db);
      const u = await users.createUser({ username: `plans-${as}-${Date.now()}`, password: 'plans-password-123', role: 'biller' });
      const headers = { authorization: `Bearer ${as === 'biller' ? await users.createApiToken(u.id, 'plans') : 'wb-plans-token-0123456789'}` };
      const sample = (await handle.db.selectFrom('claims').select(['patient_control_number', 'total_charge']).orderBy('created_at', 'desc').limit(1).executeTakeFirstOrThrow());
      for (const url of PAGES({ pcn: sample.patient_control_number, amount: sample.total_charge })) expect((await server.inject({ url, headers })).statusCode, url).toBe(200);
    } finally {
      await server.close();
    }
    const plans = [...seen].filter(([text]) => /\bclaims\b/.test(text)).map(([text, params]) => ({ sql: text, plan: sqlite.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...(params as unknown[])) as Array<{ detail: string }> }));
    await db.destroy();
    return plans;
  }
  /** The indexes on `claims` (after every migration) that the plans seek, sorted. */
  const claimsIndexes = (plans: Array<{ plan: Array<{ detail: string }> }>) => {
    const used = new Set(plans.flatMap((p) => indexesOf(p.plan)));
    const onClaims = (loggedSqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'claims'`).all() as Array<{ name: string }>).map((r) => r.name);
    return onClaims.filter((n) => used.has(n)).sort();
  };

  it.each(['biller', 'service'] as const)('as %s: no full scan of a growing table; the claims indexes the pages seek are pinned', async (as) => {
    const plans = await pagePlans(as);
    expect(plans.length).toBeGreaterThan(20);
    const scans = plans.flatMap((p) => tableScans(p.plan, p.sql, ['claims', 'claim_events', 'claim_lines']).map((s) => `${s}  <=  ${p.sql.replace(/\s+/g, ' ').slice(0, 90)}`));
    expect(scans).toEqual(KNOWN_SCANS[as]);
    expect(claimsIndexes(plans)).toEqual(PINNED[as]);
    // Issue 12 round 12: nothing reads the practice once per claim (quadratic in the practice's size: the
    // dashboard did not finish at 100,000 claims) — no correlated subquery seeks the practice's range, no IN-list
    // of the practice's claim ids is built again per row — and a page's claims are read by primary key.
    expect(plans.flatMap((p) => correlatedPracticeReads(p.plan).map((d) => `${d}  <=  ${p.sql.replace(/\s+/g, ' ').slice(0, 120)}`))).toEqual([]);
    expect(plans.flatMap((p) => listsBuiltPerRow(p.plan).map((d) => `${d}  <=  ${p.sql.replace(/\s+/g, ' ').slice(0, 120)}`))).toEqual([]);
    const pageRows = plans.filter((p) => /cross join/.test(p.sql));
    expect(pageRows.length).toBeGreaterThan(8);
    for (const p of pageRows) expect(p.plan.map((l) => l.detail), p.sql).toContain('SEARCH claims USING INDEX sqlite_autoindex_claims_1 (id=?)');
    // Issue 12 round 12 (wb3, migration 0032): every claims page's payer list reads claims_practice_payer in
    // payer order, covering, without a sort (was: every row of the practice, then a temp B-tree).
    const payerLists = plans.filter((p) => /select distinct "payer_id"/.test(p.sql));
    expect(payerLists.length).toBeGreaterThan(0);
    const payerPlan = as === 'biller' ? 'SEARCH claims USING COVERING INDEX claims_practice_payer (practice_id=?)' : 'SCAN claims USING COVERING INDEX claims_wb_payer_state';
    for (const p of payerLists) expect(p.plan.map((l) => l.detail), p.sql).toEqual([payerPlan]);
  });

  /** The dashboard's first-pass acceptance figure reads every claim service-wide (as before 0031; not an index matter). */
  const KNOWN_SCANS: Record<'biller' | 'service', string[]> = {
    biller: [],
    service: ['SCAN c  <=  SELECT count(*) AS answered, coalesce(sum(CASE WHEN EXISTS (SELECT 1 FROM claim_events e W'],
  };
  /** The `claims` indexes the pages seek (0031 dropped claims_state and claims_practice: their statements seek these). */
  const PINNED: Record<'biller' | 'service', string[]> = {
    // round 12: claims_practice_payer (0032, partial) — the payer list, and the payer search's count (was claims_wb_payer_state)
    // round 12: claims_visit — the worklist's "a later claim of the same visit" seeks it, not the practice's range
    biller: ['claims_accounts_member', 'claims_content_key', 'claims_practice_created', 'claims_practice_payer', 'claims_practice_updated', 'claims_queue', 'claims_search_amount', 'claims_search_dob', 'claims_search_payer_claim', 'claims_visit', 'sqlite_autoindex_claims_1'],
    service: ['claims_accounts_member', 'claims_content_key', 'claims_queue', 'claims_search_amount', 'claims_search_dob', 'claims_search_last', 'claims_search_payer_claim', 'claims_visit', 'claims_visit_joined', 'claims_wb_created', 'claims_wb_open', 'claims_wb_owing_claims', 'claims_wb_owing_patients', 'claims_wb_payer_created', 'claims_wb_payer_state', 'claims_wb_pcn', 'claims_wb_service_created', 'claims_wb_state_created', 'sqlite_autoindex_claims_1'],
  };
});
