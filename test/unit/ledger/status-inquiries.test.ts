/**
 * Claim-status follow-up in the ledger (migration 0019): claims past their thresholds (ledger clock
 * injected), 276 inquiries recorded with control numbers from the same counters as 837s (never reused; a
 * retry gets the same numbers and bytes), 277 answers posted once each and moving the claim, unknown
 * claims in `unmatched`, and claims silent after an inquiry. Also run on PostgreSQL (postgres-suite).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedger, sha256, type Ledger, type LedgerDb } from '../../../src/ledger/index.js';
import { claimsDueForInquiry, claimStatusHistory, silentAfterInquiry, statusFollowupWorklist } from '../../../src/ledger/status-inquiries.js';
import { DEFAULT_STATUS_FOLLOWUP } from '../../../src/claims/status/thresholds.js';
import type { StatusAnswer } from '../../../src/acks/status-answers.js';
import { openTestLedgerDb } from '../../helpers/test-ledger.js';
import { fakeBuild, intakeClaims } from './fixtures.js';
import { itemsPosted } from '../../../src/ledger/posting-progress.js';

const DAY = 86_400_000;
let dir: string;
let handle: LedgerDb;
let ledger: Ledger;
let clock: Date;
const settings = () => DEFAULT_STATUS_FOLLOWUP;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'status-'));
  handle = await openTestLedgerDb({ dataDir: dir });
  clock = new Date('2026-03-01T08:00:00.000Z');
  ledger = createLedger(handle.db, { now: () => clock });
});
afterEach(async () => {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});
const advance = (days: number) => (clock = new Date(clock.getTime() + days * DAY));

/** n claims generated (ISA13 1) and uploaded at the clock's time. */
async function uploaded(n: number) {
  const { claimIds } = await ledger.recordBatch({ name: 'b.json', sha256: sha256('b' + n), size: 10, claims: intakeClaims(n) });
  const g = await ledger.generateInterchange({ partnerId: 'demo', chunkKey: 'c1', claimIds, build: fakeBuild(claimIds) });
  await ledger.markUploaded(g.fileId, `remote/${g.fileName}`);
  return claimIds;
}

const buildFor = (ids: string[]) => (n: { interchange: number }, traces: Record<string, string>) => ({ text: `276 ${n.interchange} ${ids.map((i) => traces[i]).join(',')}`, fileName: `demo-${n.interchange}.276`, transactions: [{ controlNumber: '0001', claimIds: ids }] });

async function inquire(ids: string[], key = 'q1') {
  return ledger.recordStatusInquiry({ partnerId: 'demo', inquiryKey: key, items: ids.map((claimId) => ({ claimId, payerId: 'PAYER1', reason: 'no-999' as const })), build: buildFor(ids) });
}

/** A received 277 file row (answers reference it). */
async function received(name: string) {
  return (await ledger.recordFile({ direction: 'in', partnerId: 'demo', name, sha256: sha256(name), size: 1, kind: '277' })).file.id;
}

const answer = (trace: string, category: string, statusCode = '0', extra: Partial<StatusAnswer> = {}): StatusAnswer => ({ trace, category, statusCode, effectiveDate: '2026-03-05', ...extra });

describe('claim-status inquiries and answers', () => {
  it('a claim is due after its partner threshold, and not again within reinquireDays of an inquiry', async () => {
    const ids = await uploaded(2);
    advance(0.9);
    expect(await claimsDueForInquiry(handle.db, settings, ['demo'], clock)).toEqual([]);
    advance(0.1);
    const due = await claimsDueForInquiry(handle.db, settings, ['demo'], clock);
    expect(due.map((d) => [d.claimId, d.reason])).toEqual([...ids].sort().map((id) => [id, 'no-999']));
    await inquire(ids);
    expect(await claimsDueForInquiry(handle.db, settings, ['demo'], clock)).toEqual([]);
    advance(7);
    expect(await claimsDueForInquiry(handle.db, settings, ['demo'], clock)).toHaveLength(2);
  });

  it('a 276 takes ISA13/GS06 from the 837 counters (never reused); the same key again gives the same file', async () => {
    const ids = await uploaded(2);
    const first = await inquire(ids);
    expect(first.created).toBe(true);
    expect(first.interchangeControl).toBe(2);
    expect(Object.values(first.traces).sort()).toEqual(['ST2-1', 'ST2-2']);
    const again = await inquire(ids);
    expect(again).toMatchObject({ created: false, fileId: first.fileId, interchangeControl: 2, traces: first.traces });
    const second = await inquire(ids, 'q2');
    expect(second.interchangeControl).toBe(3);
    const out = await ledger.outboundFiles(['generated']);
    expect(out.map((f) => [f.kind, f.name]).sort()).toEqual([['276', 'demo-2.276'], ['276', 'demo-3.276']]);
    // The existing upload path marks it sent without touching any claim.
    expect(await ledger.markUploaded(first.fileId, 'inbound/demo-2.276')).toBe(0);
  });

  it('answers move the claim: pended, finalized paid (835 follows), denied; not found → worklist with the next step', async () => {
    const ids = await uploaded(4);
    const q = await inquire(ids);
    const t = (i: number) => q.traces[ids[i]];
    const r = await ledger.postStatusAnswers(await received('F277'), 'demo', [answer(t(0), 'P1', '20'), answer(t(1), 'F1', '65', { paid: '120', payerClaimNumber: 'PAY-9' }), answer(t(2), 'F2', '88'), answer(t(3), 'A4', '35')]);
    expect(r).toMatchObject({ answers: 4, transitions: 3, unmatched: 0, duplicates: 0 });
    const state = async (i: number) => (await ledger.getClaim(ids[i]))!.state;
    expect([await state(0), await state(1), await state(2), await state(3)]).toEqual(['pending', 'payer-accepted', 'denied', 'uploaded']);
    expect((await ledger.getClaim(ids[1]))!.payer_claim_number).toBe('PAY-9');
    const work = await statusFollowupWorklist(handle.db, clock, settings);
    expect(work).toHaveLength(1);
    expect(work[0]).toMatchObject({ claimId: ids[3], kind: 'status-answer', category: 'A4' });
    expect(work[0].nextStep).toMatch(/cannot find the claim/);
    const history = await claimStatusHistory(handle.db, ids[0]);
    expect(history.inquiries[0].answered_at).not.toBeNull();
    expect(history.answers.map((a) => [a.category, a.status_code, a.outcome])).toEqual([['P1', '20', 'pending']]);
  });

  it('the same 277 again posts nothing twice', async () => {
    const ids = await uploaded(1);
    const q = await inquire(ids);
    const answers = [answer(q.traces[ids[0]], 'P1', '20')];
    await ledger.postStatusAnswers(await received('F1'), 'demo', answers);
    const again = await ledger.postStatusAnswers(await received('F2'), 'demo', answers);
    expect(again).toMatchObject({ answers: 0, duplicates: 1, transitions: 0 });
    expect((await claimStatusHistory(handle.db, ids[0])).answers).toHaveLength(1);
    expect((await ledger.claimEvents(ids[0])).filter((e) => e.to_state === 'pending')).toHaveLength(1);
  });

  it('posts a 277 in chunks (issue 12 round 6): the same as whole; a chunk out of place is refused; resumed after the last committed chunk', async () => {
    const ids = await uploaded(4);
    const q = await inquire(ids);
    const t = (i: number) => q.traces[ids[i]];
    const answers = [answer(t(0), 'P1', '20'), answer(t(1), 'F1', '65', { paid: '120', payerClaimNumber: 'PAY-9' }), answer(t(2), 'F2', '88'), answer('THEIRS-2', 'P1', '20', { patientAccountNumber: 'NOPE' })];
    const file = await received('FCHUNK');
    await ledger.postStatusAnswersChunk(file, 'demo', 0, answers.slice(0, 2));
    await expect(ledger.postStatusAnswersChunk(file, 'demo', 0, answers.slice(0, 2))).rejects.toThrow(/2 items posted, chunk starts at 0/);
    expect(await itemsPosted(ledger.db, file)).toBe(2);
    expect((await ledger.getFile(file))?.state).not.toBe('posted');
    const r = await ledger.postStatusAnswersChunk(file, 'demo', 2, answers.slice(2), { last: true });
    expect(r).toMatchObject({ answers: 2, unmatched: 1, transitions: 1, duplicates: 0 });
    expect((await ledger.getFile(file))?.state).toBe('posted');
    const state = async (i: number) => (await ledger.getClaim(ids[i]))!.state;
    expect([await state(0), await state(1), await state(2), await state(3)]).toEqual(['pending', 'payer-accepted', 'denied', 'uploaded']);
    for (const i of [0, 1, 2]) expect((await claimStatusHistory(handle.db, ids[i])).answers).toHaveLength(1);
    expect((await ledger.listUnmatched()).map((u) => u.reference)).toEqual(['TRN02 THEIRS-2']);
  });

  it('matches by REF*EJ (CLM01) or REF*1K when the trace is not ours; a claim we do not know goes to unmatched', async () => {
    const ids = await uploaded(2);
    const r = await ledger.postStatusAnswers(await received('F3'), 'demo', [answer('THEIRS-1', 'A2', '20', { patientAccountNumber: 'PCN00001' }), answer('THEIRS-2', 'P1', '20', { patientAccountNumber: 'NOPE', payerClaimNumber: 'NOPE' })]);
    expect(r).toMatchObject({ answers: 2, unmatched: 1, transitions: 1 });
    expect((await ledger.getClaim(ids[0]))!.state).toBe('pending');
    const unmatched = await ledger.listUnmatched();
    expect(unmatched.map((u) => [u.kind, u.reference])).toEqual([['277', 'TRN02 THEIRS-2']]);
    await ledger.postStatusAnswers(await received('F4'), 'demo', [answer('THEIRS-3', 'F2', '88', { payerClaimNumber: 'PAYX' })]);
    expect((await ledger.listUnmatched()).length).toBe(2);
  });

  it('an uploaded inquiry with no answer after silentAfterInquiryDays puts the claim on the worklist; an answer takes it off', async () => {
    const ids = await uploaded(2);
    advance(1);
    const q = await inquire(ids);
    expect(await silentAfterInquiry(handle.db, new Date(clock.getTime() + 10 * DAY), settings)).toEqual([]); // not uploaded yet
    await ledger.markUploaded(q.fileId, 'inbound/x.276');
    expect(await silentAfterInquiry(handle.db, new Date(clock.getTime() + 3 * DAY - 1), settings)).toEqual([]);
    const silent = await silentAfterInquiry(handle.db, new Date(clock.getTime() + 3 * DAY), settings);
    expect(silent.map((s) => s.claimId).sort()).toEqual([...ids].sort());
    expect(silent[0].nextStep).toMatch(/trace ST2-/);
    await ledger.postStatusAnswers(await received('F5'), 'demo', [answer(q.traces[ids[0]], 'P1', '20')]);
    const after = await silentAfterInquiry(handle.db, new Date(clock.getTime() + 3 * DAY), settings);
    expect(after.map((s) => s.claimId)).toEqual([ids[1]]);
    const work = await statusFollowupWorklist(handle.db, new Date(clock.getTime() + 3 * DAY), settings);
    expect(work.map((w) => [w.claimId, w.kind])).toEqual([[ids[1], 'silent-after-inquiry']]);
  });
});
