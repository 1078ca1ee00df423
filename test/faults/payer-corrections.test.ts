/**
 * Correct-and-resubmit and void against the simulated payer, real gateway + SFTP (issue 11 items 1, 2):
 * the practice replaces a partially paid claim (procedure fixed) and a denied one (diagnosis fixed), and
 * voids a paid one. The payer answers with reversals plus new adjudications (never paying the void); the
 * ledger nets every visit: the dashboard's paid total and the patient balances are the sum over visits.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINAL_STATES } from '../../src/ledger/lifecycle.js';
import { visitFigures } from '../../src/ledger/visits.js';
import { createWorkbenchQueries } from '../../src/ledger/workbench-queries.js';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { runUntil, startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const settled = async (n: number) => {
  const claims = await h.ledger.listClaims();
  return claims.length === n && claims.every((c) => FINAL_STATES.includes(c.state) || c.frequency === '8');
};

describe('replacements and voids answered like a payer', () => {
  it('nets each visit: reversal + new adjudication for a replacement, reversal only for a void', async () => {
    const batch = syntheticBatch({ batchId: 'CORR', claims: 40 });
    const outbox = h.gateway.context.folders.outbox;
    writeFileSync(join(outbox, 'corr-1.json'), JSON.stringify(batch));
    await runUntil(h, async () => (await settled(40)) && (await h.ledger.listRemittances()).length > 0, 60_000);
    const claims = await h.ledger.listClaims();
    const byState = (s: string) => claims.find((c) => c.state === s && c.payer_claim_number)!;
    const partial = byState('partially-paid');
    const denied = byState('denied');
    const paid = byState('paid');
    expect([partial, denied, paid].every(Boolean)).toBe(true);
    const data = (c: { data: string }) => JSON.parse(c.data) as Record<string, unknown> & { lines: Array<Record<string, unknown>>; diagnoses: string[] };
    const replacePartial = { ...data(partial), frequency: '7', originalClaimNumber: partial.payer_claim_number, lines: data(partial).lines.map((l) => ({ ...l, procedureCode: '99214' })) };
    const replaceDenied = { ...data(denied), frequency: '7', originalClaimNumber: denied.payer_claim_number, diagnoses: [data(denied).diagnoses[0] === 'J029' ? 'J069' : 'J029'] };
    const voidPaid = { ...data(paid), frequency: '8', originalClaimNumber: paid.payer_claim_number };
    writeFileSync(join(outbox, 'corr-2.json'), JSON.stringify({ batchId: 'CORR2', partnerId: batch.partnerId, claims: [replacePartial, replaceDenied, voidPaid] }));
    await runUntil(h, async () => (await settled(43)) && (await h.ledger.getClaim(paid.id))?.state === 'reversed' && (await h.ledger.getClaim(partial.id))?.state === 'reversed', 60_000);
    const after = await h.ledger.listClaims();
    const newer = after.filter((c) => !claims.some((x) => x.id === c.id));
    expect(newer.map((c) => c.frequency).sort()).toEqual(['7', '7', '8']);
    const vPartial = (await visitFigures(h.ledger.db, partial.id))!;
    expect(vPartial.claimIds).toHaveLength(2);
    expect(vPartial.state).toBe('paid');
    expect(new Decimal(vPartial.insurancePaid).gt(new Decimal(partial.paid_amount!))).toBe(true);
    const vDenied = (await visitFigures(h.ledger.db, denied.id))!;
    expect(vDenied.state).toBe('paid');
    expect(new Decimal(vDenied.insurancePaid).gt(0)).toBe(true);
    const vVoid = (await visitFigures(h.ledger.db, paid.id))!;
    expect(vVoid).toMatchObject({ state: 'voided', insurancePaid: '0.00', patientDue: '0.00', charges: '0.00' });
    // The void claim was never paid: no payment posted to it.
    const voidClaim = newer.find((c) => c.frequency === '8')!;
    expect(await h.ledger.db.selectFrom('remittance_claims').select('id').where('claim_id', '=', voidClaim.id).execute()).toEqual([]);
    // Every 835 balanced (BPR02 = sum CLP04 - sum PLB, a negative run carried forward as PLB FB).
    expect((await h.ledger.listRemittances()).every((r) => r.balanced === 1)).toBe(true);
    // One netted source: the dashboard and the patient balances are the sum over visits.
    const visits = [...new Set(after.map((c) => c.visit_id!))];
    let paidSum = new Decimal(0);
    let dueSum = new Decimal(0);
    for (const v of visits) {
      const f = (await visitFigures(h.ledger.db, v))!;
      paidSum = paidSum.plus(f.insurancePaid);
      dueSum = dueSum.plus(f.patientDue);
    }
    const q = createWorkbenchQueries(h.ledger.db);
    expect((await q.dashboard()).month.paid).toBe(paidSum.toFixed(2));
    expect((await q.patientBalanceClaims({ limit: 1000, offset: 0 })).sum).toBe(dueSum.toFixed(2));
    expect((await h.ledger.listUnmatched()).filter((u) => u.kind === '835')).toEqual([]);
    expect(await h.ledger.verify()).toEqual([]);
  }, 150_000);
});
