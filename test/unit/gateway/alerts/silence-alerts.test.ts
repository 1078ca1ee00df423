/**
 * A claim still silent N days after its claim-status inquiry raises a `silent-after-inquiry` alert (issue 14
 * items 2 and 5): one per inquiry, with the next step as its note and a delivery row for the webhook; an
 * answered claim raises none; a second scan raises nothing new.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_STATUS_FOLLOWUP } from '../../../../src/claims/status/thresholds.js';
import { raiseSilenceAlerts } from '../../../../src/gateway/alerts/silence-alerts.js';
import { listAlerts } from '../../../../src/ledger/alerts.js';
import { createLedger, sha256, type Ledger, type LedgerDb } from '../../../../src/ledger/index.js';
import { silentAfterInquiry } from '../../../../src/ledger/status-inquiries.js';
import { openTestLedgerDb } from '../../../helpers/test-ledger.js';
import { fakeBuild, intakeClaims } from '../../ledger/fixtures.js';

const DAY = 86_400_000;
let dir: string;
let handle: LedgerDb;
let ledger: Ledger;
let clock: Date;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'silence-alerts-'));
  handle = await openTestLedgerDb({ dataDir: dir });
  clock = new Date('2026-03-01T08:00:00.000Z');
  ledger = createLedger(handle.db, { now: () => clock });
});
afterEach(async () => {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('silent after inquiry → alert', () => {
  it('one alert per silent claim and inquiry, none for an answered one, none again on the next scan', async () => {
    const { claimIds } = await ledger.recordBatch({ name: 'b.json', sha256: sha256('b'), size: 10, claims: intakeClaims(2) });
    const g = await ledger.generateInterchange({ partnerId: 'demo', chunkKey: 'c1', claimIds, build: fakeBuild(claimIds) });
    await ledger.markUploaded(g.fileId, `remote/${g.fileName}`);
    const q = await ledger.recordStatusInquiry({
      partnerId: 'demo',
      inquiryKey: 'q1',
      items: claimIds.map((claimId) => ({ claimId, payerId: 'PAYER1', reason: 'no-999' as const })),
      build: (n, traces) => ({ text: `276 ${n.interchange} ${claimIds.map((i) => traces[i]).join(',')}`, fileName: `demo-${n.interchange}.276`, transactions: [{ controlNumber: '0001', claimIds }] }),
    });
    await ledger.markUploaded(q.fileId, 'inbound/x.276');
    const answered = (await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'a.277', sha256: sha256('a'), size: 1, kind: '277' })).file.id;
    await ledger.postStatusAnswers(answered, 'demo', [{ trace: q.traces[claimIds[0]], category: 'P1', statusCode: '20', effectiveDate: '2026-03-02' }]);

    const later = new Date(clock.getTime() + 3 * DAY);
    const silent = await silentAfterInquiry(handle.db, later, () => DEFAULT_STATUS_FOLLOWUP);
    const raisedIds: string[] = [];
    expect(await raiseSilenceAlerts(handle.db, silent, later, (id) => raisedIds.push(id))).toBe(1);
    const { items } = await listAlerts(handle.db, {});
    expect(items.map((a) => [a.kind, a.claimId, a.dueDate])).toEqual([['silent-after-inquiry', claimIds[1], '2026-03-01']]);
    expect(items[0].id).toBe(raisedIds[0]);
    expect(items[0].note).toMatch(/No answer to the claim-status inquiry \(276, trace /);
    expect(await (handle.db as unknown as Kysely<any>).selectFrom('outbound_deliveries').select(['channel', 'state']).where('subject_id', '=', items[0].id).execute()).toEqual(expect.arrayContaining([expect.objectContaining({ channel: 'webhook' })]));
    // the next scan finds the same silence: nothing new
    expect(await raiseSilenceAlerts(handle.db, await silentAfterInquiry(handle.db, later, () => DEFAULT_STATUS_FOLLOWUP), later)).toBe(0);
  });
});
