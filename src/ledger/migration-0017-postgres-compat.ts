/**
 * Migration 0017-postgres-compat: what PostgreSQL lacks of the schema the SQLite migrations made
 * (issue 17). Nothing on SQLite.
 *
 *  - `json_extract(text, '$.a.b')` and `json_each(text)` with SQLite's meaning (a value at a dotted path
 *    as text; the elements of a JSON array as `value`), so the ledger's JSON queries run as written on
 *    both. Both are IMMUTABLE, so expression indexes may use them.
 *  - the expression indexes of 0007 (provider NPI and member id filters), which were SQLite only;
 *  - the append-only rule of `claim_events` and `audit_log` (SQLite triggers in 0001/0007) as a
 *    PL/pgSQL trigger.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { LedgerDialect } from './migrations/dialect.js';

export function postgresCompatMigration(dialect: LedgerDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      if (dialect !== 'postgres') return;
      await sql`CREATE OR REPLACE FUNCTION json_extract(doc text, path text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT (doc::jsonb) #>> string_to_array(substr(path, 3), '.') $$`.execute(db);
      await sql`CREATE OR REPLACE FUNCTION json_each(doc text) RETURNS TABLE (value text)
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT jsonb_array_elements_text(doc::jsonb) $$`.execute(db);
      await sql`CREATE INDEX claims_wb_npi ON claims (json_extract(data, '$.billingProvider.npi'))`.execute(db);
      await sql`CREATE INDEX claims_wb_member ON claims (json_extract(data, '$.subscriber.memberId'))`.execute(db);
      await sql`CREATE OR REPLACE FUNCTION x12gw_append_only() RETURNS trigger LANGUAGE plpgsql
        AS $$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$`.execute(db);
      for (const table of ['claim_events', 'audit_log']) {
        await sql`CREATE TRIGGER ${sql.id(`${table}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)} FOR EACH ROW EXECUTE FUNCTION x12gw_append_only()`.execute(db);
      }
    },
  };
}
