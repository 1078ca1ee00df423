/**
 * Eligibility in the ledger (migration 0020-eligibility): appointments recorded once, a 270 generated
 * with reserved control numbers exactly once per chunk key (a retry gets the same bytes), checks sent,
 * 271 answers posted once with their benefits, unknown answers in `unmatched`, and the last answer per
 * patient for the scrubber. Runs on SQLite here and on PostgreSQL via eligibility-postgres.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { build270 } from '../../../src/eligibility/build.js';
import { Appointment } from '../../../src/eligibility/model.js';
import { readEligibilityResponses } from '../../../src/eligibility/read-271.js';
import { itemsPosted } from '../../../src/ledger/posting-progress.js';
import { allFindings, readX12 } from '../../../src/guides/index.js';
import { createLedger, type LedgerDb } from '../../../src/ledger/index.js';
import { patientKeyOf } from '../../../src/ledger/eligibility.js';
import { openTestMemoryLedgerDb } from '../../helpers/test-ledger.js';

const root = new URL('../../../', import.meta.url).pathname;
const appointments = z.array(Appointment).parse(JSON.parse(readFileSync(join(root, 'samples/270-271/appointments.json'), 'utf8')));
const partner = { isa: { senderQualifier: 'ZZ', senderId: 'SUBM01', receiverQualifier: 'ZZ', receiverId: 'CH01', usage: 'T' as const, ackRequested: false }, gs: { senderCode: 'SUBM01', receiverCode: 'CH01' }, lineEnding: '\n' as const };

let handle: LedgerDb | undefined;
afterEach(async () => {
  await handle?.close();
  handle = undefined;
});

async function open() {
  handle = await openTestMemoryLedgerDb();
  return createLedger(handle.db, { now: () => new Date('2024-03-01T09:00:00Z') });
}

async function generated(ledger: Awaited<ReturnType<typeof open>>) {
  await ledger.recordEligibilityChecks('ch01', appointments, 'test');
  const queued = await ledger.queuedEligibilityChecks('ch01');
  const g = await ledger.generateEligibilityInterchange({ partnerId: 'ch01', chunkKey: 'elig:1', checkIds: queued.map((q) => q.id), build: (n) => build270(partner, queued, n, `ch01-${n.interchange}.270`) });
  return { queued, g };
}

async function answerFile(ledger: Awaited<ReturnType<typeof open>>, name: string, text: string) {
  const { file } = await ledger.recordFile({ direction: 'in', partnerId: 'ch01', name, sha256: name, size: text.length, kind: '271' });
  return file.id;
}

describe('eligibility ledger', () => {
  it('records each appointment once per partner', async () => {
    const ledger = await open();
    expect((await ledger.recordEligibilityChecks('ch01', appointments, 'drop')).added).toEqual(['APPT-1001', 'APPT-1003', 'APPT-1004']);
    expect(await ledger.recordEligibilityChecks('ch01', appointments.slice(0, 1), 'api')).toEqual({ added: [], existing: ['APPT-1001'] });
    expect(await ledger.queuedEligibilityChecks('ch01')).toHaveLength(3);
  });

  it('generates one 270 with reserved control numbers; the same chunk again returns the same bytes and reserves nothing', async () => {
    const ledger = await open();
    const { queued, g } = await generated(ledger);
    expect(g).toMatchObject({ interchangeControl: 1, groupControl: 1, created: true, fileName: 'ch01-1.270' });
    expect(allFindings(readX12(g.content))).toEqual([]);
    const again = await ledger.generateEligibilityInterchange({ partnerId: 'ch01', chunkKey: 'elig:1', checkIds: queued.map((q) => q.id), build: () => { throw new Error('must not rebuild'); } });
    expect(again).toMatchObject({ fileId: g.fileId, interchangeControl: 1, content: g.content, created: false });
    await expect(ledger.generateEligibilityInterchange({ partnerId: 'ch01', chunkKey: 'elig:2', checkIds: [queued[0].id], build: (n) => build270(partner, queued.slice(0, 1), n, 'x.270') })).rejects.toThrow(/no longer queued/);
    const checks = await ledger.eligibilityChecks();
    expect(checks.map((c) => [c.appointment_id, c.state, c.transaction_control])).toEqual([
      ['APPT-1004', 'generated', '0002'],
      ['APPT-1003', 'generated', '0001'],
      ['APPT-1001', 'generated', '0001'],
    ]);
    expect(await ledger.markEligibilitySent(g.fileId, 'inbound/ch01-1.270')).toBe(3);
    expect(await ledger.markEligibilitySent(g.fileId, 'inbound/ch01-1.270')).toBe(0);
    expect((await ledger.getFile(g.fileId))?.state).toBe('uploaded');
  });

  it('posts a 271 once: answers with benefits, unknown trace numbers to unmatched, the same file again is a duplicate', async () => {
    const ledger = await open();
    await generated(ledger);
    const text = readFileSync(join(root, 'samples/270-271/benefits.271'), 'latin1');
    const fileId = await answerFile(ledger, 'benefits.271', text);
    const { answers } = readEligibilityResponses(text);
    const result = await ledger.postEligibilityAnswers(fileId, 'ch01', answers);
    // APPT-1002 (a subscriber level of the sample) was never asked about.
    expect(result).toEqual({ duplicate: false, answered: 2, rejected: 0, unmatched: 1 });
    const unmatched = await handle!.db.selectFrom('unmatched').selectAll().where('file_id', '=', fileId).execute();
    expect(unmatched.map((u) => [u.kind, u.reference])).toEqual([['271', 'TRN02 APPT-1002']]);
    const [alex] = await ledger.eligibilityChecks({ appointmentId: 'APPT-1001' });
    expect(alex).toMatchObject({ state: 'answered', coverage: 'active', plan: 'GOLD PPO', answered_member_id: 'W100200300' });
    expect(alex.benefits.find((b) => b.service_type === '30' && b.network === 'in')).toMatchObject({ coinsurance: '0.2', deductible_total: '1500', deductible_remaining: '1100.5', out_of_pocket_remaining: '4200' });
    expect(await ledger.postEligibilityAnswers(fileId, 'ch01', answers)).toEqual({ duplicate: true, answered: 0, rejected: 0, unmatched: 0 });
    const [lee] = await ledger.eligibilityChecks({ appointmentId: 'APPT-1003' });
    expect(lee).toMatchObject({ state: 'answered', coverage: 'inactive' });
  });

  it('posts a 271 in chunks (issue 12 round 6): the same as whole; a chunk out of place is refused; resumed after the last committed chunk', async () => {
    const ledger = await open();
    await generated(ledger);
    const text = readFileSync(join(root, 'samples/270-271/benefits.271'), 'latin1');
    const fileId = await answerFile(ledger, 'benefits.271', text);
    const { answers } = readEligibilityResponses(text);
    expect(answers).toHaveLength(3);
    const first = await ledger.postEligibilityAnswersChunk(fileId, 'ch01', 0, answers.slice(0, 1));
    await expect(ledger.postEligibilityAnswersChunk(fileId, 'ch01', 0, answers.slice(0, 1))).rejects.toThrow(/1 items posted, chunk starts at 0/);
    expect((await ledger.getFile(fileId))?.state).not.toBe('posted');
    const rest = await ledger.postEligibilityAnswersChunk(fileId, 'ch01', await itemsPosted(handle!.db, fileId), answers.slice(1), { last: true });
    expect((await ledger.getFile(fileId))?.state).toBe('posted');
    expect({ answered: first.answered + rest.answered, rejected: first.rejected + rest.rejected, unmatched: first.unmatched + rest.unmatched }).toEqual({ answered: 2, rejected: 0, unmatched: 1 });
    const unmatched = await handle!.db.selectFrom('unmatched').selectAll().where('file_id', '=', fileId).execute();
    expect(unmatched.map((u) => [u.kind, u.reference])).toEqual([['271', 'TRN02 APPT-1002']]);
    const [alex] = await ledger.eligibilityChecks({ appointmentId: 'APPT-1001' });
    expect(alex).toMatchObject({ state: 'answered', coverage: 'active', plan: 'GOLD PPO', answered_member_id: 'W100200300' });
    const [lee] = await ledger.eligibilityChecks({ appointmentId: 'APPT-1003' });
    expect(lee).toMatchObject({ state: 'answered', coverage: 'inactive' });
  });

  it('a rejected answer keeps its AAA reasons in words; the last answer per patient is found by name and birth date', async () => {
    const ledger = await open();
    await generated(ledger);
    const text = readFileSync(join(root, 'samples/270-271/rejected.271'), 'latin1').replace('APPT-2001', 'APPT-1004');
    const fileId = await answerFile(ledger, 'rejected.271', text);
    expect(await ledger.postEligibilityAnswers(fileId, 'ch01', readEligibilityResponses(text).answers)).toMatchObject({ rejected: 1, unmatched: 1 });
    const [nia] = await ledger.eligibilityChecks({ appointmentId: 'APPT-1004' });
    expect(nia.state).toBe('rejected');
    expect(JSON.parse(nia.rejections!)[0]).toMatchObject({ reason: '75', reasonText: 'Subscriber/insured not found' });
    const good = readFileSync(join(root, 'samples/270-271/benefits.271'), 'latin1');
    await ledger.postEligibilityAnswers(await answerFile(ledger, 'benefits.271', good), 'ch01', readEligibilityResponses(good).answers);
    const keys = [patientKeyOf({ last: 'RIVERA', first: 'ALEX' }, '1980-01-15'), patientKeyOf({ last: 'Chen', first: 'Lee' }, '2010-06-20'), patientKeyOf({ last: 'OKAFOR', first: 'NIA' }, '1990-11-30')];
    const last = await ledger.lastEligibilityFor(keys);
    expect(last.get(keys[0])).toMatchObject({ coverage: 'active', memberId: 'W100200300', answeredMemberId: 'W100200300' });
    expect(last.get(keys[1])).toMatchObject({ coverage: 'inactive' });
    // A rejected check says nothing about coverage.
    expect(last.has(keys[2])).toBe(false);
  });
});
