import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClaimNotQueuedError, createLedger, sha256, type Ledger, type LedgerDb } from '../../../src/ledger/index.js';
import { openTestLedgerDb, testDialect } from '../../helpers/test-ledger.js';
import { fakeBuild, intakeClaims } from './fixtures.js';
import { ack999Items } from '../../../src/ledger/posting-types.js';
import { itemsPosted } from '../../../src/ledger/posting-progress.js';

let dir: string;
let handle: LedgerDb;
let ledger: Ledger;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-'));
  handle = await openTestLedgerDb({ dataDir: dir });
  ledger = createLedger(handle.db);
});
afterEach(async () => {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});

async function intake(n = 4, name = 'batch-1.json', extra: Parameters<typeof intakeClaims>[1] = {}) {
  const sha = sha256(name + JSON.stringify(extra));
  return ledger.recordBatch({ name, sha256: sha, size: 10, claims: intakeClaims(n, extra) });
}

async function generateAndUpload(claimIds: string[], chunkKey = 'chunk-1') {
  const g = await ledger.generateInterchange({ partnerId: 'demo', chunkKey, claimIds, build: fakeBuild(claimIds) });
  await ledger.markUploaded(g.fileId, `remote/${g.fileName}`);
  return g;
}

describe('ledger', () => {
  // A property of the SQLite file only: registered where the suite runs on SQLite (on PostgreSQL there is no file).
  if (testDialect() === 'sqlite') it('stores the database 0600 in WAL mode with synchronous FULL', async () => {
    expect(statSync(handle.path).mode & 0o777).toBe(0o600);
    const mode = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(handle.db);
    expect(mode.rows[0].journal_mode).toBe('wal');
    const sync = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(handle.db);
    expect(sync.rows[0].synchronous).toBe(2);
  });

  it('records a batch once; the same content again is a duplicate with no new claims', async () => {
    const first = await intake(3);
    expect(first.claimIds).toHaveLength(3);
    const again = await intake(3);
    expect(again.duplicateOf?.id).toBe(first.file.id);
    expect(again.claimIds).toEqual([]);
    expect(await ledger.listClaims()).toHaveLength(3);
  });

  it('puts scrub-rejected claims in their own state and queues the rest', async () => {
    await intake(6, 'b.json', { rejectEvery: 3 });
    expect(await ledger.claimStateCounts()).toEqual({ 'scrub-rejected': 2, queued: 4 });
  });

  it('reserves control numbers per partner, never reuses them, and a retry gets the same numbers and bytes', async () => {
    const { claimIds } = await intake(4);
    const a = await ledger.generateInterchange({ partnerId: 'demo', chunkKey: 'k1', claimIds: claimIds.slice(0, 2), build: fakeBuild(claimIds.slice(0, 2)) });
    const retry = await ledger.generateInterchange({ partnerId: 'demo', chunkKey: 'k1', claimIds: claimIds.slice(0, 2), build: () => { throw new Error('must not rebuild'); } });
    expect(retry.created).toBe(false);
    expect(retry.interchangeControl).toBe(a.interchangeControl);
    expect(retry.content).toBe(a.content);
    const b = await ledger.generateInterchange({ partnerId: 'demo', chunkKey: 'k2', claimIds: claimIds.slice(2), build: fakeBuild(claimIds.slice(2)) });
    expect(b.interchangeControl).toBe(a.interchangeControl + 1);
    expect(b.groupControl).toBe(a.groupControl + 1);
    // another partner has its own counters
    const other = await ledger.recordBatch({ name: 'o.json', sha256: sha256('o'), size: 1, claims: intakeClaims(1, { partnerId: 'other' }) });
    const c = await ledger.generateInterchange({ partnerId: 'other', chunkKey: 'k3', claimIds: other.claimIds, build: fakeBuild(other.claimIds) });
    expect(c.interchangeControl).toBe(1);
  });

  it('numbers survive a reopen and a failed build reserves nothing', async () => {
    const { claimIds } = await intake(2);
    await expect(ledger.generateInterchange({ partnerId: 'demo', chunkKey: 'k0', claimIds, build: () => { throw new Error('writer failed'); } })).rejects.toThrow('writer failed');
    const a = await ledger.generateInterchange({ partnerId: 'demo', chunkKey: 'k1', claimIds: [claimIds[0]], build: fakeBuild([claimIds[0]]) });
    expect(a.interchangeControl).toBe(1);
    await handle.close();
    handle = await openTestLedgerDb({ dataDir: dir });
    ledger = createLedger(handle.db);
    const b = await ledger.generateInterchange({ partnerId: 'demo', chunkKey: 'k2', claimIds: [claimIds[1]], build: fakeBuild([claimIds[1]]) });
    expect(b.interchangeControl).toBe(2);
  });

  it('refuses to put a claim into a second interchange', async () => {
    const { claimIds } = await intake(2);
    await ledger.generateInterchange({ partnerId: 'demo', chunkKey: 'k1', claimIds, build: fakeBuild(claimIds) });
    await expect(ledger.generateInterchange({ partnerId: 'demo', chunkKey: 'k2', claimIds: [claimIds[0]], build: fakeBuild([claimIds[0]]) })).rejects.toBeInstanceOf(ClaimNotQueuedError);
  });

  it('keeps the event log append-only', async () => {
    await intake(1);
    await expect(sql`UPDATE claim_events SET to_state = 'paid'`.execute(handle.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM claim_events`.execute(handle.db)).rejects.toThrow(/append-only/);
  });

  it('posts a 999: accepted sets accept their claims, a rejected one rejects its claims, unknown ones are kept as unmatched', async () => {
    const { claimIds } = await intake(4);
    const g = await generateAndUpload(claimIds);
    const resp = await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'a.999', sha256: sha256('999'), size: 1, kind: '999' });
    const r = await ledger.post999(resp.file.id, 'demo', {
      groups: [
        { groupControl: String(g.groupControl), status: 'P', transactions: [ { controlNumber: '0001', status: 'A' }, { controlNumber: '0002', status: 'R', errorCodes: ['5'] } ] },
        { groupControl: '999999', status: 'A', transactions: [] },
      ],
    });
    expect(r.transitions).toBe(4);
    expect(r.unmatched).toBe(1);
    expect(await ledger.claimStateCounts()).toEqual({ 'ack-accepted': 2, 'ack-rejected': 2 });
    expect(await ledger.listUnmatched()).toHaveLength(1);
    expect(await ledger.verify()).toEqual([]);
  });

  it('posts a 999 in chunks of items (issue 12 round 6): the same as whole; a chunk out of place is refused; resumed after the last committed chunk', async () => {
    const { claimIds } = await intake(6);
    const g = await generateAndUpload(claimIds);
    // Group 1: AK2 detail for 0001 (A), 0002 (R) and an unknown 0009; group 2: unknown; then group 1 again without AK2 detail (rejects all).
    const posting = {
      groups: [
        { groupControl: String(g.groupControl), status: 'P' as const, transactions: [ { controlNumber: '0001', status: 'A' as const }, { controlNumber: '0002', status: 'R' as const, errorCodes: ['5'] }, { controlNumber: '0009', status: 'A' as const } ] },
        { groupControl: '999999', status: 'A' as const, transactions: [ { controlNumber: '0001', status: 'A' as const } ] },
      ],
    };
    const items = ack999Items(posting);
    expect(items.map((i) => i.kind)).toEqual(['transaction', 'transaction', 'transaction', 'group', 'transaction', 'group']);
    const resp = await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'c.999', sha256: sha256('c999'), size: 1, kind: '999' });
    const id = resp.file.id;
    // Run 1 "crashes" after two chunks of two items.
    await ledger.post999Chunk(id, 'demo', 0, items.slice(0, 2));
    await ledger.post999Chunk(id, 'demo', 2, items.slice(2, 4));
    expect(await itemsPosted(ledger.db, id)).toBe(4);
    expect((await ledger.getFile(id))?.state).not.toBe('posted');
    // A chunk that does not start where the last ended is refused, and posts nothing.
    await expect(ledger.post999Chunk(id, 'demo', 2, items.slice(2, 4))).rejects.toThrow(/4 items posted, chunk starts at 2/);
    // Run 2 resumes after the items posted.
    const from = await itemsPosted(ledger.db, id);
    await ledger.post999Chunk(id, 'demo', from, items.slice(from), { last: true });
    expect((await ledger.getFile(id))?.state).toBe('posted');
    expect(await ledger.claimStateCounts()).toEqual({ 'ack-accepted': 2, 'ack-rejected': 2, uploaded: 2 });
    const acks = await ledger.db.selectFrom('acknowledgments').select(['group_control', 'transaction_control', 'status', 'matched']).where('file_id', '=', id).execute();
    expect(acks.map((a) => [a.group_control, a.transaction_control, a.status, Number(a.matched)]).sort()).toEqual([
      [String(g.groupControl), '0001', 'A', 1],
      [String(g.groupControl), '0002', 'R', 1],
      [String(g.groupControl), '0009', 'A', 0],
      ['999999', null, 'A', 0],
    ].sort());
    expect((await ledger.listUnmatched()).map((u) => u.reference).sort()).toEqual([`GS06 ${g.groupControl} ST02 0009`, 'GS06 999999'].sort());
    expect((await ledger.db.selectFrom('claim_events').select('claim_id').where('source_file_id', '=', id).execute()).length).toBe(4);
    expect(await ledger.verify()).toEqual([]);
    // A group without AK2 detail, posted whole: every transaction set of the group takes its verdict.
    const whole = await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'd.999', sha256: sha256('d999'), size: 1, kind: '999' });
    await ledger.post999(whole.file.id, 'demo', { groups: [{ groupControl: String(g.groupControl), status: 'R', transactions: [] }] });
    expect(await ledger.claimStateCounts()).toEqual({ 'ack-accepted': 2, 'ack-rejected': 4 });
  });

  it('posts a TA1 rejection to every claim of the interchange', async () => {
    const { claimIds } = await intake(3);
    const g = await generateAndUpload(claimIds);
    const resp = await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'a.ta1', sha256: sha256('ta1'), size: 1, kind: 'TA1' });
    await ledger.postTa1(resp.file.id, 'demo', { interchangeControl: String(g.interchangeControl).padStart(9, '0'), status: 'R', note: '024' });
    expect(await ledger.claimStateCounts()).toEqual({ 'interchange-rejected': 3 });
    expect((await ledger.getFile(g.fileId))?.state).toBe('rejected');
  });

  it('posts 277CA statuses and 835 payments; the same payer + TRN02 is never posted twice', async () => {
    const { claimIds } = await intake(3);
    await generateAndUpload(claimIds);
    const f277 = await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'a.277', sha256: sha256('277'), size: 1, kind: '277CA' });
    await ledger.postClaimStatus(f277.file.id, 'demo', {
      claims: [
        { patientControlNumber: 'PCN00001', category: 'A2', statusCode: '20', outcome: 'payer-accepted' },
        { patientControlNumber: 'PCN00002', category: 'A2', statusCode: '20', outcome: 'payer-accepted' },
        { patientControlNumber: 'PCN00003', category: 'A7', statusCode: '562', outcome: 'payer-rejected' },
        { patientControlNumber: 'NOPE', category: 'A2', statusCode: '20', outcome: 'payer-accepted' },
      ],
    });
    expect(await ledger.claimStateCounts()).toEqual({ 'payer-accepted': 2, 'payer-rejected': 1 });
    const remit = {
      payerKey: '1999999999',
      traceNumber: 'EFT001',
      paymentAmount: '75.00',
      paymentMethod: 'ACH',
      claims: [
        { patientControlNumber: 'PCN00001', statusCode: '1', billed: '150.00', paid: '100.00', patientResponsibility: '20.00', adjustments: [{ group: 'CO', reason: '45', amount: '30.00' }, { group: 'PR', reason: '2', amount: '20.00' }], lines: [] },
        { patientControlNumber: 'PCN00002', statusCode: '4', billed: '150.00', paid: '0', patientResponsibility: '0', adjustments: [{ group: 'CO', reason: '50', amount: '150.00' }], lines: [] },
      ],
      providerAdjustments: [{ providerId: '1234567893', reason: 'WO', amount: '25.00' }],
    };
    const f835 = await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'a.835', sha256: sha256('835'), size: 1, kind: '835' });
    const posted = await ledger.postRemittance(f835.file.id, 'demo', remit);
    expect(posted.duplicate).toBe(false);
    expect(posted.transitions).toBe(2);
    expect(await ledger.claimStateCounts()).toEqual({ paid: 1, denied: 1, 'payer-rejected': 1 });
    const again = await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'b.835', sha256: sha256('835-other-bytes'), size: 1, kind: '835' });
    const dup = await ledger.postRemittance(again.file.id, 'demo', remit);
    expect(dup.duplicate).toBe(true);
    expect((await ledger.getFile(again.file.id))?.state).toBe('duplicate');
    const totals = await ledger.totals();
    expect(totals).toMatchObject({ remittances: 1, paymentAmount: '75.00', claimPaid: '100.00', providerAdjustments: '25.00', patientResponsibility: '20.00' });
    const detail = await ledger.getRemittance(posted.remittanceId!);
    expect(detail?.remittance.balanced).toBe(1);
    expect(detail?.claims.flatMap((c) => c.adjustments.map((a) => `${a.group_code}-${a.reason_code}`)).sort()).toEqual(['CO-45', 'CO-50', 'PR-2']);
    const claim = await ledger.getClaim(claimIds[0]);
    expect(claim?.events.map((e) => e.to_state)).toEqual(['queued', 'generated', 'uploaded', 'payer-accepted', 'paid']);
    expect(claim?.paid_amount).toBe('100.00');
    expect(await ledger.verify()).toEqual([]);
  });

  it('records a refused transition instead of applying it', async () => {
    const { claimIds } = await intake(1);
    const g = await generateAndUpload(claimIds);
    const f = await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'r.999', sha256: sha256('r'), size: 1, kind: '999' });
    await ledger.post999(f.file.id, 'demo', { groups: [{ groupControl: String(g.groupControl), status: 'R', transactions: [{ controlNumber: '0001', status: 'R' }] }] });
    const f2 = await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'r2.999', sha256: sha256('r2'), size: 1, kind: '999' });
    const r = await ledger.post999(f2.file.id, 'demo', { groups: [{ groupControl: String(g.groupControl), status: 'A', transactions: [{ controlNumber: '0001', status: 'A' }] }] });
    expect(r.refused).toBe(1);
    expect((await ledger.getClaim(claimIds[0]))?.state).toBe('ack-rejected');
    expect((await ledger.listUnmatched()).map((u) => u.reason)).toEqual(['refused transition ack-rejected -> ack-accepted']);
  });

  it('posts a reversal and a corrected payment of the same claim in later 835s', async () => {
    const { claimIds } = await intake(1);
    await generateAndUpload(claimIds);
    const pay = (trace: string, status: string, paid: string, pr: string) => ({
      payerKey: '1999999999',
      traceNumber: trace,
      paymentAmount: paid,
      paymentMethod: 'CHK',
      claims: [{ patientControlNumber: 'PCN00001', statusCode: status, billed: '150.00', paid, patientResponsibility: pr, adjustments: [], lines: [] }],
      providerAdjustments: [],
    });
    const f1 = await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: '1.835', sha256: sha256('r1'), size: 1, kind: '835' });
    await ledger.postRemittance(f1.file.id, 'demo', pay('T1', '1', '100.00', '20.00'));
    const f2 = await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: '2.835', sha256: sha256('r2'), size: 1, kind: '835' });
    await ledger.postRemittance(f2.file.id, 'demo', pay('T2', '22', '-100.00', '-20.00'));
    expect((await ledger.getClaim(claimIds[0]))?.state).toBe('reversed');
    const f3 = await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: '3.835', sha256: sha256('r3'), size: 1, kind: '835' });
    await ledger.postRemittance(f3.file.id, 'demo', pay('T3', '1', '90.00', '30.00'));
    const claim = await ledger.getClaim(claimIds[0]);
    expect(claim?.events.map((e) => e.to_state).slice(-3)).toEqual(['paid', 'reversed', 'paid']);
    expect([claim?.paid_amount, claim?.patient_responsibility]).toEqual(['90.00', '30.00']);
    expect(await ledger.verify()).toEqual([]);
  });
});
