/**
 * Intake: a claim batch and its claims (queued or scrub-rejected), keyed by the batch's content hash.
 */
import { Decimal } from 'decimal.js';
import type { ClaimState } from './lifecycle.js';
import { patientColumns } from './patient-columns.js';
import { IntakeClaimSchema, type IntakeClaim } from './posting-types.js';
import type { ClaimRow, FileRow } from './schema.js';
import { claimIdFor, newId, type LedgerContext } from './ledger-context.js';
import { lineageOf, refreshVisits, visitForNewClaim } from './visits.js';

export function intakeOperations(ctx: LedgerContext) {
  const { db, iso, beforeCommit, appendEvents } = ctx;
  return {

    /**
     * Records a claim batch and its claims in one transaction. A batch whose content hash was recorded
     * before adds a duplicate file row and no claims.
     */
    async recordBatch(input: { name: string; sha256: string; size: number; partnerId?: string | null; localPath?: string | null; claims: IntakeClaim[] }): Promise<{ file: FileRow; duplicateOf?: FileRow; claimIds: string[] }> {
      const claims = input.claims.map((c) => IntakeClaimSchema.parse(c));
      return db.transaction().execute(async (trx) => {
        const first = await trx.selectFrom('files').selectAll().where('direction', '=', 'intake').where('dedupe_key', '=', input.sha256).executeTakeFirst();
        const at = iso();
        const file = {
          id: first ? newId('B') : 'B' + input.sha256.slice(0, 20).toUpperCase(),
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
        if (first) return { file, duplicateOf: first, claimIds: [] };
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
        }));
        for (let i = 0; i < rows.length; i += 100) await trx.insertInto('claims').values(rows.slice(i, i + 100)).execute();
        const lines = claims.flatMap((c, k) => c.lines.map((l) => ({ claim_id: ids[k], line_number: l.lineNumber, line_control: l.lineControl ?? null, procedure_code: l.procedureCode ?? null, charge: new Decimal(l.charge).toFixed(2), units: l.units ?? null })));
        for (let i = 0; i < lines.length; i += 200) await trx.insertInto('claim_lines').values(lines.slice(i, i + 200)).execute();
        await appendEvents(
          trx,
          claims.map((c, k) => ({ id: ids[k], state: null, to: rows[k].state, position: { loop: `claim ${c.index + 1}` }, detail: c.rejected?.length ? { codes: c.rejected.map((r) => r.code) } : undefined })),
          file.id,
        );
        const joined = visits.filter((v, k) => v !== ids[k]);
        if (joined.length) await refreshVisits(trx, joined);
        beforeCommit('recordBatch');
        return { file, claimIds: ids };
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
