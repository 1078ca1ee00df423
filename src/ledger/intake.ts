/**
 * Intake: a claim batch and its claims (queued or scrub-rejected), keyed by the batch's content hash.
 */
import { Decimal } from 'decimal.js';
import { patientColumns } from './patient-columns.js';
import { IntakeClaimSchema, type IntakeClaim } from './posting-types.js';
import type { ClaimRow, FileRow } from './schema.js';
import { claimIdFor, newId, type LedgerContext } from './ledger-context.js';
import { claimContentKey, DUPLICATE_CLAIM } from './duplicate-claims.js';
import { REJECTED_BEFORE_ADJUDICATION, type ClaimState } from './lifecycle.js';
import { lineageOf, refreshVisits, visitForNewClaim } from './visits.js';

/** A claim of a batch not sent because the same claim was sent before (or earlier in the batch). */
export interface DuplicateClaim {
  /** 0-based position in the batch. */
  index: number;
  /** CLM01 */
  patientControlNumber: string;
  /** The ledger id of the claim sent first. */
  duplicateOf: string;
}

export function intakeOperations(ctx: LedgerContext) {
  const { db, iso, beforeCommit, appendEvents } = ctx;
  return {

    /**
     * Records a claim batch and its claims in one transaction. A batch whose content hash was recorded
     * before adds a duplicate file row and no claims. A claim with the content of one already sent
     * (duplicate-claims.ts) is recorded scrub-rejected with DUPLICATE-CLAIM naming the earlier claim, and
     * reported in `duplicates`; it is never sent.
     */
    async recordBatch(input: { name: string; sha256: string; size: number; partnerId?: string | null; localPath?: string | null; claims: IntakeClaim[] }): Promise<{ file: FileRow; duplicateOf?: FileRow; claimIds: string[]; duplicates: DuplicateClaim[] }> {
      const claims = input.claims.map((c) => IntakeClaimSchema.parse(c));
      return db.transaction().execute(async (trx) => {
        const first = await trx.selectFrom('files').selectAll().where('direction', '=', 'intake').where('dedupe_key', '=', input.sha256).executeTakeFirst();
        const batchId = first ? undefined : 'B' + input.sha256.slice(0, 20).toUpperCase();
        const keys = claims.map((c) => claimContentKey(c));
        const duplicates: DuplicateClaim[] = [];
        if (!first) {
          const earlier = new Map<string, string>();
          const distinct = [...new Set(keys)];
          for (let i = 0; i < distinct.length; i += 500) {
            const rows = await trx.selectFrom('claims').select(['id', 'content_key']).where('content_key', 'in', distinct.slice(i, i + 500)).where('state', 'not in', [...REJECTED_BEFORE_ADJUDICATION]).orderBy('created_at').execute();
            for (const r of rows) if (r.content_key && !earlier.has(r.content_key)) earlier.set(r.content_key, r.id);
          }
          claims.forEach((c, k) => {
            if (c.rejected?.length) return;
            const of = earlier.get(keys[k]);
            const deliberate = ['7', '8'].includes(lineageOf(c.data).frequency);
            if (of && !deliberate) {
              duplicates.push({ index: c.index, patientControlNumber: c.patientControlNumber, duplicateOf: of });
              c.rejected = [{ code: DUPLICATE_CLAIM, message: `This claim was already sent as claim ${of} (same billing provider, patient control number, payer, service dates and charges); it is not sent again. Send a replacement (frequency 7) to change it.` }];
            } else if (!of) earlier.set(keys[k], claimIdFor(input.sha256, c.index));
          });
        }
        const at = iso();
        const file = {
          id: batchId ?? newId('B'),
          direction: 'intake' as const,
          partner_id: input.partnerId ?? null,
          name: input.name,
          sha256: input.sha256,
          dedupe_key: first ? null : input.sha256,
          size: input.size,
          kind: 'batch',
          state: first ? 'duplicate' : 'processed',
          duplicate_of: first?.id ?? null,
          local_path: input.localPath ?? null,
          remote_name: null,
          content: null,
          summary: JSON.stringify({ claims: claims.length, rejected: claims.filter((c) => c.rejected?.length).length }),
          error: null,
          attempts: 0,
          created_at: at,
          updated_at: at,
        };
        await trx.insertInto('files').values(file).execute();
        if (first) return { file, duplicateOf: first, claimIds: [], duplicates };
        const ids = claims.map((c) => claimIdFor(input.sha256, c.index));
        // Each claim's visit: a replacement or void naming a claim we sent (REF*F8) joins its visit.
        const lineages = claims.map((c) => lineageOf(c.data));
        const visits: string[] = [];
        for (let k = 0; k < claims.length; k++) visits.push((await visitForNewClaim(trx, claims[k].partnerId, lineages[k])) ?? ids[k]);
        const rows = claims.map((c, k) => ({
          id: ids[k],
          batch_file_id: file.id,
          batch_index: c.index,
          partner_id: c.partnerId,
          payer_id: c.payerId,
          claim_type: c.claimType,
          patient_control_number: c.patientControlNumber,
          total_charge: new Decimal(c.totalCharge).toFixed(2),
          service_date: c.serviceDate ?? null,
          transaction_set_id: null,
          state: (c.rejected?.length ? 'scrub-rejected' : 'queued') as ClaimState,
          payer_claim_number: null,
          paid_amount: null,
          patient_responsibility: null,
          data: JSON.stringify(c.data ?? null),
          created_at: at,
          updated_at: at,
          // the workbench's patient columns (migration 0008), same rules as its backfill
          ...patientColumns(c.data ?? null),
          visit_id: visits[k],
          frequency: lineages[k].frequency,
          content_key: keys[k],
        }));
        for (let i = 0; i < rows.length; i += 100) await trx.insertInto('claims').values(rows.slice(i, i + 100)).execute();
        const lines = claims.flatMap((c, k) => c.lines.map((l) => ({ claim_id: ids[k], line_number: l.lineNumber, line_control: l.lineControl ?? null, procedure_code: l.procedureCode ?? null, charge: new Decimal(l.charge).toFixed(2), units: l.units ?? null })));
        for (let i = 0; i < lines.length; i += 200) await trx.insertInto('claim_lines').values(lines.slice(i, i + 200)).execute();
        await appendEvents(
          trx,
          claims.map((c, k) => ({ id: ids[k], state: null, to: rows[k].state, position: { loop: `claim ${c.index + 1}` }, detail: c.rejected?.length ? { codes: c.rejected.map((r) => r.code), duplicateOf: duplicates.find((d) => d.index === c.index)?.duplicateOf } : undefined })),
          file.id,
        );
        const joined = visits.filter((v, k) => v !== ids[k]);
        if (joined.length) await refreshVisits(trx, joined);
        beforeCommit('recordBatch');
        return { file, claimIds: ids, duplicates };
      });
    },

    /** The claims of a batch that were not sent because they duplicate a claim sent before. */
    async duplicateClaimsOf(batchFileId: string): Promise<DuplicateClaim[]> {
      const rows = await db
        .selectFrom('claims')
        .innerJoin('claim_events', 'claim_events.claim_id', 'claims.id')
        .select(['claims.batch_index', 'claims.patient_control_number', 'claim_events.detail'])
        .where('claims.batch_file_id', '=', batchFileId)
        .where('claims.state', '=', 'scrub-rejected')
        .where('claim_events.to_state', '=', 'scrub-rejected')
        .orderBy('claims.batch_index')
        .execute();
      return rows.flatMap((r) => {
        const detail = r.detail ? (JSON.parse(r.detail) as { duplicateOf?: string }) : {};
        return detail.duplicateOf ? [{ index: r.batch_index, patientControlNumber: r.patient_control_number, duplicateOf: detail.duplicateOf }] : [];
      });
    },

    async queuedClaims(filter: { partnerId?: string; batchFileId?: string } = {}): Promise<ClaimRow[]> {
      let q = db.selectFrom('claims').selectAll().where('state', '=', 'queued');
      if (filter.partnerId) q = q.where('partner_id', '=', filter.partnerId);
      if (filter.batchFileId) q = q.where('batch_file_id', '=', filter.batchFileId);
      return q.orderBy('batch_file_id').orderBy('batch_index').execute();
    },
  };
}
