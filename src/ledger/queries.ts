/**
 * Reading the ledger: claims, their events, remittances, totals to reconcile, and the invariant check.
 */
import { Decimal } from 'decimal.js';
import { deriveState, type ClaimState } from './lifecycle.js';
import type { ClaimEventRow, ClaimRow } from './schema.js';
import type { LedgerContext } from './ledger-context.js';

export interface ClaimFilter {
  state?: ClaimState | ClaimState[];
  payerId?: string;
  partnerId?: string;
  batchFileId?: string;
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

export function ledgerQueries(ctx: LedgerContext) {
  const { db } = ctx;
  return {
    async getClaim(id: string): Promise<(ClaimRow & { events: ClaimEventRow[]; lines: Array<{ line_number: number; line_control: string | null; procedure_code: string | null; charge: string; units: string | null }> }) | undefined> {
      const claim = await db.selectFrom('claims').selectAll().where('id', '=', id).executeTakeFirst();
      if (!claim) return undefined;
      const events = await db.selectFrom('claim_events').selectAll().where('claim_id', '=', id).orderBy('seq').execute();
      const lines = await db.selectFrom('claim_lines').select(['line_number', 'line_control', 'procedure_code', 'charge', 'units']).where('claim_id', '=', id).orderBy('line_number').execute();
      return { ...claim, events, lines };
    },

    async listClaims(filter: ClaimFilter = {}): Promise<ClaimRow[]> {
      let q = db.selectFrom('claims').selectAll();
      if (filter.state) q = q.where('state', 'in', Array.isArray(filter.state) ? filter.state : [filter.state]);
      if (filter.payerId) q = q.where('payer_id', '=', filter.payerId);
      if (filter.partnerId) q = q.where('partner_id', '=', filter.partnerId);
      if (filter.batchFileId) q = q.where('batch_file_id', '=', filter.batchFileId);
      if (filter.from) q = q.where('service_date', '>=', filter.from);
      if (filter.to) q = q.where('service_date', '<=', filter.to);
      q = q.orderBy('created_at').orderBy('batch_file_id').orderBy('batch_index');
      if (filter.limit !== undefined) q = q.limit(filter.limit).offset(filter.offset ?? 0);
      return q.execute();
    },

    async claimStateCounts(): Promise<Record<string, number>> {
      const rows = await db.selectFrom('claims').select(['state']).select((eb) => eb.fn.countAll<number>().as('n')).groupBy('state').execute();
      return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
    },

    async claimEvents(claimId: string): Promise<ClaimEventRow[]> {
      return db.selectFrom('claim_events').selectAll().where('claim_id', '=', claimId).orderBy('seq').execute();
    },

    async listRemittances(filter: { limit?: number; offset?: number } = {}) {
      let q = db.selectFrom('remittances').selectAll().orderBy('created_at').orderBy('id');
      if (filter.limit !== undefined) q = q.limit(filter.limit).offset(filter.offset ?? 0);
      return q.execute();
    },

    async getRemittance(id: string) {
      const remittance = await db.selectFrom('remittances').selectAll().where('id', '=', id).executeTakeFirst();
      if (!remittance) return undefined;
      const claims = await db.selectFrom('remittance_claims').selectAll().where('remittance_id', '=', id).orderBy('id').execute();
      const ids = claims.map((c) => c.id);
      const ofThisRemittance = db.selectFrom('remittance_claims').select('id').where('remittance_id', '=', id); // a subquery, not an IN list of ids (an 835 may hold more claims than SQLite has variables)
      const adjustments = ids.length ? await db.selectFrom('adjustments').selectAll().where('remittance_claim_id', 'in', ofThisRemittance).execute() : [];
      const lines = ids.length ? await db.selectFrom('remittance_lines').selectAll().where('remittance_claim_id', 'in', ofThisRemittance).orderBy('line_number').execute() : [];
      const providerAdjustments = await db.selectFrom('provider_adjustments').selectAll().where('remittance_id', '=', id).execute();
      return {
        remittance,
        claims: claims.map((c) => ({ ...c, adjustments: adjustments.filter((a) => a.remittance_claim_id === c.id), lines: lines.filter((l) => l.remittance_claim_id === c.id) })),
        providerAdjustments,
      };
    },

    /** Claims a response file moved, with their resulting state (for results to the practice). */
    async claimsTouchedBy(fileId: string) {
      return db
        .selectFrom('claim_events')
        .innerJoin('claims', 'claims.id', 'claim_events.claim_id')
        .select(['claims.id as id', 'claims.patient_control_number as patientControlNumber', 'claims.batch_file_id as batchFileId', 'claim_events.to_state as state', 'claim_events.detail as detail', 'claims.paid_amount as paid', 'claims.patient_responsibility as patientResponsibility', 'claims.payer_claim_number as payerClaimNumber', 'claims.total_charge as totalCharge'])
        .where('claim_events.source_file_id', '=', fileId)
        .orderBy('claim_events.seq')
        .execute();
    },

    async listUnmatched() {
      return db.selectFrom('unmatched').selectAll().orderBy('created_at').execute();
    },

    /** Totals to reconcile against the 835s: payments and patient responsibility posted to claims, BPR and PLB sums. */
    async totals() {
      const remits = await db.selectFrom('remittances').select(['payment_amount']).execute();
      const plb = await db.selectFrom('provider_adjustments').select(['amount']).execute();
      const rc = await db.selectFrom('remittance_claims').select(['paid', 'patient_responsibility', 'claim_id']).execute();
      const sum = (xs: string[]) => xs.reduce((s, x) => s.plus(x), new Decimal(0));
      return {
        remittances: remits.length,
        paymentAmount: sum(remits.map((r) => r.payment_amount)).toFixed(2),
        providerAdjustments: sum(plb.map((p) => p.amount)).toFixed(2),
        claimPaid: sum(rc.map((r) => r.paid)).toFixed(2),
        patientResponsibility: sum(rc.map((r) => r.patient_responsibility)).toFixed(2),
        unmatchedPayments: rc.filter((r) => !r.claim_id).length,
      };
    },

    /**
     * Checks the ledger's invariants; returns a list of problems (empty = sound): each claim's cached
     * state is the state its events derive; no control number is used twice per partner.
     */
    async verify(): Promise<string[]> {
      const problems: string[] = [];
      const claims = await db.selectFrom('claims').select(['id', 'state']).execute();
      const events = await db.selectFrom('claim_events').select(['claim_id', 'from_state', 'to_state', 'seq']).orderBy('seq').execute();
      const byClaim = new Map<string, Array<{ fromState: ClaimState | null; toState: ClaimState }>>();
      for (const e of events) {
        let list = byClaim.get(e.claim_id);
        if (!list) byClaim.set(e.claim_id, (list = []));
        list.push({ fromState: e.from_state, toState: e.to_state });
      }
      for (const c of claims) {
        try {
          const derived = deriveState(c.id, byClaim.get(c.id) ?? []);
          if (derived !== c.state) problems.push(`claim ${c.id}: state ${c.state} but events derive ${derived}`);
        } catch (err) {
          problems.push((err as Error).message);
        }
      }
      return problems;
    },
  };
}
