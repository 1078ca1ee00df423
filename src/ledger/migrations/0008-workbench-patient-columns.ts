import { sql, type Kysely, type Migration } from 'kysely';
import type { LedgerDialect } from './dialect.js';

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

/** Fills the patient columns of every claim from its JSON (this migration's backfill; `patientColumns` in ../patient-columns.ts fills new claims by the same rules). */
export async function backfillPatientColumns(db: Kysely<any>, dialect: LedgerDialect): Promise<void> {
  if (dialect === 'postgres') {
    await sql`UPDATE claims SET
      patient_last = coalesce(data::jsonb #>> '{patient,name,last}', data::jsonb #>> '{subscriber,name,last}'),
      patient_first = coalesce(data::jsonb #>> '{patient,name,first}', data::jsonb #>> '{subscriber,name,first}'),
      member_id = data::jsonb #>> '{subscriber,memberId}'`.execute(db);
    return;
  }
  await sql`UPDATE claims SET
    patient_last = coalesce(json_extract(data, '$.patient.name.last'), json_extract(data, '$.subscriber.name.last')),
    patient_first = coalesce(json_extract(data, '$.patient.name.first'), json_extract(data, '$.subscriber.name.first')),
    member_id = json_extract(data, '$.subscriber.memberId')`.execute(db);
}
