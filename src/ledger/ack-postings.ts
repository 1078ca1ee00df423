/**
 * Postings of acknowledgments and claim status: TA1 → interchange, 999 → group + transaction sets,
 * 277CA/277 → claims. What matches nothing is kept in `unmatched`, never dropped.
 */
import { stampFilePractice } from './tenants.js';
import { canTransition, type ClaimState } from './lifecycle.js';
import { ack999Items, Ack999ItemSchema, ClaimStatusPostingSchema, Ta1PostingSchema, type Ack999Item, type Ack999Posting, type ClaimStatusPosting, type SourcePosition, type Ta1Posting } from './posting-types.js';
import { advancePosting } from './posting-progress.js';
import { newId, type LedgerContext, type Q } from './ledger-context.js';
import type { PostOptions, PostResult } from './posting-results.js';

export function acknowledgmentPostings(ctx: LedgerContext) {
  const { db, iso, beforeCommit, appendEvents, tryTransition, recordUnmatched, claimTransitionsForTransactionSets, matchClaim } = ctx;
  return {
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
        } else if (ta1.status === 'R' && (await interchangeAnswered(trx, ic.id))) {
          // A late TA1 rejection for an interchange a 999, 277CA or 835 already answered: the answers that
          // came after stand; the TA1 is recorded and flagged for a person, and changes nothing.
          await recordUnmatched(trx, fileId, 'TA1', `ISA13 ${ta1.interchangeControl}`, `late TA1 rejection (${ta1.note ?? 'no note'}) for an interchange already acknowledged or answered; not applied, needs a person`);
          result.refused++;
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
        await stampFilePractice(trx, fileId);
        beforeCommit('postTa1');
        return result;
      });
    },

    async post999(fileId: string, partnerId: string, input: Ack999Posting, opts: PostOptions = {}): Promise<PostResult> {
      const items = ack999Items(input);
      return db.transaction().execute(async (trx) => {
        const result = await post999Items(trx, fileId, partnerId, items);
        if (opts.markFile !== false) await trx.updateTable('files').set({ state: 'posted', kind: '999', updated_at: iso() }).where('id', '=', fileId).execute();
        await stampFilePractice(trx, fileId);
        beforeCommit('post999');
        return result;
      });
    },

    /**
     * One chunk of a 999's items read from the file in order (src/gateway/inbox.ts, issue 12 round 6):
     * `from` is how many of the file's items come before it; the chunk's transaction moves the file's
     * posting progress (posting-progress.ts) with its items, so after a crash the caller skips
     * `itemsPosted(fileId)` items. The chunk with `last` marks the file, as `post999` does.
     */
    async post999Chunk(fileId: string, partnerId: string, from: number, input: readonly Ack999Item[], opts: PostOptions & { last?: boolean } = {}): Promise<PostResult> {
      const items = input.map((i) => Ack999ItemSchema.parse(i));
      return db.transaction().execute(async (trx) => {
        await advancePosting(trx, fileId, from, items.length);
        const result = await post999Items(trx, fileId, partnerId, items);
        if (opts.last) {
          if (opts.markFile !== false) await trx.updateTable('files').set({ state: 'posted', kind: '999', updated_at: iso() }).where('id', '=', fileId).execute();
          await stampFilePractice(trx, fileId);
        }
        beforeCommit('post999Chunk');
        return result;
      });
    },

    async postClaimStatus(fileId: string, partnerId: string, input: ClaimStatusPosting, kind: '277CA' | '277' = '277CA', opts: PostOptions = {}): Promise<PostResult> {
      const status = ClaimStatusPostingSchema.parse(input);
      return db.transaction().execute(async (trx) => {
        const result = await postClaimStatuses(trx, fileId, partnerId, status.claims, kind);
        if (opts.markFile !== false) await trx.updateTable('files').set({ state: 'posted', kind, updated_at: iso() }).where('id', '=', fileId).execute();
        await stampFilePractice(trx, fileId);
        beforeCommit('postClaimStatus');
        return result;
      });
    },

    /**
     * One chunk of a 277CA's claim statuses, read from the file in order (src/gateway/inbox.ts): `from` is
     * how many of the file's claim statuses come before it. Each claim status posted adds exactly one
     * `acknowledgments` row of this file in the same transaction, so the row count is the progress: the
     * chunk is refused unless it equals `from` (docs/ledger.md "Large 277CAs"), and after a crash the
     * caller skips `claimStatusesPosted(fileId)` claim statuses. The chunk with `last` marks the file
     * (unless `markFile` is false), exactly as `postClaimStatus` does for the whole list.
     */
    async postClaimStatusChunk(fileId: string, partnerId: string, from: number, input: ClaimStatusPosting['claims'], kind: '277CA' | '277' = '277CA', opts: PostOptions & { last?: boolean } = {}): Promise<PostResult> {
      const status = ClaimStatusPostingSchema.parse({ claims: input });
      return db.transaction().execute(async (trx) => {
        const posted = await claimStatusRows(trx, fileId);
        if (posted !== from) throw new Error(`file ${fileId}: ${posted} claim statuses posted, chunk starts at ${from}; not posted (another run is posting this file?)`);
        const result = await postClaimStatuses(trx, fileId, partnerId, status.claims, kind);
        if (opts.last) {
          if (opts.markFile !== false) await trx.updateTable('files').set({ state: 'posted', kind, updated_at: iso() }).where('id', '=', fileId).execute();
          await stampFilePractice(trx, fileId);
        }
        beforeCommit('postClaimStatusChunk');
        return result;
      });
    },

    /** Claim statuses of a 277CA / 277 file already posted (its `acknowledgments` rows): where a chunked posting resumes. */
    async claimStatusesPosted(fileId: string): Promise<number> {
      return claimStatusRows(db, fileId);
    },
  };

  /**
   * A 999's items (posting-types.ts `Ack999Item`) in file order: a verdict moves its transaction set's
   * claims; a group's end records its AK9 status (or, when the group has no AK2 detail, gives every
   * transaction set of the group that status) and moves the 837 file it acknowledges. A group we never sent
   * is recorded once, at its end (its verdicts post nothing). A verdict's transaction set is found by its
   * control number through the unique index (a whole group's sets are read, once per call, only for a
   * number written differently or a group without AK2 detail): the old list scan per verdict made a 999 of
   * n transaction sets cost n² comparisons.
   */
  async function post999Items(trx: Q, fileId: string, partnerId: string, items: readonly Ack999Item[]): Promise<PostResult> {
    const result: PostResult = { duplicate: false, transitions: 0, unmatched: 0, refused: 0 };
    const groups = new Map<string, { id: string; interchange_id: string } | null>();
    const setsOf = new Map<string, Array<{ id: string; control_number: string }>>();
    const groupOf = async (groupControl: string) => {
      if (!groups.has(groupControl)) groups.set(groupControl, (await trx.selectFrom('groups').select(['id', 'interchange_id']).where('partner_id', '=', partnerId).where('control_number', '=', Number(groupControl)).executeTakeFirst()) ?? null);
      return groups.get(groupControl)!;
    };
    const sets = async (groupId: string) => {
      if (!setsOf.has(groupId)) setsOf.set(groupId, await trx.selectFrom('transaction_sets').select(['id', 'control_number']).where('group_id', '=', groupId).execute());
      return setsOf.get(groupId)!;
    };
    /** The transaction set AK202 names: by its text (index transaction_sets_control), else by number ('1' = '0001'). */
    const setOf = async (groupId: string, controlNumber: string) =>
      (await trx.selectFrom('transaction_sets').select(['id', 'control_number']).where('group_id', '=', groupId).where('control_number', '=', controlNumber).executeTakeFirst()) ??
      (await sets(groupId)).find((s) => Number(s.control_number) === Number(controlNumber));
    const verdict = async (groupId: string, groupControl: string, t: { controlNumber: string; status: string; errorCodes?: string[]; position?: SourcePosition }) => {
      const set = await setOf(groupId, t.controlNumber);
      await trx
        .insertInto('acknowledgments')
        .values({ id: newId('A'), file_id: fileId, kind: '999', interchange_control: null, group_control: groupControl, transaction_control: t.controlNumber, claim_id: null, status: t.status, detail: JSON.stringify({ errors: t.errorCodes ?? [] }), matched: set ? 1 : 0, created_at: iso() })
        .execute();
      if (!set) {
        await recordUnmatched(trx, fileId, '999', `GS06 ${groupControl} ST02 ${t.controlNumber}`, 'no transaction set we sent has this control number');
        result.unmatched++;
        return;
      }
      await trx.updateTable('transaction_sets').set({ ack_status: t.status }).where('id', '=', set.id).execute();
      const to: ClaimState = t.status === 'A' || t.status === 'E' ? 'ack-accepted' : 'ack-rejected';
      const claims = await claimTransitionsForTransactionSets(trx, [set.id]);
      const movable = claims.filter((c) => canTransition(c.state, to));
      await appendEvents(trx, movable.map((c) => ({ id: c.id, state: c.state, to, position: t.position, detail: { ik5: t.status, errors: t.errorCodes ?? [] } })), fileId);
      result.transitions += movable.length;
      for (const c of claims.filter((x) => !movable.includes(x))) {
        await tryTransition(trx, c, to, fileId, '999', {});
        result.refused++;
      }
    };
    for (const item of items) {
      const group = await groupOf(item.groupControl);
      if (item.kind === 'transaction') {
        if (group) await verdict(group.id, item.groupControl, item.transaction);
        continue;
      }
      if (!group) {
        await recordUnmatched(trx, fileId, '999', `GS06 ${item.groupControl}`, 'no functional group we sent has this control number');
        await trx
          .insertInto('acknowledgments')
          .values({ id: newId('A'), file_id: fileId, kind: '999', interchange_control: null, group_control: item.groupControl, transaction_control: null, claim_id: null, status: item.status, detail: null, matched: 0, created_at: iso() })
          .execute();
        result.unmatched++;
        continue;
      }
      await trx.updateTable('groups').set({ ack_status: item.status }).where('id', '=', group.id).execute();
      // A group without AK2 detail: every transaction set in it takes the group's verdict (rejected or accepted).
      if (item.transactions === 0) for (const s of await sets(group.id)) await verdict(group.id, item.groupControl, { controlNumber: s.control_number, status: item.status === 'R' ? 'R' : 'A', errorCodes: [], position: item.position });
      const ic = await trx.selectFrom('interchanges').select('file_id').where('id', '=', group.interchange_id).executeTakeFirst();
      if (ic) await trx.updateTable('files').set({ state: item.status === 'R' ? 'rejected' : 'acknowledged', updated_at: iso() }).where('id', '=', ic.file_id).where('state', 'in', ['uploaded', 'uploading', 'spooled', 'generated']).execute();
    }
    return result;
  }

  /** Each claim status: its `acknowledgments` row (always, matched or not), then the claim's transition. */
  async function postClaimStatuses(trx: Q, fileId: string, partnerId: string, claims: ClaimStatusPosting['claims'], kind: '277CA' | '277'): Promise<PostResult> {
    const result: PostResult = { duplicate: false, transitions: 0, unmatched: 0, refused: 0 };
    for (const s of claims) {
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
    return result;
  }
}

/** Rows of `acknowledgments` of one file (index acknowledgments_file). */
async function claimStatusRows(q: Q, fileId: string): Promise<number> {
  const row = await q.selectFrom('acknowledgments').select((eb) => eb.fn.countAll<number>().as('n')).where('file_id', '=', fileId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** True when a 999 acknowledged the interchange's group, or any of its claims moved past `uploaded`. */
async function interchangeAnswered(trx: Q, interchangeId: string): Promise<boolean> {
  const acked = await trx.selectFrom('groups').select('id').where('interchange_id', '=', interchangeId).where('ack_status', 'is not', null).executeTakeFirst();
  if (acked) return true;
  const moved = await trx
    .selectFrom('claims')
    .innerJoin('transaction_sets', 'transaction_sets.id', 'claims.transaction_set_id')
    .innerJoin('groups', 'groups.id', 'transaction_sets.group_id')
    .select('claims.id')
    .where('groups.interchange_id', '=', interchangeId)
    .where('claims.state', 'not in', ['generated', 'uploaded', 'interchange-rejected'])
    .executeTakeFirst();
  return !!moved;
}
