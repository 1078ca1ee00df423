/**
 * 0007: the billers' workbench tables (users, tokens, sessions, audit log, claim actions and versions).
 * Their row types live in ../workbench-schema.ts; this body imports nothing from the ledger's modules.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { LedgerDialect } from './dialect.js';

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
