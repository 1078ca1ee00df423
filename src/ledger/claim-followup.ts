/**
 * Appeals and triage of worklist claims (migration 0015-claim-followup): read and write. The appeal's
 * state moves drafted → sent → answered only forward; every write is the caller's to audit-log.
 */
import type { Kysely } from 'kysely';
import type { LedgerDatabase } from './schema.js';
import { inChunks } from './in-chunks.js';

export const APPEAL_STATUSES = ['drafted', 'sent', 'answered'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

export interface ClaimAppealsTable {
  claim_id: string;
  status: AppealStatus;
  deadline: string | null;
  argument: string;
  answer: string | null;
  drafted_at: string;
  drafted_by: string;
  sent_at: string | null;
  answered_at: string | null;
  updated_at: string;
}

export interface ClaimTriageTable {
  claim_id: string;
  assignee: string | null;
  note: string | null;
  follow_up: string | null;
  updated_at: string;
  updated_by: string;
}

export interface FollowupTables {
  claim_appeals: ClaimAppealsTable;
  claim_triage: ClaimTriageTable;
}

type Db = Kysely<LedgerDatabase & FollowupTables>;
const followupDb = (db: Kysely<LedgerDatabase>) => db as unknown as Db;

export async function appealOf(db: Kysely<LedgerDatabase>, claimId: string): Promise<ClaimAppealsTable | undefined> {
  return followupDb(db).selectFrom('claim_appeals').selectAll().where('claim_id', '=', claimId).executeTakeFirst();
}

export type AppealChange = { ok: true; appeal: ClaimAppealsTable } | { ok: false; message: string };

/**
 * Saves the argument and/or moves the appeal forward. The first save drafts it with its deadline; a
 * status never moves back (an answered appeal stays answered).
 */
export async function saveAppeal(db: Kysely<LedgerDatabase>, claimId: string, change: { argument?: string; status?: AppealStatus; answer?: string; deadline: string | null; actor: string; at: string }): Promise<AppealChange> {
  const fdb = followupDb(db);
  return fdb.transaction().execute(async (tx) => {
    const now = await tx.selectFrom('claim_appeals').selectAll().where('claim_id', '=', claimId).executeTakeFirst();
    const status = change.status ?? now?.status ?? 'drafted';
    if (now && APPEAL_STATUSES.indexOf(status) < APPEAL_STATUSES.indexOf(now.status)) return { ok: false as const, message: `The appeal is already ${now.status}: it cannot go back to ${status}.` };
    const row: ClaimAppealsTable = {
      claim_id: claimId,
      status,
      deadline: now?.deadline ?? change.deadline,
      argument: change.argument ?? now?.argument ?? '',
      answer: change.answer ?? now?.answer ?? null,
      drafted_at: now?.drafted_at ?? change.at,
      drafted_by: now?.drafted_by ?? change.actor,
      sent_at: now?.sent_at ?? (status === 'sent' || status === 'answered' ? change.at : null),
      answered_at: now?.answered_at ?? (status === 'answered' ? change.at : null),
      updated_at: change.at,
    };
    if (now) await tx.updateTable('claim_appeals').set(row).where('claim_id', '=', claimId).execute();
    else await tx.insertInto('claim_appeals').values(row).execute();
    return { ok: true as const, appeal: row };
  });
}

export async function setTriage(db: Kysely<LedgerDatabase>, claimId: string, t: { assignee: string | null; note: string | null; followUp: string | null; actor: string; at: string }): Promise<ClaimTriageTable> {
  const row: ClaimTriageTable = { claim_id: claimId, assignee: t.assignee, note: t.note, follow_up: t.followUp, updated_at: t.at, updated_by: t.actor };
  await followupDb(db)
    .insertInto('claim_triage')
    .values(row)
    .onConflict((oc) => oc.column('claim_id').doUpdateSet({ assignee: row.assignee, note: row.note, follow_up: row.follow_up, updated_at: row.updated_at, updated_by: row.updated_by }))
    .execute();
  return row;
}

/** Triage and appeal of each claim (for a worklist page). */
export async function followupsOf(db: Kysely<LedgerDatabase>, claimIds: string[]): Promise<Map<string, { triage?: ClaimTriageTable; appeal?: ClaimAppealsTable }>> {
  const fdb = followupDb(db);
  const triage = await inChunks(claimIds, (chunk) => fdb.selectFrom('claim_triage').selectAll().where('claim_id', 'in', chunk).execute());
  const appeals = await inChunks(claimIds, (chunk) => fdb.selectFrom('claim_appeals').selectAll().where('claim_id', 'in', chunk).execute());
  const out = new Map<string, { triage?: ClaimTriageTable; appeal?: ClaimAppealsTable }>();
  for (const t of triage) out.set(t.claim_id, { ...out.get(t.claim_id), triage: t });
  for (const a of appeals) out.set(a.claim_id, { ...out.get(a.claim_id), appeal: a });
  return out;
}
