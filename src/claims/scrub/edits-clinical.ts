/** Edits on diagnoses, dates and service lines. */
import { Decimal } from 'decimal.js';
import type { Claim } from '../model.js';
import { KINDS } from '../kinds.js';
import { FORMATS, isCalendarDate } from './formats.js';
import { isNegativeAmount, isZeroOrLess } from './amounts.js';
import { claimStrings, diagnosisCodes, lineDates, patientBirthDate, stringPath } from './parts.js';
import type { Edit } from './types.js';

const MAX_DIAGNOSES = { professional: 12, institutional: 25, dental: 4 } as const;
const valid = (d: string | undefined): d is string => d !== undefined && isCalendarDate(d);
const pointersOf = (claim: Claim, i: number): number[] => (claim.kind === 'institutional' ? [] : claim.lines[i].diagnosisPointers);

export const DIAGNOSIS_EDITS: Edit[] = [
  {
    code: 'DIAGNOSIS-FORMAT',
    severity: 'error',
    message: 'The diagnosis is not an ICD-10-CM code as the 837 carries it (letter, digit, up to five more characters, no dot).',
    fix: 'Write the ICD-10-CM code without the dot, in capitals (e.g. J06.9 as J069).',
    run(claim, _ctx, flag) {
      for (const d of diagnosisCodes(claim)) if (!FORMATS.icd10cm.test(d.value)) flag(d.path);
      if (claim.kind === 'institutional') {
        if (claim.admittingDiagnosis !== undefined && !FORMATS.icd10cm.test(claim.admittingDiagnosis)) flag('$.admittingDiagnosis');
        claim.reasonForVisit.forEach((code, i) => {
          if (!FORMATS.icd10cm.test(code)) flag(`$.reasonForVisit[${i}]`);
        });
      }
    },
  },
  {
    code: 'DIAGNOSIS-DUPLICATE',
    severity: 'error',
    message: 'The same diagnosis code is listed twice.',
    fix: 'List each diagnosis once and point lines at it.',
    run(claim, _ctx, flag) {
      const seen = new Set<string>();
      for (const d of diagnosisCodes(claim)) {
        if (seen.has(d.value)) flag(d.path);
        seen.add(d.value);
      }
    },
  },
  {
    code: 'DIAGNOSIS-COUNT',
    severity: 'error',
    message: 'The claim has more diagnoses than this kind of 837 carries (12 professional, 25 institutional, 4 dental).',
    fix: 'Keep the diagnoses the services were for, or split the claim.',
    run(claim, _ctx, flag) {
      if (claim.diagnoses.length > MAX_DIAGNOSES[claim.kind]) flag(`$.diagnoses[${MAX_DIAGNOSES[claim.kind]}]`);
    },
  },
  {
    code: 'DIAGNOSIS-POINTER-RANGE',
    severity: 'error',
    kinds: ['professional', 'dental'],
    message: 'A diagnosis pointer points past the claim\'s diagnoses (pointers count from 1).',
    fix: 'Point at a diagnosis the claim lists: 1 for the first, 2 for the second, ...',
    run(claim, _ctx, flag) {
      claim.lines.forEach((_l, i) => {
        pointersOf(claim, i).forEach((p, j) => {
          if (p < 1 || p > claim.diagnoses.length) flag(`$.lines[${i}].diagnosisPointers[${j}]`);
        });
      });
    },
  },
  {
    code: 'DIAGNOSIS-POINTER-COUNT',
    severity: 'error',
    kinds: ['professional', 'dental'],
    message: 'A line has more than four diagnosis pointers, or the same pointer twice.',
    fix: 'Give each line one to four different pointers, most important first.',
    run(claim, _ctx, flag) {
      claim.lines.forEach((_l, i) => {
        const p = pointersOf(claim, i);
        if (p.length > 4 || new Set(p).size !== p.length) flag(`$.lines[${i}].diagnosisPointers`);
      });
    },
  },
];

type AnyLine = Claim['lines'][number];

/** The code DUPLICATE-SERVICE-LINE keys a line by (revenue code and procedure for institutional lines). */
const lineCodeOf = (l: AnyLine): string | undefined => ('revenueCode' in l ? `${l.revenueCode}/${l.procedureCode ?? ''}` : l.procedureCode);

/** Whether two lines have the same code and the same service date (the first two parts of the duplicate key). */
export function someLinesShareCodeAndDate(lines: readonly AnyLine[]): boolean {
  if (lines.length < 2) return false;
  if (lines.length > 16) return true; // (no quadratic search: the keyed check decides)
  const codes = lines.map(lineCodeOf);
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) if (codes[i] === codes[j] && lines[i].serviceDate === lines[j].serviceDate) return true;
  }
  return false;
}

export const DATE_EDITS: Edit[] = [
  {
    code: 'DATE-INVALID',
    severity: 'error',
    message: 'The date does not exist in the calendar.',
    fix: 'Correct the date (YYYY-MM-DD).',
    run(claim, ctx, flag) {
      // What datesOf finds (the same walk, the same order), with the path built only for a bad date.
      const strings = claimStrings(claim, ctx);
      for (let i = 0; i < strings.length; i++) {
        const value = strings[i];
        if (value.length === 10 && value[4] === '-' && value[7] === '-' && !isCalendarDate(value)) flag(stringPath(claim, i));
      }
    },
  },
  {
    code: 'SERVICE-DATE-FUTURE',
    severity: 'error',
    message: 'The service date is in the future; a claim is sent after the service.',
    fix: 'Correct the service date, or hold the claim until the service is given.',
    run(claim, ctx, flag) {
      for (const d of lineDates(claim)) {
        if (valid(d.from) && d.from > ctx.today) flag(`$.lines[${d.index}].serviceDate`);
        else if (valid(d.to) && d.to > ctx.today) flag(`$.lines[${d.index}].serviceDateEnd`);
      }
      if (claim.kind === 'institutional' && valid(claim.statementTo) && claim.statementTo > ctx.today) flag('$.statementTo');
    },
  },
  {
    code: 'SERVICE-DATE-ORDER',
    severity: 'error',
    message: 'The service period ends before it starts.',
    fix: 'Swap or correct serviceDate and serviceDateEnd.',
    run(claim, _ctx, flag) {
      for (const d of lineDates(claim)) if (valid(d.from) && valid(d.to) && d.to < d.from) flag(`$.lines[${d.index}].serviceDateEnd`);
    },
  },
  {
    code: 'SERVICE-BEFORE-BIRTH',
    severity: 'error',
    message: 'A service date is before the patient\'s birth date.',
    fix: 'Check the patient\'s birth date and the service dates.',
    run(claim, _ctx, flag) {
      const birth = patientBirthDate(claim);
      if (!valid(birth.value)) return;
      for (const d of lineDates(claim)) if (valid(d.from) && d.from < birth.value) flag(`$.lines[${d.index}].serviceDate`);
    },
  },
  {
    code: 'STATEMENT-PERIOD-ORDER',
    severity: 'error',
    kinds: ['institutional'],
    message: 'The statement period ends before it starts.',
    fix: 'Correct statementFrom and statementTo.',
    run(claim, _ctx, flag) {
      if (claim.kind === 'institutional' && valid(claim.statementFrom) && valid(claim.statementTo) && claim.statementTo < claim.statementFrom) flag('$.statementTo');
    },
  },
  {
    code: 'SERVICE-OUTSIDE-STATEMENT',
    severity: 'error',
    kinds: ['institutional'],
    message: 'A line\'s service date is outside the claim\'s statement period.',
    fix: 'Move the line to the claim for its period, or widen the statement period.',
    run(claim, _ctx, flag) {
      if (claim.kind !== 'institutional' || claim.statementTo < claim.statementFrom) return;
      for (const d of lineDates(claim)) {
        if (valid(d.from) && d.from < claim.statementFrom) flag(`$.lines[${d.index}].serviceDate`);
        else if (valid(d.to) && d.to > claim.statementTo) flag(`$.lines[${d.index}].${d.to === d.from ? 'serviceDate' : 'serviceDateEnd'}`);
      }
    },
  },
  {
    code: 'ADMISSION-AFTER-STATEMENT',
    severity: 'error',
    kinds: ['institutional'],
    message: 'The admission date is after the end of the statement period.',
    fix: 'Correct the admission date or the statement period.',
    run(claim, _ctx, flag) {
      if (claim.kind === 'institutional' && valid(claim.admissionDate) && claim.admissionDate > claim.statementTo) flag('$.admissionDate');
    },
  },
];

const isAnesthesia = (code: string) => /^0[01]\d{3}$/.test(code);

/** HCPCS ground and air ambulance transport and mileage codes that need CR1 and the 2310E/F locations. */
const AMBULANCE_CODE = /^A04(2[5-9]|3[0-6])$/;
const AMBULANCE_CONDITIONS = new Set(['01', '04', '05', '06', '07', '08', '09', '12']);

export const LINE_EDITS: Edit[] = [
  {
    code: 'LINE-COUNT',
    severity: 'error',
    message: 'The claim has more service lines than this kind of 837 allows (50 professional and dental, 999 institutional).',
    fix: 'Split the claim into claims of at most the allowed number of lines.',
    run(claim, _ctx, flag) {
      const max = KINDS[claim.kind].maxLines;
      if (claim.lines.length > max) flag(`$.lines[${max}]`);
    },
  },
  {
    code: 'LINE-PLACE-OF-SERVICE-SAME',
    severity: 'warning',
    kinds: ['professional', 'dental'],
    message: 'The line repeats the claim\'s place of service; the guide sends a line place of service only when it differs, so it will not be sent.',
    fix: 'Nothing to do; give lines a place of service only when it differs from the claim\'s.',
    run(claim, _ctx, flag) {
      if (claim.kind === 'institutional') return;
      claim.lines.forEach((l, i) => {
        if (l.placeOfService !== undefined && l.placeOfService === claim.placeOfService) flag(`$.lines[${i}].placeOfService`);
      });
    },
  },
  {
    code: 'LINE-CHARGE-NEGATIVE',
    severity: 'error',
    message: 'A line charge is negative.',
    fix: 'Bill the charge as a positive amount (or zero); adjustments belong on the remittance, not the claim.',
    run(claim, _ctx, flag) {
      claim.lines.forEach((l, i) => {
        if (isNegativeAmount(l.charge)) flag(`$.lines[${i}].charge`);
      });
    },
  },
  {
    code: 'LINE-UNITS-NOT-POSITIVE',
    severity: 'error',
    message: 'A line has zero units.',
    fix: 'Bill at least one unit (minutes for anesthesia, days for room and board).',
    run(claim, _ctx, flag) {
      claim.lines.forEach((l, i) => {
        if (isZeroOrLess(l.units)) flag(`$.lines[${i}].units`);
      });
    },
  },
  {
    code: 'PROCEDURE-CODE-FORMAT',
    severity: 'error',
    message: 'The procedure code is not a CPT/HCPCS code (professional, institutional) or a CDT code (dental).',
    fix: 'Use a five-character CPT or HCPCS code (99213, J1885), or for dental a CDT code (D0120).',
    run(claim, _ctx, flag) {
      const format = claim.kind === 'dental' ? FORMATS.cdt : FORMATS.cptHcpcs;
      claim.lines.forEach((l, i) => {
        // Codes under another SV202-1 qualifier (HIPPS, ...) have their own edits.
        if ('procedureQualifier' in l && l.procedureQualifier !== undefined && l.procedureQualifier !== 'HC') return;
        if (l.procedureCode !== undefined && !format.test(l.procedureCode)) flag(`$.lines[${i}].procedureCode`);
      });
      // SVD03-2: the code another payer adjudicated, written under the same qualifier (HC, AD for dental).
      claim.otherPayers.forEach((o, i) =>
        o.lineAdjudications.forEach((a, j) => {
          if (a.procedureCode !== undefined && !format.test(a.procedureCode)) flag(`$.otherPayers[${i}].lineAdjudications[${j}].procedureCode`);
        }),
      );
    },
  },
  {
    code: 'AMBULANCE-INFO-REQUIRED',
    severity: 'error',
    kinds: ['professional'],
    message: 'A line bills an ambulance transport or mileage code (A0425-A0436) but the claim has no ambulance information; the guide requires CR1 and the pick-up and drop-off locations.',
    fix: 'Add "ambulance" to the claim: transport reason, miles, pick-up and drop-off addresses (and the certification conditions when the payer asks for them).',
    run(claim, _ctx, flag) {
      if (claim.kind !== 'professional' || claim.ambulance) return;
      const i = claim.lines.findIndex((l) => AMBULANCE_CODE.test(l.procedureCode));
      if (i >= 0) flag(`$.lines[${i}].procedureCode`);
    },
  },
  {
    code: 'AMBULANCE-WITHOUT-TRANSPORT-CODE',
    severity: 'warning',
    kinds: ['professional'],
    message: 'The claim carries ambulance information but no line bills an ambulance transport or mileage code (A0425-A0436).',
    fix: 'Remove the ambulance information, or bill the transport with its HCPCS code.',
    run(claim, _ctx, flag) {
      if (claim.kind === 'professional' && claim.ambulance && !claim.lines.some((l) => AMBULANCE_CODE.test(l.procedureCode))) flag('$.ambulance');
    },
  },
  {
    code: 'AMBULANCE-CONDITION-CODE',
    severity: 'error',
    kinds: ['professional'],
    message: 'An ambulance certification condition is not one the guide allows (01, 04, 05, 06, 07, 08, 09, 12).',
    fix: 'Use the condition indicator codes of CRC03: 01 admitted to hospital, 04 moved by stretcher, 05 unconscious or in shock, 06 emergency, 07 restrained, 08 visible hemorrhaging, 09 medically necessary, 12 confined to bed or chair.',
    run(claim, _ctx, flag) {
      if (claim.kind !== 'professional') return;
      claim.ambulance?.certification?.conditions.forEach((code, i) => {
        if (!AMBULANCE_CONDITIONS.has(code)) flag(`$.ambulance.certification.conditions[${i}]`);
      });
    },
  },
  {
    code: 'AMBULANCE-PICKUP-ZIP',
    severity: 'warning',
    kinds: ['institutional'],
    message: 'A line bills an ambulance transport or mileage code (A0425-A0436) but the claim has no value code A0 (the ZIP code of the pick-up location); the 837I has no pick-up loop, so payers (Medicare among them) read it from the value codes and deny the transport without it.',
    fix: 'Add a value code A0 with the pick-up ZIP code as its amount ({ "code": "A0", "amount": "62702" }).',
    run(claim, _ctx, flag) {
      if (claim.kind !== 'institutional' || claim.values.some((v) => v.code === 'A0')) return;
      const i = claim.lines.findIndex((l) => AMBULANCE_CODE.test(l.procedureCode ?? ''));
      if (i >= 0) flag(`$.lines[${i}].procedureCode`);
    },
  },
  {
    code: 'SPINAL-MANIPULATION-INFO',
    severity: 'warning',
    kinds: ['professional'],
    message: 'A line bills chiropractic spinal manipulation (98940-98942) but the claim has no spinal manipulation information (CR2); payers that adjudicate on it will deny or pend the claim.',
    fix: 'Add "spinalManipulation" to the claim with the patient condition (A acute, C chronic, D non-acute, E non-life threatening, F routine, G symptomatic, M acute manifestation).',
    run(claim, _ctx, flag) {
      if (claim.kind !== 'professional' || claim.spinalManipulation) return;
      const i = claim.lines.findIndex((l) => /^9894[0-2]$/.test(l.procedureCode));
      if (i >= 0) flag(`$.lines[${i}].procedureCode`);
    },
  },
  {
    code: 'HIPPS-CODE-FORMAT',
    severity: 'error',
    kinds: ['institutional'],
    message: 'A line with qualifier HP needs a HIPPS rate code: five letters or digits.',
    fix: 'Write the HIPPS code from the assessment (e.g. skilled nursing PDPM codes such as KAQD1), or use qualifier HC for a CPT/HCPCS code.',
    run(claim, _ctx, flag) {
      if (claim.kind !== 'institutional') return;
      claim.lines.forEach((l, i) => {
        if (l.procedureQualifier === 'HP' && !/^[A-Z0-9]{5}$/.test(l.procedureCode ?? '')) flag(`$.lines[${i}].procedureCode`);
      });
    },
  },
  {
    code: 'DRG-FORMAT',
    severity: 'error',
    kinds: ['institutional'],
    message: 'The DRG is not a diagnosis related group code (three digits, e.g. 470).',
    fix: 'Write the MS-DRG as three digits with its leading zeros (065), or leave it out.',
    run(claim, _ctx, flag) {
      if (claim.kind === 'institutional' && claim.drg !== undefined && !/^\d{3}$/.test(claim.drg)) flag('$.drg');
    },
  },
  {
    code: 'DRG-OUTPATIENT',
    severity: 'warning',
    kinds: ['institutional'],
    message: 'A DRG is sent on a bill type that is not inpatient; payers use DRGs for inpatient stays.',
    fix: 'Leave the DRG out of outpatient bills, or check the type of bill.',
    run(claim, _ctx, flag) {
      if (claim.kind === 'institutional' && claim.drg !== undefined && !isInpatient(claim.typeOfBill)) flag('$.drg');
    },
  },
  {
    code: 'REVENUE-CODE-FORMAT',
    severity: 'error',
    kinds: ['institutional'],
    message: 'The revenue code is not four digits.',
    fix: 'Use the four-digit NUBC revenue code with its leading zero (0450, not 450).',
    run(claim, _ctx, flag) {
      if (claim.kind !== 'institutional') return;
      claim.lines.forEach((l, i) => {
        if (!FORMATS.revenueCode.test(l.revenueCode)) flag(`$.lines[${i}].revenueCode`);
      });
    },
  },
  {
    code: 'MODIFIER-FORMAT',
    severity: 'error',
    message: 'A procedure modifier is not two letters or digits.',
    fix: 'Use two-character modifiers (25, 59, LT, RT, ...).',
    run(claim, _ctx, flag) {
      claim.lines.forEach((l, i) => {
        l.modifiers.forEach((m, j) => {
          if (!FORMATS.modifier.test(m)) flag(`$.lines[${i}].modifiers[${j}]`);
        });
      });
      // SVD03-3..6: the modifiers another payer adjudicated (element 1339, 2/2 like the line's).
      claim.otherPayers.forEach((o, i) =>
        o.lineAdjudications.forEach((a, j) =>
          a.modifiers.forEach((m, k) => {
            if (!FORMATS.modifier.test(m)) flag(`$.otherPayers[${i}].lineAdjudications[${j}].modifiers[${k}]`);
          }),
        ),
      );
    },
  },
  {
    code: 'MODIFIER-COUNT',
    severity: 'error',
    message: 'A line has more than four modifiers, or the same modifier twice.',
    fix: 'Send at most four different modifiers, the pricing modifiers first.',
    run(claim, _ctx, flag) {
      claim.lines.forEach((l, i) => {
        if (l.modifiers.length > 4 || new Set(l.modifiers).size !== l.modifiers.length) flag(`$.lines[${i}].modifiers`);
      });
    },
  },
  {
    code: 'DUPLICATE-SERVICE-LINE',
    severity: 'warning',
    message: 'Two lines bill the same service on the same date with the same modifiers; payers deny the second as a duplicate.',
    fix: 'Bill one line with more units, or add the modifier that tells them apart (59, 76, 77, XE, ...).',
    run(claim, _ctx, flag) {
      // Issue 12, round 7: two lines can only share a key when they share the code and the service date
      // (a JSON array is equal only when each element's JSON is), so most claims need no key at all.
      if (!someLinesShareCodeAndDate(claim.lines)) return;
      const seen = new Set<string>();
      claim.lines.forEach((l, i) => {
        const code = lineCodeOf(l);
        const teeth = 'teeth' in l ? JSON.stringify(l.teeth) : '';
        const key = JSON.stringify([code, l.modifiers, l.serviceDate, 'serviceDateEnd' in l ? l.serviceDateEnd : '', teeth]);
        if (seen.has(key)) flag(`$.lines[${i}]`);
        seen.add(key);
      });
    },
  },
  {
    code: 'LINE-CONTROL-NUMBER-DUPLICATE',
    severity: 'error',
    message: 'Two lines of the claim have the same line control number; answers could not be matched to a line.',
    fix: 'Give each line its own lineControlNumber, or leave them all out (the line numbers are used).',
    run(claim, _ctx, flag) {
      const seen = new Set<string>();
      claim.lines.forEach((l, i) => {
        const n = l.lineControlNumber ?? String(i + 1);
        if (seen.has(n)) flag(`$.lines[${i}].lineControlNumber`);
        seen.add(n);
      });
    },
  },
  {
    code: 'ANESTHESIA-MINUTES',
    severity: 'error',
    kinds: ['professional'],
    message: 'An anesthesia service (CPT 00100-01999) is billed in units; it is billed in minutes.',
    fix: 'Set unitType to "MJ" and units to the anesthesia minutes.',
    run(claim, _ctx, flag) {
      if (claim.kind !== 'professional') return;
      claim.lines.forEach((l, i) => {
        if (isAnesthesia(l.procedureCode) && l.unitType !== 'MJ') flag(`$.lines[${i}].unitType`);
      });
    },
  },
  {
    code: 'NDC-FORMAT',
    severity: 'error',
    kinds: ['professional', 'institutional'],
    message: 'The National Drug Code is not 11 digits.',
    fix: 'Write the NDC in 5-4-2 form as 11 digits without dashes, adding the leading zero to the short segment.',
    run(claim, _ctx, flag) {
      claim.lines.forEach((l, i) => {
        if ('drug' in l && l.drug && !FORMATS.ndc.test(l.drug.ndc)) flag(`$.lines[${i}].drug.ndc`);
      });
    },
  },
  {
    code: 'NDC-QUANTITY-NOT-POSITIVE',
    severity: 'error',
    kinds: ['professional', 'institutional'],
    message: 'The drug quantity is zero.',
    fix: 'Give the quantity administered in the drug unit (ML, UN, GR, ...).',
    run(claim, _ctx, flag) {
      claim.lines.forEach((l, i) => {
        if ('drug' in l && l.drug && new Decimal(l.drug.quantity).lte(0)) flag(`$.lines[${i}].drug.quantity`);
      });
    },
  },
  {
    code: 'TOOTH-NUMBER',
    severity: 'error',
    kinds: ['dental'],
    message: 'The tooth number is not a universal tooth number.',
    fix: 'Use 1-32 for permanent teeth, A-T for primary teeth (51-82 and AS-TS for supernumerary).',
    run(claim, _ctx, flag) {
      if (claim.kind !== 'dental') return;
      claim.lines.forEach((l, i) =>
        l.teeth.forEach((t, j) => {
          if (!FORMATS.tooth.test(t.number)) flag(`$.lines[${i}].teeth[${j}].number`);
        }),
      );
    },
  },
  {
    code: 'TOOTH-SURFACE',
    severity: 'error',
    kinds: ['dental'],
    message: 'A tooth surface is not one of M, O, D, B, L, I, F, or there are more than five or a repeat.',
    fix: 'List up to five different surfaces: M mesial, O occlusal, D distal, B buccal, L lingual, I incisal, F facial.',
    run(claim, _ctx, flag) {
      if (claim.kind !== 'dental') return;
      claim.lines.forEach((l, i) =>
        l.teeth.forEach((t, j) => {
          const bad = t.surfaces.length > 5 || new Set(t.surfaces).size !== t.surfaces.length || t.surfaces.some((s) => !FORMATS.toothSurface.test(s));
          if (bad) flag(`$.lines[${i}].teeth[${j}].surfaces`);
        }),
      );
    },
  },
  {
    code: 'ORAL-CAVITY-CODE',
    severity: 'error',
    kinds: ['dental'],
    message: 'An oral cavity designation is not a valid code, or there are more than five.',
    fix: 'Use 00 entire mouth, 01 maxillary, 02 mandibular, 09 other, 10/20/30/40 quadrants (UR, UL, LL, LR), L left, R right.',
    run(claim, _ctx, flag) {
      if (claim.kind !== 'dental') return;
      claim.lines.forEach((l, i) => {
        if (l.oralCavity.length > 5 || l.oralCavity.some((c) => !FORMATS.oralCavity.test(c))) flag(`$.lines[${i}].oralCavity`);
      });
    },
  },
  {
    code: 'OUTPATIENT-LINE-DATE-REQUIRED',
    severity: 'error',
    kinds: ['institutional'],
    message: 'An outpatient line has no service date.',
    fix: 'Add lines[].serviceDate (required on outpatient institutional lines).',
    run(claim, _ctx, flag) {
      if (claim.kind !== 'institutional' || isInpatient(claim.typeOfBill)) return;
      claim.lines.forEach((l, i) => {
        if (!l.serviceDate) flag(`$.lines[${i}].serviceDate`);
      });
    },
  },
];

/** Type of bill 11x, 12x (hospital inpatient), 18x (swing bed), 21x, 22x (skilled nursing inpatient), 41x, 65x-66x... kept to the common inpatient ones. */
export const isInpatient = (typeOfBill: string): boolean => /^(11|12|18|21|22|41|86)/.test(typeOfBill);
