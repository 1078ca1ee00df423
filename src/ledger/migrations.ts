/**
 * Schema migrations, kept in code (no migration files to ship). Each migration is written with Kysely's
 * schema builder so the same steps run on SQLite and, later, Postgres; the one dialect-specific detail
 * (the auto-increment of claim_events.seq, append-only triggers) is chosen by `dialect`.
 */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { workbenchMigration, workbenchPatientColumnsMigration } from './workbench-schema.js';
import { denialRulesMigration } from './denial-rules-migration.js';

export type LedgerDialect = 'sqlite' | 'postgres';

function initial(dialect: LedgerDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('files')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('direction', 'text', (c) => c.notNull())
        .addColumn('partner_id', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('dedupe_key', 'text')
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('duplicate_of', 'text', (c) => c.references('files.id'))
        .addColumn('local_path', 'text')
        .addColumn('remote_name', 'text')
        .addColumn('content', 'text')
        .addColumn('summary', 'text')
        .addColumn('error', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('files_dedupe').on('files').columns(['direction', 'dedupe_key']).unique().execute();
      await db.schema.createIndex('files_state').on('files').columns(['direction', 'state']).execute();

      await db.schema
        .createTable('interchanges')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('partner_id', 'text', (c) => c.notNull())
        .addColumn('direction', 'text', (c) => c.notNull())
        .addColumn('control_number', 'integer', (c) => c.notNull())
        .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
        .addColumn('chunk_key', 'text', (c) => c.unique())
        .addColumn('isa_date', 'text', (c) => c.notNull())
        .addColumn('isa_time', 'text', (c) => c.notNull())
        .addColumn('ta1_status', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('interchanges_control').on('interchanges').columns(['partner_id', 'direction', 'control_number']).unique().execute();

      await db.schema
        .createTable('groups')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('interchange_id', 'text', (c) => c.notNull().references('interchanges.id'))
        .addColumn('partner_id', 'text', (c) => c.notNull())
        .addColumn('control_number', 'integer', (c) => c.notNull())
        .addColumn('functional_id', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('ack_status', 'text')
        .execute();
      await db.schema.createIndex('groups_control').on('groups').columns(['partner_id', 'control_number']).unique().execute();

      await db.schema
        .createTable('transaction_sets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id'))
        .addColumn('control_number', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('ack_status', 'text')
        .addColumn('claim_count', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('transaction_sets_control').on('transaction_sets').columns(['group_id', 'control_number']).unique().execute();

      await db.schema
        .createTable('claims')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('batch_file_id', 'text', (c) => c.notNull().references('files.id'))
        .addColumn('batch_index', 'integer', (c) => c.notNull())
        .addColumn('partner_id', 'text', (c) => c.notNull())
        .addColumn('payer_id', 'text', (c) => c.notNull())
        .addColumn('claim_type', 'text', (c) => c.notNull())
        .addColumn('patient_control_number', 'text', (c) => c.notNull())
        .addColumn('total_charge', 'text', (c) => c.notNull())
        .addColumn('service_date', 'text')
        .addColumn('transaction_set_id', 'text', (c) => c.references('transaction_sets.id'))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('payer_claim_number', 'text')
        .addColumn('paid_amount', 'text')
        .addColumn('patient_responsibility', 'text')
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('claims_batch').on('claims').columns(['batch_file_id', 'batch_index']).unique().execute();
      await db.schema.createIndex('claims_pcn').on('claims').columns(['partner_id', 'patient_control_number']).execute();
      await db.schema.createIndex('claims_state').on('claims').columns(['state']).execute();
      await db.schema.createIndex('claims_ts').on('claims').columns(['transaction_set_id']).execute();

      await db.schema
        .createTable('claim_lines')
        .addColumn('claim_id', 'text', (c) => c.notNull().references('claims.id'))
        .addColumn('line_number', 'integer', (c) => c.notNull())
        .addColumn('line_control', 'text')
        .addColumn('procedure_code', 'text')
        .addColumn('charge', 'text', (c) => c.notNull())
        .addColumn('units', 'text')
        .addPrimaryKeyConstraint('claim_lines_pk', ['claim_id', 'line_number'])
        .execute();

      let events = db.schema.createTable('claim_events');
      events =
        dialect === 'postgres'
          ? events.addColumn('seq', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
          : events.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement());
      await events
        .addColumn('claim_id', 'text', (c) => c.notNull().references('claims.id'))
        .addColumn('from_state', 'text')
        .addColumn('to_state', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('source_file_id', 'text', (c) => c.references('files.id'))
        .addColumn('position', 'text')
        .addColumn('detail', 'text')
        .execute();
      await db.schema.createIndex('claim_events_claim').on('claim_events').columns(['claim_id', 'seq']).execute();
      if (dialect === 'sqlite') {
        // The event log is append-only: the database itself refuses changes to history.
        await sql`CREATE TRIGGER claim_events_no_update BEFORE UPDATE ON claim_events BEGIN SELECT RAISE(ABORT, 'claim_events is append-only'); END`.execute(db);
        await sql`CREATE TRIGGER claim_events_no_delete BEFORE DELETE ON claim_events BEGIN SELECT RAISE(ABORT, 'claim_events is append-only'); END`.execute(db);
      }

      await db.schema
        .createTable('remittances')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
        .addColumn('partner_id', 'text')
        .addColumn('payer_key', 'text', (c) => c.notNull())
        .addColumn('trace_number', 'text', (c) => c.notNull())
        .addColumn('payment_amount', 'text', (c) => c.notNull())
        .addColumn('payment_method', 'text', (c) => c.notNull())
        .addColumn('payment_date', 'text')
        .addColumn('payer_name', 'text')
        .addColumn('balanced', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('remittances_trace').on('remittances').columns(['payer_key', 'trace_number']).unique().execute();

      await db.schema
        .createTable('remittance_claims')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('remittance_id', 'text', (c) => c.notNull().references('remittances.id'))
        .addColumn('claim_id', 'text', (c) => c.references('claims.id'))
        .addColumn('patient_control_number', 'text', (c) => c.notNull())
        .addColumn('status_code', 'text', (c) => c.notNull())
        .addColumn('billed', 'text', (c) => c.notNull())
        .addColumn('paid', 'text', (c) => c.notNull())
        .addColumn('patient_responsibility', 'text', (c) => c.notNull())
        .addColumn('payer_claim_number', 'text')
        .addColumn('outcome', 'text')
        .addColumn('position', 'text')
        .execute();
      await db.schema.createIndex('remittance_claims_remit').on('remittance_claims').columns(['remittance_id']).execute();
      await db.schema.createIndex('remittance_claims_claim').on('remittance_claims').columns(['claim_id']).execute();

      await db.schema
        .createTable('remittance_lines')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('remittance_claim_id', 'text', (c) => c.notNull().references('remittance_claims.id'))
        .addColumn('line_number', 'integer', (c) => c.notNull())
        .addColumn('line_control', 'text')
        .addColumn('procedure_code', 'text')
        .addColumn('charge', 'text', (c) => c.notNull())
        .addColumn('paid', 'text', (c) => c.notNull())
        .addColumn('remarks', 'text')
        .execute();
      await db.schema.createIndex('remittance_lines_claim').on('remittance_lines').columns(['remittance_claim_id']).execute();

      await db.schema
        .createTable('adjustments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('remittance_claim_id', 'text', (c) => c.notNull().references('remittance_claims.id'))
        .addColumn('line_number', 'integer')
        .addColumn('group_code', 'text', (c) => c.notNull())
        .addColumn('reason_code', 'text', (c) => c.notNull())
        .addColumn('amount', 'text', (c) => c.notNull())
        .addColumn('quantity', 'text')
        .execute();
      await db.schema.createIndex('adjustments_claim').on('adjustments').columns(['remittance_claim_id']).execute();

      await db.schema
        .createTable('provider_adjustments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('remittance_id', 'text', (c) => c.notNull().references('remittances.id'))
        .addColumn('provider_id', 'text', (c) => c.notNull())
        .addColumn('reason_code', 'text', (c) => c.notNull())
        .addColumn('reference', 'text')
        .addColumn('amount', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('acknowledgments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('interchange_control', 'text')
        .addColumn('group_control', 'text')
        .addColumn('transaction_control', 'text')
        .addColumn('claim_id', 'text', (c) => c.references('claims.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('detail', 'text')
        .addColumn('matched', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('acknowledgments_file').on('acknowledgments').columns(['file_id']).execute();

      await db.schema
        .createTable('unmatched')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('control_counters')
        .addColumn('partner_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('next_value', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('control_counters_pk', ['partner_id', 'name'])
        .execute();
    },
  };
}

/** All migrations in order. Add new ones at the end with the next number; never edit a released one. */
export function ledgerMigrations(dialect: LedgerDialect): Record<string, Migration> {
  return {
    '0001-initial': initial(dialect),
    '0007-workbench': workbenchMigration(dialect),
    '0008-workbench-patient-columns': workbenchPatientColumnsMigration(dialect),
    '0014-denial-rules': denialRulesMigration(dialect),
  };
}

class InCodeProvider implements MigrationProvider {
  constructor(private readonly dialect: LedgerDialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return ledgerMigrations(this.dialect);
  }
}

export async function migrateToLatest(db: Kysely<any>, dialect: LedgerDialect): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new InCodeProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
