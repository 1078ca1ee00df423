/**
 * Issue 14 item 2: claims silent after a claim-status inquiry (276) are on the worklist, in a "follow up with
 * the payer" list with the next step in words; an answered claim leaves it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/api/app.js';
import { createLedger, openLedgerDb, sha256, type Ledger, type LedgerDb } from '../../../src/ledger/index.js';
import { fakeBuild, intakeClaims } from '../ledger/fixtures.js';

const TOKEN = 'followup-token-0123456789abcdef';
const auth = { authorization: `Bearer ${TOKEN}` };
const DAY = 86_400_000;
let dir: string;
let handle: LedgerDb;
let ledger: Ledger;
let server: Awaited<ReturnType<typeof buildServer>>;
let ids: string[];
let traces: Record<string, string>;
const asked = new Date('2026-03-01T08:00:00.000Z');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'followup-'));
  handle = await openLedgerDb({ dataDir: dir });
  ledger = createLedger(handle.db, { now: () => asked });
  ids = (await ledger.recordBatch({ name: 'b.json', sha256: sha256('b'), size: 1, claims: intakeClaims(2) })).claimIds;
  const g = await ledger.generateInterchange({ partnerId: 'demo', chunkKey: 'c1', claimIds: ids, build: fakeBuild(ids) });
  await ledger.markUploaded(g.fileId, `remote/${g.fileName}`);
  const q = await ledger.recordStatusInquiry({
    partnerId: 'demo',
    inquiryKey: 'q1',
    items: ids.map((claimId) => ({ claimId, payerId: 'PAYER1', reason: 'no-277ca' as const })),
    build: (n, t) => ({ text: `276 ${n.interchange} ${ids.map((i) => t[i]).join(',')}`, fileName: `demo-${n.interchange}.276`, transactions: [{ controlNumber: '0001', claimIds: ids }] }),
  });
  traces = q.traces;
  await ledger.markUploaded(q.fileId, 'inbound/q.276');
  server = await buildServer({ deps: { ledger, tokens: [TOKEN], workbench: { partnerIds: ['demo'], now: () => new Date(asked.getTime() + 4 * DAY) } }, logger: false });
});
afterAll(async () => {
  await server?.close();
  await handle?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the worklist lists claims to follow up with the payer', () => {
  it('both silent claims with the trace and next step; after an answer only the other one', async () => {
    const page = (await server.inject({ url: '/worklist', headers: auth })).body;
    expect(page).toContain('Follow up with the payer (2 claims)');
    for (const id of ids) expect(page).toContain(`href="/claims/${id}"`);
    expect(page).toContain(`trace ${traces[ids[0]]}`);
    expect(page).toMatch(/No answer to the status inquiry/);
    const file = (await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'a.277', sha256: sha256('a'), size: 1, kind: '277' })).file.id;
    await ledger.postStatusAnswers(file, 'demo', [{ trace: traces[ids[0]], category: 'P1', statusCode: '20', effectiveDate: '2026-03-02' }]);
    const after = (await server.inject({ url: '/worklist', headers: auth })).body;
    expect(after).toContain('Follow up with the payer (1 claim)');
    expect(after).not.toContain(`href="/claims/${ids[0]}"`);
    expect(after).toContain(`href="/claims/${ids[1]}"`);
  });
});
