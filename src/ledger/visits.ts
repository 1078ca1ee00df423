/**
 * Visits in the ledger: which visit a claim joins, and the one netted source of a visit's money.
 *
 * `refreshVisits` recomputes a visit's figures from its postings with the pure rules of
 * visit-netting.ts and writes them where every page, CSV, API answer and the dashboard read money:
 * `claims.paid_amount` and `claims.patient_responsibility` of the visit's current claim hold the
 * visit's netted insurance paid and patient due; the visit's other (superseded) claims hold none
 * (NULL), so nothing sums a superseded claim and a visit is listed once on a statement.
 * `visitFigures` answers the full figures (charges, adjustments, balance, state) for one claim's visit.
 */
import { Decimal } from 'decimal.js';
import type { Kysely } from 'kysely';
import type { ClaimState } from './lifecycle.js';
import type { LedgerDatabase } from './schema.js';
import { netVisit, type VisitFigures, type VisitInput } from './visit-netting.js';

type Q = Kysely<LedgerDatabase>;

export interface ClaimLineage {
  /** CLM05-3 (institutional: the type of bill's last character). */
  frequency: string;
  /** REF*F8 */
  originalClaimNumber: string | null;
}

/** The lineage facts of a claim as the practice sent it (its JSON). */
export function lineageOf(data: unknown): ClaimLineage {
  const d = (data ?? {}) as { frequency?: unknown; typeOfBill?: unknown; originalClaimNumber?: unknown };
  const bill = typeof d.typeOfBill === 'string' && d.typeOfBill.length ? d.typeOfBill.slice(-1) : undefined;
  const frequency = typeof d.frequency === 'string' && d.frequency ? d.frequency : (bill ?? '1');
  return { frequency, originalClaimNumber: typeof d.originalClaimNumber === 'string' && d.originalClaimNumber ? d.originalClaimNumber : null };
}

/**
 * The visit a new claim joins: a replacement or void whose REF*F8 is the payer claim number of a claim
 * we sent to the same partner joins that claim's visit; anything else starts its own.
 */
export async function visitForNewClaim(trx: Q, partnerId: string, lineage: ClaimLineage): Promise<string | undefined> {
  if (!lineage.originalClaimNumber || (lineage.frequency !== '7' && lineage.frequency !== '8')) return undefined;
  const row = await trx
    .selectFrom('claims')
    .select(['visit_id', 'id'])
    .where('partner_id', '=', partnerId)
    .where('payer_claim_number', '=', lineage.originalClaimNumber)
    .orderBy('created_at')
    .executeTakeFirst();
  return row ? (row.visit_id ?? row.id) : undefined;
}

/** Puts `claimId` in the visit of `fromClaimId` (a resubmission made from it) and nets the visit again. */
export async function joinVisit(db: Q, claimId: string, fromClaimId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const from = await trx.selectFrom('claims').select(['id', 'visit_id']).where('id', '=', fromClaimId).executeTakeFirstOrThrow();
    const visitId = from.visit_id ?? from.id;
    const own = await trx.selectFrom('claims').select(['visit_id']).where('id', '=', claimId).executeTakeFirstOrThrow();
    await trx.updateTable('claims').set({ visit_id: visitId }).where('visit_id', '=', own.visit_id ?? claimId).execute();
    await trx.updateTable('claims').set({ visit_id: visitId }).where('id', '=', claimId).execute();
    await refreshVisits(trx, [visitId]);
  });
}

/** The facts the netting rules read, for some visits. */
export async function visitInputs(db: Q, visitIds: readonly string[], patientPayments: ReadonlyMap<string, ReadonlyArray<{ amount: string }>> = new Map()): Promise<Map<string, VisitInput>> {
  const out = new Map<string, VisitInput>();
  const ids = [...new Set(visitIds)];
  for (let i = 0; i < ids.length; i += 400) {
    const chunk = ids.slice(i, i + 400);
    const claims = await db
      .selectFrom('claims')
      .select(['id', 'visit_id', 'frequency', 'state', 'total_charge', 'created_at', 'batch_index'])
      .where('visit_id', 'in', chunk)
      .orderBy('created_at')
      .orderBy('batch_file_id')
      .orderBy('batch_index')
      .execute();
    const claimIds = claims.map((c) => c.id);
    const postings = claimIds.length
      ? await db
          .selectFrom('remittance_claims')
          .innerJoin('remittances', 'remittances.id', 'remittance_claims.remittance_id')
          .select(['remittance_claims.id', 'remittance_claims.claim_id', 'remittance_claims.status_code', 'remittance_claims.paid', 'remittance_claims.patient_responsibility'])
          .where('remittance_claims.claim_id', 'in', claimIds)
          .orderBy('remittances.created_at')
          .orderBy('remittance_claims.id')
          .execute()
      : [];
    const rcIds = postings.map((p) => p.id);
    const other = new Map<string, Decimal>();
    for (let k = 0; k < rcIds.length; k += 500) {
      const adj = await db.selectFrom('adjustments').select(['remittance_claim_id', 'amount']).where('remittance_claim_id', 'in', rcIds.slice(k, k + 500)).where('group_code', '!=', 'PR').execute();
      for (const a of adj) other.set(a.remittance_claim_id, (other.get(a.remittance_claim_id) ?? new Decimal(0)).plus(a.amount));
    }
    const visitOfClaim = new Map(claims.map((c) => [c.id, c.visit_id!]));
    for (const v of chunk) out.set(v, { claims: [], postings: [], patientPayments: patientPayments.get(v) ?? [] });
    for (const c of claims) (out.get(c.visit_id!)!.claims as VisitInput['claims'][number][]).push({ id: c.id, frequency: c.frequency ?? '1', state: c.state as ClaimState, charge: c.total_charge });
    for (const p of postings) {
      (out.get(visitOfClaim.get(p.claim_id!)!)!.postings as VisitInput['postings'][number][]).push({
        claimId: p.claim_id!,
        statusCode: p.status_code,
        paid: p.paid,
        patientResponsibility: p.patient_responsibility,
        otherAdjustments: (other.get(p.id) ?? new Decimal(0)).toFixed(2),
      });
    }
  }
  for (const [k, v] of out) if (!v.claims.length) out.delete(k);
  return out;
}

/**
 * Nets the visits again and writes their figures on their claims (the current claim carries them, the
 * superseded ones carry none). Call inside the transaction that changed a visit's claims or postings.
 */
export async function refreshVisits(trx: Q, visitIds: readonly string[]): Promise<void> {
  const inputs = await visitInputs(trx, visitIds);
  for (const [, input] of inputs) {
    const figures = netVisit(input);
    const hasMoney = input.postings.length > 0;
    for (const c of input.claims) {
      const carrier = c.id === figures.currentClaimId;
      await trx
        .updateTable('claims')
        .set({ paid_amount: carrier && hasMoney ? figures.insurancePaid : null, patient_responsibility: carrier && hasMoney ? figures.patientDue : null })
        .where('id', '=', c.id)
        .execute();
    }
  }
}

export interface VisitView extends VisitFigures {
  visitId: string;
  claimIds: string[];
}

/** The netted figures of the visit a claim belongs to. */
export async function visitFigures(db: Q, claimId: string, patientPayments: ReadonlyArray<{ amount: string }> = []): Promise<VisitView | undefined> {
  const claim = await db.selectFrom('claims').select(['id', 'visit_id']).where('id', '=', claimId).executeTakeFirst();
  if (!claim) return undefined;
  const visitId = claim.visit_id ?? claim.id;
  const input = (await visitInputs(db, [visitId], new Map([[visitId, patientPayments]]))).get(visitId);
  if (!input) return undefined;
  return { visitId, claimIds: input.claims.map((c) => c.id), ...netVisit(input) };
}
