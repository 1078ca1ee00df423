/**
 * Migration 0020-eligibility (issue 14 item 3): eligibility checks and the benefits their 271s answered.
 *  - eligibility_checks: one row per appointment asked about (unique per partner + appointment id), its
 *    state queued → generated (in a 270 file, control numbers reserved) → sent → answered | rejected, the
 *    appointment itself (JSON: what the estimate needs), and the 271's verdict: coverage, plan, the member
 *    id the payer has on file, AAA rejections (JSON, with the reasons in words) and messages;
 *  - eligibility_benefits: the answer's money benefits per service type and network (decimal strings).
 * Plain text and integer columns only, so the same steps run on SQLite and PostgreSQL.
 */
import type { Kysely, Migration } from 'kysely';

export const eligibilityMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('eligibility_checks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('partner_id', 'text', (c) => c.notNull())
      .addColumn('appointment_id', 'text', (c) => c.notNull())
      .addColumn('payer_id', 'text', (c) => c.notNull())
      .addColumn('visit_date', 'text', (c) => c.notNull())
      /** lower-case "last|first|birth date" of the patient: how a claim finds its patient's last answer. */
      .addColumn('patient_key', 'text', (c) => c.notNull())
      .addColumn('member_id', 'text', (c) => c.notNull())
      .addColumn('appointment', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('file_id', 'text')
      .addColumn('transaction_control', 'text')
      .addColumn('answer_file_id', 'text')
      .addColumn('coverage', 'text')
      .addColumn('coverage_code', 'text')
      .addColumn('plan', 'text')
      .addColumn('group_number', 'text')
      .addColumn('answered_member_id', 'text')
      .addColumn('rejections', 'text')
      .addColumn('messages', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('answered_at', 'text')
      .addUniqueConstraint('eligibility_checks_partner_appointment', ['partner_id', 'appointment_id'])
      .execute();
    await db.schema.createIndex('eligibility_checks_state').on('eligibility_checks').columns(['partner_id', 'state']).execute();
    await db.schema.createIndex('eligibility_checks_patient').on('eligibility_checks').columns(['patient_key', 'answered_at']).execute();
    await db.schema.createIndex('eligibility_checks_file').on('eligibility_checks').columns(['file_id']).execute();
    await db.schema
      .createTable('eligibility_benefits')
      .addColumn('check_id', 'text', (c) => c.notNull().references('eligibility_checks.id'))
      .addColumn('service_type', 'text', (c) => c.notNull())
      .addColumn('network', 'text', (c) => c.notNull())
      .addColumn('copay', 'text')
      .addColumn('coinsurance', 'text')
      .addColumn('deductible_total', 'text')
      .addColumn('deductible_remaining', 'text')
      .addColumn('out_of_pocket_total', 'text')
      .addColumn('out_of_pocket_remaining', 'text')
      .addPrimaryKeyConstraint('eligibility_benefits_pk', ['check_id', 'service_type', 'network'])
      .execute();
  },
};
