/**
 * Posting an 835: each 835 once (payer + TRN02); claim payments matched to the claims we sent, their
 * adjustments, lines and provider adjustments kept; what matches nothing goes to `unmatched`.
 */
import { stampFilePracticeAfterRemittance, stampRemittancePractice } from './tenants.js';
import { Decimal } from 'decimal.js';
import type { z } from 'zod';
import { canTransition, REJECTED_BEFORE_ADJUDICATION, type ClaimState } from './lifecycle.js';
import { paymentOutcome } from './outcome.js';
import { RemittancePostingSchema, type RemittancePosting, type SourcePosition } from './posting-types.js';
import { newId, orderedId, type LedgerContext } from './ledger-context.js';
import { remittanceContentKey } from './resent-responses.js';
import { refreshVisits } from './visits.js';
import { enqueueNextPayerClaims, type AnsweredClaim } from './secondary-claims.js';
import type { PostOptions, PostResult } from './posting-results.js';
import type { Q } from './ledger-context.js';
import { insertRows, updateClaimMoney, type ClaimMoneyUpdate } from './posting-batch.js';

type Trx = Q;
export type ClaimPaymentPosting = z.output<typeof RemittancePostingSchema>['claims'][number];
/** An 835's check-level facts (everything but its claim payments), for posting a large one in chunks. */
export type RemittanceHeaderPosting = Omit<RemittancePosting, 'claims'>;
const ClaimPaymentsSchema = RemittancePostingSchema.shape.claims;

/** What `openRemittance` answers: the remittance to post chunks into (resumed if this file opened it before), or why not. */
export type OpenedRemittance =
  | { duplicate: false; remittanceId: string; claimsPosted: number; resumed: boolean }
  | { duplicate: true; duplicateOf: string; resent: boolean; unmatched: number };

export function remittancePostings(ctx: LedgerContext) {
  const { db, iso, beforeCommit, appendEvents, recordUnmatched } = ctx;

  /**
   * The claim payments of one remittance, inside the caller's transaction: each matched to the claim we
   * sent (or recorded in `unmatched`), its rows, lifecycle event, money and visit written. Used for a
   * whole 835 (`postRemittance`) and for each chunk of a large one (`postRemittanceChunk`).
   */
  async function postClaimPayments(trx: Trx, fileId: string, partnerId: string | null, remittanceId: string, claims: readonly ClaimPaymentPosting[], result: PostResult, payerId?: string | null): Promise<AnsweredClaim[]> {
    const answered: AnsweredClaim[] = [];
    // Candidates for every CLP01 in one query; states tracked in memory as payments apply.
    const pcns = [...new Set(claims.map((c) => c.patientControlNumber))];
    const candidates: Array<{ id: string; state: ClaimState; total_charge: string; payer_claim_number: string | null; patient_control_number: string; created_at: string; frequency: string | null; visit_id: string | null; payer_id: string }> = [];
    if (partnerId) {
      for (let i = 0; i < pcns.length; i += 500) {
        candidates.push(
          ...(await trx
            .selectFrom('claims')
            .select(['id', 'state', 'total_charge', 'payer_claim_number', 'patient_control_number', 'created_at', 'frequency', 'visit_id', 'payer_id'])
            .where('partner_id', '=', partnerId)
            .where('patient_control_number', 'in', pcns.slice(i, i + 500))
            .execute()),
        );
      }
    }
    const byPcn = new Map<string, typeof candidates>();
    for (const c of candidates.sort((a, b) => b.created_at.localeCompare(a.created_at))) byPcn.set(c.patient_control_number, [...(byPcn.get(c.patient_control_number) ?? []), c]);
    const rcRows: Array<Record<string, unknown>> = [];
    const adjRows: Array<Record<string, unknown>> = [];
    const lineRows: Array<Record<string, unknown>> = [];
    const events: Array<{ id: string; state: ClaimState; to: ClaimState; position?: SourcePosition; detail?: unknown }> = [];
    const updates: ClaimMoneyUpdate[] = [];
    const unmatchedRows: Array<Record<string, unknown>> = [];
    const unmatched = (reference: string, reason: string) => unmatchedRows.push({ id: newId('U'), file_id: fileId, kind: '835', reference, reason, created_at: iso() });
    const touchedVisits = new Set<string>();
    for (const c of claims) {
      const outcome = paymentOutcome(c);
      const eligible: ClaimState[] = outcome === 'reversed' ? ['paid', 'partially-paid', 'denied'] : ['uploaded', 'ack-accepted', 'payer-accepted', 'pending', 'reversed', 'denied', 'partially-paid'];
      const all = byPcn.get(c.patientControlNumber) ?? [];
      let list = all.filter((x) => eligible.includes(x.state));
      // A reversal names the payment it takes back by the payer claim number (CLP07).
      if (outcome === 'reversed' && c.payerClaimNumber && list.some((x) => x.payer_claim_number === c.payerClaimNumber)) list = list.filter((x) => x.payer_claim_number === c.payerClaimNumber);
      if (list.length > 1) {
        const same = list.filter((x) => new Decimal(x.total_charge).eq(c.billed));
        if (same.length) list = same;
      }
      let claim: (typeof list)[number] | undefined = list[0];
      // A payer never pays a void: a payment (not a reversal) for a voided visit is flagged, not posted.
      const voidedVisit = claim && outcome !== 'reversed' && all.some((x) => x.frequency === '8' && (x.visit_id ?? x.id) === (claim!.visit_id ?? claim!.id) && !REJECTED_BEFORE_ADJUDICATION.includes(x.state));
      let refusedReason: string | undefined;
      if (claim && voidedVisit) refusedReason = `payment for a voided visit (claim ${claim.id}); not posted, needs a person`;
      else if (claim && (claim.state === outcome || !canTransition(claim.state, outcome))) refusedReason = `refused transition ${claim.state} -> ${outcome}; not posted, needs a person`;
      const matched = claim;
      if (refusedReason) claim = undefined;
      const rcId = orderedId('Q');
      rcRows.push({
        id: rcId,
        remittance_id: remittanceId,
        claim_id: claim?.id ?? null,
        patient_control_number: c.patientControlNumber,
        status_code: c.statusCode,
        billed: new Decimal(c.billed).toFixed(2),
        paid: new Decimal(c.paid).toFixed(2),
        patient_responsibility: new Decimal(c.patientResponsibility).toFixed(2),
        payer_claim_number: c.payerClaimNumber ?? null,
        outcome: claim ? outcome : null,
        position: c.position ? JSON.stringify(c.position) : null,
      });
      for (const a of c.adjustments) adjRows.push({ id: orderedId('J'), remittance_claim_id: rcId, line_number: null, group_code: a.group, reason_code: a.reason, amount: new Decimal(a.amount).toFixed(2), quantity: a.quantity ?? null });
      for (const l of c.lines) {
        lineRows.push({ id: orderedId('L'), remittance_claim_id: rcId, line_number: l.lineNumber, line_control: l.lineControl ?? null, procedure_code: l.procedureCode ?? null, charge: new Decimal(l.charge).toFixed(2), paid: new Decimal(l.paid).toFixed(2), remarks: l.remarks.length ? JSON.stringify(l.remarks) : null });
        for (const a of l.adjustments) adjRows.push({ id: orderedId('J'), remittance_claim_id: rcId, line_number: l.lineNumber, group_code: a.group, reason_code: a.reason, amount: new Decimal(a.amount).toFixed(2), quantity: a.quantity ?? null });
      }
      if (matched && refusedReason) {
        unmatched(matched.id, refusedReason);
        result.refused++;
        continue;
      }
      if (!claim) {
        unmatched(c.patientControlNumber, 'no claim we sent matches this claim payment');
        result.unmatched++;
        continue;
      }
      if (claim.visit_id) touchedVisits.add(claim.visit_id);
      events.push({ id: claim.id, state: claim.state, to: outcome, position: c.position, detail: { clp02: c.statusCode, paid: c.paid, patientResponsibility: c.patientResponsibility, remittance: remittanceId } });
      claim.state = outcome;
      result.transitions++;
      const reversal = outcome === 'reversed';
      // The next payer's turn: only after an answer from the claim's own payer (when the 835 names one).
      if (!reversal && partnerId && (!payerId || payerId === claim.payer_id)) answered.push({ claimId: claim.id, partnerId, payment: c });
      updates.push({ id: claim.id, paid: reversal ? '0.00' : new Decimal(c.paid).toFixed(2), patient: reversal ? '0.00' : new Decimal(c.patientResponsibility).toFixed(2), payerClaimNumber: c.payerClaimNumber ?? claim.payer_claim_number });
    }
    // A few statements per chunk, not one per claim payment (src/ledger/posting-batch.ts).
    await insertRows(trx, 'unmatched', unmatchedRows);
    await insertRows(trx, 'remittance_claims', rcRows);
    await insertRows(trx, 'remittance_lines', lineRows);
    await insertRows(trx, 'adjustments', adjRows);
    await appendEvents(trx, events, fileId);
    await updateClaimMoney(trx, updates);
    // The visit's money, netted over all its claims' postings, replaces the per-claim figures above.
    await refreshVisits(trx, [...touchedVisits]);
    return answered;
  }

  /**
   * Records an 835's check (BPR/TRN, PLB) in the caller's transaction, or says why it is not posted: the
   * same payer + TRN02 was posted before (from another file, or from this one when `resumeOwn` is off), or
   * the same claim payments came under another trace number (flagged for a person). With `resumeOwn`, a
   * remittance this file opened before a crash is handed back with the number of claim payments it holds.
   */
  async function openIn(trx: Trx, fileId: string, partnerId: string | null, remit: RemittanceHeaderPosting, contentKey: string | undefined, balanced: 0 | 1, opts: PostOptions, resumeOwn: boolean): Promise<OpenedRemittance> {
    const prior = await trx.selectFrom('remittances').select(['id', 'file_id']).where('payer_key', '=', remit.payerKey).where('trace_number', '=', remit.traceNumber).executeTakeFirst();
    if (prior && resumeOwn && prior.file_id === fileId) {
      const row = await trx.selectFrom('remittance_claims').select((eb) => eb.fn.countAll<number>().as('n')).where('remittance_id', '=', prior.id).executeTakeFirstOrThrow();
      return { duplicate: false, remittanceId: prior.id, claimsPosted: Number(row.n), resumed: true };
    }
    if (prior) {
      if (opts.markFile !== false) await trx.updateTable('files').set({ state: 'duplicate', duplicate_of: prior.file_id, kind: '835', updated_at: iso() }).where('id', '=', fileId).execute();
      return { duplicate: true, duplicateOf: prior.id, resent: false, unmatched: 0 };
    }
    // The same claim payments under a new trace number: a re-sent 835, flagged for a person, not posted.
    const same = contentKey ? await trx.selectFrom('remittances').select(['id', 'file_id', 'trace_number']).where('content_key', '=', contentKey).executeTakeFirst() : undefined;
    if (same) {
      await recordUnmatched(trx, fileId, '835', `TRN02 ${remit.traceNumber}`, `re-sent 835: the same claim payments as remittance ${same.id} (TRN02 ${same.trace_number}) under a new trace number; not posted, needs a person`);
      if (opts.markFile !== false) await trx.updateTable('files').set({ state: 'duplicate', duplicate_of: same.file_id, kind: '835', updated_at: iso() }).where('id', '=', fileId).execute();
      beforeCommit('postRemittance');
      return { duplicate: true, duplicateOf: same.id, resent: true, unmatched: 1 };
    }
    const remittanceId = newId('R');
    await trx
      .insertInto('remittances')
      .values({
        id: remittanceId,
        file_id: fileId,
        partner_id: partnerId,
        payer_key: remit.payerKey,
        trace_number: remit.traceNumber,
        payment_amount: new Decimal(remit.paymentAmount).toFixed(2),
        payment_method: remit.paymentMethod,
        payment_date: remit.paymentDate ?? null,
        payer_name: remit.payerName ?? null,
        balanced,
        content_key: contentKey ?? null,
        created_at: iso(),
      })
      .execute();
    for (const p of remit.providerAdjustments) {
      await trx.insertInto('provider_adjustments').values({ id: newId('P'), remittance_id: remittanceId, provider_id: p.providerId, reason_code: p.reason, reference: p.reference ?? null, amount: new Decimal(p.amount).toFixed(2) }).execute();
    }
    return { duplicate: false, remittanceId, claimsPosted: 0, resumed: false };
  }

  return {
    /** Posts an 835. Never twice: the same payer + TRN02 again marks the file a duplicate and posts nothing. */
    async postRemittance(fileId: string, partnerId: string | null, input: RemittancePosting, opts: PostOptions = {}): Promise<PostResult & { remittanceId?: string; duplicateOf?: string; resent?: boolean; secondaryClaims?: { created: number; held: number } }> {
      const remit = RemittancePostingSchema.parse(input);
      return db.transaction().execute(async (trx) => {
        const result: PostResult = { duplicate: false, transitions: 0, unmatched: 0, refused: 0 };
        const opened = await openIn(trx, fileId, partnerId, remit, remittanceContentKey(remit), balancedOf(remit), opts, false);
        if (opened.duplicate) return { ...result, duplicate: true, duplicateOf: opened.duplicateOf, ...(opened.resent ? { resent: true, unmatched: opened.unmatched } : {}) };
        const remittanceId = opened.remittanceId;
        const answered = await postClaimPayments(trx, fileId, partnerId, remittanceId, remit.claims, result, remit.payerId);
        // Issue 14: the next payer's claims, in this posting's transaction (once per answered claim).
        const secondaryClaims = opts.nextPayer
          ? await enqueueNextPayerClaims(trx, { fileId, remittanceId, at: iso(), answered, hook: opts.nextPayer, paymentDate: remit.paymentDate ?? null, productionDate: remit.productionDate ?? null })
          : undefined;
        await stampRemittancePractice(trx, remittanceId);
        await stampFilePracticeAfterRemittance(trx, fileId, remittanceId);
        if (opts.markFile !== false) await trx.updateTable('files').set({ state: 'posted', kind: '835', updated_at: iso() }).where('id', '=', fileId).execute();
        beforeCommit('postRemittance');
        return { ...result, remittanceId, ...(secondaryClaims ? { secondaryClaims } : {}) };
      });
    },

    /**
     * A large 835, step 1 of 2: records its check (BPR/TRN, PLB, whether it balances, its content key:
     * both worked out by the caller over the whole file beforehand) in one transaction, or says it is a
     * duplicate / re-sent (file marked as `postRemittance` does). When this file opened the same remittance
     * before a crash, it is resumed: `claimsPosted` claim payments (in file order) are already in.
     */
    async openRemittance(fileId: string, partnerId: string | null, header: RemittanceHeaderPosting, summary: { contentKey?: string; balanced: boolean }, opts: PostOptions = {}): Promise<OpenedRemittance> {
      const remit = RemittancePostingSchema.omit({ claims: true }).parse(header);
      return db.transaction().execute(async (trx) => {
        const opened = await openIn(trx, fileId, partnerId, remit, summary.contentKey, summary.balanced ? 1 : 0, opts, true);
        if (!opened.duplicate && !opened.resumed) beforeCommit('openRemittance');
        return opened;
      });
    },

    /**
     * A large 835, step 2 of 2, once per chunk of its claim payments in file order: `from` is how many
     * came before (what `openRemittance` said, plus earlier chunks). One transaction per chunk; it checks
     * that exactly `from` claim payments are in, so a chunk is never posted twice (a crash between chunks
     * resumes at the next one). `last` with `markFile` marks the file posted in the same transaction.
     */
    async postRemittanceChunk(fileId: string, partnerId: string | null, remittanceId: string, from: number, input: ClaimPaymentPosting[] | RemittancePosting['claims'], opts: PostOptions & { last?: boolean; header?: Pick<RemittanceHeaderPosting, 'payerId' | 'paymentDate' | 'productionDate'> } = {}): Promise<PostResult> {
      const claims = ClaimPaymentsSchema.parse(input);
      return db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('remittance_claims').select((eb) => eb.fn.countAll<number>().as('n')).where('remittance_id', '=', remittanceId).executeTakeFirstOrThrow();
        if (Number(row.n) !== from) throw new Error(`remittance ${remittanceId}: ${Number(row.n)} claim payments posted, chunk starts at ${from}; not posted (another run is posting this file?)`);
        const result: PostResult = { duplicate: false, transitions: 0, unmatched: 0, refused: 0 };
        const answered = await postClaimPayments(trx, fileId, partnerId, remittanceId, claims, result, opts.header?.payerId);
        // Issue 14: the next payer's claims of this chunk's answered claims, in the chunk's transaction.
        if (opts.nextPayer) result.secondaryClaims = await enqueueNextPayerClaims(trx, { fileId, remittanceId, at: iso(), answered, hook: opts.nextPayer, paymentDate: opts.header?.paymentDate ?? null, productionDate: opts.header?.productionDate ?? null });
        // Issue 17: the remittance and file take the practice of their claims once all of them are in.
        if (opts.last) {
          await stampRemittancePractice(trx, remittanceId);
          await stampFilePracticeAfterRemittance(trx, fileId, remittanceId);
        }
        if (opts.last && opts.markFile !== false) await trx.updateTable('files').set({ state: 'posted', kind: '835', updated_at: iso() }).where('id', '=', fileId).execute();
        beforeCommit('postRemittanceChunk');
        return result;
      });
    },
  };
}

/** Whether an 835's claim payments, less its provider adjustments, make its payment (BPR02). */
export function balancedOf(remit: Pick<RemittancePosting, 'claims' | 'providerAdjustments' | 'paymentAmount'>): 0 | 1 {
  const paidSum = remit.claims.reduce((s, c) => s.plus(c.paid), new Decimal(0));
  return balancedSums(paidSum, remit) ? 1 : 0;
}

/** The same check from a running sum of CLP04 (for an 835 read claim by claim). */
export function balancedSums(paidSum: Decimal, remit: Pick<RemittancePosting, 'providerAdjustments' | 'paymentAmount'>): boolean {
  const plbSum = remit.providerAdjustments.reduce((s, p) => s.plus(p.amount), new Decimal(0));
  return paidSum.minus(plbSum).eq(remit.paymentAmount);
}
