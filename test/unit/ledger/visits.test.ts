/** Visits in the ledger (issue 11 item 1): a claim's lineage nets its money the way the payer does. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedger, sha256, type Ledger, type LedgerDb } from '../../../src/ledger/index.js';
import { openTestLedgerDb } from '../../helpers/test-ledger.js';
import { visitFigures } from '../../../src/ledger/visits.js';
import { createWorkbenchQueries } from '../../../src/ledger/workbench-queries.js';
import { fakeBuild, intakeClaims } from './fixtures.js';

let dir: string;
let handle: LedgerDb;
let ledger: Ledger;
let n = 0;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'visits-'));
  handle = await openTestLedgerDb({ dataDir: dir });
  ledger = createLedger(handle.db);
});
afterEach(async () => {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Sends one claim (frequency and REF*F8 as given) and returns its id. */
async function send(data: Record<string, unknown>, charge = '150.00'): Promise<string> {
  const name = `batch-${++n}.json`;
  const [c] = intakeClaims(1);
  const { claimIds } = await ledger.recordBatch({ name, sha256: sha256(name), size: 1, claims: [{ ...c, totalCharge: charge, data: { synthetic: true, ...data } }] });
  const g = await ledger.generateInterchange({ partnerId: 'demo', chunkKey: name, claimIds, build: fakeBuild(claimIds) });
  await ledger.markUploaded(g.fileId, `remote/${g.fileName}`);
  return claimIds[0];
}

type Payment = { status: string; billed?: string; paid: string; pr: string; payerClaimNumber?: string; adjustments?: Array<{ group: string; reason: string; amount: string }> };
async function remit(trace: string, payments: Payment[]) {
  const f = await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: `${trace}.835`, sha256: sha256(trace), size: 1, kind: '835' });
  return ledger.postRemittance(f.file.id, 'demo', {
    payerKey: '1999999999',
    traceNumber: trace,
    paymentAmount: payments.reduce((s, p) => s.plus(p.paid), new Decimal(0)).toFixed(2),
    paymentMethod: 'ACH',
    claims: payments.map((p) => ({ patientControlNumber: 'PCN00001', statusCode: p.status, billed: p.billed ?? '150.00', paid: p.paid, patientResponsibility: p.pr, payerClaimNumber: p.payerClaimNumber ?? 'PCN-PAYER-1', adjustments: p.adjustments ?? [], lines: [] })),
    providerAdjustments: [],
  });
}

async function moneyOnClaims() {
  const rows = await handle.db.selectFrom('claims').select(['id', 'paid_amount', 'patient_responsibility']).execute();
  const sum = (xs: Array<string | null>) => xs.reduce((s, x) => s.plus(x ?? 0), new Decimal(0)).toNumber();
  return { paid: sum(rows.map((r) => r.paid_amount)), patient: sum(rows.map((r) => r.patient_responsibility)), owing: rows.filter((r) => r.patient_responsibility && r.patient_responsibility !== '0.00').length };
}

describe('visits', () => {
  it('a replacement of a partially paid claim: the reversal cancels the first payment, the new adjudication is the truth, counted once', async () => {
    const original = await send({ frequency: '1' });
    await remit('T1', [{ status: '1', paid: '70.00', pr: '15.00', adjustments: [{ group: 'CO', reason: '97', amount: '65.00' }, { group: 'PR', reason: '3', amount: '15.00' }] }]);
    expect((await ledger.getClaim(original))?.state).toBe('partially-paid');
    const replacement = await send({ frequency: '7', originalClaimNumber: 'PCN-PAYER-1' });
    const v = await visitFigures(handle.db, replacement);
    expect(v?.claimIds).toEqual([original, replacement]);
    // While the payer has not answered the replacement, the first payment stands; the visit shows once.
    const inFlight = await createWorkbenchQueries(handle.db).patientBalanceClaims({ limit: 10, offset: 0 });
    expect(inFlight.rows.map((r) => [r.id, r.patient_responsibility, r.adjustments.map((a) => `${a.group_code}-${a.reason_code} ${a.amount}`)])).toEqual([[replacement, '15.00', ['PR-3 15.00']]]);
    await remit('T2', [
      { status: '22', paid: '-70.00', pr: '-15.00', adjustments: [{ group: 'CO', reason: '97', amount: '-65.00' }, { group: 'PR', reason: '3', amount: '-15.00' }] },
      { status: '1', paid: '120.00', pr: '15.00', payerClaimNumber: 'PCN-PAYER-2', adjustments: [{ group: 'CO', reason: '45', amount: '15.00' }, { group: 'PR', reason: '3', amount: '15.00' }] },
    ]);
    expect((await ledger.getClaim(original))?.state).toBe('reversed');
    expect((await ledger.getClaim(replacement))?.state).toBe('paid');
    const after = await visitFigures(handle.db, original);
    expect(after).toMatchObject({ state: 'paid', currentClaimId: replacement, charges: '150.00', insurancePaid: '120.00', adjustments: '15.00', patientResponsibility: '15.00', balance: '15.00', patientDue: '15.00' });
    expect(await moneyOnClaims()).toEqual({ paid: 120, patient: 15, owing: 1 });
    const q = createWorkbenchQueries(handle.db);
    const dash = await q.dashboard();
    expect(dash.month.paid).toBe('120.00');
    expect(dash.month.billed).toBe('150.00'); // the replaced claim is not billed again
    const balances = await q.patientBalanceClaims({ limit: 10, offset: 0 });
    expect(balances.sum).toBe('15.00');
    expect(balances.rows.map((r) => [r.id, r.adjustments.map((a) => `${a.group_code}-${a.reason_code} ${a.amount}`)])).toEqual([[replacement, ['PR-3 15.00']]]);
  });

  it('a void: the payer paying it is flagged and not posted; the reversal leaves nothing payable', async () => {
    const original = await send({ frequency: '1' });
    await remit('T1', [{ status: '1', paid: '100.00', pr: '20.00', adjustments: [{ group: 'CO', reason: '45', amount: '30.00' }, { group: 'PR', reason: '3', amount: '20.00' }] }]);
    const voidClaim = await send({ frequency: '8', originalClaimNumber: 'PCN-PAYER-1' });
    // A payer answering the void with an ordinary payment: never posted as a second payment.
    const wrong = await remit('T2', [{ status: '1', paid: '100.00', pr: '20.00', payerClaimNumber: 'PCN-PAYER-VOID', adjustments: [{ group: 'CO', reason: '45', amount: '30.00' }, { group: 'PR', reason: '3', amount: '20.00' }] }]);
    expect(wrong.transitions).toBe(0);
    expect(wrong.refused).toBe(1);
    expect((await ledger.listUnmatched()).some((u) => u.reason.includes('voided visit'))).toBe(true);
    expect((await ledger.getClaim(voidClaim))?.state).toBe('uploaded');
    await remit('T3', [{ status: '22', paid: '-100.00', pr: '-20.00', adjustments: [{ group: 'CO', reason: '45', amount: '-30.00' }, { group: 'PR', reason: '3', amount: '-20.00' }] }]);
    const v = await visitFigures(handle.db, original);
    expect(v).toMatchObject({ state: 'voided', voided: true, charges: '0.00', insurancePaid: '0.00', adjustments: '0.00', patientDue: '0.00', balance: '0.00' });
    expect(await moneyOnClaims()).toEqual({ paid: 0, patient: 0, owing: 0 });
    expect((await createWorkbenchQueries(handle.db).dashboard()).month).toMatchObject({ billed: '0.00', paid: '0.00', patientResponsibility: '0.00' });
  });

  it('a reversal for a claim we never sent goes to the unmatched list and is posted to no other claim', async () => {
    const sent = await send({ frequency: '1' });
    await remit('T1', [{ status: '1', paid: '100.00', pr: '20.00' }]);
    const f = await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'x.835', sha256: sha256('x'), size: 1, kind: '835' });
    const r = await ledger.postRemittance(f.file.id, 'demo', {
      payerKey: '1999999999',
      traceNumber: 'TX',
      paymentAmount: '-40.00',
      paymentMethod: 'ACH',
      claims: [{ patientControlNumber: 'NEVER-SENT-9', statusCode: '22', billed: '60.00', paid: '-40.00', patientResponsibility: '0', payerClaimNumber: 'OTHER-PAYER-CN', adjustments: [], lines: [] }],
      providerAdjustments: [],
    });
    expect(r).toMatchObject({ transitions: 0, unmatched: 1 });
    expect((await ledger.listUnmatched()).map((u) => u.reference)).toEqual(['NEVER-SENT-9']);
    expect((await ledger.getClaim(sent))?.state).toBe('paid');
    expect((await visitFigures(handle.db, sent))?.insurancePaid).toBe('100.00');
  });

  it('a denied claim the practice replaced itself leaves the worklist; the replacement is the visit', async () => {
    const original = await send({ frequency: '1' });
    await remit('T1', [{ status: '4', paid: '0', pr: '0', adjustments: [{ group: 'CO', reason: '50', amount: '150.00' }] }]);
    const q = createWorkbenchQueries(handle.db);
    const ids = async () => (await q.worklist({ limit: 50, offset: 0 })).rows.map((r) => r.id);
    expect(await ids()).toContain(original);
    const replacement = await send({ frequency: '7', originalClaimNumber: 'PCN-PAYER-1' });
    expect(await ids()).not.toContain(original);
    expect((await visitFigures(handle.db, original))?.currentClaimId).toBe(replacement);
  });
});
