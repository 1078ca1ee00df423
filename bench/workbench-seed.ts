/**
 * Seeds a ledger with synthetic claims that were sent some days ago and are in a chosen state, without a
 * clearinghouse: intake (recordBatch), 837 generation (generateInterchange with the real 837 writer),
 * upload, then optionally a 999 accepting them, a 277CA and an 835. Used by bench/workbench.ts (100,000
 * claims) and by the browser test (a few outstanding claims of different ages).
 */
import { createHash } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { Kysely } from 'kysely';
import { build837, checkBatch } from '../src/gateway/claims-port.js';
import { outboundFileName, type GatewayPartnerProfile } from '../src/gateway/partners.js';
import { createLedger } from '../src/ledger/ledger.js';
import type { LedgerDatabase } from '../src/ledger/schema.js';
import { Claim } from '../src/claims/model.js';
import { syntheticBatch } from '../src/simulator/synthetic-claims.js';

export interface SeedSlice {
  batchId: string;
  claims: number;
  /** Days between the sending and `now`. */
  sentDaysAgo: number;
  /** How far the claims get: uploaded (no answer), ack (999 accepted), status (277CA accepted), paid (835). */
  until: 'uploaded' | 'ack' | 'status' | 'paid';
  start?: number;
}

export async function seedSlice(db: Kysely<LedgerDatabase>, partner: GatewayPartnerProfile, slice: SeedSlice, now = new Date()): Promise<string[]> {
  const at = new Date(now.getTime() - slice.sentDaysAgo * 86_400_000);
  const ledger = createLedger(db, { now: () => at });
  const batch = syntheticBatch({ batchId: slice.batchId, partnerId: partner.id, claims: slice.claims, start: slice.start, serviceDate: at.toISOString().slice(0, 10) });
  const today = at.toISOString().slice(0, 10);
  const checked = checkBatch(batch, { today, defaultPartner: partner.id, knownPartners: new Set([partner.id]) });
  const text = JSON.stringify(batch);
  const sha = createHash('sha256').update(text).digest('hex');
  const rec = await ledger.recordBatch({ name: `${slice.batchId}.json`, sha256: sha, size: text.length, partnerId: partner.id, claims: checked.map((c) => c.intake) });
  const ids = rec.claimIds;
  const claims = checked.map((c, i) => ({ id: ids[i], claim: Claim.parse(c.intake.data) }));
  const groups: string[] = [];
  for (let i = 0; i < claims.length; i += 500) {
    const chunk = claims.slice(i, i + 500);
    const g = await ledger.generateInterchange({
      partnerId: partner.id,
      chunkKey: `${slice.batchId}:${i}`,
      claimIds: chunk.map((c) => c.id),
      build: (numbers) => build837(partner, chunk, numbers, (kind) => outboundFileName(partner, { isa13: numbers.interchange, kind, date: numbers.date, time: numbers.time })),
    });
    await ledger.markUploaded(g.fileId, g.fileName);
    groups.push(String(g.groupControl));
  }
  if (slice.until === 'uploaded') return ids;
  const file = async (kind: string, n: number) => (await ledger.recordFile({ direction: 'in', partnerId: partner.id, name: `${slice.batchId}-${kind}-${n}.x12`, sha256: createHash('sha256').update(`${slice.batchId}:${kind}:${n}:${now.toISOString()}`).digest('hex'), size: 1, kind })).file.id;
  for (const [n, gs] of groups.entries()) {
    const tsRows = await db.selectFrom('transaction_sets').innerJoin('groups', 'groups.id', 'transaction_sets.group_id').select(['transaction_sets.control_number']).where('groups.control_number', '=', Number(gs)).where('groups.partner_id', '=', partner.id).execute();
    await ledger.post999(await file('999', n), partner.id, { groups: [{ groupControl: gs, status: 'A', transactions: tsRows.map((t) => ({ controlNumber: t.control_number, status: 'A', errorCodes: [] })) }] });
  }
  if (slice.until === 'ack') return ids;
  const rows = claims.map((c) => c.claim);
  await ledger.postClaimStatus(await file('277CA', 0), partner.id, { claims: rows.map((c) => ({ patientControlNumber: c.claimId, totalCharge: c.totalCharge, payerClaimNumber: `PAY${c.claimId}`.slice(0, 30), category: 'A2', statusCode: '20', outcome: 'payer-accepted' as const })) });
  if (slice.until === 'status') return ids;
  for (let i = 0; i < rows.length; i += 1000) {
    const part = rows.slice(i, i + 1000);
    const paid = part.map((c) => {
      const charge = new Decimal(c.totalCharge);
      const allowed = charge.times(0.8).toDecimalPlaces(2);
      const copay = Decimal.min(15, allowed);
      return { c, charge: c.totalCharge, paid: allowed.minus(copay).toFixed(2), copay: copay.toFixed(2), contractual: charge.minus(allowed).toFixed(2) };
    });
    const total = paid.reduce((s, p) => s.plus(p.paid), new Decimal(0));
    await ledger.postRemittance(await file('835', i), partner.id, {
      payerKey: '1999999999',
      traceNumber: `${slice.batchId}-${i}`,
      paymentAmount: total.toFixed(2),
      paymentMethod: 'ACH',
      paymentDate: today,
      payerName: 'SIMULATED PAYER',
      providerAdjustments: [],
      claims: paid.map((p) => ({
        patientControlNumber: p.c.claimId,
        statusCode: '1',
        billed: p.charge,
        paid: p.paid,
        patientResponsibility: p.copay,
        payerClaimNumber: `PAY${p.c.claimId}`.slice(0, 30),
        adjustments: [
          { group: 'CO', reason: '45', amount: p.contractual },
          { group: 'PR', reason: '3', amount: p.copay },
        ],
        lines: [],
      })),
    });
  }
  return ids;
}
