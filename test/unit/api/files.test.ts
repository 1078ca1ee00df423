/**
 * Files opened and downloaded: GET /v1/files/:id/raw gives the bytes (an 837 from the ledger, a response
 * from disk), /v1/files/:id/report the readable report of a response; the file page lists its segments
 * with their numbers and links to its claims, and the claim page links to its files.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/api/app.js';
import { FINAL_STATES } from '../../../src/ledger/lifecycle.js';
import { createUserStore } from '../../../src/ledger/users.js';
import { syntheticBatch } from '../../../src/simulator/synthetic-claims.js';
import { runUntil, startHarness, type Harness } from '../../helpers/harness.js';
import { signIn, type Session } from './workbench-helpers.js';

const TOKEN = 'config-token-0123456789abcdef';
const auth = { authorization: `Bearer ${TOKEN}` };
let h: Harness;
let server: Awaited<ReturnType<typeof buildServer>>;
let reader: Session;

beforeAll(async () => {
  h = await startHarness();
  writeFileSync(join(h.gateway.context.folders.outbox, 'files.json'), JSON.stringify(syntheticBatch({ batchId: 'FIL', claims: 6 })));
  await runUntil(h, async () => {
    const claims = await h.ledger.listClaims();
    return claims.length === 6 && claims.every((c) => FINAL_STATES.includes(c.state));
  });
  const folders = h.gateway.context.folders;
  server = await buildServer({ deps: { ledger: h.ledger, tokens: [TOKEN], workbench: { partnerIds: ['demo'], folders: { inbox: folders.inbox, quarantine: folders.quarantine } } }, logger: false });
  await createUserStore(h.ledger.db).createUser({ username: 'rita', password: 'correct horse battery', role: 'read-only' });
  reader = await signIn(server, 'rita', 'correct horse battery');
});
afterAll(async () => {
  await server?.close();
  await h?.close();
});

const fileOf = async (direction: 'out' | 'in' | 'intake', kind?: string) => {
  const files = await h.ledger.listFiles({ direction });
  return files.find((f) => (kind ? f.kind === kind : true) && f.state !== 'duplicate')!;
};

describe('files through the API', () => {
  it('gives an 837 sent and an 835 received byte for byte, as an attachment', async () => {
    const out = await fileOf('out');
    const raw = await server.inject({ url: `/v1/files/${out.id}/raw`, headers: auth });
    expect(raw.statusCode).toBe(200);
    expect(raw.headers['content-disposition']).toMatch(/^attachment; filename="/);
    expect(raw.headers['content-type']).toMatch(/application\/edi-x12/);
    expect(raw.body).toBe(out.content);
    const remit = await fileOf('in', '835');
    expect(remit.local_path).toBeTruthy();
    const got = await server.inject({ url: `/v1/files/${remit.id}/raw`, headers: auth });
    expect(got.rawPayload.equals(readFileSync(remit.local_path!))).toBe(true);
    expect(Number(got.headers['content-length'])).toBe(got.rawPayload.length);
    expect((await server.inject({ url: '/v1/files/NOPE/raw', headers: auth })).statusCode).toBe(404);
    expect((await server.inject({ url: `/v1/files/${out.id}/raw` })).statusCode).toBe(401);
  });

  it('gives the readable report of a response, and says when a file has none', async () => {
    const remit = await fileOf('in', '835');
    const report = await server.inject({ url: `/v1/files/${remit.id}/report`, headers: auth });
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toMatch(/text\/html/);
    expect(report.body).toContain('Remittance report');
    const status = await fileOf('in', '277CA');
    expect((await server.inject({ url: `/v1/files/${status.id}/report`, headers: auth })).body).toContain('Claim status report');
    const out = await fileOf('out');
    const none = await server.inject({ url: `/v1/files/${out.id}/report`, headers: auth });
    expect(none.statusCode).toBe(409);
    expect(none.json().message).toMatch(/no readable report/);
  });
});

describe('files in the workbench', () => {
  it('opens a claim’s 837 from the claim page: numbered segments, a download, and links back to the claims', async () => {
    const claim = (await h.ledger.listClaims({ state: 'paid' as never }))[0] ?? (await h.ledger.listClaims())[0];
    const claimPage = await server.inject({ url: `/claims/${claim.id}`, headers: { cookie: reader.cookie } });
    const fileIds = [...claimPage.body.matchAll(/href="\/files\/([A-Za-z0-9]+)"/g)].map((m) => m[1]);
    const out = await fileOf('out');
    expect(fileIds).toContain(out.id);
    const page = await server.inject({ url: `/files/${out.id}`, headers: { cookie: reader.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<tr id="seg-1"><td class="num">1<\/td><td><code>ISA\*/);
    expect(page.body).toContain(`href="/claims/${claim.id}"`);
    expect(page.body).toContain(`href="/files/${out.id}/download"`);
    const download = await server.inject({ url: `/files/${out.id}/download`, headers: { cookie: reader.cookie } });
    expect(download.headers['content-disposition']).toMatch(/^attachment/);
    expect(download.body).toBe(out.content);
    const remit = await fileOf('in', '835');
    const remitPage = await server.inject({ url: `/files/${remit.id}`, headers: { cookie: reader.cookie } });
    expect(remitPage.body).toMatch(/href="\/remittances\/[^"]+"/);
    expect(remitPage.body).toContain(`href="/files/${remit.id}/report"`);
    expect((await server.inject({ url: `/files/${remit.id}/report`, headers: { cookie: reader.cookie } })).body).toContain('Remittance report');
    expect((await server.inject({ url: '/files/NOPE', headers: { cookie: reader.cookie } })).statusCode).toBe(404);
  });
});
