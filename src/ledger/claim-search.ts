/**
 * The claim search's patient filters (name prefix, member id, date of birth, payer claim number, amount,
 * batch) and the indexes that keep them fast on 100,000 claims (migration 0016-claim-search-indexes).
 * The SQL expressions here are written exactly like the index expressions: SQLite only uses an index on
 * an expression when the query repeats that expression.
 */
import { sql, type Kysely, type Migration, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { LedgerDialect } from './migrations/dialect.js';
import type { ClaimSearch } from './workbench-queries.js';
import type { WorkbenchDatabase } from './workbench-schema.js';

/** The patient's date of birth: the patient loop's DMG02, else the subscriber's (the subscriber is the patient). */
const DOB = sql<string | null>`coalesce(json_extract(claims.data, '$.patient.birthDate'), json_extract(claims.data, '$.subscriber.birthDate'))`;
const LAST = sql<string | null>`upper(claims.patient_last)`;
const FIRST = sql<string | null>`upper(claims.patient_first)`;

/** Text that starts with `prefix` (already upper-case), as a range an index can seek. */
const startsWith = (column: typeof LAST, prefix: string) => sql<SqlBool>`${column} >= ${prefix} and ${column} < ${prefix + '\uffff'}`;

export function withPatientFilters<O>(q: SelectQueryBuilder<WorkbenchDatabase, 'claims', O>, f: Omit<ClaimSearch, 'limit' | 'offset'>): SelectQueryBuilder<WorkbenchDatabase, 'claims', O> {
  if (f.patientLast) q = q.where(startsWith(LAST, f.patientLast.toUpperCase()));
  if (f.patientFirst) q = q.where(startsWith(FIRST, f.patientFirst.toUpperCase()));
  if (f.memberId) q = q.where('claims.member_id', '=', f.memberId);
  if (f.dob) q = q.where(sql<SqlBool>`${DOB} = ${f.dob}`);
  if (f.payerClaimNumber) q = q.where('claims.payer_claim_number', '=', f.payerClaimNumber);
  if (f.amount) q = q.where('claims.total_charge', '=', f.amount);
  if (f.batchFileId) q = q.where('claims.batch_file_id', '=', f.batchFileId);
  return q;
}

/** Migration 0016-claim-search-indexes: one index per search filter that had none, and for a file's links. */
export function claimSearchIndexesMigration(dialect: LedgerDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.createIndex('claims_search_payer_claim').on('claims').columns(['payer_claim_number']).execute();
      await db.schema.createIndex('claims_search_amount').on('claims').columns(['total_charge']).execute();
      // A file's page lists the claims it changed (file-links.ts).
      await db.schema.createIndex('claim_events_source_file').on('claim_events').columns(['source_file_id', 'claim_id']).execute();
      await db.schema.createIndex('interchanges_file').on('interchanges').columns(['file_id']).execute();
      await db.schema.createIndex('remittances_file').on('remittances').columns(['file_id']).execute();
      await sql`CREATE INDEX claims_search_last ON claims (upper(patient_last))`.execute(db);
      if (dialect === 'sqlite') await sql`CREATE INDEX claims_search_dob ON claims (coalesce(json_extract(data, '$.patient.birthDate'), json_extract(data, '$.subscriber.birthDate')))`.execute(db);
    },
  };
}
