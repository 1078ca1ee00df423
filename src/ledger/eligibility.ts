/**
 * Eligibility in the ledger (migration 0020-eligibility): appointments recorded as checks, a 270 generated
 * for them with reserved control numbers (one transaction, keyed by a chunk key so a retry gets the same
 * numbers and bytes back, exactly like generateInterchange for 837s), sent, and answered by a 271 (each
 * answer posted once; an answer for an appointment we never asked about goes to `unmatched`).
 */
import { advancePosting } from './posting-progress.js';
import { claimPracticeResolver } from './tenants.js';
import type { Kysely } from 'kysely';
import type { EligibilityAnswer, ParsedAppointment } from '../eligibility/model.js';
import { appointmentPatientKey } from '../eligibility/patient-key.js';
import { generatedChunk, reserve, type InterchangeBuild, type ReservedNumbers, type GeneratedInterchange } from './interchanges.js';
import { inChunks } from './in-chunks.js';
import { newId, sha256, type LedgerContext } from './ledger-context.js';
import type { LedgerDatabase } from './schema.js';
import { forUpdate } from './sql-dialect.js';

export type EligibilityState = 'queued' | 'generated' | 'sent' | 'answered' | 'rejected';

export interface EligibilityChecksTable {
  id: string;
  /** The practice of the appointment's provider, else of its partner (migration 0024). */
  practice_id: string;
  partner_id: string;
  appointment_id: string;
  payer_id: string;
  visit_date: string;
  patient_key: string;
  member_id: string;
  appointment: string;
  state: EligibilityState;
  source: string;
  file_id: string | null;
  transaction_control: string | null;
  answer_file_id: string | null;
  coverage: string | null;
  coverage_code: string | null;
  plan: string | null;
  group_number: string | null;
  answered_member_id: string | null;
  rejections: string | null;
  messages: string | null;
  created_at: string;
  updated_at: string;
  answered_at: string | null;
}

export interface EligibilityBenefitsTable {
  check_id: string;
  service_type: string;
  network: string;
  copay: string | null;
  coinsurance: string | null;
  deductible_total: string | null;
  deductible_remaining: string | null;
  out_of_pocket_total: string | null;
  out_of_pocket_remaining: string | null;
}

export interface EligibilityTables {
  eligibility_checks: EligibilityChecksTable;
  eligibility_benefits: EligibilityBenefitsTable;
}

type Db = Kysely<LedgerDatabase & EligibilityTables>;
const eligibilityDb = (db: Kysely<LedgerDatabase>) => db as unknown as Db;

/** What the scrubber needs about a patient's last answered check. */
export { patientKeyOf } from '../eligibility/patient-key.js';

export interface LastEligibility {
  patientKey: string;
  appointmentId: string;
  coverage: string;
  /** The member id we asked with. */
  memberId: string;
  /** The member id the payer answered with (2100C NM109), when it said one. */
  answeredMemberId?: string;
  answeredAt: string;
}

export interface EligibilityPostResult {
  duplicate: boolean;
  answered: number;
  rejected: number;
  unmatched: number;
}

export function eligibilityOperations(ctx: LedgerContext) {
  const { iso, now, beforeCommit, recordUnmatched } = ctx;
  const db = eligibilityDb(ctx.db);
  return {
    /** Records appointments as queued checks; an appointment already recorded for the partner is left as it is. */
    async recordEligibilityChecks(partnerId: string, appointments: readonly ParsedAppointment[], source: string): Promise<{ added: string[]; existing: string[] }> {
      return db.transaction().execute(async (trx) => {
        const practiceOf = await claimPracticeResolver(trx as never);
        const added: string[] = [];
        const existing: string[] = [];
        for (const a of appointments) {
          const at = iso();
          const res = await trx
            .insertInto('eligibility_checks')
            .values({
              id: newId('E'),
              // Issue 17: the practice of the appointment's provider (as for a claim's billing provider), else its partner's.
              practice_id: practiceOf({ partnerId, data: { billingProvider: { npi: a.provider.npi } } }),
              partner_id: partnerId,
              appointment_id: a.appointmentId,
              payer_id: a.payer.id,
              visit_date: a.date,
              patient_key: appointmentPatientKey(a),
              member_id: a.subscriber.memberId,
              appointment: JSON.stringify(a),
              state: 'queued',
              source,
              file_id: null,
              transaction_control: null,
              answer_file_id: null,
              coverage: null,
              coverage_code: null,
              plan: null,
              group_number: null,
              answered_member_id: null,
              rejections: null,
              messages: null,
              created_at: at,
              updated_at: at,
              answered_at: null,
            })
            .onConflict((oc) => oc.columns(['partner_id', 'appointment_id']).doNothing())
            .executeTakeFirst();
          if (Number(res.numInsertedOrUpdatedRows ?? 0n) === 1) added.push(a.appointmentId);
          else existing.push(a.appointmentId);
        }
        beforeCommit('recordEligibilityChecks');
        return { added, existing };
      });
    },

    /** Queued checks of a partner, oldest first, with their appointments. */
    async queuedEligibilityChecks(partnerId: string, limit = 500): Promise<Array<{ id: string; appointment: ParsedAppointment }>> {
      // Appointments recorded together share a timestamp; the appointment id (not the random row id) breaks the tie, so
      // the same queue always makes the same 270 (payer order, hence ST02 per payer).
      const rows = await db.selectFrom('eligibility_checks').select(['id', 'appointment']).where('partner_id', '=', partnerId).where('state', '=', 'queued').orderBy('created_at').orderBy('appointment_id').orderBy('id').limit(limit).execute();
      return rows.map((r) => ({ id: r.id, appointment: JSON.parse(r.appointment) as ParsedAppointment }));
    },

    /**
     * Reserves ISA13/GS06, builds the 270 with them and records file, interchange, group, transaction sets
     * and the checks' move to `generated` in one transaction. The same chunk key again returns what was
     * recorded the first time (same numbers, same bytes).
     */
    async generateEligibilityInterchange(input: { partnerId: string; chunkKey: string; checkIds: string[]; build: (numbers: ReservedNumbers) => InterchangeBuild & { checkControls: Record<string, string> } }): Promise<GeneratedInterchange> {
      return db.transaction().execute(async (trx) => {
        const existing = await generatedChunk(trx as unknown as Kysely<LedgerDatabase>, input.chunkKey);
        if (existing) return existing;
        const checks = await inChunks(input.checkIds, (chunk) => forUpdate(trx, trx.selectFrom('eligibility_checks').select(['id', 'state']).where('id', 'in', chunk)).execute());
        const notQueued = input.checkIds.filter((id) => checks.find((c) => c.id === id)?.state !== 'queued');
        if (notQueued.length) throw new Error(`${notQueued.length} eligibility check(s) are no longer queued; refusing to ask twice`);
        const isa = await reserve(trx as unknown as Kysely<LedgerDatabase>, input.partnerId, 'isa');
        const gs = await reserve(trx as unknown as Kysely<LedgerDatabase>, input.partnerId, 'gs');
        const t = now().toISOString();
        const numbers: ReservedNumbers = { interchange: isa, group: gs, date: t.slice(0, 10).replace(/-/g, ''), time: t.slice(11, 16).replace(':', '') };
        const built = input.build(numbers);
        const at = iso();
        const hash = sha256(built.text);
        const fileId = newId('O');
        await trx
          .insertInto('files')
          .values({ id: fileId, direction: 'out', partner_id: input.partnerId, name: built.fileName, sha256: hash, dedupe_key: null, size: Buffer.byteLength(built.text), kind: built.kind, state: 'generated', duplicate_of: null, local_path: null, remote_name: null, content: built.text, summary: JSON.stringify({ eligibilityChecks: input.checkIds.length, transactions: built.transactions.length }), error: null, attempts: 0, created_at: at, updated_at: at })
          .execute();
        const interchangeId = newId('X');
        await trx.insertInto('interchanges').values({ id: interchangeId, partner_id: input.partnerId, direction: 'out', control_number: isa, file_id: fileId, chunk_key: input.chunkKey, isa_date: numbers.date, isa_time: numbers.time, ta1_status: null, created_at: at }).execute();
        const groupId = newId('G');
        await trx.insertInto('groups').values({ id: groupId, interchange_id: interchangeId, partner_id: input.partnerId, control_number: gs, functional_id: built.functionalId, version: built.version, ack_status: null }).execute();
        for (const tx of built.transactions) await trx.insertInto('transaction_sets').values({ id: newId('T'), group_id: groupId, control_number: tx.controlNumber, type: tx.type, ack_status: null, claim_count: 0 }).execute();
        for (const id of input.checkIds) {
          await trx.updateTable('eligibility_checks').set({ state: 'generated', file_id: fileId, transaction_control: built.checkControls[id] ?? null, updated_at: at }).where('id', '=', id).execute();
        }
        beforeCommit('generateEligibilityInterchange');
        return { fileId, interchangeId, interchangeControl: isa, groupControl: gs, fileName: built.fileName, content: built.text, sha256: hash, created: true };
      });
    },

    /** The 270 file uploaded: the file and its checks move to `sent` (idempotent). */
    async markEligibilitySent(fileId: string, remoteName: string): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const file = await trx.selectFrom('files').select(['state']).where('id', '=', fileId).executeTakeFirstOrThrow();
        if (file.state === 'generated') await trx.updateTable('files').set({ state: 'uploaded', remote_name: remoteName, updated_at: iso() }).where('id', '=', fileId).execute();
        const moved = await trx.updateTable('eligibility_checks').set({ state: 'sent', updated_at: iso() }).where('file_id', '=', fileId).where('state', '=', 'generated').executeTakeFirst();
        beforeCommit('markEligibilitySent');
        return Number(moved.numUpdatedRows);
      });
    },

    /** Checks whose 270 file has left (uploaded or later) move to `sent`; the upload path itself knows nothing of checks. */
    async settleSentEligibility(): Promise<number> {
      const moved = await db
        .updateTable('eligibility_checks')
        .set({ state: 'sent', updated_at: iso() })
        .where('state', '=', 'generated')
        .where('file_id', 'in', (qb) => qb.selectFrom('files').select('id').where('direction', '=', 'out').where('state', 'not in', ['generated', 'spooled', 'uploading']))
        .executeTakeFirst();
      return Number(moved.numUpdatedRows);
    },

    /**
     * Posts a 271 file's answers to their checks (matched by partner + TRN02 = appointment id). An answer
     * for an appointment we never asked about, or one already answered by another file, is kept in
     * `unmatched`; the same file posted again changes nothing.
     */
    async postEligibilityAnswers(fileId: string, partnerId: string, answers: readonly EligibilityAnswer[], opts: { markFile?: boolean } = {}): Promise<EligibilityPostResult> {
      return db.transaction().execute(async (trx) => {
        const seen = await trx.selectFrom('eligibility_checks').select('id').where('answer_file_id', '=', fileId).executeTakeFirst();
        if (seen) return { duplicate: true, answered: 0, rejected: 0, unmatched: 0 };
        const result = await postAnswers(trx, fileId, partnerId, answers);
        if (opts.markFile !== false) await trx.updateTable('files').set({ state: 'posted', kind: '271', updated_at: iso() }).where('id', '=', fileId).execute();
        beforeCommit('postEligibilityAnswers');
        return result;
      });
    },

    /**
     * One chunk of a 271's answers read from the file in order (src/gateway/inbox.ts, issue 12 round 6):
     * `from` answers of the file come before it; the chunk's transaction moves the file's posting progress
     * (posting-progress.ts) with them, so after a crash the caller skips `itemsPosted(fileId)` answers and
     * no answer is posted twice. The chunk with `last` marks the file, as `postEligibilityAnswers` does.
     */
    async postEligibilityAnswersChunk(fileId: string, partnerId: string, from: number, answers: readonly EligibilityAnswer[], opts: { markFile?: boolean; last?: boolean } = {}): Promise<EligibilityPostResult> {
      return db.transaction().execute(async (trx) => {
        await advancePosting(trx as unknown as Kysely<LedgerDatabase>, fileId, from, answers.length);
        const result = await postAnswers(trx, fileId, partnerId, answers);
        if (opts.last && opts.markFile !== false) await trx.updateTable('files').set({ state: 'posted', kind: '271', updated_at: iso() }).where('id', '=', fileId).execute();
        beforeCommit('postEligibilityAnswersChunk');
        return result;
      });
    },

    /** Every check with its answer and benefits, newest visit first (the /eligibility page, its CSV, the API). */
    async eligibilityChecks(options: { limit?: number; appointmentId?: string } = {}): Promise<Array<EligibilityChecksTable & { benefits: EligibilityBenefitsTable[] }>> {
      let q = db.selectFrom('eligibility_checks').selectAll().orderBy('visit_date', 'desc').orderBy('appointment_id').limit(options.limit ?? 500);
      if (options.appointmentId) q = q.where('appointment_id', '=', options.appointmentId);
      const checks = await q.execute();
      const benefits = checks.length ? await inChunks(checks.map((c) => c.id), (chunk) => db.selectFrom('eligibility_benefits').selectAll().where('check_id', 'in', chunk).orderBy('service_type').orderBy('network').execute()) : [];
      return checks.map((c) => ({ ...c, benefits: benefits.filter((b) => b.check_id === c.id) }));
    },

    /** True once any 271 has been posted (intake skips the eligibility look-ups before that). */
    async hasEligibilityAnswers(): Promise<boolean> {
      return !!(await db.selectFrom('eligibility_checks').select('id').where('state', '=', 'answered').limit(1).executeTakeFirst());
    },

    /** For each patient key, the last answered check (what the scrubber warns from). */
    async lastEligibilityFor(patientKeys: readonly string[]): Promise<Map<string, LastEligibility>> {
      const out = new Map<string, LastEligibility>();
      if (!patientKeys.length) return out;
      const rows = await inChunks([...new Set(patientKeys)], (chunk) =>
        db.selectFrom('eligibility_checks').select(['patient_key', 'appointment_id', 'coverage', 'member_id', 'answered_member_id', 'answered_at']).where('patient_key', 'in', chunk).where('state', '=', 'answered').execute(),
      );
      for (const r of rows) {
        const prev = out.get(r.patient_key);
        if (prev && prev.answeredAt >= (r.answered_at ?? '')) continue;
        out.set(r.patient_key, { patientKey: r.patient_key, appointmentId: r.appointment_id, coverage: r.coverage ?? 'unknown', memberId: r.member_id, answeredMemberId: r.answered_member_id ?? undefined, answeredAt: r.answered_at ?? '' });
      }
      return out;
    },
  };

  /** Each answer to its check (partner + TRN02 = appointment id); an unknown or already answered check goes to `unmatched`. */
  async function postAnswers(trx: typeof db, fileId: string, partnerId: string, answers: readonly EligibilityAnswer[]): Promise<EligibilityPostResult> {
    const result: EligibilityPostResult = { duplicate: false, answered: 0, rejected: 0, unmatched: 0 };
    for (const a of answers) {
      const check = a.appointmentId
        ? await trx.selectFrom('eligibility_checks').selectAll().where('partner_id', '=', partnerId).where('appointment_id', '=', a.appointmentId).executeTakeFirst()
        : undefined;
      if (!check) {
        await recordUnmatched(trx as unknown as Kysely<LedgerDatabase>, fileId, '271', `TRN02 ${a.appointmentId ?? '(none)'}`, 'no eligibility check we sent has this trace number');
        result.unmatched++;
        continue;
      }
      if (check.answer_file_id) {
        await recordUnmatched(trx as unknown as Kysely<LedgerDatabase>, fileId, '271', `TRN02 ${a.appointmentId}`, 'the check was already answered by another 271; the first answer stands');
        result.unmatched++;
        continue;
      }
      const state: EligibilityState = a.coverage === 'rejected' ? 'rejected' : 'answered';
      const at = iso();
      await trx
        .updateTable('eligibility_checks')
        .set({ state, answer_file_id: fileId, coverage: a.coverage, coverage_code: a.coverageCode ?? null, plan: a.plan ?? null, group_number: a.groupNumber ?? null, answered_member_id: a.memberId ?? null, rejections: JSON.stringify(a.rejections), messages: JSON.stringify(a.messages), answered_at: at, updated_at: at })
        .where('id', '=', check.id)
        .execute();
      for (const b of a.benefits) {
        await trx
          .insertInto('eligibility_benefits')
          .values({ check_id: check.id, service_type: b.serviceType, network: b.network, copay: b.copay ?? null, coinsurance: b.coinsurance ?? null, deductible_total: b.deductible.total ?? null, deductible_remaining: b.deductible.remaining ?? null, out_of_pocket_total: b.outOfPocket.total ?? null, out_of_pocket_remaining: b.outOfPocket.remaining ?? null })
          .execute();
      }
      if (state === 'rejected') result.rejected++;
      else result.answered++;
    }
    return result;
  }
}
