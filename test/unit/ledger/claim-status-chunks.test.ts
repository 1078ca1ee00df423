/**
 * A 277CA posted in chunks (src/ledger/ack-postings.ts `postClaimStatusChunk`): the same ledger as posting
 * it whole with `postClaimStatus`, each claim status exactly once across a resume (the file's
 * `acknowledgments` rows are the progress), a chunk that does not start where the rows end refused, and
 * the file marked posted by the last chunk only. Runs on SQLite and (test/unit/ledger/postgres-suite.test.ts)
 * PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import type { Ledger } from '../../../src/ledger/index.js';
import type { ClaimStatusPosting } from '../../../src/ledger/posting-types.js';
import { seededLedgers } from '../../helpers/seeded-ledgers.js';
import { pcnOf } from '../../../bench/large-835.js';


const N = 9;

const ledgerWith = seededLedgers();

/** Claim i's status: every 4th rejected, claim 6 not ours (unmatched), claim 2 given twice (the second refused: already payer-accepted → payer-accepted). */
const statuses: ClaimStatusPosting['claims'] = [...Array.from({ length: N }, (_, i) => i), 2].map((i) => ({
  patientControlNumber: i === 6 ? 'NOT-OURS' : pcnOf(i),
  category: i % 4 === 3 ? 'A7' : 'A2',
  statusCode: i % 4 === 3 ? '562' : '20',
  entity: '85',
  outcome: i % 4 === 3 ? 'payer-rejected' : 'payer-accepted',
  payerClaimNumber: i % 4 === 3 ? undefined : `CH${i}`,
  position: { segmentNumber: 10 + i * 6, transaction: '0001' },
}));

const snapshot = async (ledger: Ledger, fileId: string) => ({
  claims: (await ledger.listClaims()).map((c) => [c.patient_control_number, c.state, c.payer_claim_number].join(' ')).sort(),
  unmatched: (await ledger.listUnmatched()).map((u) => `${u.kind} ${u.reference} ${u.reason}`).sort(),
  acknowledgments: (await ledger.db.selectFrom('acknowledgments').select(['kind', 'transaction_control', 'status', 'detail', 'matched']).where('file_id', '=', fileId).execute()).map((r) => JSON.stringify(r)).sort(),
  events: (await ledger.db.selectFrom('claim_events').select(['claim_id', 'to_state']).where('source_file_id', '=', fileId).execute()).map((r) => `${r.claim_id} ${r.to_state}`).sort(),
  file: (await ledger.getFile(fileId))?.state,
});

describe('a 277CA posted in chunks', () => {
  it('leaves the ledger as posting it whole does, each claim status once across a resume', async () => {
    const whole = await ledgerWith(N);
    const wholeFile = (await whole.recordFile({ direction: 'in', partnerId: 'demo', name: 'a.277', sha256: 'a', size: 1, kind: '277CA' })).file;
    await whole.postClaimStatus(wholeFile.id, 'demo', { claims: statuses }, '277CA');

    const chunked = await ledgerWith(N);
    const file = (await chunked.recordFile({ direction: 'in', partnerId: 'demo', name: 'a.277', sha256: 'a', size: 1, kind: '277CA' })).file;
    await chunked.postClaimStatusChunk(file.id, 'demo', 0, statuses.slice(0, 4), '277CA', { last: false });
    // A "crash" here: the file is not posted; the rows say where to resume.
    expect((await chunked.getFile(file.id))?.state).not.toBe('posted');
    expect(await chunked.claimStatusesPosted(file.id)).toBe(4);
    // A chunk that does not start where the rows end (a second run, or a stale count) is refused whole.
    await expect(chunked.postClaimStatusChunk(file.id, 'demo', 0, statuses.slice(0, 4), '277CA', { last: false })).rejects.toThrow(/4 claim statuses posted, chunk starts at 0/);
    await expect(chunked.postClaimStatusChunk(file.id, 'demo', 5, statuses.slice(5), '277CA', { last: true })).rejects.toThrow(/chunk starts at 5/);
    expect(await chunked.claimStatusesPosted(file.id)).toBe(4);
    // Resumed: the rest, in two chunks.
    const from = await chunked.claimStatusesPosted(file.id);
    await chunked.postClaimStatusChunk(file.id, 'demo', from, statuses.slice(from, 7), '277CA', { last: false });
    await chunked.postClaimStatusChunk(file.id, 'demo', 7, statuses.slice(7), '277CA', { last: true });

    const a = await snapshot(whole, wholeFile.id);
    const b = await snapshot(chunked, file.id);
    expect(b).toEqual(a);
    expect(b.file).toBe('posted');
    expect(b.acknowledgments).toHaveLength(statuses.length);
    expect(b.unmatched).toHaveLength(1);
  });

  it('an empty last chunk marks a 277CA with no claim statuses posted', async () => {
    const ledger = await ledgerWith(1);
    const file = (await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'e.277', sha256: 'e', size: 1, kind: '277CA' })).file;
    await ledger.postClaimStatusChunk(file.id, 'demo', 0, [], '277CA', { last: true });
    expect((await ledger.getFile(file.id))?.state).toBe('posted');
  });
});
