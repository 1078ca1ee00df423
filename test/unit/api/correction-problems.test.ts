/**
 * Issue 16 item 1: every problem of a correction at once. A biller corrects a denied claim with two
 * problems of different kinds — a line procedure code the scrubber refuses, and a claim for a trading
 * partner the gateway no longer has a profile for (the gateway's own check). Both come back in one
 * answer (API and page), each once, the line's next to its field and in plain words; nothing is sent.
 * (Before: the scrubber answered first and the gateway's check only showed in a second round.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/api/app.js';
import { createLedger, openLedgerDb, sha256, type Ledger, type LedgerDb } from '../../../src/ledger/index.js';
import { createUserStore } from '../../../src/ledger/users.js';
import { syntheticBatch } from '../../../src/simulator/synthetic-claims.js';
import { fakeBuild } from '../ledger/fixtures.js';
import { signIn, type Session } from './workbench-helpers.js';

let dir: string;
let handle: LedgerDb;
let ledger: Ledger;
let server: Awaited<ReturnType<typeof buildServer>>;
let token: string;
let biller: Session;
let claimId: string;

const PROC = '$.lines[0].procedureCode';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wb-problems-'));
  handle = await openLedgerDb({ dataDir: dir });
  ledger = createLedger(handle.db, { now: () => new Date('2026-03-01T10:00:00.000Z') });
  const [c] = syntheticBatch({ batchId: 'PRB', claims: 1 }).claims as Array<{ claimId: string; totalCharge: string; payer: { id: string } }>;
  const rec = await ledger.recordBatch({
    name: 'prb.json',
    sha256: sha256('prb'),
    size: 1,
    partnerId: 'retired',
    claims: [{ index: 0, partnerId: 'retired', payerId: c.payer.id, claimType: '837P', patientControlNumber: c.claimId, totalCharge: c.totalCharge, serviceDate: '2024-03-04', lines: [{ lineNumber: 1, procedureCode: '99213', charge: c.totalCharge, units: '1' }], data: c }],
  });
  claimId = rec.claimIds[0];
  const g = await ledger.generateInterchange({ partnerId: 'retired', chunkKey: 'prb', claimIds: rec.claimIds, build: fakeBuild(rec.claimIds) });
  await ledger.markUploaded(g.fileId, 'remote/prb');
  const f = await ledger.recordFile({ direction: 'in', partnerId: 'retired', name: 'prb.835', sha256: sha256('prb.835'), size: 1, kind: '835' });
  await ledger.postRemittance(f.file.id, 'retired', { payerKey: '1999999999', traceNumber: 'TRN-PRB', paymentAmount: '0.00', paymentMethod: 'NON', paymentDate: '2026-03-02', payerName: 'TEST PAYER', providerAdjustments: [], claims: [{ patientControlNumber: c.claimId, statusCode: '4', billed: c.totalCharge, paid: '0.00', patientResponsibility: '0.00', payerClaimNumber: 'PAYER-PRB', adjustments: [{ group: 'CO', reason: '4', amount: c.totalCharge }], lines: [] }] });
  // The partner 'retired' is no longer configured: the gateway's own check refuses claims for it.
  server = await buildServer({ deps: { ledger, tokens: [], workbench: { partnerIds: ['demo'], now: () => new Date('2026-03-20T12:00:00.000Z') } }, logger: false });
  const users = createUserStore(ledger.db);
  const u = await users.createUser({ username: 'bill', password: 'correct horse battery', role: 'biller' });
  token = await users.createApiToken(u.id, 'robot');
  biller = await signIn(server, 'bill', 'correct horse battery');
});

afterAll(async () => {
  await server?.close();
  await handle?.close();
  rmSync(dir, { recursive: true, force: true });
});

const version = async () => {
  const page = await server.inject({ url: `/claims/${claimId}`, headers: { cookie: biller.cookie } });
  return { version: Number(/name="version" value="(\d+)"/.exec(page.body)![1]) };
};

describe('every correction problem at once (issue 16)', () => {
  it('the API answers the scrubber\'s and the gateway\'s problems together, each once', async () => {
    expect((await handle.db.selectFrom('claims').select('state').where('id', '=', claimId).executeTakeFirstOrThrow()).state).toBe('denied');
    const before = await handle.db.selectFrom('claims').select('id').execute();
    const res = await server.inject({ method: 'POST', url: `/v1/claims/${claimId}/resubmit`, headers: { authorization: `Bearer ${token}` }, payload: { version: (await version()).version, edits: { [PROC]: 'X' } } });
    expect(res.statusCode).toBe(422);
    const body = res.json() as { code: string; fieldErrors: Array<{ field: string; code: string }> };
    expect(body.code).toBe('SCRUB-FAILED');
    const fields = body.fieldErrors.map((e) => e.field);
    expect(fields).toContain(PROC);
    expect(body.fieldErrors.some((e) => e.code === 'PARTNER-UNKNOWN' && e.field === '$.partnerId')).toBe(true);
    // No problem reported twice (the gateway's checks re-run the scrubber).
    const keys = body.fieldErrors.map((e) => `${e.field} ${e.code}`);
    expect(new Set(keys).size).toBe(keys.length);
    // Nothing was sent.
    expect((await handle.db.selectFrom('claims').select('id').execute()).length).toBe(before.length);
  });

  it('the page shows both, the line\'s next to its field, in plain words', async () => {
    const page = await server.inject({ url: `/claims/${claimId}`, headers: { cookie: biller.cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    const v = /name="version" value="(\d+)"/.exec(page.body)![1];
    const res = await server.inject({ method: 'POST', url: `/claims/${claimId}/resubmit`, headers: { cookie: biller.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, version: v, [`f:${PROC}`]: 'X' }).toString() });
    expect(res.statusCode).toBe(422);
    const input = /<input id="f--lines-0-procedureCode"[^>]*>/.exec(res.body)?.[0] ?? '';
    expect(input).toContain('aria-invalid="true"');
    const lineErr = /<div class="field-error" id="f--lines-0-procedureCode-err">([\s\S]*?)<\/div><\/div>/.exec(res.body)?.[1] ?? '';
    expect(lineErr.length).toBeGreaterThan(0);
    expect(res.body).toContain('The claim names a trading partner the gateway has no profile for.');
    for (const text of [lineErr, res.body]) {
      expect(text).not.toMatch(/\[[A-Z-]+\]|docs\/|Invalid input/);
    }
  });
});
