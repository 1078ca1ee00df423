/**
 * Patient responsibility waits for the secondary (issue 14 item 1): while the next payer's claim is
 * pending, the primary's PR is "waiting for secondary" on the patient's account, not billed; once the
 * secondary answers, the account shows what the last payer left, both payers' payments, one line per visit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedger, sha256, type Ledger, type LedgerDb } from '../../../src/ledger/index.js';
import { queuedClaimKeys } from '../../../src/ledger/generation-queue.js';
import { getAccount, guarantorIdFor } from '../../../src/ledger/patient-accounts.js';
import { openTestLedgerDb } from '../../helpers/test-ledger.js';
import { cobPrimary835, postCob835, sendCobPrimaries } from '../../helpers/cob-ledger.js';
import { fakeBuild } from './fixtures.js';

let dir: string;
let handle: LedgerDb;
let ledger: Ledger;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-cob-acct-'));
  handle = await openTestLedgerDb({ dataDir: dir });
  ledger = createLedger(handle.db);
});
afterEach(async () => {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});

/** P-1001's guarantor: the subscriber, member MBR0001. */
const jane = guarantorIdFor('MBR0001', null, null);

describe('patient responsibility and the secondary payer', () => {
  it('waits while the secondary is pending, then is what the secondary left', async () => {
    await sendCobPrimaries(ledger);
    await postCob835(ledger, cobPrimary835(), 'primary.835');
    const waiting = (await getAccount(handle.db, jane))!;
    expect(waiting.claims.map((c) => [c.claimId, c.insurancePaid, c.patientResponsibility, c.waitingForSecondary])).toEqual([['P-1001', '100.00', '0.00', '20.00']]);
    expect(waiting.summary).toMatchObject({ patientResponsibility: '0.00', balance: '0.00', due: '0.00', waitingForSecondary: '20.00' });

    // The secondaries go out and the secondary payer answers P-1001-S: pays 15, leaves 5 to the patient.
    const queued = (await queuedClaimKeys(handle.db)).map((q) => q.id);
    const g = await ledger.generateInterchange({ partnerId: 'demo', chunkKey: 'sec', claimIds: queued, build: fakeBuild(queued) });
    await ledger.markUploaded(g.fileId, `remote/${g.fileName}`);
    const f = await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'secondary.835', sha256: sha256('secondary.835'), size: 1, kind: '835' });
    await ledger.postRemittance(f.file.id, 'demo', {
      payerKey: '1SEC02',
      traceNumber: 'SEC-1',
      paymentAmount: '15.00',
      paymentMethod: 'ACH',
      paymentDate: '2024-04-02',
      providerAdjustments: [],
      claims: [{ patientControlNumber: 'P-1001-S', statusCode: '2', billed: '175.00', paid: '15.00', patientResponsibility: '5.00', adjustments: [{ group: 'OA', reason: '23', amount: '100.00' }, { group: 'CO', reason: '45', amount: '55.00' }, { group: 'PR', reason: '2', amount: '5.00' }], lines: [] }],
    });
    const after = (await getAccount(handle.db, jane))!;
    expect(after.claims.map((c) => [c.claimId, c.charge, c.insurancePaid, c.insuranceAdjustments, c.patientResponsibility, c.waitingForSecondary])).toEqual([['P-1001', '175.00', '115.00', '55.00', '5.00', undefined]]);
    expect(after.summary).toMatchObject({ patientResponsibility: '5.00', balance: '5.00', due: '5.00' });
    expect(after.summary.waitingForSecondary).toBeUndefined();
  });
});
