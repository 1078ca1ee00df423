import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/api/app.js';
import { readClaimSearch } from '../../../src/api/workbench/claim-search-filters.js';
import { FINAL_STATES } from '../../../src/ledger/lifecycle.js';
import { claimFilter } from '../../../src/ledger/workbench-queries.js';
import { workbenchDb } from '../../../src/ledger/workbench-schema.js';
import { syntheticBatch } from '../../../src/simulator/synthetic-claims.js';
import { runUntil, startHarness, type Harness } from '../../helpers/harness.js';

const TOKEN = 'test-token-0123456789abcdef';
const auth = { authorization: `Bearer ${TOKEN}` };

describe('claim search filters (pure)', () => {
  it('reads every filter and collects every problem at once, naming its filter without echoing the value', () => {
    const r = readClaimSearch({ from: '2024-02-30', state: ['paid', 'bogus'], payer: 'x'.repeat(500), amount: '12.345', dob: '1980-13-01', patient: 'smith, jo' });
    expect(r.problems.map((p) => p.filter).sort()).toEqual(['amount', 'dob', 'from', 'payer', 'state']);
    expect(r.problems.every((p) => !p.message.includes('xxxx') && !p.message.includes('bogus') && !/\[|docs\//.test(p.message))).toBe(true);
    expect(r.filter).toEqual({ state: ['paid'], patientLast: 'smith', patientFirst: 'jo' });
    expect(readClaimSearch({ from: '2024-03-01', to: '2024-02-01' }).problems.map((p) => p.filter)).toEqual(['to']);
    expect(readClaimSearch({ amount: '$1,250.5', memberId: ' M1 ', payerClaimNumber: 'PCN9', dob: '2000-02-29' }).filter).toEqual({ amount: '1250.50', memberId: 'M1', payerClaimNumber: 'PCN9', dob: '2000-02-29' });
    expect(readClaimSearch({ from: '', state: '' })).toMatchObject({ filter: {}, problems: [] });
  });
});

describe('GET /v1/claims search', () => {
  let h: Harness;
  let server: Awaited<ReturnType<typeof buildServer>>;
  beforeAll(async () => {
    h = await startHarness();
    writeFileSync(join(h.gateway.context.folders.outbox, 'search-seed.json'), JSON.stringify(syntheticBatch({ batchId: 'SRCH', claims: 12 })));
    await runUntil(h, async () => {
      const claims = await h.ledger.listClaims();
      return claims.length === 12 && claims.every((c) => FINAL_STATES.includes(c.state));
    });
    server = await buildServer({ deps: { ledger: h.ledger, tokens: [TOKEN] }, logger: false });
  });
  afterAll(async () => {
    await server?.close();
    await h?.close();
  });
  const get = async (q: string) => server.inject({ url: `/v1/claims${q}`, headers: auth });

  it('answers 400 naming the invalid filter instead of listing every claim', async () => {
    for (const [q, filter] of [['?from=2024-02-30', 'from'], ['?state=bogus', 'state'], [`?patient=${'a'.repeat(500)}`, 'patient'], ['?dob=yesterday', 'dob'], ['?amount=abc', 'amount']] as const) {
      const res = await get(q);
      expect(res.statusCode, q).toBe(400);
      expect(res.json()).toMatchObject({ error: 'invalid-filter', filter });
    }
  });

  it('finds claims by patient name prefix (any case), member id, date of birth, payer claim number and amount; one claim carries its patient', async () => {
    const rows = await h.ledger.db.selectFrom('claims').select(['id', 'patient_last', 'patient_first', 'member_id', 'payer_claim_number', 'total_charge', 'data']).execute();
    const target = rows.find((r) => r.payer_claim_number && r.patient_last && r.member_id)!;
    expect(target).toBeDefined();
    const data = JSON.parse(target.data) as { patient?: { birthDate?: string }; subscriber: { birthDate?: string } };
    const dob = data.patient?.birthDate ?? data.subscriber.birthDate!;
    const ids = async (q: string) => {
      const res = await get(q);
      expect(res.statusCode, q).toBe(200);
      return (res.json().claims as Array<{ id: string }>).map((c) => c.id);
    };
    const prefix = target.patient_last!.slice(0, 3).toLowerCase();
    const byName = await ids(`?patient=${encodeURIComponent(prefix)}`);
    expect(byName).toContain(target.id);
    expect(byName.sort()).toEqual(rows.filter((r) => r.patient_last?.toLowerCase().startsWith(prefix)).map((r) => r.id).sort());
    expect(byName.length).toBeLessThan(rows.length);
    const withFirst = await ids(`?patient=${encodeURIComponent(`${target.patient_last}, ${target.patient_first!.slice(0, 1).toLowerCase()}`)}`);
    expect(withFirst).toContain(target.id);
    expect(await ids(`?memberId=${encodeURIComponent(target.member_id!)}`)).toEqual(rows.filter((r) => r.member_id === target.member_id).map((r) => r.id).sort((a, b) => rows.findIndex((r) => r.id === a) - rows.findIndex((r) => r.id === b)));
    expect(await ids(`?dob=${dob}`)).toContain(target.id);
    expect(await ids(`?payerClaimNumber=${encodeURIComponent(target.payer_claim_number!)}`)).toEqual([target.id]);
    expect(await ids(`?amount=${target.total_charge}`)).toContain(target.id);
    expect(await ids(`?patient=zzzzqq`)).toEqual([]);
    const one = (await server.inject({ url: `/v1/claims/${target.id}`, headers: auth })).json();
    expect(one.patient).toEqual({ last: target.patient_last, first: target.patient_first });
  });

  it('searches by name, date of birth and payer claim number through indexes, not a scan of every claim', async () => {
    const db = workbenchDb(h.ledger.db);
    for (const f of [{ patientLast: 'SMI' }, { dob: '1980-01-01' }, { payerClaimNumber: 'X' }, { amount: '10.00' }]) {
      const compiled = claimFilter(db, f).select('claims.id').compile();
      const plan = await sql.raw<{ detail: string }>(`EXPLAIN QUERY PLAN ${compiled.sql.replace(/\?/g, () => "'x'")}`).execute(h.ledger.db);
      const details = plan.rows.map((r) => r.detail).join(' | ');
      expect(details, JSON.stringify(f)).toMatch(/USING (COVERING )?INDEX claims_search_/);
    }
  });
});
