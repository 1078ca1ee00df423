/**
 * Migration 0010 (issue 11 items 4 and 5): patient accounts and bank deposits. Kept apart from the
 * gateway's tables; same dialect-neutral rules (text ids, ISO times, amounts as exact decimal strings).
 *
 *  - patient_entries: payments (cash/card/check), patient-side adjustments (hardship, small-balance) and
 *    refunds per guarantor; `amount` is positive, `kind` says which way it moves the balance;
 *    `import_key` makes a re-imported CSV line a no-op.
 *  - statement_runs / patient_statements: which statement (notice level, date, due date, amount due)
 *    each guarantor got in which run.
 *  - deposit_imports / bank_deposits: bank statement lines (credits) imported for ERA/EFT reassociation;
 *    `dedupe_key` keeps the same bank line from being imported twice.
 */
import type { Kysely, Migration } from 'kysely';
import type { LedgerDatabase } from './schema.js';

export interface PatientEntriesTable {
  id: string;
  /** guarantorIdFor(...) of the claims' subscriber (see patient-accounts.ts). */
  guarantor_id: string;
  /** payment | adjustment | refund */
  kind: string;
  /** cash | card | check (payments and refunds) */
  method: string | null;
  /** hardship | small-balance (adjustments) */
  reason: string | null;
  amount: string;
  /** YYYY-MM-DD */
  entry_date: string;
  /** Check number, card authorisation, receipt number (not PHI). */
  reference: string | null;
  actor: string;
  import_key: string | null;
  created_at: string;
  /** The practice that owns the row (migration 0022, docs/tenants.md). */
  practice_id?: string | null;
}

export interface StatementRunsTable {
  id: string;
  run_date: string;
  actor: string;
  statements: number;
  created_at: string;
  /** The practice that owns the row (migration 0022, docs/tenants.md). */
  practice_id?: string | null;
}

export interface PatientStatementsTable {
  id: string;
  run_id: string;
  guarantor_id: string;
  statement_date: string;
  level: number;
  amount_due: string;
  due_date: string;
  created_at: string;
  /** The practice that owns the row (migration 0022, docs/tenants.md). */
  practice_id?: string | null;
}

export interface DepositImportsTable {
  id: string;
  file_name: string;
  /** csv | bai2 */
  format: string;
  deposits: number;
  duplicates: number;
  skipped: number;
  actor: string;
  created_at: string;
  /** The practice that owns the row (migration 0022, docs/tenants.md). */
  practice_id?: string | null;
}

export interface BankDepositsTable {
  id: string;
  import_id: string;
  line: number;
  deposit_date: string;
  amount: string;
  reference: string;
  description: string;
  dedupe_key: string;
  created_at: string;
  /** The practice that owns the row (migration 0022, docs/tenants.md). */
  practice_id?: string | null;
}

export interface AccountsTables {
  patient_entries: PatientEntriesTable;
  statement_runs: StatementRunsTable;
  patient_statements: PatientStatementsTable;
  deposit_imports: DepositImportsTable;
  bank_deposits: BankDepositsTable;
}

export type AccountsDatabase = LedgerDatabase & AccountsTables;

export const accountsDb = (db: Kysely<LedgerDatabase>): Kysely<AccountsDatabase> => db as unknown as Kysely<AccountsDatabase>;

export function accountsMigration(): Migration {
  return {
    async up(outer: Kysely<any>) {
      if (outer.isTransaction) await steps(outer);
      else await outer.transaction().execute(steps);
    },
  };
  async function steps(db: Kysely<any>) {
    await db.schema
      .createTable('patient_entries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('guarantor_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('method', 'text')
      .addColumn('reason', 'text')
      .addColumn('amount', 'text', (c) => c.notNull())
      .addColumn('entry_date', 'text', (c) => c.notNull())
      .addColumn('reference', 'text')
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('import_key', 'text', (c) => c.unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('patient_entries_guarantor').on('patient_entries').columns(['guarantor_id', 'entry_date']).execute();
    // A guarantor's claims by the subscriber's member id (the account page, the statement).
    await db.schema.createIndex('claims_accounts_member').on('claims').columns(['member_id', 'patient_responsibility']).execute();
    await db.schema
      .createTable('statement_runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('run_date', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('statements', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('patient_statements')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('run_id', 'text', (c) => c.notNull().references('statement_runs.id'))
      .addColumn('guarantor_id', 'text', (c) => c.notNull())
      .addColumn('statement_date', 'text', (c) => c.notNull())
      .addColumn('level', 'integer', (c) => c.notNull())
      .addColumn('amount_due', 'text', (c) => c.notNull())
      .addColumn('due_date', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('patient_statements_guarantor').on('patient_statements').columns(['guarantor_id', 'statement_date']).execute();
    await db.schema
      .createTable('deposit_imports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('deposits', 'integer', (c) => c.notNull())
      .addColumn('duplicates', 'integer', (c) => c.notNull())
      .addColumn('skipped', 'integer', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('bank_deposits')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('import_id', 'text', (c) => c.notNull().references('deposit_imports.id'))
      .addColumn('line', 'integer', (c) => c.notNull())
      .addColumn('deposit_date', 'text', (c) => c.notNull())
      .addColumn('amount', 'text', (c) => c.notNull())
      .addColumn('reference', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  }
}
