/**
 * POST /v1/batches with a FHIR R4 Bundle (application/fhir+json, or JSON with resourceType) and with a
 * CSV export (text/csv): answered with the claims the translation left out (FHIR path / row and column),
 * queued through the outbox, and taken by the intake like a dropped export.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/api/app.js';
import { startHarness, type Harness } from '../../helpers/harness.js';

const TOKEN = 'test-token-0123456789abcdef';
const auth = { authorization: `Bearer ${TOKEN}` };
const sample = (p: string) => readFileSync(join(import.meta.dirname, '../../../samples', p), 'utf8');
let h: Harness;
let server: Awaited<ReturnType<typeof buildServer>>;

beforeAll(async () => {
  h = await startHarness({ config: { intake: { stableMs: 0, rescanIntervalMs: 200, usePolling: false, completion: 'quiet-period', maxAttempts: 3, chunkClaims: 100, settleMs: 60_000 } } });
  server = await buildServer({ deps: { ledger: h.ledger, tokens: [TOKEN], outbox: h.gateway.context.folders.outbox }, logger: false });
});
afterAll(async () => {
  await server?.close();
  await h?.close();
});

const outboxFiles = () => readdirSync(h.gateway.context.folders.outbox).filter((n) => !n.endsWith('.done') && !n.startsWith('.'));

describe('POST /v1/batches with FHIR and CSV', () => {
  it('a Bundle (application/fhir+json) with a good and a bad Claim: 202 with the bad one by FHIR path; the good one is recorded', async () => {
    const bundle = JSON.parse(sample('fhir/professional.json'));
    const bad = structuredClone(bundle.entry[0]);
    bad.resource.identifier[0].value = 'FHIR-P-2';
    delete bad.resource.insurance;
    bundle.entry.push(bad);
    const res = await server.inject({ method: 'POST', url: '/v1/batches', headers: { ...auth, 'content-type': 'application/fhir+json' }, payload: JSON.stringify(bundle) });
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(body).toMatchObject({ format: 'fhir', claims: 1 });
    expect(body.problems.map((p: { claimId: string; field: string }) => [p.claimId, p.field])).toEqual([['FHIR-P-2', `Bundle.entry[${bundle.entry.length - 1}].resource.insurance`]]);
    expect(outboxFiles()).toContain(body.file);
    await h.gateway.cycle({ poll: false });
    expect((await h.ledger.listClaims({})).map((c) => c.patient_control_number)).toContain('FHIR-P-1');
  });

  it('a Bundle sent as application/json is told by its resourceType', async () => {
    const bundle = JSON.parse(sample('fhir/dependent.json'));
    const res = await server.inject({ method: 'POST', url: '/v1/batches', headers: auth, payload: bundle });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ format: 'fhir', claims: 1, problems: [] });
  });

  it('a CSV export (text/csv): 202 with the rows the translation refused by row and column; the good claims are recorded', async () => {
    const rows = sample('csv/two-claims.csv').split('\n').filter(Boolean);
    rows[3] = rows[3].replace('"1,095.00"', 'abc');
    const res = await server.inject({ method: 'POST', url: '/v1/batches', headers: { ...auth, 'content-type': 'text/csv' }, payload: rows.join('\n') + '\n' });
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(body).toMatchObject({ format: 'csv', claims: 1 });
    expect(body.problems.map((p: { claimId: string; code: string; field: string }) => [p.claimId, p.code, p.field])).toEqual([['CSV-2', 'CSV-PROBLEM', 'row 4, column charge']]);
    expect(body.file).toMatch(/\.csv$/);
    await h.gateway.cycle({ poll: false });
    const ids = (await h.ledger.listClaims({})).map((c) => c.patient_control_number);
    expect(ids).toContain('CSV-1');
    expect(ids).not.toContain('CSV-2');
  });

  it('a CSV with a missing column: 422 naming the column, nothing queued', async () => {
    const before = outboxFiles().length;
    const rows = sample('csv/two-claims.csv').split('\n').filter(Boolean);
    const drop = rows[0].split(',').indexOf('member_id');
    const res = await server.inject({ method: 'POST', url: '/v1/batches', headers: { ...auth, 'content-type': 'text/csv' }, payload: rows.map((r) => r.split(',').filter((_, i) => i !== drop).join(',')).join('\n') });
    expect(res.statusCode).toBe(422);
    expect(res.json().problems[0]).toMatchObject({ code: 'CSV-PROBLEM', field: 'row 1, column member_id' });
    expect(outboxFiles()).toHaveLength(before);
  });

  it('a FHIR body that is not JSON, or JSON that is neither a batch nor a Bundle: 400', async () => {
    expect((await server.inject({ method: 'POST', url: '/v1/batches', headers: { ...auth, 'content-type': 'application/fhir+json' }, payload: '{oops' })).statusCode).toBe(400);
    expect((await server.inject({ method: 'POST', url: '/v1/batches', headers: auth, payload: { resourceType: 'Patient' } })).statusCode).toBe(400);
  });
});

describe('a CSV export in another layout, read through the configured header map (intake.csvHeaderMap)', () => {
  /** The sample export with the practice system's own headers for three columns. */
  const renamed = () => {
    const [header, ...rows] = sample('csv/two-claims.csv').replace(/^\uFEFF/, '').split('\n');
    const theirs = header.replace(/^claim_id,/, 'Patient Acct #,').replace(',procedure_code,', ',CPT,').replace(',charge,', ',Charge Amt,');
    expect(theirs).not.toBe(header);
    return [theirs, ...rows].join('\n');
  };
  const csvHeaderMap = { 'Patient Acct #': 'claim_id', cpt: 'procedure_code', 'CHARGE AMT': 'charge' };
  const intake = { stableMs: 0, rescanIntervalMs: 200, usePolling: false, completion: 'quiet-period' as const, maxAttempts: 3, chunkClaims: 100, settleMs: 60_000 };

  it('without the map the export has no claim id column: refused (422), nothing queued', async () => {
    const res = await server.inject({ method: 'POST', url: '/v1/batches', headers: { ...auth, 'content-type': 'text/csv' }, payload: renamed() });
    expect(res.statusCode).toBe(422);
  });

  it('with the map: POST /v1/batches answers 202 and the outbox intake reads the same export through the same map', async () => {
    const mapped = await startHarness({ config: { intake: { ...intake, csvHeaderMap } } });
    const api = await buildServer({ deps: { ledger: mapped.ledger, tokens: [TOKEN], outbox: mapped.gateway.context.folders.outbox, csvHeaderMap }, logger: false });
    try {
      const res = await api.inject({ method: 'POST', url: '/v1/batches', headers: { ...auth, 'content-type': 'text/csv' }, payload: renamed() });
      expect(res.statusCode).toBe(202);
      expect(res.json()).toMatchObject({ format: 'csv', claims: 2, problems: [] });
      await mapped.gateway.cycle({ poll: false });
      const claims = await mapped.ledger.listClaims({});
      expect(claims.map((c) => [c.patient_control_number, c.total_charge]).sort()).toEqual([['CSV-1', '192.50'], ['CSV-2', '1095.00']]);
    } finally {
      await api.close();
      await mapped.close();
    }
  });
});
