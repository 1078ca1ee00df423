/**
 * The billers' workbench tables (issue 7): people and systems who use the workbench, their sessions, an
 * append-only audit log, and what billers did to claims (corrections, resubmissions, voids) with the
 * optimistic-locking version of each claim. Kept apart from the gateway's tables: the gateway never
 * reads them. Same dialect-neutral rules as the ledger (text ids, ISO times, 0/1 booleans).
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { LedgerDatabase } from './schema.js';
import type { LedgerDialect } from './migrations.js';
import { backfillPatientColumns } from './patient-columns.js';

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

export function workbenchMigration(dialect: LedgerDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema
        .createTable('web_sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      let audit = db.schema.createTable('audit_log');
      audit = dialect === 'postgres' ? audit.addColumn('seq', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity()) : audit.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement());
      await audit
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('claim_id', 'text')
        .addColumn('file_id', 'text')
        .addColumn('detail', 'text')
        .execute();
      await db.schema.createIndex('audit_log_claim').on('audit_log').columns(['claim_id', 'seq']).execute();
      if (dialect === 'sqlite') {
        await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
        await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
      }
      await db.schema
        .createTable('claim_actions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('claim_id', 'text', (c) => c.notNull().references('claims.id'))
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('new_claim_id', 'text', (c) => c.references('claims.id'))
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('frequency', 'text', (c) => c.notNull())
        .addColumn('detail', 'text')
        .execute();
      await db.schema.createIndex('claim_actions_claim').on('claim_actions').columns(['claim_id']).execute();
      await db.schema.createIndex('claim_actions_new').on('claim_actions').columns(['new_claim_id']).execute();
      await db.schema
        .createTable('claim_versions')
        .addColumn('claim_id', 'text', (c) => c.primaryKey().references('claims.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      // Indexes the workbench's lists and filters need at 100,000 claims (additive; the gateway's
      // queries are unaffected).
      await db.schema.createIndex('claims_wb_created').on('claims').columns(['created_at', 'batch_file_id', 'batch_index']).execute();
      await db.schema.createIndex('claims_wb_payer_state').on('claims').columns(['payer_id', 'state']).execute();
      // Covering index for the aging page's group-by over outstanding claims.
      await db.schema.createIndex('claims_wb_open').on('claims').columns(['state', 'transaction_set_id', 'payer_id', 'partner_id', 'total_charge']).execute();
      await db.schema.createIndex('claims_wb_service_date').on('claims').columns(['service_date']).execute();
      await db.schema.createIndex('claims_wb_pcn').on('claims').columns(['patient_control_number']).execute();
      await db.schema.createIndex('claim_events_wb_state').on('claim_events').columns(['to_state', 'claim_id']).execute();
      if (dialect === 'sqlite') {
        // Expression indexes for the provider filter and the patient statement (same expressions as the queries).
        await sql`CREATE INDEX claims_wb_npi ON claims (json_extract(data, '$.billingProvider.npi'))`.execute(db);
        await sql`CREATE INDEX claims_wb_member ON claims (json_extract(data, '$.subscriber.memberId'))`.execute(db);
      }
      await db.schema.createIndex('remittance_claims_wb_pr').on('remittance_claims').columns(['claim_id', 'patient_responsibility']).execute();
    },
  };
}

/**
 * 0008: what makes the workbench's slow pages fast at 100,000 claims (docs/workbench.md, Performance).
 *
 *  - `claims.patient_last`, `patient_first`, `member_id`: the patient's name and member id copied out of the
 *    claim JSON (written with each new claim by `recordBatch`, backfilled here for the existing ones), so
 *    the patient-balance pages sort and group on indexed columns instead of json_extract on every claim;
 *  - two partial covering indexes over the claims that leave something to the patient (the balance pages,
 *    their totals and the statement lookup read only these; a few percent of the ledger);
 *  - (state, created_at, …, amounts): the dashboard's per-state counts and sums of a day or month read one
 *    index range per state, and a one-state claims search reads its page newest first without sorting;
 *  - (payer_id, created_at, …, service_date, state): a payer search reads its page newest first and checks
 *    the date range and state in the index, and counts without touching the table;
 *  - files (direction, partner_id, state, updated_at): the dashboard's "last contact per clearinghouse"
 *    without reading the 837 bytes kept in `files.content`.
 *
 *  - (service_date, created_at, batch_file_id, batch_index, id) instead of 0007's (service_date): a
 *    service-date search finds its page's keys in the index alone.
 *
 * The expression index on the member id (0007) is dropped: the statement lookup uses the column now.
 */
export function workbenchPatientColumnsMigration(dialect: LedgerDialect): Migration {
  return {
    async up(outer: Kysely<any>) {
      // All or nothing: Kysely runs SQLite migrations outside a transaction, and a crash between the
      // ALTERs and the backfill must not leave columns that the next start would try to add again.
      if (outer.isTransaction) await steps(outer);
      else await outer.transaction().execute(steps);
    },
  };
  async function steps(db: Kysely<any>) {
    await db.schema.alterTable('claims').addColumn('patient_last', 'text').execute();
    await db.schema.alterTable('claims').addColumn('patient_first', 'text').execute();
    await db.schema.alterTable('claims').addColumn('member_id', 'text').execute();
    await backfillPatientColumns(db, dialect);
    if (dialect === 'sqlite') await sql`DROP INDEX IF EXISTS claims_wb_member`.execute(db);
    // Same predicate, written the same way, as OWING in workbench-queries.ts (a partial index is only
    // used when the query's WHERE implies the index's).
    await db.schema
      .createIndex('claims_wb_owing_claims')
      .on('claims')
      .columns(['patient_last', 'patient_first', 'service_date', 'id', 'patient_responsibility'])
      .where(sql.ref('patient_responsibility'), 'is not', null)
      .where(sql.ref('patient_responsibility'), '!=', sql.lit('0.00'))
      .execute();
    await db.schema
      .createIndex('claims_wb_owing_patients')
      .on('claims')
      .columns(['patient_last', 'patient_first', 'member_id', 'patient_responsibility', 'service_date', 'id'])
      .where(sql.ref('patient_responsibility'), 'is not', null)
      .where(sql.ref('patient_responsibility'), '!=', sql.lit('0.00'))
      .execute();
    await db.schema.createIndex('claims_wb_state_created').on('claims').columns(['state', 'created_at', 'batch_file_id', 'batch_index', 'total_charge', 'paid_amount', 'patient_responsibility']).execute();
    await db.schema.createIndex('claims_wb_payer_created').on('claims').columns(['payer_id', 'created_at', 'batch_file_id', 'batch_index', 'service_date', 'state']).execute();
    await db.schema.createIndex('files_wb_contact').on('files').columns(['direction', 'partner_id', 'state', 'updated_at']).execute();
    // Replaces claims_wb_service_date (0007): a service-date search sorts the matching claims' keys from
    // this index alone, without reading their rows.
    await db.schema.createIndex('claims_wb_service_created').on('claims').columns(['service_date', 'created_at', 'batch_file_id', 'batch_index', 'id']).execute();
    await db.schema.dropIndex('claims_wb_service_date').execute();
  }
}
