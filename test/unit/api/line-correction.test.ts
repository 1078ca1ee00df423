/**
 * Line-level correction: every service line's procedure, modifiers, units, charge, diagnosis pointers,
 * place of service and rendering provider, and the secondary diagnoses, are on the correction form; a
 * correction of a denied claim goes out as a replacement (frequency 7, the payer's claim number) with the
 * edited line, lists and numbers typed as the claim model wants them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/api/app.js';
import { FINAL_STATES } from '../../../src/ledger/lifecycle.js';
import { createUserStore } from '../../../src/ledger/users.js';
import { typedEdit } from '../../../src/billing-rules/fields.js';
import { syntheticBatch } from '../../../src/simulator/synthetic-claims.js';
import { runUntil, startHarness, type Harness } from '../../helpers/harness.js';
import { signIn, type Session } from './workbench-helpers.js';

let h: Harness;
let server: Awaited<ReturnType<typeof buildServer>>;
let token: string;
let biller: Session;

beforeAll(async () => {
  h = await startHarness();
  writeFileSync(join(h.gateway.context.folders.outbox, 'lines.json'), JSON.stringify(syntheticBatch({ batchId: 'LIN', claims: 40 })));
  await runUntil(h, async () => {
    const claims = await h.ledger.listClaims();
    return claims.length === 40 && claims.every((c) => FINAL_STATES.includes(c.state));
  });
  const folders = h.gateway.context.folders;
  server = await buildServer({ deps: { ledger: h.ledger, tokens: [], workbench: { partnerIds: ['demo'], folders: { inbox: folders.inbox, quarantine: folders.quarantine } } }, logger: false });
  const users = createUserStore(h.ledger.db);
  const u = await users.createUser({ username: 'bill', password: 'correct horse battery', role: 'biller' });
  token = await users.createApiToken(u.id, 'robot');
  biller = await signIn(server, 'bill', 'correct horse battery');
});
afterAll(async () => {
  await server?.close();
  await h?.close();
});

describe('line-level correction', () => {
  it('types list and number edits like the claim model', () => {
    expect(typedEdit('$.lines[0].modifiers', ['25'], '25, 59')).toEqual(['25', '59']);
    expect(typedEdit('$.lines[0].modifiers', undefined, '')).toEqual([]);
    expect(typedEdit('$.lines[1].diagnosisPointers', [1], '1,2')).toEqual([1, 2]);
    expect(typedEdit('$.lines[0].charge', '95.00', '80.00')).toBe('80.00');
  });

  it('offers every line field on the claim page', async () => {
    const claim = (await h.ledger.listClaims()).find((c) => c.state === 'denied' || c.state === 'partially-paid')!;
    const page = await server.inject({ url: `/claims/${claim.id}`, headers: { cookie: biller.cookie } });
    for (const f of ['procedureCode', 'modifiers', 'units', 'charge', 'diagnosisPointers', 'placeOfService', 'renderingProvider.npi']) expect(page.body).toContain(`name="f:$.lines[0].${f}"`);
    expect(page.body).toContain('name="f:$.diagnoses[1]"');
  });

  it('sends a corrected line of a denied claim as a replacement (frequency 7) with the edited modifiers and pointers', async () => {
    const claim = (await h.ledger.listClaims()).find((c) => (c.state === 'denied' || c.state === 'partially-paid') && c.payer_claim_number)!;
    expect(claim).toBeDefined();
    const data = JSON.parse(claim.data) as { diagnoses: string[]; lines: Array<{ modifiers?: string[]; diagnosisPointers: number[] }> };
    const pointers = data.diagnoses.length > 1 ? '2,1' : '1';
    const page = await server.inject({ url: `/claims/${claim.id}`, headers: { cookie: biller.cookie } });
    const version = Number(/name="version" value="(\d+)"/.exec(page.body)![1]);
    const res = await server.inject({ method: 'POST', url: `/v1/claims/${claim.id}/resubmit`, headers: { authorization: `Bearer ${token}` }, payload: { version, edits: { '$.lines[0].modifiers': '25, 59', '$.lines[0].diagnosisPointers': pointers } } });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().frequency).toBe('7');
    const sent = await h.ledger.db.selectFrom('claims').select(['data', 'frequency']).where('id', '=', res.json().newClaimId).executeTakeFirstOrThrow();
    const next = JSON.parse(sent.data) as { frequency?: string; originalClaimNumber?: string; lines: Array<{ modifiers: string[]; diagnosisPointers: number[] }> };
    expect(next.lines[0].modifiers).toEqual(['25', '59']);
    expect(next.lines[0].diagnosisPointers).toEqual(pointers.split(',').map(Number));
    expect(next.originalClaimNumber).toBe(claim.payer_claim_number);
  });
});
