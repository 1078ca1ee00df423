/**
 * 837I (005010X223A2) claim loop: 2300 CLM with the type of bill, statement period, admission and CL1,
 * the HI family (diagnoses with present-on-admission, admitting, reason for visit, procedures,
 * occurrence spans, occurrences, values, conditions), 2310A-F providers, 2320/2330, 2400 SV2 lines.
 *
 *   CLM*ACCT-77*3000***11:A:1**A*Y*Y~  DTP*434*RD8*20240301-20240304~  CL1*1*7*01~
 *   HI*ABK:I214:::::::Y~  HI*BH:11:D8:20240301~  HI*BE:80:::3~
 *   LX*1~  SV2*0120**2400*DA*3~
 */
import type { ElementValue } from '../../x12/writer.js';
import type { InstitutionalClaim, InstitutionalLine } from '../model.js';
import { dateOrRange, toD8, x12Decimal } from '../x12-values.js';
import { lineAdjudicationLoops, otherPayerLoops } from './cob.js';
import { lineControlNumber } from './claim-parts.js';
import { address, hcp, organizationNm1, providerNm1, pwk, ref, taxonomy, type Segments } from './segments.js';

/** HI segments of one qualifier family, twelve composites per segment. */
function hiFamily(composites: ElementValue[]): Segments {
  const out: Segments = [];
  for (let i = 0; i < composites.length; i += 12) out.push({ id: 'HI', elements: composites.slice(i, i + 12) });
  return out;
}

/** HI composite with the present-on-admission indicator in component 9. */
const withPoa = (qualifier: string, code: string, poa?: string): string[] => (poa ? [qualifier, code, '', '', '', '', '', '', poa] : [qualifier, code]);

export function institutionalClaimLoop(c: InstitutionalClaim): Segments {
  const out = institutionalClaimHead(c);
  c.lines.forEach((line, i) => out.push(...lineLoop(c, line, i)));
  return out;
}

/** The 2300 loop up to its first 2400 (claim-text.ts writes the lines without segment objects). */
export function institutionalClaimHead(c: InstitutionalClaim): Segments {
  const facility = c.typeOfBill.slice(0, 2);
  const frequency = c.typeOfBill.slice(2);
  const out: Segments = [
    { id: 'CLM', elements: [c.claimId, x12Decimal(c.totalCharge), '', '', [facility, 'A', frequency], '', c.assignment, c.benefitsAssigned, c.releaseOfInformation, '', '', '', '', '', '', '', '', '', '', c.delayReason] },
  ];
  if (c.dischargeHour) out.push({ id: 'DTP', elements: ['096', 'TM', c.dischargeHour] });
  out.push({ id: 'DTP', elements: ['434', 'RD8', `${toD8(c.statementFrom)}-${toD8(c.statementTo)}`] });
  if (c.admissionDate) {
    out.push(c.admissionHour ? { id: 'DTP', elements: ['435', 'DT', toD8(c.admissionDate) + c.admissionHour] } : { id: 'DTP', elements: ['435', 'D8', toD8(c.admissionDate)] });
  }
  out.push({ id: 'CL1', elements: [c.admissionType, c.admissionSource, c.patientStatus] });
  out.push(...pwk(c.attachments));
  out.push(...ref('9F', c.referralNumber), ...ref('G1', c.priorAuthorization), ...ref('F8', c.originalClaimNumber), ...ref('EA', c.medicalRecordNumber));
  if (c.note) out.push({ id: 'NTE', elements: ['ADD', c.note] });

  const [principal, ...others] = c.diagnoses;
  out.push({ id: 'HI', elements: [withPoa('ABK', principal.code, principal.presentOnAdmission)] });
  if (c.admittingDiagnosis) out.push({ id: 'HI', elements: [['ABJ', c.admittingDiagnosis]] });
  if (c.reasonForVisit.length) out.push({ id: 'HI', elements: c.reasonForVisit.map((code) => ['APR', code]) });
  if (c.drg) out.push({ id: 'HI', elements: [['DR', c.drg]] });
  out.push(...hiFamily(others.map((d) => withPoa('ABF', d.code, d.presentOnAdmission))));
  const [principalProcedure, ...otherProcedures] = c.procedures;
  if (principalProcedure) out.push({ id: 'HI', elements: [['BBR', principalProcedure.code, 'D8', toD8(principalProcedure.date)]] });
  out.push(...hiFamily(otherProcedures.map((p) => ['BBQ', p.code, 'D8', toD8(p.date)])));
  out.push(...hiFamily(c.occurrenceSpans.map((s) => ['BI', s.code, 'RD8', `${toD8(s.from)}-${toD8(s.to)}`])));
  out.push(...hiFamily(c.occurrences.map((o) => ['BH', o.code, 'D8', toD8(o.date)])));
  out.push(...hiFamily(c.values.map((v) => ['BE', v.code, '', '', x12Decimal(v.amount)])));
  out.push(...hiFamily(c.conditions.map((code) => ['BG', code])));
  out.push(...hcp(c.repricing));

  if (c.attendingProvider) out.push(providerNm1('71', c.attendingProvider), ...taxonomy('AT', c.attendingProvider));
  if (c.operatingPhysician) out.push(providerNm1('72', c.operatingPhysician));
  if (c.renderingProvider) out.push(providerNm1('82', c.renderingProvider));
  if (c.serviceFacility) out.push(organizationNm1('77', c.serviceFacility.name, 'XX', c.serviceFacility.npi), ...address(c.serviceFacility.address));
  if (c.referringProvider) out.push(providerNm1('DN', c.referringProvider));
  out.push(...otherPayerLoops(c));
  return out;
}

function lineLoop(c: InstitutionalClaim, line: InstitutionalLine, i: number): Segments {
  const out: Segments = [
    { id: 'LX', elements: [String(i + 1)] },
    {
      id: 'SV2',
      elements: [
        line.revenueCode,
        line.procedureCode ? [line.procedureQualifier ?? 'HC', line.procedureCode, ...line.modifiers] : undefined,
        x12Decimal(line.charge),
        line.unitType,
        x12Decimal(line.units),
        '',
        line.nonCoveredCharge !== undefined ? x12Decimal(line.nonCoveredCharge) : undefined,
      ],
    },
  ];
  if (line.serviceDate) {
    const date = dateOrRange(line.serviceDate, line.serviceDateEnd);
    out.push({ id: 'DTP', elements: ['472', date.format, date.value] });
  }
  out.push(...ref('6R', lineControlNumber(c, i)));
  if (line.note) out.push({ id: 'NTE', elements: ['TPO', line.note] });
  out.push(...institutionalLineTail(c, line, i));
  return out;
}

/** What follows a line's NTE: repricing (HCP), the drug (LIN, CTP, REF*XZ), the 2430 loops. */
export function institutionalLineTail(c: InstitutionalClaim, line: InstitutionalLine, i: number): Segments {
  const out: Segments = [...hcp(line.repricing)];
  if (line.drug) {
    out.push({ id: 'LIN', elements: ['', 'N4', line.drug.ndc] });
    out.push({ id: 'CTP', elements: ['', '', '', x12Decimal(line.drug.quantity), [line.drug.unit]] });
    out.push(...ref('XZ', line.drug.prescriptionNumber));
  }
  out.push(...lineAdjudicationLoops(c, i + 1));
  return out;
}
