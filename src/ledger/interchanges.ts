/**
 * Generation and transport: ISA13/GS06 reserved from per-partner counters, the 837 bytes, its interchange,
 * group and transaction sets, and the claims' move to `generated` — one transaction, keyed by a chunk key
 * so a retry gets the same numbers and the same bytes back; then `uploaded`.
 */
import { stampFilePractice } from './tenants.js';
import type { LedgerContext, Q } from './ledger-context.js';
import { newId, sha256 } from './ledger-context.js';
import { forUpdate, forUpdateSkipLocked } from './sql-dialect.js';
import { inChunks } from './in-chunks.js';

export class ControlNumberExhaustedError extends Error {}
export class ClaimNotQueuedError extends Error {
  constructor(readonly claimIds: string[]) {
    super(`${claimIds.length} claim(s) are no longer queued (already in an interchange); refusing to put them in another`);
  }
}

/**
 * Another instance is generating an interchange with some of these claims right now (their rows are
 * locked): with `skipLocked` the caller moves on to other claims instead of waiting (issue 17).
 */
export class ClaimsBusyError extends Error {
  constructor(readonly claimIds: string[]) {
    super(`${claimIds.length} claim(s) are being put in an interchange by another instance; skipped`);
  }
}

export const MAX_CONTROL_NUMBER = 999_999_999;

export interface InterchangeBuild {
  /** The 837 text. */
  text: string;
  fileName: string;
  kind: string;
  functionalId: string;
  version: string;
  transactions: Array<{ controlNumber: string; type: string; claimIds: string[] }>;
}

export interface ReservedNumbers {
  interchange: number;
  group: number;
  /** CCYYMMDD and HHMM stamped in the envelope (kept, so a rebuild would be identical). */
  date: string;
  time: string;
}

export interface GeneratedInterchange {
  fileId: string;
  interchangeId: string;
  interchangeControl: number;
  groupControl: number;
  fileName: string;
  content: string;
  sha256: string;
  /** False when the chunk had been generated before (a retry): same numbers, same bytes. */
  created: boolean;
}

/** The next control number of a per-partner counter (ISA13 or GS06), reserved inside `trx`; never handed out twice. */
export async function reserve(trx: Q, partnerId: string, name: 'isa' | 'gs'): Promise<number> {
  for (;;) {
    const row = await trx.selectFrom('control_counters').select('next_value').where('partner_id', '=', partnerId).where('name', '=', name).executeTakeFirst();
    if (!row) {
      // Two instances on one PostgreSQL may both find no counter: one insert wins, the other reads its row again.
      const made = await trx
        .insertInto('control_counters')
        .values({ partner_id: partnerId, name, next_value: 2 })
        .onConflict((oc) => oc.columns(['partner_id', 'name']).doNothing())
        .executeTakeFirst();
      if (Number(made.numInsertedOrUpdatedRows ?? 0n) === 1) return 1;
      continue;
    }
    const value = row.next_value;
    if (value > MAX_CONTROL_NUMBER) throw new ControlNumberExhaustedError(`partner ${partnerId}: ${name} control numbers exhausted`);
    const res = await trx
      .updateTable('control_counters')
      .set({ next_value: value + 1 })
      .where('partner_id', '=', partnerId)
      .where('name', '=', name)
      .where('next_value', '=', value)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 1) return value;
  }
}

/** The interchange recorded earlier for `chunkKey` (a retry of the same chunk): same numbers, same bytes. */
export async function generatedChunk(trx: Q, chunkKey: string): Promise<GeneratedInterchange | undefined> {
  const existing = await trx
    .selectFrom('interchanges')
    .innerJoin('files', 'files.id', 'interchanges.file_id')
    .innerJoin('groups', 'groups.interchange_id', 'interchanges.id')
    .select(['interchanges.id as interchangeId', 'interchanges.control_number as isa', 'groups.control_number as gs', 'files.id as fileId', 'files.name as name', 'files.content as content', 'files.sha256 as sha'])
    .where('interchanges.chunk_key', '=', chunkKey)
    .executeTakeFirst();
  return existing && { fileId: existing.fileId, interchangeId: existing.interchangeId, interchangeControl: existing.isa, groupControl: existing.gs, fileName: existing.name, content: existing.content ?? '', sha256: existing.sha, created: false };
}

export function interchangeOperations(ctx: LedgerContext) {
  const { db, now, iso, beforeCommit, appendEvents } = ctx;
  return {
    /**
     * Reserves ISA13 and GS06 for `partnerId`, builds the interchange with them, and records it with its
     * claims in one transaction. The same `chunkKey` again returns the interchange recorded the first
     * time (same numbers, same bytes) without reserving anything.
     *
     * `skipLocked` (several instances on PostgreSQL): when another transaction holds some of the claims,
     * throws ClaimsBusyError at once (nothing reserved) instead of waiting for it.
     */
    async generateInterchange(input: { partnerId: string; chunkKey: string; claimIds: string[]; build: (numbers: ReservedNumbers) => InterchangeBuild | Promise<InterchangeBuild>; onReserved?: () => void; skipLocked?: boolean }): Promise<GeneratedInterchange> {
      return db.transaction().execute(async (trx) => {
        const existing = await generatedChunk(trx, input.chunkKey);
        if (existing) return existing;
        // Locked on PostgreSQL: an instance racing for the same claims waits here, then finds them generated.
        const lock = input.skipLocked ? forUpdateSkipLocked : forUpdate;
        const claims = await inChunks(input.claimIds, (chunk) => lock(trx, trx.selectFrom('claims').select(['id', 'state', 'partner_id']).where('id', 'in', chunk)).execute());
        // By id through a map (a search of the rows per id was quadratic in the chunk: 5·10⁹ steps at 100,000 claims per file).
        const stateOf = new Map<string, string>();
        for (const c of claims) if (!stateOf.has(c.id)) stateOf.set(c.id, c.state);
        if (input.skipLocked && claims.length < new Set(input.claimIds).size) throw new ClaimsBusyError(input.claimIds.filter((id) => !stateOf.has(id)));
        const notQueued = input.claimIds.filter((id) => stateOf.get(id) !== 'queued');
        if (notQueued.length) throw new ClaimNotQueuedError(notQueued);
        const isa = await reserve(trx, input.partnerId, 'isa');
        const gs = await reserve(trx, input.partnerId, 'gs');
        input.onReserved?.();
        const t = now().toISOString();
        const numbers: ReservedNumbers = { interchange: isa, group: gs, date: t.slice(0, 10).replace(/-/g, ''), time: t.slice(11, 16).replace(':', '') };
        const built = await input.build(numbers);
        const inBuild = new Set(built.transactions.flatMap((x) => x.claimIds));
        if (inBuild.size !== input.claimIds.length || input.claimIds.some((id) => !inBuild.has(id))) throw new Error('the built interchange does not carry exactly the claims asked for');
        const at = iso();
        const hash = sha256(built.text);
        const fileId = newId('O');
        await trx
          .insertInto('files')
          .values({
            id: fileId,
            direction: 'out',
            partner_id: input.partnerId,
            name: built.fileName,
            sha256: hash,
            dedupe_key: null,
            size: Buffer.byteLength(built.text),
            kind: built.kind,
            state: 'generated',
            duplicate_of: null,
            local_path: null,
            remote_name: null,
            content: built.text,
            summary: JSON.stringify({ claims: input.claimIds.length, transactions: built.transactions.length }),
            error: null,
            attempts: 0,
            created_at: at,
            updated_at: at,
          })
          .execute();
        const interchangeId = newId('X');
        await trx
          .insertInto('interchanges')
          .values({ id: interchangeId, partner_id: input.partnerId, direction: 'out', control_number: isa, file_id: fileId, chunk_key: input.chunkKey, isa_date: numbers.date, isa_time: numbers.time, ta1_status: null, created_at: at })
          .execute();
        const groupId = newId('G');
        await trx.insertInto('groups').values({ id: groupId, interchange_id: interchangeId, partner_id: input.partnerId, control_number: gs, functional_id: built.functionalId, version: built.version, ack_status: null }).execute();
        for (const tx of built.transactions) {
          const tsId = newId('T');
          await trx.insertInto('transaction_sets').values({ id: tsId, group_id: groupId, control_number: tx.controlNumber, type: tx.type, ack_status: null, claim_count: tx.claimIds.length }).execute();
          // The claims' transaction set with their new state: one UPDATE per claim, not two (issue 12, round 10).
          await appendEvents(trx, tx.claimIds.map((id) => ({ id, state: 'queued' as const, to: 'generated' as const, detail: { interchange: isa, group: gs, transaction: tx.controlNumber } })), fileId, { transaction_set_id: tsId });
        }
        await stampFilePractice(trx, fileId);
        beforeCommit('generateInterchange');
        return { fileId, interchangeId, interchangeControl: isa, groupControl: gs, fileName: built.fileName, content: built.text, sha256: hash, created: true };
      });
    },

    /** The outbound file and the claims it carries moved to `uploaded`, in one transaction. */
    async markUploaded(fileId: string, remoteName: string): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const file = await trx.selectFrom('files').select(['state']).where('id', '=', fileId).executeTakeFirstOrThrow();
        if (['uploaded', 'acknowledged', 'rejected'].includes(file.state)) return 0;
        await trx.updateTable('files').set({ state: 'uploaded', remote_name: remoteName, updated_at: iso() }).where('id', '=', fileId).execute();
        const claims = await trx
          .selectFrom('claims')
          .innerJoin('transaction_sets', 'transaction_sets.id', 'claims.transaction_set_id')
          .innerJoin('groups', 'groups.id', 'transaction_sets.group_id')
          .innerJoin('interchanges', 'interchanges.id', 'groups.interchange_id')
          .select(['claims.id as id', 'claims.state as state'])
          .where('interchanges.file_id', '=', fileId)
          .execute();
        const moving = claims.filter((c) => c.state === 'generated');
        await appendEvents(trx, moving.map((c) => ({ id: c.id, state: c.state, to: 'uploaded' as const })), fileId);
        beforeCommit('markUploaded');
        return moving.length;
      });
    },
  };
}
