/**
 * The audit log: who viewed or changed which claim, file or page, append-only (the database refuses
 * UPDATE and DELETE on it). Details hold ids, codes and counts only — never claim content.
 */
import type { Kysely } from 'kysely';
import type { LedgerDatabase } from './schema.js';
import { workbenchDb, type AuditLogTable } from './workbench-schema.js';

export interface AuditEntry {
  actor: string;
  role: string;
  action: string;
  claimId?: string | null;
  fileId?: string | null;
  detail?: Record<string, unknown>;
}

export type AuditRow = AuditLogTable;
export type AuditLog = ReturnType<typeof createAuditLog>;

export function createAuditLog(ledgerDb: Kysely<LedgerDatabase>, options: { now?: () => Date } = {}) {
  const db = workbenchDb(ledgerDb);
  const now = () => (options.now ?? (() => new Date()))();
  return {
    async record(e: AuditEntry): Promise<void> {
      await db
        .insertInto('audit_log')
        .values({ at: now().toISOString(), actor: e.actor, role: e.role, action: e.action, claim_id: e.claimId ?? null, file_id: e.fileId ?? null, detail: e.detail ? JSON.stringify(e.detail) : null } as never)
        .execute();
    },

    async recordMany(entries: AuditEntry[]): Promise<void> {
      const at = now().toISOString();
      for (let i = 0; i < entries.length; i += 200) {
        await db
          .insertInto('audit_log')
          .values(entries.slice(i, i + 200).map((e) => ({ at, actor: e.actor, role: e.role, action: e.action, claim_id: e.claimId ?? null, file_id: e.fileId ?? null, detail: e.detail ? JSON.stringify(e.detail) : null })) as never)
          .execute();
      }
    },

    /** Newest first; `before` = a seq for paging. */
    async list(filter: { claimId?: string; actor?: string; action?: string; before?: number; limit?: number } = {}): Promise<AuditRow[]> {
      let q = db.selectFrom('audit_log').selectAll();
      if (filter.claimId) q = q.where('claim_id', '=', filter.claimId);
      if (filter.actor) q = q.where('actor', '=', filter.actor);
      if (filter.action) q = q.where('action', '=', filter.action);
      if (filter.before) q = q.where('seq', '<', filter.before);
      return q.orderBy('seq', 'desc').limit(filter.limit ?? 100).execute();
    },
  };
}
