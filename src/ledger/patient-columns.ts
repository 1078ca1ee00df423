/**
 * The patient columns of `claims` (migration 0008): the values the workbench sorts, groups and indexes on,
 * copied out of the claim JSON once instead of being read with json_extract on every row of every page.
 *
 *  - patient_last / patient_first: the patient's name when the claim has a patient loop (2010CA), else the
 *    subscriber's — chosen per field, like SQL `coalesce(json_extract(data, '$.patient.name.last'),
 *    json_extract(data, '$.subscriber.name.last'))`;
 *  - member_id: the subscriber's member id (NM109).
 *
 * `patientColumns` fills them when a claim is recorded; `backfillPatientColumns` (SQL, same rules) fills
 * the claims recorded before the migration. Both must give the same values: test/unit/ledger covers it.
 * These are PHI: never logged.
 */

export interface PatientColumns {
  patient_last: string | null;
  patient_first: string | null;
  member_id: string | null;
}

const at = (value: unknown, path: readonly string[]): unknown => {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
};

/**
 * A value as it reads back from the stored JSON through json_extract into a text column: strings as is,
 * JSON null (and what JSON.stringify drops or nulls) → NULL, numbers as text, true/false → 1/0, objects
 * and arrays as minified JSON.
 */
const asText = (value: unknown): string | null => {
  if (typeof value === 'string') return value;
  const json = value === undefined ? undefined : JSON.stringify(value);
  if (json === undefined) return null;
  const v: unknown = JSON.parse(json);
  if (v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  return JSON.stringify(v);
};

export function patientColumns(data: unknown): PatientColumns {
  const pick = (field: 'last' | 'first') => asText(at(data, ['patient', 'name', field])) ?? asText(at(data, ['subscriber', 'name', field]));
  return { patient_last: pick('last'), patient_first: pick('first'), member_id: asText(at(data, ['subscriber', 'memberId'])) };
}

/** The migration's backfill (SQL, same rules as `patientColumns`). */
export { backfillPatientColumns } from './migrations/0008-workbench-patient-columns.js';
