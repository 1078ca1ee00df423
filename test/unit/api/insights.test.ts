/**
 * Denial rules through the API and the workbench page: listed with evidence, accepted (with a severity)
 * or dismissed by a biller, refused to read-only users, the page's forms need the CSRF token.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/api/app.js';
import { learnDenialRules } from '../../../src/denials/learn.js';
import { syntheticHistory } from '../../../src/denials/synthetic-history.js';
import { acceptedDenialRules } from '../../../src/ledger/denial-rules.js';
import { createLedger, openLedgerDb, type LedgerDb } from '../../../src/ledger/index.js';
import { createUserStore } from '../../../src/ledger/users.js';
import { form, signIn, type Session } from './workbench-helpers.js';

const PASSWORD = 'correct horse battery';
let dir: string;
let handle: LedgerDb;
let server: Awaited<ReturnType<typeof buildServer>>;
let billerToken: string;
let readerToken: string;
let biller: Session;
const rules = learnDenialRules(syntheticHistory({ seed: 7, months: 6 }));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'insights-'));
  handle = await openLedgerDb({ dataDir: dir });
  const ledger = createLedger(handle.db);
  for (const r of rules) {
    await (handle.db as any)
      .insertInto('denial_rules')
      .values({ id: r.id, rule_key: r.key, kind: r.kind, payer_id: r.payerId, procedure_code: r.procedureCode, modifier: r.modifier ?? null, diagnosis: r.diagnosis ?? null, description: r.description, evidence: JSON.stringify(r.evidence), status: 'proposed', severity: 'warning', dismissed_evidence: null, learned_at: '2025-07-01T00:00:00Z', decided_at: null, decided_by: null })
      .execute();
  }
  server = await buildServer({ deps: { ledger, tokens: [], workbench: { partnerIds: ['demo'] } }, logger: false });
  const users = createUserStore(handle.db);
  const b = await users.createUser({ username: 'bill', password: PASSWORD, role: 'biller' });
  const r = await users.createUser({ username: 'rita', password: PASSWORD, role: 'read-only' });
  billerToken = await users.createApiToken(b.id, 'robot');
  readerToken = await users.createApiToken(r.id, 'reports');
  biller = await signIn(server, 'bill', PASSWORD);
});
afterAll(async () => {
  await server?.close();
  await handle?.close();
  rmSync(dir, { recursive: true, force: true });
});

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

describe('denial-rule insights', () => {
  it('lists the rules with their evidence, and only to someone signed in', async () => {
    expect((await server.inject({ url: '/v1/insights/denial-rules' })).statusCode).toBe(401);
    const res = await server.inject({ url: '/v1/insights/denial-rules', headers: bearer(readerToken) });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { rules: Array<{ id: string; status: string; description: string; evidence: { remittanceIds: string[]; rate: number } }> };
    expect(body.rules.map((r) => r.id).sort()).toEqual(rules.map((r) => r.id).sort());
    expect(body.rules.every((r) => r.status === 'proposed' && r.evidence.remittanceIds.length > 0 && r.evidence.rate > 0.7)).toBe(true);
  });

  it('accepts a rule as an error for the scrubber; refuses read-only users; 404 for an unknown rule', async () => {
    const target = rules.find((r) => r.kind === 'prior-authorization')!;
    expect((await server.inject({ method: 'POST', url: `/v1/insights/denial-rules/${target.id}/accept`, headers: bearer(readerToken), payload: { severity: 'error' } })).statusCode).toBe(403);
    const res = await server.inject({ method: 'POST', url: `/v1/insights/denial-rules/${target.id}/accept`, headers: bearer(billerToken), payload: { severity: 'error' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: target.id, status: 'accepted', severity: 'error' });
    expect((await acceptedDenialRules(handle.db)).map((r) => [r.id, r.severity])).toEqual([[target.id, 'error']]);
    const accepted = await server.inject({ url: '/v1/insights/denial-rules?status=accepted', headers: bearer(billerToken) });
    expect((accepted.json() as { rules: unknown[] }).rules).toHaveLength(1);
    const unknown = await server.inject({ method: 'POST', url: '/v1/insights/denial-rules/DR0000000000000000/dismiss', headers: bearer(billerToken) });
    expect(unknown.statusCode, unknown.body).toBe(404);
    expect((await server.inject({ method: 'POST', url: '/v1/insights/denial-rules/not-an-id/dismiss', headers: bearer(billerToken) })).statusCode).toBe(400);
  });

  it('shows the page with each rule and its evidence; a dismissal through the form needs the CSRF token', async () => {
    const page = await server.inject({ url: '/insights/denial-rules', headers: { cookie: biller.cookie } });
    expect(page.statusCode).toBe(200);
    for (const r of rules) expect(page.body).toContain(r.description);
    expect(page.body).toContain('Denial rules');
    const target = rules.find((r) => r.kind === 'missing-modifier')!;
    const forged = await server.inject({ method: 'POST', url: `/insights/denial-rules/${target.id}/dismiss`, ...form({ _csrf: 'forged' }, { cookie: biller.cookie }) });
    expect(forged.statusCode).toBe(403);
    const csrf = await biller.csrf();
    const ok = await server.inject({ method: 'POST', url: `/insights/denial-rules/${target.id}/dismiss`, ...form({ _csrf: csrf }, { cookie: biller.cookie }) });
    expect(ok.statusCode).toBe(303);
    const after = await server.inject({ url: '/v1/insights/denial-rules?status=dismissed', headers: bearer(billerToken) });
    expect((after.json() as { rules: Array<{ id: string; decidedBy: string }> }).rules).toEqual([expect.objectContaining({ id: target.id, decidedBy: 'bill' })]);
    expect((await server.inject({ url: '/insights/denial-rules' })).statusCode).toBe(302);
    const learn = await server.inject({ method: 'POST', url: '/insights/denial-rules/learn', ...form({ _csrf: await biller.csrf() }, { cookie: biller.cookie }) });
    expect(learn.statusCode).toBe(303);
  });

  it('escapes what came from claims (payer ids, codes) on the page', async () => {
    await (handle.db as any)
      .updateTable('denial_rules')
      .set({ description: 'Payer <script>alert(1)</script> denies procedure 97110' })
      .where('id', '=', rules[0].id)
      .execute();
    const page = await server.inject({ url: '/insights/denial-rules', headers: { cookie: biller.cookie } });
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('documents the routes in the OpenAPI', async () => {
    const doc = await server.inject({ url: '/docs/json' });
    expect(doc.statusCode).toBe(200);
    const paths = Object.keys((doc.json() as { paths: Record<string, unknown> }).paths);
    for (const p of ['/v1/insights/denial-rules', '/v1/insights/denial-rules/learn', '/v1/insights/denial-rules/{id}/accept', '/v1/insights/denial-rules/{id}/dismiss']) expect(paths).toContain(p);
  });

  it('learns again from the postings without losing the decisions', async () => {
    const res = await server.inject({ method: 'POST', url: '/v1/insights/denial-rules/learn', headers: bearer(billerToken) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ facts: 0, learned: 0, proposed: 0 });
    const all = (await server.inject({ url: '/v1/insights/denial-rules', headers: bearer(billerToken) })).json() as { rules: Array<{ status: string }> };
    expect(all.rules.map((r) => r.status).sort()).toEqual(['accepted', 'dismissed', 'proposed', 'proposed']);
  });
});
