import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/api/app.js';
import { FINAL_STATES } from '../../../src/ledger/lifecycle.js';
import { syntheticBatch } from '../../../src/simulator/synthetic-claims.js';
import { runUntil, startHarness, type Harness } from '../../helpers/harness.js';

const TOKEN = 'test-token-0123456789abcdef';
let h: Harness;
let server: Awaited<ReturnType<typeof buildServer>>;

beforeAll(async () => {
  h = await startHarness();
  writeFileSync(join(h.gateway.context.folders.outbox, 'api-seed.json'), JSON.stringify(syntheticBatch({ batchId: 'API', claims: 12, scrubRejectEvery: 6 })));
  await runUntil(h, async () => {
    const claims = await h.ledger.listClaims();
    return claims.length === 12 && claims.every((c) => FINAL_STATES.includes(c.state));
  });
  server = await buildServer({ deps: { ledger: h.ledger, tokens: [TOKEN], outbox: h.gateway.context.folders.outbox }, logger: false });
});
afterAll(async () => {
  await server?.close();
  await h?.close();
});

const auth = { authorization: `Bearer ${TOKEN}` };

describe('API', () => {
  it('serves /health without a token and refuses /v1 without one', async () => {
    expect((await server.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await server.inject({ url: '/v1/status', headers: auth })).json()).toMatchObject({ status: 'ok', claims: 12 });
    for (const url of ['/v1/claims', '/v1/remittances', '/v1/claims/x']) {
      const res = await server.inject({ url });
      expect(res.statusCode).toBe(401);
    }
    expect((await server.inject({ url: '/v1/claims', headers: { authorization: 'Bearer wrong-token-0000000000' } })).statusCode).toBe(401);
  });

  it('lists claims with filters and shows a timeline', async () => {
    const all = (await server.inject({ url: '/v1/claims', headers: auth })).json();
    expect(all.claims).toHaveLength(12);
    const rejected = (await server.inject({ url: '/v1/claims?state=scrub-rejected', headers: auth })).json();
    expect(rejected.claims).toHaveLength(2);
    expect(rejected.claims.every((c: { state: string }) => c.state === 'scrub-rejected')).toBe(true);
    const page = (await server.inject({ url: '/v1/claims?limit=5&offset=10', headers: auth })).json();
    expect(page.claims).toHaveLength(2);
    expect((await server.inject({ url: '/v1/claims?state=nonsense', headers: auth })).statusCode).toBe(400);
    const paid = all.claims.find((c: { state: string }) => c.state === 'paid' || c.state === 'partially-paid' || c.state === 'denied');
    const one = (await server.inject({ url: `/v1/claims/${paid.id}`, headers: auth })).json();
    expect(one.timeline.map((e: { to: string }) => e.to).slice(0, 3)).toEqual(['queued', 'generated', 'uploaded']);
    expect(one.timeline.at(-1).sourceFile).toMatch(/835/);
    expect((await server.inject({ url: '/v1/claims/NOPE', headers: auth })).statusCode).toBe(404);
  });

  it('shows remittances as JSON, CSV and HTML with adjustments explained', async () => {
    const list = (await server.inject({ url: '/v1/remittances', headers: auth })).json();
    expect(list.remittances).toHaveLength(1);
    const id = list.remittances[0].id;
    const one = (await server.inject({ url: `/v1/remittances/${id}`, headers: auth })).json();
    expect(one.balanced).toBe(true);
    expect(one.claims.length).toBe(10);
    expect(one.claims.flatMap((c: { adjustments: Array<{ explanation: string }> }) => c.adjustments).some((a: { explanation: string }) => /Contractual/i.test(a.explanation))).toBe(true);
    const csv = await server.inject({ url: `/v1/remittances/${id}.csv`, headers: auth });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\n')[0]).toBe('claimId,outcome,billed,paid,patientResponsibility,line,group,reason,amount,explanation');
    const html = await server.inject({ url: `/v1/remittances/${id}.html`, headers: auth });
    expect(html.body).toMatch(/<table/);
  });

  it('accepts a batch into the outbox and validates its shape', async () => {
    const body = syntheticBatch({ batchId: 'POSTED', claims: 2 });
    const res = await server.inject({ method: 'POST', url: '/v1/batches', headers: auth, payload: body });
    expect(res.statusCode).toBe(202);
    const file = res.json().file;
    expect(readdirSync(h.gateway.context.folders.outbox)).toContain(file);
    expect(JSON.parse(readFileSync(join(h.gateway.context.folders.outbox, file), 'utf8')).claims).toHaveLength(2);
    expect((await server.inject({ method: 'POST', url: '/v1/batches', headers: auth, payload: { claims: [] } })).statusCode).toBe(400);
  });

  it('lists files and unmatched responses', async () => {
    const files = (await server.inject({ url: '/v1/files?direction=in', headers: auth })).json();
    expect(files.files.map((f: { kind: string }) => f.kind).sort()).toEqual(['277CA', '835', '999']);
    expect(files.files.every((f: { state: string }) => f.state === 'posted')).toBe(true);
    expect((await server.inject({ url: '/v1/unmatched', headers: auth })).json()).toEqual({ unmatched: [] });
    expect((await server.inject({ url: '/v1/unmatched' })).statusCode).toBe(401);
  });

  it('publishes OpenAPI at /docs', async () => {
    const res = await server.inject({ url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toEqual(expect.arrayContaining(['/health', '/v1/claims', '/v1/claims/{id}', '/v1/remittances', '/v1/batches']));
  });
});
