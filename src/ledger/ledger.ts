/**
 * The ledger: every fact the gateway learns, recorded in transactions so that a crash at any point
 * leaves either all of a step or none of it.
 *
 *  - intake: a claim batch and its claims (queued or scrub-rejected), keyed by the batch's content hash;
 *  - generation: ISA13/GS06 reserved from per-partner counters, the 837 bytes, its interchange, group and
 *    transaction sets, and the claims' move to `generated` — one transaction, keyed by a chunk key so a
 *    retry gets the same numbers and the same bytes back;
 *  - transport: spooled / uploading / uploaded;
 *  - responses: TA1 → interchange, 999 → group + transaction sets, 277CA → claims, 835 → claims; each
 *    response file once (content hash), each 835 once (payer + TRN02); what matches nothing is kept in
 *    `unmatched`, never dropped.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { Kysely } from 'kysely';
import { canTransition, deriveState, IllegalTransitionError, isFinal, type ClaimState } from './lifecycle.js';
import { paymentOutcome } from './outcome.js';
import { patientColumns } from './patient-columns.js';
import {
  Ack999PostingSchema,
  ClaimStatusPostingSchema,
  IntakeClaimSchema,
  RemittancePostingSchema,
  Ta1PostingSchema,
  type Ack999Posting,
  type ClaimStatusPosting,
  type IntakeClaim,
  type RemittancePosting,
  type SourcePosition,
  type Ta1Posting,
} from './posting-types.js';
import type { ClaimEventRow, ClaimRow, FileDirection, FileRow, LedgerDatabase } from './schema.js';
import { inChunks } from './in-chunks.js';

type Q = Kysely<LedgerDatabase>;

export interface LedgerOptions {
  now?: () => Date;
  /** Called inside each write transaction just before it commits, with the operation's name (crash tests). */
  beforeCommit?: (operation: string) => void;
}

export class ControlNumberExhaustedError extends Error {}
export class ClaimNotQueuedError extends Error {
  constructor(readonly claimIds: string[]) {
    super(`${claimIds.length} claim(s) are no longer queued (already in an interchange); refusing to put them in another`);
  }
}

export const MAX_CONTROL_NUMBER = 999_999_999;

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Claim ids are derived from the batch content and position: the same batch always gives the same ids. */
export function claimIdFor(batchSha: string, index: number): string {
  return 'C' + sha256(`${batchSha}:${index}`).slice(0, 19).toUpperCase();
}

const newId = (prefix: string) => prefix + randomUUID().replace(/-/g, '').slice(0, 20);

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

export interface PostResult {
  /** The response was already posted (same content or same 835 payer + TRN02). */
  duplicate: boolean;
  transitions: number;
  unmatched: number;
  refused: number;
}

export interface PostOptions {
  /** Set the response file's state (posted / duplicate) in the same transaction. Default true; a file
   * with several postings (several 835s or TA1s) sets it itself after the last. */
  markFile?: boolean;
}

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

export type Ledger = ReturnType<typeof createLedger>;

export function createLedger(db: Q, options: LedgerOptions = {}) {
  const now = () => (options.now ?? (() => new Date()))();
  const iso = () => now().toISOString();
  const beforeCommit = (op: string) => options.beforeCommit?.(op);

  async function appendEvent(
    trx: Q,
    claim: { id: string; state: ClaimState | null },
    to: ClaimState,
    source: { fileId?: string | null; position?: SourcePosition; detail?: unknown },
  ): Promise<void> {
    const from = claim.state ?? undefined;
    if (!canTransition(from, to)) throw new IllegalTransitionError(claim.id, from, to);
    const at = iso();
    await trx
      .insertInto('claim_events')
      .values({
        claim_id: claim.id,
        from_state: claim.state,
        to_state: to,
        at,
        source_file_id: source.fileId ?? null,
        position: source.position ? JSON.stringify(source.position) : null,
        detail: source.detail === undefined ? null : JSON.stringify(source.detail),
      })
      .execute();
    await trx.updateTable('claims').set({ state: to, updated_at: at }).where('id', '=', claim.id).execute();
  }

  /** Many transitions at once (same source): checked one by one, written in bulk. */
  async function appendEvents(trx: Q, items: Array<{ id: string; state: ClaimState | null; to: ClaimState; detail?: unknown; position?: SourcePosition }>, fileId: string | null): Promise<void> {
    const at = iso();
    for (const c of items) if (!canTransition(c.state ?? undefined, c.to)) throw new IllegalTransitionError(c.id, c.state ?? undefined, c.to);
    for (let i = 0; i < items.length; i += 200) {
      const chunk = items.slice(i, i + 200);
      await trx
        .insertInto('claim_events')
        .values(chunk.map((c) => ({ claim_id: c.id, from_state: c.state, to_state: c.to, at, source_file_id: fileId, position: c.position ? JSON.stringify(c.position) : null, detail: c.detail === undefined ? null : JSON.stringify(c.detail) })))
        .execute();
    }
    // The last event of each claim decides its state.
    const last = new Map<string, ClaimState>();
    for (const c of items) last.set(c.id, c.to);
    const byTarget = new Map<ClaimState, string[]>();
    for (const [id, to] of last) byTarget.set(to, [...(byTarget.get(to) ?? []), id]);
    for (const [to, ids] of byTarget) {
      for (let i = 0; i < ids.length; i += 500) await trx.updateTable('claims').set({ state: to, updated_at: at }).where('id', 'in', ids.slice(i, i + 500)).execute();
    }
  }

  /** Applies a transition if the state machine allows it; otherwise records why it was refused. */
  async function tryTransition(trx: Q, claim: { id: string; state: ClaimState }, to: ClaimState, fileId: string, kind: string, source: { position?: SourcePosition; detail?: unknown }): Promise<boolean> {
    if (claim.state === to) return false;
    if (!canTransition(claim.state, to)) {
      await trx
        .insertInto('unmatched')
        .values({ id: newId('U'), file_id: fileId, kind, reference: claim.id, reason: `refused transition ${claim.state} -> ${to}`, created_at: iso() })
        .execute();
      return false;
    }
    await appendEvent(trx, claim, to, { fileId, ...source });
    claim.state = to;
    return true;
  }

  async function recordUnmatched(trx: Q, fileId: string, kind: string, reference: string, reason: string) {
    await trx.insertInto('unmatched').values({ id: newId('U'), file_id: fileId, kind, reference, reason, created_at: iso() }).execute();
  }

  async function reserve(trx: Q, partnerId: string, name: 'isa' | 'gs'): Promise<number> {
    for (;;) {
      const row = await trx.selectFrom('control_counters').select('next_value').where('partner_id', '=', partnerId).where('name', '=', name).executeTakeFirst();
      if (!row) {
        await trx.insertInto('control_counters').values({ partner_id: partnerId, name, next_value: 2 }).execute();
        return 1;
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

  async function claimTransitionsForTransactionSets(trx: Q, tsIds: string[]): Promise<Array<{ id: string; state: ClaimState }>> {
    if (tsIds.length === 0) return [];
    return (await inChunks(tsIds, (chunk) => trx.selectFrom('claims').select(['id', 'state']).where('transaction_set_id', 'in', chunk).execute())).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  const ledger = {
    db,

    // ------------------------------------------------------------------------------------------
    // Files
    // ------------------------------------------------------------------------------------------

    async findFileBySha(direction: FileDirection, hash: string): Promise<FileRow | undefined> {
      return db.selectFrom('files').selectAll().where('direction', '=', direction).where('dedupe_key', '=', hash).executeTakeFirst();
    },

    async findFileByPath(direction: FileDirection, localPath: string): Promise<FileRow | undefined> {
      return db.selectFrom('files').selectAll().where('direction', '=', direction).where('local_path', '=', localPath).orderBy('created_at', 'desc').executeTakeFirst();
    },

    async getFile(id: string): Promise<FileRow | undefined> {
      return db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async listFiles(filter: { direction?: FileDirection; state?: string | string[]; partnerId?: string } = {}): Promise<FileRow[]> {
      let q = db.selectFrom('files').selectAll();
      if (filter.direction) q = q.where('direction', '=', filter.direction);
      if (filter.partnerId) q = q.where('partner_id', '=', filter.partnerId);
      if (filter.state) q = q.where('state', 'in', Array.isArray(filter.state) ? filter.state : [filter.state]);
      return q.orderBy('created_at').orderBy('id').execute();
    },

    /**
     * Records a file we received (a response, in) or were given (a batch, intake). A file whose content
     * was recorded before is recorded as a duplicate of the first and reported so.
     */
    async recordFile(input: { direction: 'in' | 'intake'; partnerId?: string | null; name: string; sha256: string; size: number; kind: string; localPath?: string | null; state?: string }): Promise<{ file: FileRow; duplicateOf?: FileRow }> {
      return db.transaction().execute(async (trx) => {
        const first = await trx.selectFrom('files').selectAll().where('direction', '=', input.direction).where('dedupe_key', '=', input.sha256).executeTakeFirst();
        const at = iso();
        const row = {
          id: newId(input.direction === 'in' ? 'I' : 'B'),
          direction: input.direction,
          partner_id: input.partnerId ?? null,
          name: input.name,
          sha256: input.sha256,
          dedupe_key: first ? null : input.sha256,
          size: input.size,
          kind: input.kind,
          state: first ? 'duplicate' : (input.state ?? 'received'),
          duplicate_of: first?.id ?? null,
          local_path: input.localPath ?? null,
          remote_name: null,
          content: null,
          summary: null,
          error: null,
          attempts: 0,
          created_at: at,
          updated_at: at,
        };
        await trx.insertInto('files').values(row).execute();
        beforeCommit('recordFile');
        return { file: row, duplicateOf: first };
      });
    },

    async setFileState(id: string, state: string, extra: { localPath?: string | null; remoteName?: string | null; error?: string | null; summary?: unknown; kind?: string; attempts?: number } = {}): Promise<void> {
      const set: Record<string, unknown> = { state, updated_at: iso() };
      if (extra.localPath !== undefined) set.local_path = extra.localPath;
      if (extra.remoteName !== undefined) set.remote_name = extra.remoteName;
      if (extra.error !== undefined) set.error = extra.error;
      if (extra.summary !== undefined) set.summary = JSON.stringify(extra.summary);
      if (extra.kind !== undefined) set.kind = extra.kind;
      if (extra.attempts !== undefined) set.attempts = extra.attempts;
      await db.updateTable('files').set(set).where('id', '=', id).execute();
    },

    // ------------------------------------------------------------------------------------------
    // Intake
    // ------------------------------------------------------------------------------------------

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
        }));
        for (let i = 0; i < rows.length; i += 100) await trx.insertInto('claims').values(rows.slice(i, i + 100)).execute();
        const lines = claims.flatMap((c, k) => c.lines.map((l) => ({ claim_id: ids[k], line_number: l.lineNumber, line_control: l.lineControl ?? null, procedure_code: l.procedureCode ?? null, charge: new Decimal(l.charge).toFixed(2), units: l.units ?? null })));
        for (let i = 0; i < lines.length; i += 200) await trx.insertInto('claim_lines').values(lines.slice(i, i + 200)).execute();
        await appendEvents(
          trx,
          claims.map((c, k) => ({ id: ids[k], state: null, to: rows[k].state, position: { loop: `claim ${c.index + 1}` }, detail: c.rejected?.length ? { codes: c.rejected.map((r) => r.code) } : undefined })),
          file.id,
        );
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

    // ------------------------------------------------------------------------------------------
    // Generation: control numbers + 837 bytes + claim assignment, atomically
    // ------------------------------------------------------------------------------------------

    /**
     * Reserves ISA13 and GS06 for `partnerId`, builds the interchange with them, and records it with its
     * claims in one transaction. The same `chunkKey` again returns the interchange recorded the first
     * time (same numbers, same bytes) without reserving anything.
     */
    async generateInterchange(input: { partnerId: string; chunkKey: string; claimIds: string[]; build: (numbers: ReservedNumbers) => InterchangeBuild; onReserved?: () => void }): Promise<GeneratedInterchange> {
      return db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('interchanges')
          .innerJoin('files', 'files.id', 'interchanges.file_id')
          .innerJoin('groups', 'groups.interchange_id', 'interchanges.id')
          .select(['interchanges.id as interchangeId', 'interchanges.control_number as isa', 'groups.control_number as gs', 'files.id as fileId', 'files.name as name', 'files.content as content', 'files.sha256 as sha'])
          .where('interchanges.chunk_key', '=', input.chunkKey)
          .executeTakeFirst();
        if (existing) {
          return { fileId: existing.fileId, interchangeId: existing.interchangeId, interchangeControl: existing.isa, groupControl: existing.gs, fileName: existing.name, content: existing.content ?? '', sha256: existing.sha, created: false };
        }
        const claims = await inChunks(input.claimIds, (chunk) => trx.selectFrom('claims').select(['id', 'state', 'partner_id']).where('id', 'in', chunk).execute());
        const notQueued = input.claimIds.filter((id) => claims.find((c) => c.id === id)?.state !== 'queued');
        if (notQueued.length) throw new ClaimNotQueuedError(notQueued);
        const isa = await reserve(trx, input.partnerId, 'isa');
        const gs = await reserve(trx, input.partnerId, 'gs');
        input.onReserved?.();
        const t = now().toISOString();
        const numbers: ReservedNumbers = { interchange: isa, group: gs, date: t.slice(0, 10).replace(/-/g, ''), time: t.slice(11, 16).replace(':', '') };
        const built = input.build(numbers);
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
          for (let i = 0; i < tx.claimIds.length; i += 500) await trx.updateTable('claims').set({ transaction_set_id: tsId }).where('id', 'in', tx.claimIds.slice(i, i + 500)).execute();
          await appendEvents(trx, tx.claimIds.map((id) => ({ id, state: 'queued' as const, to: 'generated' as const, detail: { interchange: isa, group: gs, transaction: tx.controlNumber } })), fileId);
        }
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

    // ------------------------------------------------------------------------------------------
    // Responses
    // ------------------------------------------------------------------------------------------

    async postTa1(fileId: string, partnerId: string, input: Ta1Posting, opts: PostOptions = {}): Promise<PostResult> {
      const ta1 = Ta1PostingSchema.parse(input);
      return db.transaction().execute(async (trx) => {
        const result: PostResult = { duplicate: false, transitions: 0, unmatched: 0, refused: 0 };
        const ic = await trx.selectFrom('interchanges').selectAll().where('partner_id', '=', partnerId).where('direction', '=', 'out').where('control_number', '=', Number(ta1.interchangeControl)).executeTakeFirst();
        await trx
          .insertInto('acknowledgments')
          .values({ id: newId('A'), file_id: fileId, kind: 'TA1', interchange_control: ta1.interchangeControl, group_control: null, transaction_control: null, claim_id: null, status: ta1.status, detail: JSON.stringify({ note: ta1.note }), matched: ic ? 1 : 0, created_at: iso() })
          .execute();
        if (!ic) {
          await recordUnmatched(trx, fileId, 'TA1', `ISA13 ${ta1.interchangeControl}`, 'no interchange we sent has this control number');
          result.unmatched++;
        } else {
          await trx.updateTable('interchanges').set({ ta1_status: ta1.status }).where('id', '=', ic.id).execute();
          if (ta1.status === 'R') {
            await trx.updateTable('files').set({ state: 'rejected', updated_at: iso() }).where('id', '=', ic.file_id).execute();
            const ts = await trx.selectFrom('transaction_sets').innerJoin('groups', 'groups.id', 'transaction_sets.group_id').select('transaction_sets.id as id').where('groups.interchange_id', '=', ic.id).execute();
            for (const c of await claimTransitionsForTransactionSets(trx, ts.map((t) => t.id))) {
              if (await tryTransition(trx, c, 'interchange-rejected', fileId, 'TA1', { position: ta1.position, detail: { ta1: ta1.status, note: ta1.note } })) result.transitions++;
              else result.refused++;
            }
          }
        }
        if (opts.markFile !== false) await trx.updateTable('files').set({ state: 'posted', kind: 'TA1', updated_at: iso() }).where('id', '=', fileId).execute();
        beforeCommit('postTa1');
        return result;
      });
    },

    async post999(fileId: string, partnerId: string, input: Ack999Posting, opts: PostOptions = {}): Promise<PostResult> {
      const ack = Ack999PostingSchema.parse(input);
      return db.transaction().execute(async (trx) => {
        const result: PostResult = { duplicate: false, transitions: 0, unmatched: 0, refused: 0 };
        for (const g of ack.groups) {
          const group = await trx.selectFrom('groups').selectAll().where('partner_id', '=', partnerId).where('control_number', '=', Number(g.groupControl)).executeTakeFirst();
          if (!group) {
            await recordUnmatched(trx, fileId, '999', `GS06 ${g.groupControl}`, 'no functional group we sent has this control number');
            await trx
              .insertInto('acknowledgments')
              .values({ id: newId('A'), file_id: fileId, kind: '999', interchange_control: null, group_control: g.groupControl, transaction_control: null, claim_id: null, status: g.status, detail: null, matched: 0, created_at: iso() })
              .execute();
            result.unmatched++;
            continue;
          }
          await trx.updateTable('groups').set({ ack_status: g.status }).where('id', '=', group.id).execute();
          const sets = await trx.selectFrom('transaction_sets').selectAll().where('group_id', '=', group.id).execute();
          // A group rejected without AK2 detail rejects every transaction set in it.
          const verdicts = g.transactions.length ? g.transactions : g.status === 'R' ? sets.map((s) => ({ controlNumber: s.control_number, status: 'R' as const, errorCodes: [], position: g.position })) : sets.map((s) => ({ controlNumber: s.control_number, status: 'A' as const, errorCodes: [], position: g.position }));
          for (const t of verdicts) {
            const set = sets.find((s) => Number(s.control_number) === Number(t.controlNumber));
            await trx
              .insertInto('acknowledgments')
              .values({ id: newId('A'), file_id: fileId, kind: '999', interchange_control: null, group_control: g.groupControl, transaction_control: t.controlNumber, claim_id: null, status: t.status, detail: JSON.stringify({ errors: t.errorCodes }), matched: set ? 1 : 0, created_at: iso() })
              .execute();
            if (!set) {
              await recordUnmatched(trx, fileId, '999', `GS06 ${g.groupControl} ST02 ${t.controlNumber}`, 'no transaction set we sent has this control number');
              result.unmatched++;
              continue;
            }
            await trx.updateTable('transaction_sets').set({ ack_status: t.status }).where('id', '=', set.id).execute();
            const to: ClaimState = t.status === 'A' || t.status === 'E' ? 'ack-accepted' : 'ack-rejected';
            const claims = await claimTransitionsForTransactionSets(trx, [set.id]);
            const movable = claims.filter((c) => canTransition(c.state, to));
            await appendEvents(trx, movable.map((c) => ({ id: c.id, state: c.state, to, position: t.position, detail: { ik5: t.status, errors: t.errorCodes } })), fileId);
            result.transitions += movable.length;
            for (const c of claims.filter((x) => !movable.includes(x))) {
              await tryTransition(trx, c, to, fileId, '999', {});
              result.refused++;
            }
          }
          const ic = await trx.selectFrom('interchanges').select('file_id').where('id', '=', group.interchange_id).executeTakeFirst();
          if (ic) await trx.updateTable('files').set({ state: g.status === 'R' ? 'rejected' : 'acknowledged', updated_at: iso() }).where('id', '=', ic.file_id).where('state', 'in', ['uploaded', 'uploading', 'spooled', 'generated']).execute();
        }
        if (opts.markFile !== false) await trx.updateTable('files').set({ state: 'posted', kind: '999', updated_at: iso() }).where('id', '=', fileId).execute();
        beforeCommit('post999');
        return result;
      });
    },

    async postClaimStatus(fileId: string, partnerId: string, input: ClaimStatusPosting, kind: '277CA' | '277' = '277CA', opts: PostOptions = {}): Promise<PostResult> {
      const status = ClaimStatusPostingSchema.parse(input);
      return db.transaction().execute(async (trx) => {
        const result: PostResult = { duplicate: false, transitions: 0, unmatched: 0, refused: 0 };
        for (const s of status.claims) {
          const claim = await matchClaim(trx, partnerId, s.patientControlNumber, s.totalCharge, ['uploaded', 'ack-accepted', 'payer-accepted', 'pending']);
          await trx
            .insertInto('acknowledgments')
            .values({ id: newId('A'), file_id: fileId, kind, interchange_control: null, group_control: null, transaction_control: s.position?.transaction ?? null, claim_id: claim?.id ?? null, status: s.outcome, detail: JSON.stringify({ category: s.category, status: s.statusCode, entity: s.entity }), matched: claim ? 1 : 0, created_at: iso() })
            .execute();
          if (!claim) {
            await recordUnmatched(trx, fileId, kind, s.patientControlNumber, 'no claim awaiting a payer status has this patient control number');
            result.unmatched++;
            continue;
          }
          if (s.payerClaimNumber) await trx.updateTable('claims').set({ payer_claim_number: s.payerClaimNumber }).where('id', '=', claim.id).execute();
          if (await tryTransition(trx, claim, s.outcome, fileId, kind, { position: s.position, detail: { category: s.category, status: s.statusCode, entity: s.entity } })) result.transitions++;
          else result.refused++;
        }
        if (opts.markFile !== false) await trx.updateTable('files').set({ state: 'posted', kind, updated_at: iso() }).where('id', '=', fileId).execute();
        beforeCommit('postClaimStatus');
        return result;
      });
    },

    /** Posts an 835. Never twice: the same payer + TRN02 again marks the file a duplicate and posts nothing. */
    async postRemittance(fileId: string, partnerId: string | null, input: RemittancePosting, opts: PostOptions = {}): Promise<PostResult & { remittanceId?: string; duplicateOf?: string }> {
      const remit = RemittancePostingSchema.parse(input);
      return db.transaction().execute(async (trx) => {
        const result: PostResult = { duplicate: false, transitions: 0, unmatched: 0, refused: 0 };
        const prior = await trx.selectFrom('remittances').select(['id', 'file_id']).where('payer_key', '=', remit.payerKey).where('trace_number', '=', remit.traceNumber).executeTakeFirst();
        if (prior) {
          if (opts.markFile !== false) await trx.updateTable('files').set({ state: 'duplicate', duplicate_of: prior.file_id, kind: '835', updated_at: iso() }).where('id', '=', fileId).execute();
          return { ...result, duplicate: true, duplicateOf: prior.id };
        }
        const paidSum = remit.claims.reduce((s, c) => s.plus(c.paid), new Decimal(0));
        const plbSum = remit.providerAdjustments.reduce((s, p) => s.plus(p.amount), new Decimal(0));
        const balanced = paidSum.minus(plbSum).eq(remit.paymentAmount) ? 1 : 0;
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
            created_at: iso(),
          })
          .execute();
        for (const p of remit.providerAdjustments) {
          await trx.insertInto('provider_adjustments').values({ id: newId('P'), remittance_id: remittanceId, provider_id: p.providerId, reason_code: p.reason, reference: p.reference ?? null, amount: new Decimal(p.amount).toFixed(2) }).execute();
        }
        // Candidates for every CLP01 in one query; states tracked in memory as payments apply.
        const pcns = [...new Set(remit.claims.map((c) => c.patientControlNumber))];
        const candidates: Array<{ id: string; state: ClaimState; total_charge: string; payer_claim_number: string | null; patient_control_number: string; created_at: string }> = [];
        if (partnerId) {
          for (let i = 0; i < pcns.length; i += 500) {
            candidates.push(
              ...(await trx
                .selectFrom('claims')
                .select(['id', 'state', 'total_charge', 'payer_claim_number', 'patient_control_number', 'created_at'])
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
        const updates: Array<{ id: string; paid: string; patient: string; payerClaimNumber: string | null }> = [];
        for (const c of remit.claims) {
          const outcome = paymentOutcome(c);
          const eligible: ClaimState[] = outcome === 'reversed' ? ['paid', 'partially-paid', 'denied'] : ['uploaded', 'ack-accepted', 'payer-accepted', 'pending', 'reversed', 'denied', 'partially-paid'];
          let list = (byPcn.get(c.patientControlNumber) ?? []).filter((x) => eligible.includes(x.state));
          if (list.length > 1) {
            const same = list.filter((x) => new Decimal(x.total_charge).eq(c.billed));
            if (same.length) list = same;
          }
          const claim = list[0];
          const rcId = newId('Q');
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
          for (const a of c.adjustments) adjRows.push({ id: newId('J'), remittance_claim_id: rcId, line_number: null, group_code: a.group, reason_code: a.reason, amount: new Decimal(a.amount).toFixed(2), quantity: a.quantity ?? null });
          for (const l of c.lines) {
            lineRows.push({ id: newId('L'), remittance_claim_id: rcId, line_number: l.lineNumber, line_control: l.lineControl ?? null, procedure_code: l.procedureCode ?? null, charge: new Decimal(l.charge).toFixed(2), paid: new Decimal(l.paid).toFixed(2), remarks: l.remarks.length ? JSON.stringify(l.remarks) : null });
            for (const a of l.adjustments) adjRows.push({ id: newId('J'), remittance_claim_id: rcId, line_number: l.lineNumber, group_code: a.group, reason_code: a.reason, amount: new Decimal(a.amount).toFixed(2), quantity: a.quantity ?? null });
          }
          if (!claim) {
            await recordUnmatched(trx, fileId, '835', c.patientControlNumber, 'no claim we sent matches this claim payment');
            result.unmatched++;
            continue;
          }
          if (claim.state === outcome || !canTransition(claim.state, outcome)) {
            await tryTransition(trx, { id: claim.id, state: claim.state }, outcome, fileId, '835', {});
            result.refused++;
            continue;
          }
          events.push({ id: claim.id, state: claim.state, to: outcome, position: c.position, detail: { clp02: c.statusCode, paid: c.paid, patientResponsibility: c.patientResponsibility, remittance: remittanceId } });
          claim.state = outcome;
          result.transitions++;
          const reversal = outcome === 'reversed';
          updates.push({ id: claim.id, paid: reversal ? '0.00' : new Decimal(c.paid).toFixed(2), patient: reversal ? '0.00' : new Decimal(c.patientResponsibility).toFixed(2), payerClaimNumber: c.payerClaimNumber ?? claim.payer_claim_number });
        }
        for (let i = 0; i < rcRows.length; i += 100) await trx.insertInto('remittance_claims').values(rcRows.slice(i, i + 100) as never).execute();
        for (let i = 0; i < lineRows.length; i += 200) await trx.insertInto('remittance_lines').values(lineRows.slice(i, i + 200) as never).execute();
        for (let i = 0; i < adjRows.length; i += 200) await trx.insertInto('adjustments').values(adjRows.slice(i, i + 200) as never).execute();
        await appendEvents(trx, events, fileId);
        for (const u of updates) await trx.updateTable('claims').set({ paid_amount: u.paid, patient_responsibility: u.patient, payer_claim_number: u.payerClaimNumber }).where('id', '=', u.id).execute();
        if (opts.markFile !== false) await trx.updateTable('files').set({ state: 'posted', kind: '835', updated_at: iso() }).where('id', '=', fileId).execute();
        beforeCommit('postRemittance');
        return { ...result, remittanceId };
      });
    },

    // ------------------------------------------------------------------------------------------
    // Reading
    // ------------------------------------------------------------------------------------------

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

    async outboundFiles(states?: string[]): Promise<FileRow[]> {
      let q = db.selectFrom('files').selectAll().where('direction', '=', 'out');
      if (states) q = q.where('state', 'in', states);
      return q.orderBy('created_at').orderBy('id').execute();
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

    isFinal,
  };

  async function matchClaim(trx: Q, partnerId: string, pcn: string, charge: string | undefined, states: ClaimState[]) {
    let rows = await trx
      .selectFrom('claims')
      .select(['id', 'state', 'total_charge', 'payer_claim_number'])
      .where('partner_id', '=', partnerId)
      .where('patient_control_number', '=', pcn)
      .where('state', 'in', states)
      .orderBy('created_at', 'desc')
      .execute();
    if (charge !== undefined && rows.length > 1) {
      const same = rows.filter((r) => new Decimal(r.total_charge).eq(charge));
      if (same.length) rows = same;
    }
    return rows[0] as { id: string; state: ClaimState; total_charge: string; payer_claim_number: string | null } | undefined;
  }

  return ledger;
}
