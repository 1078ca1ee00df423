/**
 * The billers' workbench tables (issue 7): people and systems who use the workbench, their sessions, an
 * append-only audit log, and what billers did to claims (corrections, resubmissions, voids) with the
 * optimistic-locking version of each claim. Kept apart from the gateway's tables: the gateway never
 * reads them. Same dialect-neutral rules as the ledger (text ids, ISO times, 0/1 booleans). Their
 * migrations: migrations/0007-workbench.ts and migrations/0008-workbench-patient-columns.ts.
 */
import type { Kysely } from 'kysely';
import type { LedgerDatabase } from './schema.js';

export const ROLES = ['admin', 'biller', 'read-only'] as const;
export type Role = (typeof ROLES)[number];

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  /** scrypt$N$r$p$salt$hash (base64url) */
  password_hash: string;
  disabled: number;
  created_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  label: string;
  /** sha256 of the token (the token itself is shown once and never stored). */
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}

export interface WebSessionsTable {
  /** sha256 of the session cookie value. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  /** username, or "token:<label>" for a system */
  actor: string;
  role: string;
  /** view | search | export | resubmit | void | edit-refused | reprocess | login | login-failed | logout | statement */
  action: string;
  claim_id: string | null;
  file_id: string | null;
  /** JSON: ids, codes, counts — never claim content. */
  detail: string | null;
}

export interface ClaimActionsTable {
  id: string;
  claim_id: string;
  /** resubmit-original | resubmit-replacement | void */
  action: string;
  /** The claim the action created (the new 837 claim), if any. */
  new_claim_id: string | null;
  actor: string;
  at: string;
  /** CLM05-3 frequency sent: 1, 7 or 8 */
  frequency: string;
  /** JSON: changed field paths (never values), payer claim number used. */
  detail: string | null;
}

export interface ClaimVersionsTable {
  claim_id: string;
  /** Optimistic lock: an edit names the version it started from; a stale one is refused. */
  version: number;
  updated_at: string;
  updated_by: string;
}

export interface WorkbenchTables {
  users: UsersTable;
  api_tokens: ApiTokensTable;
  web_sessions: WebSessionsTable;
  audit_log: AuditLogTable;
  claim_actions: ClaimActionsTable;
  claim_versions: ClaimVersionsTable;
}

export type WorkbenchDatabase = LedgerDatabase & WorkbenchTables;

/** The ledger's Kysely handle seen with the workbench tables too (same database, same connection). */
export const workbenchDb = (db: Kysely<LedgerDatabase>): Kysely<WorkbenchDatabase> => db as unknown as Kysely<WorkbenchDatabase>;
