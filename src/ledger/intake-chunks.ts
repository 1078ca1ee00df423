/**
 * Chunked intake: a claim batch recorded a chunk of claims per transaction, so a batch of any size is
 * recorded in flat memory and the event loop gets a turn between chunks.
 *
 * Exactly once across a crash at any point: the batch's file row id and every claim id are derived from
 * the batch's content hash (`B` + hash, `claimIdFor(hash, index)`), so recording a chunk again after a
 * restart inserts only the claims that are not there yet. The file row says `receiving` until the last
 * chunk is in, then `processed` (or `rejected` when no claim of it can be sent).
 *
 * `recordBatch` (intake.ts: one transaction, used by the workbench for one-claim batches) inserts its
 * claims through the same `insertIntakeClaims`.
 */
import { cents } from '../accounts/money.js';
import type { Kysely } from 'kysely';
import { claimContentKey, DUPLICATE_CLAIM } from './duplicate-claims.js';
import type { DuplicateClaim } from './intake.js';
import { claimIdFor } from './ledger-context.js';
import { REJECTED_BEFORE_ADJUDICATION, type ClaimState } from './lifecycle.js';
import { patientColumns } from './patient-columns.js';
import { insertRows } from './insert-rows.js';
import { toIntakeClaim } from './intake-claim-check.js';
import type { IntakeClaim } from './posting-types.js';
import type { FileRow, LedgerDatabase } from './schema.js';
import { claimPracticeResolver, partnerPractice, stampFilePracticeAfterChunk } from './tenants.js';
import { lineageOf, refreshVisits, visitForNewClaim } from './visits.js';

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
      practice_id: await partnerPractice(trx, input.partnerId),
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
 * Returns how many were new and which of the new ones duplicate a claim already sent.
 */
export async function recordIntakeChunk(db: Q, input: { fileId: string; batchSha: string; claims: IntakeClaim[]; at: string; beforeCommit?: () => void }): Promise<{ recorded: number; duplicates: DuplicateClaim[] }> {
  const claims = input.claims.map(toIntakeClaim);
  if (claims.length === 0) return { recorded: 0, duplicates: [] };
  return db.transaction().execute(async (trx) => {
    const ids = claims.map((c) => claimIdFor(input.batchSha, c.index));
    const present = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      for (const r of await trx.selectFrom('claims').select('id').where('id', 'in', ids.slice(i, i + 500)).execute()) present.add(r.id);
    }
    const fresh = claims.filter((_, k) => !present.has(ids[k]));
    const duplicates = await insertIntakeClaims(trx, { fileId: input.fileId, batchSha: input.batchSha, claims: fresh, at: input.at, ids: ids.filter((id) => !present.has(id)) });
    input.beforeCommit?.();
    return { recorded: fresh.length, duplicates };
  });
}

/**
 * Inserts new claims of a batch with their lines and first events, inside the caller's transaction: the
 * one place a claim enters the ledger (the outbox's chunks and `recordBatch` both come here).
 *  - A claim with the content of one already sent (duplicate-claims.ts), or of an earlier claim of the
 *    same batch, is recorded scrub-rejected with DUPLICATE-CLAIM naming the earlier claim (in its event's
 *    detail, so `duplicateClaimsOf` finds it after a restart) — unless it is a replacement or void.
 *  - Each claim joins its visit: a replacement or void naming a claim we sent (REF*F8) joins that visit,
 *    whose money is netted again (visits.ts).
 * Mutates the `rejected` of the duplicates it finds; returns them.
 */
export async function insertIntakeClaims(trx: Q, input: { fileId: string; batchSha: string; claims: IntakeClaim[]; at: string; ids?: readonly string[] }): Promise<DuplicateClaim[]> {
  const { claims, at } = input;
  if (claims.length === 0) return [];
  /** `claimIdFor` of each claim (the caller's, when it has them already). */
  const ids = input.ids ?? claims.map((c) => claimIdFor(input.batchSha, c.index));
  const keys = claims.map((c) => claimContentKey(c));
  const lineages = claims.map((c) => lineageOf(c.data));
  const earlier = new Map<string, string>();
  const distinct = [...new Set(keys)];
  for (let i = 0; i < distinct.length; i += 500) {
    const rows = await trx.selectFrom('claims').select(['id', 'content_key']).where('content_key', 'in', distinct.slice(i, i + 500)).where('state', 'not in', [...REJECTED_BEFORE_ADJUDICATION]).orderBy('created_at').execute();
    for (const r of rows) if (r.content_key && !earlier.has(r.content_key)) earlier.set(r.content_key, r.id);
  }
  const duplicates: DuplicateClaim[] = [];
  claims.forEach((c, k) => {
    if (c.rejected?.length) return;
    const of = earlier.get(keys[k]);
    const deliberate = ['7', '8'].includes(lineages[k].frequency);
    if (of && !deliberate) {
      duplicates.push({ index: c.index, patientControlNumber: c.patientControlNumber, duplicateOf: of });
      c.rejected = [{ code: DUPLICATE_CLAIM, message: `This claim was already sent as claim ${of} (same billing provider, patient control number, payer, service dates and charges); it is not sent again. Send a replacement (frequency 7) to change it.` }];
    } else if (!of) earlier.set(keys[k], ids[k]);
  });
  const visits: string[] = [];
  for (let k = 0; k < claims.length; k++) visits.push((await visitForNewClaim(trx, claims[k].partnerId, lineages[k])) ?? ids[k]);
  const practiceOf = await claimPracticeResolver(trx);
  const rows = claims.map((c, k) => {
    const row = intakeClaimRow(input.fileId, ids[k], c, at);
    return Object.assign(row, { visit_id: visits[k], frequency: lineages[k].frequency, content_key: keys[k], practice_id: practiceOf(c) });
  });
  for (let i = 0; i < rows.length; i += 100) await insertRows(trx, 'claims', rows.slice(i, i + 100));
  const lines = claims.flatMap((c, k) => c.lines.map((l) => ({ claim_id: ids[k], line_number: l.lineNumber, line_control: l.lineControl ?? null, procedure_code: l.procedureCode ?? null, charge: cents(l.charge), units: l.units ?? null })));
  for (let i = 0; i < lines.length; i += 200) await insertRows(trx, 'claim_lines', lines.slice(i, i + 200));
  const duplicateOf = new Map(duplicates.map((d) => [d.index, d.duplicateOf]));
  const events = claims.map((c, k) => ({
    claim_id: ids[k],
    from_state: null,
    to_state: rows[k].state,
    at,
    source_file_id: input.fileId,
    position: JSON.stringify({ loop: `claim ${c.index + 1}` }),
    detail: c.rejected?.length ? JSON.stringify({ codes: c.rejected.map((r) => r.code), duplicateOf: duplicateOf.get(c.index), ...(c.held ? { held: c.held } : {}) }) : null,
  }));
  for (let i = 0; i < events.length; i += 200) await insertRows(trx, 'claim_events', events.slice(i, i + 200));
  const joined = visits.filter((v, k) => v !== ids[k]);
  if (joined.length) await refreshVisits(trx, joined);
  await stampFilePracticeAfterChunk(trx, input.fileId, { claimIds: ids, practices: rows.map((r) => r.practice_id) });
  return duplicates;
}

/** The claims row of a new intake claim (queued, or scrub-rejected with its findings). */
export function intakeClaimRow(fileId: string, id: string, c: IntakeClaim, at: string) {
  return {
    id,
    batch_file_id: fileId,
    batch_index: c.index,
    partner_id: c.partnerId,
    payer_id: c.payerId,
    claim_type: c.claimType,
    patient_control_number: c.patientControlNumber,
    total_charge: cents(c.totalCharge),
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
