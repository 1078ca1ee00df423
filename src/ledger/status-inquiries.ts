/**
 * Claim-status follow-up in the ledger (issue 14, item 2; migration 0019-claim-status-inquiries):
 *  - which claims are past their partner's silence threshold (`claimsDueForInquiry`);
 *  - a 276 recorded like an 837 (`recordStatusInquiry`): ISA13/GS06 reserved from the same per-partner
 *    counters, the bytes kept in `files` (kind 276, state `generated`), the interchange, group and
 *    transaction sets, and one `status_inquiries` row per claim with its trace number — one transaction,
 *    keyed by `inquiryKey` (a retry gets the same numbers and bytes). The existing spool and upload steps
 *    then send it exactly once, as they do 837s;
 *  - 277 answers posted (`postStatusAnswers`), each once (`answer_key`), matched by our trace, REF*EJ or
 *    REF*1K; what matches nothing goes to `unmatched`;
 *  - the claims still silent N days after an inquiry (`silentAfterInquiry`) and the follow-up worklist.
 */
import type { Kysely } from 'kysely';
import { answerMeaning, type StatusAnswer } from '../acks/status-answers.js';
import { overdueAnswer, inquiryOverdue, type SilenceReason, type StatusFollowupSettings } from '../claims/status/thresholds.js';
import { reserve, type ReservedNumbers } from './interchanges.js';
import { canTransition, type ClaimState } from './lifecycle.js';
import { newId, sha256, type LedgerContext, type Q } from './ledger-context.js';
import { advancePosting } from './posting-progress.js';
import type { PostOptions, PostResult } from './posting-results.js';
import type { LedgerDatabase } from './schema.js';

export interface StatusInquiriesTable {
  id: string;
  partner_id: string;
  claim_id: string;
  payer_id: string;
  trace: string;
  file_id: string;
  reason: string;
  created_at: string;
  answered_at: string | null;
}

export interface StatusAnswersTable {
  id: string;
  answer_key: string;
  file_id: string;
  partner_id: string;
  claim_id: string | null;
  inquiry_id: string | null;
  trace: string;
  category: string;
  status_code: string;
  entity: string | null;
  effective_date: string | null;
  charge: string | null;
  paid: string | null;
  outcome: string;
  next_step: string | null;
  position: string | null;
  created_at: string;
}

export interface StatusTables {
  status_inquiries: StatusInquiriesTable;
  status_answers: StatusAnswersTable;
}

type Db = Kysely<LedgerDatabase & StatusTables>;
const statusDb = (db: Kysely<LedgerDatabase>) => db as unknown as Db;

/** States in which an answer is awaited (and a 276 may be asked). */
export const AWAITING_STATES: readonly ClaimState[] = ['uploaded', 'ack-accepted', 'payer-accepted', 'pending'];

export interface DueClaim {
  claimId: string;
  partnerId: string;
  payerId: string;
  state: ClaimState;
  reason: SilenceReason;
  dueAt: string;
}

/** Where a partner's scan of awaiting claims resumes: the (updated_at, id) of the last claim passed. */
export interface ClaimKey {
  updatedAt: string;
  id: string;
}

export interface DueScanOptions {
  /** Due claims wanted per partner (its `maxClaimsPerFile`): reading stops at the first page that finds this many. */
  want?: (partnerId: string) => number;
  /** Claim rows read per partner per call at most (default: no bound). */
  rowBudget?: number;
  /** Claim rows per page (default 1,000). */
  pageSize?: number;
  /**
   * Each partner's resume point, kept by the caller between calls and updated here: the next call goes on
   * from where this one stopped, and wraps around to the oldest claim after the newest.
   */
  cursors?: Map<string, ClaimKey | undefined>;
}

export const DUE_SCAN_PAGE = 1_000;

/**
 * Claims of these partners past their silence threshold and not asked about within `reinquireDays`, oldest
 * due first. Reads ids and times only, a page of claims at a time by (updated_at, id) (index
 * claims_partner_updated, migration 0027). With `want`/`rowBudget` a call reads a bounded number of rows
 * whatever the backlog: it stops once `want` due claims are found or the budget is spent, returns at most
 * `want` per partner (oldest due first among what it read) and leaves the cursor just before the first due
 * claim it read but did not return, so the next call starts there (nothing is skipped; at the end it wraps).
 */
export async function claimsDueForInquiry(db: Kysely<LedgerDatabase>, settingsOf: (partnerId: string) => StatusFollowupSettings | undefined, partnerIds: readonly string[], now: Date, o: DueScanOptions = {}): Promise<DueClaim[]> {
  const out: DueClaim[] = [];
  for (const partnerId of partnerIds) {
    const s = settingsOf(partnerId);
    if (!s?.enabled) continue;
    out.push(...(await dueOfPartner(statusDb(db), partnerId, s, now, o)));
  }
  return out.sort(byDue);
}

const byDue = (a: DueClaim, b: DueClaim) => a.dueAt.localeCompare(b.dueAt) || a.claimId.localeCompare(b.claimId);

async function dueOfPartner(sdb: Db, partnerId: string, s: StatusFollowupSettings, now: Date, o: DueScanOptions): Promise<DueClaim[]> {
  const want = o.want?.(partnerId) ?? Infinity;
  const budget = o.rowBudget ?? Infinity;
  const pageSize = o.pageSize ?? DUE_SCAN_PAGE;
  // updated_at is at or after the claim's last event: a claim changed within the shortest wait is not due.
  const minWaitMs = Math.min(s.no999Hours * 3_600_000, s.no277caDays * 86_400_000, ...[s.no835Days, ...Object.values(s.no835DaysByPayer)].map((d) => d * 86_400_000));
  const cutoff = new Date(now.getTime() - minWaitMs).toISOString();
  const start = o.cursors?.get(partnerId);
  // A call that starts mid-way reads to the end, then from the oldest claim up to where it started.
  let after: ClaimKey | undefined = start;
  let upTo: ClaimKey | undefined;
  let wrapped = start === undefined;
  let read = 0;
  let next: ClaimKey | undefined;
  const found = new Map<string, { due: DueClaim; before: ClaimKey | undefined }>();
  for (;;) {
    const limit = Math.min(pageSize, budget - read);
    const page = await sdb
      .selectFrom('claims')
      .select(['id', 'state', 'payer_id', 'updated_at'])
      .where('partner_id', '=', partnerId)
      .where('state', 'in', [...AWAITING_STATES])
      .where('updated_at', '<=', cutoff)
      .$if(after !== undefined, (q) => q.where((e) => e.or([e('updated_at', '>', after!.updatedAt), e.and([e('updated_at', '=', after!.updatedAt), e('id', '>', after!.id)])])))
      .$if(upTo !== undefined, (q) => q.where((e) => e.or([e('updated_at', '<', upTo!.updatedAt), e.and([e('updated_at', '=', upTo!.updatedAt), e('id', '<=', upTo!.id)])])))
      .orderBy('updated_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    read += page.length;
    const ids = page.map((c) => c.id);
    const since = ids.length ? new Map((await sdb.selectFrom('claim_events').select(['claim_id']).select((e) => e.fn.max('at').as('at')).where('claim_id', 'in', ids).groupBy('claim_id').execute()).map((r) => [r.claim_id, String(r.at)])) : new Map<string, string>();
    const asked = ids.length ? new Map((await sdb.selectFrom('status_inquiries').select(['claim_id']).select((e) => e.fn.max('created_at').as('at')).where('claim_id', 'in', ids).groupBy('claim_id').execute()).map((r) => [r.claim_id, String(r.at)])) : new Map<string, string>();
    page.forEach((c, k) => {
      const od = overdueAnswer({ state: c.state, since: since.get(c.id) ?? now.toISOString(), payerId: c.payer_id, lastInquiryAt: asked.get(c.id) }, s, now);
      const before = k === 0 ? after : { updatedAt: page[k - 1].updated_at, id: page[k - 1].id };
      if (od && !found.has(c.id)) found.set(c.id, { due: { claimId: c.id, partnerId, payerId: c.payer_id, state: c.state, reason: od.reason, dueAt: od.dueAt }, before });
    });
    const last = page.at(-1);
    if (page.length < limit) {
      // The end of the range: wrap to the oldest claim once, else everything has been read.
      if (!wrapped && found.size < want && read < budget) {
        wrapped = true;
        upTo = start;
        after = undefined;
        continue;
      }
      next = undefined;
      break;
    }
    after = { updatedAt: last!.updated_at, id: last!.id };
    next = after;
    if (found.size >= want || read >= budget) break;
  }
  const taken = [...found.values()].map((f) => f.due).sort(byDue).slice(0, want);
  const takenIds = new Set(taken.map((d) => d.claimId));
  const firstLeft = [...found.values()].find((f) => !takenIds.has(f.due.claimId));
  o.cursors?.set(partnerId, firstLeft ? firstLeft.before : next);
  return taken;
}

export interface StatusInquiryBuild {
  text: string;
  fileName: string;
  transactions: Array<{ controlNumber: string; claimIds: string[] }>;
}

export interface RecordedInquiry {
  fileId: string;
  interchangeControl: number;
  groupControl: number;
  fileName: string;
  /** False when `inquiryKey` had been recorded before (same numbers, same bytes). */
  created: boolean;
  traces: Record<string, string>;
}

/** TRN02 of the claim at `index` in an inquiry with ISA13 `isa13`: unique per partner because ISA13 is. */
export const traceFor = (isa13: number, index: number) => `ST${isa13}-${index + 1}`;

export function statusInquiryOperations(ctx: LedgerContext) {
  const { db, now, iso, beforeCommit, appendEvents, recordUnmatched } = ctx;
  const sdb = statusDb(db);
  return {
    /**
     * Reserves ISA13/GS06, builds the 276 with them and records it (file, interchange, group, transaction
     * sets, one inquiry per claim) in one transaction. The same `inquiryKey` again returns what was
     * recorded the first time without reserving anything.
     */
    async recordStatusInquiry(input: {
      partnerId: string;
      inquiryKey: string;
      items: Array<{ claimId: string; payerId: string; reason: SilenceReason }>;
      build: (numbers: ReservedNumbers, traces: Record<string, string>) => StatusInquiryBuild;
      onReserved?: () => void;
    }): Promise<RecordedInquiry> {
      return sdb.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('interchanges')
          .innerJoin('files', 'files.id', 'interchanges.file_id')
          .innerJoin('groups', 'groups.interchange_id', 'interchanges.id')
          .select(['interchanges.control_number as isa', 'groups.control_number as gs', 'files.id as fileId', 'files.name as name'])
          .where('interchanges.chunk_key', '=', input.inquiryKey)
          .executeTakeFirst();
        if (existing) {
          const rows = await trx.selectFrom('status_inquiries').select(['claim_id', 'trace']).where('file_id', '=', existing.fileId).execute();
          return { fileId: existing.fileId, interchangeControl: existing.isa, groupControl: existing.gs, fileName: existing.name, created: false, traces: Object.fromEntries(rows.map((r) => [r.claim_id, r.trace])) };
        }
        const isa = await reserve(trx as unknown as Q, input.partnerId, 'isa');
        const gs = await reserve(trx as unknown as Q, input.partnerId, 'gs');
        input.onReserved?.();
        const t = now().toISOString();
        const numbers: ReservedNumbers = { interchange: isa, group: gs, date: t.slice(0, 10).replace(/-/g, ''), time: t.slice(11, 16).replace(':', '') };
        const traces = Object.fromEntries(input.items.map((item, k) => [item.claimId, traceFor(isa, k)]));
        const built = input.build(numbers, traces);
        const inBuild = new Set(built.transactions.flatMap((x) => x.claimIds));
        if (inBuild.size !== input.items.length || input.items.some((i) => !inBuild.has(i.claimId))) throw new Error('the built 276 does not ask about exactly the claims given');
        const at = iso();
        const fileId = newId('O');
        await trx
          .insertInto('files')
          .values({ id: fileId, direction: 'out', partner_id: input.partnerId, name: built.fileName, sha256: sha256(built.text), dedupe_key: null, size: Buffer.byteLength(built.text), kind: '276', state: 'generated', duplicate_of: null, local_path: null, remote_name: null, content: built.text, summary: JSON.stringify({ claims: input.items.length, transactions: built.transactions.length }), error: null, attempts: 0, created_at: at, updated_at: at })
          .execute();
        const interchangeId = newId('X');
        await trx.insertInto('interchanges').values({ id: interchangeId, partner_id: input.partnerId, direction: 'out', control_number: isa, file_id: fileId, chunk_key: input.inquiryKey, isa_date: numbers.date, isa_time: numbers.time, ta1_status: null, created_at: at }).execute();
        const groupId = newId('G');
        await trx.insertInto('groups').values({ id: groupId, interchange_id: interchangeId, partner_id: input.partnerId, control_number: gs, functional_id: 'HR', version: '005010X212', ack_status: null }).execute();
        for (const tx of built.transactions) await trx.insertInto('transaction_sets').values({ id: newId('T'), group_id: groupId, control_number: tx.controlNumber, type: '276', ack_status: null, claim_count: tx.claimIds.length }).execute();
        for (let i = 0; i < input.items.length; i += 200) {
          await trx
            .insertInto('status_inquiries')
            .values(input.items.slice(i, i + 200).map((item) => ({ id: newId('Q'), partner_id: input.partnerId, claim_id: item.claimId, payer_id: item.payerId, trace: traces[item.claimId], file_id: fileId, reason: item.reason, created_at: at, answered_at: null })))
            .execute();
        }
        beforeCommit('recordStatusInquiry');
        return { fileId, interchangeControl: isa, groupControl: gs, fileName: built.fileName, created: true, traces };
      });
    },

    /**
     * Posts 277 answers: each once (its `answer_key`), matched to our claim by the trace of our 276, else
     * REF*EJ (CLM01), else REF*1K; the claim moves (pended, accepted awaiting the 835, denied) when its
     * state allows; answers a person must act on keep their next step; unknown claims go to `unmatched`.
     */
    async postStatusAnswers(fileId: string, partnerId: string, answers: readonly StatusAnswer[], opts: PostOptions = {}): Promise<PostResult & { answers: number; duplicates: number }> {
      return sdb.transaction().execute(async (trx) => {
        const result = await postAnswers(trx, fileId, partnerId, answers);
        if (opts.markFile !== false) await trx.updateTable('files').set({ state: 'posted', kind: '277', updated_at: iso() }).where('id', '=', fileId).execute();
        beforeCommit('postStatusAnswers');
        return result;
      });
    },

    /**
     * One chunk of a 277's answers read from the file in order (src/gateway/inbox.ts, issue 12 round 6):
     * `from` answers of the file come before it; the chunk's transaction moves the file's posting progress
     * (posting-progress.ts) with them, so after a crash the caller skips `itemsPosted(fileId)` answers. The
     * chunk with `last` marks the file, as `postStatusAnswers` does.
     */
    async postStatusAnswersChunk(fileId: string, partnerId: string, from: number, answers: readonly StatusAnswer[], opts: PostOptions & { last?: boolean } = {}): Promise<PostResult & { answers: number; duplicates: number }> {
      return sdb.transaction().execute(async (trx) => {
        await advancePosting(trx as unknown as Q, fileId, from, answers.length);
        const result = await postAnswers(trx, fileId, partnerId, answers);
        if (opts.last && opts.markFile !== false) await trx.updateTable('files').set({ state: 'posted', kind: '277', updated_at: iso() }).where('id', '=', fileId).execute();
        beforeCommit('postStatusAnswersChunk');
        return result;
      });
    },
  };

  /** Each answer once (`answer_key`): recorded, matched to our claim (trace, REF*EJ, REF*1K), the claim moved forward when it may. */
  async function postAnswers(trx: Db, fileId: string, partnerId: string, answers: readonly StatusAnswer[]) {
    const result = { duplicate: false, transitions: 0, unmatched: 0, refused: 0, answers: 0, duplicates: 0 };
    for (const a of answers) {
      const key = sha256([partnerId, a.trace, a.patientAccountNumber ?? '', a.payerClaimNumber ?? '', a.category, a.statusCode, a.entity ?? '', a.effectiveDate ?? '', a.charge ?? '', a.paid ?? ''].join('\u001f'));
      if (await trx.selectFrom('status_answers').select('id').where('answer_key', '=', key).executeTakeFirst()) {
        result.duplicates++;
        continue;
      }
      const inquiry = await trx.selectFrom('status_inquiries').selectAll().where('partner_id', '=', partnerId).where('trace', '=', a.trace).executeTakeFirst();
      let claimId = inquiry?.claim_id;
      if (!claimId && a.patientAccountNumber) {
        claimId = (await trx.selectFrom('claims').select('id').where('partner_id', '=', partnerId).where('patient_control_number', '=', a.patientAccountNumber).where('state', 'not in', ['queued', 'scrub-rejected', 'generated']).orderBy('created_at', 'desc').executeTakeFirst())?.id;
      }
      if (!claimId && a.payerClaimNumber) {
        claimId = (await trx.selectFrom('claims').select('id').where('partner_id', '=', partnerId).where('payer_claim_number', '=', a.payerClaimNumber).orderBy('created_at', 'desc').executeTakeFirst())?.id;
      }
      const meaning = answerMeaning(a.category, a.statusCode, a.entity);
      await trx
        .insertInto('status_answers')
        .values({ id: newId('R'), answer_key: key, file_id: fileId, partner_id: partnerId, claim_id: claimId ?? null, inquiry_id: inquiry?.id ?? null, trace: a.trace, category: a.category, status_code: a.statusCode, entity: a.entity ?? null, effective_date: a.effectiveDate ?? null, charge: a.charge ?? null, paid: a.paid ?? null, outcome: claimId ? meaning.outcome : 'none', next_step: claimId ? (meaning.nextStep ?? null) : null, position: a.position ? JSON.stringify(a.position) : null, created_at: iso() })
        .execute();
      result.answers++;
      if (!claimId) {
        await recordUnmatched(trx as unknown as Q, fileId, '277', `TRN02 ${a.trace}`, 'no claim of ours has this trace number, patient account number (REF*EJ) or payer claim number (REF*1K)');
        result.unmatched++;
        continue;
      }
      const at = iso();
      if (inquiry) await trx.updateTable('status_inquiries').set({ answered_at: at }).where('id', '=', inquiry.id).where('answered_at', 'is', null).execute();
      else await trx.updateTable('status_inquiries').set({ answered_at: at }).where('claim_id', '=', claimId).where('answered_at', 'is', null).execute();
      const claim = await trx.selectFrom('claims').select(['id', 'state', 'payer_claim_number']).where('id', '=', claimId).executeTakeFirstOrThrow();
      if (a.payerClaimNumber && !claim.payer_claim_number) await trx.updateTable('claims').set({ payer_claim_number: a.payerClaimNumber }).where('id', '=', claimId).execute();
      const to: ClaimState | undefined = meaning.outcome === 'pending' ? 'pending' : meaning.outcome === 'finalized-paid' ? 'payer-accepted' : meaning.outcome === 'denied' ? 'denied' : undefined;
      // An answer never moves a claim back (a paid claim stays paid; an already pended one stays pended).
      const forward = to && claim.state !== to && canTransition(claim.state, to) && !(to === 'payer-accepted' && claim.state === 'payer-accepted');
      if (forward) {
        await appendEvents(trx as unknown as Q, [{ id: claimId, state: claim.state, to: to!, position: a.position, detail: { source: '277', category: a.category, status: a.statusCode, entity: a.entity, paid: a.paid } }], fileId);
        result.transitions++;
      }
    }
    return result;
  }
}

export interface SilentClaim {
  claimId: string;
  partnerId: string;
  payerId: string;
  state: ClaimState;
  /** The last inquiry's trace and when it was recorded. */
  trace: string;
  askedAt: string;
  nextStep: string;
}

/** Where a scan of open inquiries resumes: the (created_at, id) of the last inquiry passed. */
export interface InquiryKey {
  createdAt: string;
  id: string;
}

export const SILENT_SCAN_PAGE = 1_000;
const SENT_FILE_STATES = ['uploaded', 'acknowledged'];

/**
 * One page of claims still awaiting an answer whose latest 276 (uploaded) has had no 277 for the partner's
 * `silentAfterInquiryDays`: at most `rows` open inquiries read (oldest first by (created_at, id), index
 * status_inquiries_open), from `after`. `next` is where the following page starts, undefined after the last.
 */
export async function silentAfterInquiryPage(db: Kysely<LedgerDatabase>, now: Date, settingsOf: (partnerId: string) => StatusFollowupSettings | undefined, o: { after?: InquiryKey; rows?: number } = {}): Promise<{ claims: SilentClaim[]; next: InquiryKey | undefined; read: number }> {
  const sdb = statusDb(db);
  const limit = o.rows ?? SILENT_SCAN_PAGE;
  const after = o.after;
  const rows = await sdb
    .selectFrom('status_inquiries as q')
    .innerJoin('claims', 'claims.id', 'q.claim_id')
    .innerJoin('files', 'files.id', 'q.file_id')
    .select(['q.id', 'q.claim_id', 'q.partner_id', 'q.payer_id', 'q.trace', 'q.created_at', 'claims.state'])
    .where('q.answered_at', 'is', null)
    .where('claims.state', 'in', [...AWAITING_STATES])
    .where('files.state', 'in', SENT_FILE_STATES)
    .$if(after !== undefined, (q) => q.where((e) => e.or([e('q.created_at', '>', after!.createdAt), e.and([e('q.created_at', '=', after!.createdAt), e('q.id', '>', after!.id)])])))
    .orderBy('q.created_at')
    .orderBy('q.id')
    .limit(limit)
    .execute();
  // Only a claim's latest sent inquiry counts (an older one left unanswered by a newer, answered one does not).
  const ids = [...new Set(rows.map((r) => r.claim_id))];
  const latest = ids.length
    ? new Map(
        (await sdb.selectFrom('status_inquiries as q').innerJoin('files', 'files.id', 'q.file_id').select(['q.claim_id']).select((e) => e.fn.max('q.created_at').as('at')).where('q.claim_id', 'in', ids).where('files.state', 'in', SENT_FILE_STATES).groupBy('q.claim_id').execute()).map((r) => [r.claim_id, String(r.at)]),
      )
    : new Map<string, string>();
  const claims: SilentClaim[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const s = settingsOf(r.partner_id);
    if (!s || seen.has(r.claim_id) || latest.get(r.claim_id) !== r.created_at || !inquiryOverdue(r.created_at, s, now)) continue;
    seen.add(r.claim_id);
    claims.push({ claimId: r.claim_id, partnerId: r.partner_id, payerId: r.payer_id, state: r.state, trace: r.trace, askedAt: r.created_at, nextStep: `No answer to the claim-status inquiry (276, trace ${r.trace}) after ${s.silentAfterInquiryDays} days: call the payer with the trace number, or check its portal.` });
  }
  const last = rows.at(-1);
  return { claims, next: rows.length < limit || !last ? undefined : { createdAt: last.created_at, id: last.id }, read: rows.length };
}

/**
 * Claims still awaiting an answer whose latest 276 (uploaded) has had no 277 for the partner's
 * `silentAfterInquiryDays` — the worklist's "silent after inquiry" entries (all of them, a page at a time;
 * the alerts step reads a bounded number of pages per scan instead: src/gateway/status-followup.ts).
 */
export async function silentAfterInquiry(db: Kysely<LedgerDatabase>, now: Date, settingsOf: (partnerId: string) => StatusFollowupSettings | undefined): Promise<SilentClaim[]> {
  const out: SilentClaim[] = [];
  let after: InquiryKey | undefined;
  do {
    const page = await silentAfterInquiryPage(db, now, settingsOf, { after });
    out.push(...page.claims);
    after = page.next;
  } while (after);
  return out.sort((a, b) => a.askedAt.localeCompare(b.askedAt) || a.claimId.localeCompare(b.claimId));
}

export interface StatusWorkItem {
  claimId: string;
  kind: 'silent-after-inquiry' | 'status-answer';
  at: string;
  nextStep: string;
  category?: string;
  statusCode?: string;
}

/** The follow-up worklist: claims silent after inquiry, and claims whose latest 277 answer needs a person. */
export async function statusFollowupWorklist(db: Kysely<LedgerDatabase>, now: Date, settingsOf: (partnerId: string) => StatusFollowupSettings | undefined): Promise<StatusWorkItem[]> {
  const sdb = statusDb(db);
  const answers = await sdb.selectFrom('status_answers').select(['claim_id', 'category', 'status_code', 'next_step', 'created_at', 'outcome']).where('claim_id', 'is not', null).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  const latest = new Map<string, (typeof answers)[number]>();
  for (const a of answers) if (!latest.has(a.claim_id!)) latest.set(a.claim_id!, a);
  const out: StatusWorkItem[] = [];
  for (const a of latest.values()) if (a.outcome === 'action-needed' && a.next_step) out.push({ claimId: a.claim_id!, kind: 'status-answer', at: a.created_at, nextStep: a.next_step, category: a.category, statusCode: a.status_code });
  for (const s of await silentAfterInquiry(db, now, settingsOf)) out.push({ claimId: s.claimId, kind: 'silent-after-inquiry', at: s.askedAt, nextStep: s.nextStep });
  return out.sort((a, b) => a.at.localeCompare(b.at) || a.claimId.localeCompare(b.claimId));
}

/** A claim's inquiries and answers, oldest first (for its timeline). */
export async function claimStatusHistory(db: Kysely<LedgerDatabase>, claimId: string): Promise<{ inquiries: StatusInquiriesTable[]; answers: StatusAnswersTable[] }> {
  const sdb = statusDb(db);
  const inquiries = await sdb.selectFrom('status_inquiries').selectAll().where('claim_id', '=', claimId).orderBy('created_at').execute();
  const answers = await sdb.selectFrom('status_answers').selectAll().where('claim_id', '=', claimId).orderBy('created_at').execute();
  return { inquiries, answers };
}

/** How many claim questions (276) were asked and how many answers (277) matched our claims (the demo's counters). */
export async function statusFollowupCounts(db: Kysely<LedgerDatabase>): Promise<{ statusInquiries: number; statusAnswers: number }> {
  const sdb = statusDb(db);
  const q = await sdb.selectFrom('status_inquiries').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const a = await sdb.selectFrom('status_answers').select((e) => e.fn.countAll().as('n')).where('claim_id', 'is not', null).executeTakeFirstOrThrow();
  return { statusInquiries: Number(q.n), statusAnswers: Number(a.n) };
}
