/** Edits that only institutional (837I) claims have: type of bill, admission, UB-04 code families. */
import type { InstitutionalClaim } from '../model.js';
import { FORMATS } from './formats.js';
import { isInpatient } from './edits-clinical.js';
import type { Edit, Flag } from './types.js';

/** An edit on institutional claims only (the run function gets the narrowed claim). */
function institutional(e: Omit<Edit, 'run' | 'kinds'> & { run: (c: InstitutionalClaim, flag: Flag) => void }): Edit {
  return { ...e, kinds: ['institutional'], run: (claim, _ctx, flag) => (claim.kind === 'institutional' ? e.run(claim, flag) : undefined) };
}

export const INSTITUTIONAL_EDITS: Edit[] = [
  institutional({
    code: 'TYPE-OF-BILL-FORMAT',
    severity: 'error',
    message: 'The type of bill is not three characters (facility type, classification, frequency).',
    fix: 'Write the type of bill without its leading zero: 111 inpatient original, 131 outpatient, 117 inpatient replacement.',
    run(c, flag) {
      if (!FORMATS.typeOfBill.test(c.typeOfBill)) flag('$.typeOfBill');
    },
  }),
  institutional({
    code: 'PATIENT-STATUS-CODE',
    severity: 'error',
    message: 'The patient discharge status is not a NUBC discharge status code the 837I allows.',
    fix: 'Use the two-digit status (01 home, 02 short-term hospital, 03 skilled nursing, 30 still a patient, ...).',
    run(c, flag) {
      if (!FORMATS.patientStatus.test(c.patientStatus)) flag('$.patientStatus');
    },
  }),
  institutional({
    code: 'ADMISSION-TYPE-CODE',
    severity: 'error',
    message: 'The priority (type) of admission is not a NUBC code the 837I allows.',
    fix: 'Use 1 emergency, 2 urgent, 3 elective, 4 newborn, 5 trauma or 9 information not available.',
    run(c, flag) {
      if (!FORMATS.admissionType.test(c.admissionType)) flag('$.admissionType');
    },
  }),
  institutional({
    code: 'ADMISSION-SOURCE-CODE',
    severity: 'error',
    message: 'The point of origin for admission or visit is not a one-character NUBC code.',
    fix: 'Use 1 non-health care facility, 2 clinic or physician office, 4 transfer from a hospital, 5 from a skilled nursing facility, 6 from another health care facility, 7 emergency room, 8 court or law enforcement, 9 information not available, or A-G.',
    run(c, flag) {
      if (c.admissionSource !== undefined && !FORMATS.admissionSource.test(c.admissionSource)) flag('$.admissionSource');
    },
  }),
  institutional({
    code: 'INPATIENT-ADMISSION-REQUIRED',
    severity: 'error',
    message: 'An inpatient claim needs the admission date and the point of origin.',
    fix: 'Add admissionDate and admissionSource.',
    run(c, flag) {
      if (!isInpatient(c.typeOfBill)) return;
      if (!c.admissionDate) flag('$.admissionDate');
      if (!c.admissionSource) flag('$.admissionSource');
    },
  }),
  institutional({
    code: 'HOUR-FORMAT',
    severity: 'error',
    message: 'The hour is not HHMM on a 24-hour clock.',
    fix: 'Write the hour as four digits, e.g. 0930 or 1745.',
    run(c, flag) {
      if (c.admissionHour !== undefined && !FORMATS.hour.test(c.admissionHour)) flag('$.admissionHour');
      if (c.dischargeHour !== undefined && !FORMATS.hour.test(c.dischargeHour)) flag('$.dischargeHour');
    },
  }),
  institutional({
    code: 'INSTITUTIONAL-CODE-FORMAT',
    severity: 'error',
    message: 'A condition, occurrence, occurrence span or value code is not two letters or digits.',
    fix: 'Use the two-character NUBC code (e.g. condition 09, occurrence 11, value 80).',
    run(c, flag) {
      const bad = (code: string) => !FORMATS.institutionalCode.test(code);
      c.conditions.forEach((code, i) => bad(code) && flag(`$.conditions[${i}]`));
      c.occurrences.forEach((o, i) => bad(o.code) && flag(`$.occurrences[${i}].code`));
      c.occurrenceSpans.forEach((o, i) => bad(o.code) && flag(`$.occurrenceSpans[${i}].code`));
      c.values.forEach((v, i) => bad(v.code) && flag(`$.values[${i}].code`));
    },
  }),
  institutional({
    code: 'ICD10-PCS-FORMAT',
    severity: 'error',
    message: 'A procedure is not a seven-character ICD-10-PCS code.',
    fix: 'Use the seven-character ICD-10-PCS code (letters other than I and O, and digits).',
    run(c, flag) {
      c.procedures.forEach((p, i) => {
        if (!FORMATS.icd10pcs.test(p.code)) flag(`$.procedures[${i}].code`);
      });
    },
  }),
  institutional({
    code: 'ATTENDING-PROVIDER-REQUIRED',
    severity: 'error',
    message: 'The claim has no attending provider; the guide requires one on institutional claims (other than non-scheduled transport).',
    fix: 'Add attendingProvider with the physician\'s NPI.',
    run(c, flag) {
      if (!c.attendingProvider) flag('$.attendingProvider');
    },
  }),
];
