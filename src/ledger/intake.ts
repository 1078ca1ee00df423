/**
 * Intake: a claim batch and its claims (queued or scrub-rejected), keyed by the batch's content hash.
 */
import { partnerPractice } from './tenants.js';
import { IntakeClaimSchema, type IntakeClaim } from './posting-types.js';
import type { ClaimRow, FileRow } from './schema.js';
import { claimIdFor, newId, type LedgerContext } from './ledger-context.js';
import { batchFileIdFor, insertIntakeClaims } from './intake-chunks.js';

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
        const at = iso();
        const file = {
          id: first ? newId('B') : batchFileIdFor(input.sha256),
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
          summary: null as string | null,
          error: null,
          attempts: 0,
          practice_id: await partnerPractice(trx, input.partnerId),
          created_at: at,
          updated_at: at,
        };
        await trx.insertInto('files').values(file).execute();
        const duplicates = first ? [] : await insertIntakeClaims(trx, { fileId: file.id, batchSha: input.sha256, claims, at });
        file.summary = JSON.stringify({ claims: claims.length, rejected: claims.filter((c) => c.rejected?.length).length });
        await trx.updateTable('files').set({ summary: file.summary }).where('id', '=', file.id).execute();
        if (first) return { file, duplicateOf: first, claimIds: [], duplicates };
        const ids = claims.map((c) => claimIdFor(input.sha256, c.index));
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
