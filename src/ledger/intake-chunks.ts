/**
 * Chunked intake: a claim batch recorded a chunk of claims per transaction, so a batch of any size is
 * recorded in flat memory and the event loop gets a turn between chunks.
 *
 * Exactly once across a crash at any point: the batch's file row id and every claim id are derived from
 * the batch's content hash (`B` + hash, `claimIdFor(hash, index)`), so recording a chunk again after a
 * restart inserts only the claims that are not there yet. The file row says `receiving` until the last
 * chunk is in, then `processed` (or `rejected` when no claim of it can be sent).
 *
 * `recordBatch` in ledger.ts (one transaction, used by the workbench for one-claim batches) writes the
 * same rows; this module is for the outbox intake.
 */
import { Decimal } from 'decimal.js';
import type { Kysely } from 'kysely';
import { claimIdFor } from './ledger.js';
import type { ClaimState } from './lifecycle.js';
import { patientColumns } from './patient-columns.js';
import { IntakeClaimSchema, type IntakeClaim } from './posting-types.js';
import type { FileRow, LedgerDatabase } from './schema.js';

type Q = Kysely<LedgerDatabase>;

/** The id of an intake batch's file row (the same rule as `recordBatch`). */
export const batchFileIdFor = (sha256: string) => 'B' + sha256.slice(0, 20).toUpperCase();

/** Creates the batch's file row in state `receiving` (or returns it when a restart finds it there). */
export async function beginIntakeBatch(db: Q, input: { name: string; sha256: string; size: number; partnerId: string | null; localPath: string; claims: number; at: string }): Promise<FileRow> {
  const id = batchFileIdFor(input.sha256);
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
    if (existing) return existing;
    const row: FileRow = {
      id,
      direction: 'intake',
      partner_id: input.partnerId,
      name: input.name,
      sha256: input.sha256,
      dedupe_key: input.sha256,
      size: input.size,
      kind: 'batch',
      state: 'receiving',
      duplicate_of: null,
      local_path: input.localPath,
      remote_name: null,
      content: null,
      summary: JSON.stringify({ claims: input.claims }),
      error: null,
      attempts: 0,
      created_at: input.at,
      updated_at: input.at,
    };
    await trx.insertInto('files').values(row).execute();
    return row;
  });
}

/**
 * Records one chunk of a batch's claims (queued, or scrub-rejected with their findings) in one
 * transaction; claims already recorded (a chunk redone after a restart) are left as they are.
 * Returns how many were new.
 */
export async function recordIntakeChunk(db: Q, input: { fileId: string; batchSha: string; claims: IntakeClaim[]; at: string; beforeCommit?: () => void }): Promise<number> {
  const claims = input.claims.map((c) => IntakeClaimSchema.parse(c));
  if (claims.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    const ids = claims.map((c) => claimIdFor(input.batchSha, c.index));
    const present = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      for (const r of await trx.selectFrom('claims').select('id').where('id', 'in', ids.slice(i, i + 500)).execute()) present.add(r.id);
    }
    const fresh = claims.map((c, k) => ({ c, id: ids[k] })).filter((x) => !present.has(x.id));
    const at = input.at;
    const rows = fresh.map(({ c, id }) => intakeClaimRow(input.fileId, id, c, at));
    for (let i = 0; i < rows.length; i += 100) await trx.insertInto('claims').values(rows.slice(i, i + 100)).execute();
    const lines = fresh.flatMap(({ c, id }) => c.lines.map((l) => ({ claim_id: id, line_number: l.lineNumber, line_control: l.lineControl ?? null, procedure_code: l.procedureCode ?? null, charge: new Decimal(l.charge).toFixed(2), units: l.units ?? null })));
    for (let i = 0; i < lines.length; i += 200) await trx.insertInto('claim_lines').values(lines.slice(i, i + 200)).execute();
    const events = fresh.map(({ c, id }, k) => ({
      claim_id: id,
      from_state: null,
      to_state: rows[k].state,
      at,
      source_file_id: input.fileId,
      position: JSON.stringify({ loop: `claim ${c.index + 1}` }),
      detail: c.rejected?.length ? JSON.stringify({ codes: c.rejected.map((r) => r.code) }) : null,
    }));
    for (let i = 0; i < events.length; i += 200) await trx.insertInto('claim_events').values(events.slice(i, i + 200)).execute();
    input.beforeCommit?.();
    return fresh.length;
  });
}

/** The claims row of a new intake claim (queued, or scrub-rejected with its findings). `recordBatch` in ledger.ts builds the same row. */
export function intakeClaimRow(fileId: string, id: string, c: IntakeClaim, at: string) {
  return {
    id,
    batch_file_id: fileId,
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
  };
}
