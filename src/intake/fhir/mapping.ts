/**
 * The FHIR R4 → claim model mapping, as data: what the translator (translate.ts) reads and where it puts
 * it. docs/fhir-mapping.md is this table (a test checks the two agree); the code and systems are here so a
 * reader finds the whole mapping in one place.
 */
export const SYSTEM = {
  npi: 'http://hl7.org/fhir/sid/us-npi',
  taxId: 'urn:oid:2.16.840.1.113883.4.4',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  icd10pcs: 'http://www.cms.gov/Medicare/Coding/ICD10',
  ndc: 'http://hl7.org/fhir/sid/ndc',
  nucc: 'http://nucc.org/provider-taxonomy',
} as const;

/** Coverage.relationship (http://terminology.hl7.org/CodeSystem/subscriber-relationship) → PAT01 / SBR02. */
export const RELATIONSHIP: Readonly<Record<string, string>> = { self: '18', spouse: '01', child: '19', common: '53', parent: 'G8', other: 'G8', injured: '21' };

/** Patient.gender → DMG03. */
export const GENDER: Readonly<Record<string, 'F' | 'M' | 'U'>> = { female: 'F', male: 'M', other: 'U', unknown: 'U' };

/** Claim.type (http://terminology.hl7.org/CodeSystem/claim-type) → claim kind. */
export const CLAIM_TYPE: Readonly<Record<string, 'professional' | 'institutional' | 'dental'>> = { professional: 'professional', institutional: 'institutional', oral: 'dental' };

/**
 * Coverage.type → SBR09 claim filing indicator: X12 codes as they are (CI, MB, MC, BL, HM, ...), or the
 * Source of Payment Typology (https://nahdo.org/sopt) families. Absent: CI with a warning.
 */
export const SOPT_FILING: Readonly<Record<string, string>> = { '1': 'MB', '2': 'MC', '3': 'OF', '5': 'CI', '51': 'HM', '6': 'BL', '311': 'CH', '32': 'VA' };
export const X12_FILING = new Set(['09', '11', '12', '13', '14', '15', '16', '17', 'AM', 'BL', 'CH', 'CI', 'DS', 'FI', 'HM', 'LM', 'MA', 'MB', 'MC', 'OF', 'TV', 'VA', 'WC', 'ZZ']);

/** Claim.careTeam.role code → provider of the claim model. */
export const CARE_TEAM_ROLE: Readonly<Record<string, 'renderingProvider' | 'referringProvider' | 'attendingProvider' | 'operatingPhysician' | 'supervisingProvider'>> = {
  primary: 'renderingProvider',
  rendering: 'renderingProvider',
  performing: 'renderingProvider',
  referring: 'referringProvider',
  attending: 'attendingProvider',
  operating: 'operatingPhysician',
  supervisor: 'supervisingProvider',
  supervising: 'supervisingProvider',
};

/** Claim.supportingInfo.category code (claiminformationcategory / CARIN BB C4BBSupportingInfoType) → institutional field. */
export const SUPPORTING_INFO = ['typeofbill', 'admtype', 'pointoforigin', 'discharge-status', 'admissionperiod', 'occurrence', 'occurrencespan', 'value', 'condition'] as const;

export interface MappingRow {
  fhir: string;
  claim: string;
  x12: string;
  note: string;
}

export const FHIR_MAPPING: readonly MappingRow[] = [
  { fhir: 'Claim.type.coding.code', claim: 'kind', x12: 'ST03 (837P/837I/837D)', note: 'professional, institutional, oral (dental).' },
  { fhir: 'Claim.identifier[0].value (else Claim.id)', claim: 'claimId', x12: 'CLM01', note: 'The practice’s claim number.' },
  { fhir: 'Claim.total.value (else the sum of item.net)', claim: 'totalCharge', x12: 'CLM02', note: 'FHIR decimals become decimal strings.' },
  { fhir: 'Claim.provider → Organization / Practitioner', claim: 'billingProvider', x12: '2010AA NM1*85', note: 'name, NPI (identifier system http://hl7.org/fhir/sid/us-npi), tax id (urn:oid:2.16.840.1.113883.4.4), address[0].' },
  { fhir: 'Claim.careTeam[role].provider → Practitioner', claim: 'renderingProvider, referringProvider, attendingProvider, operatingPhysician, supervisingProvider', x12: '2310x / NM1*82, DN, 71, 72, DQ', note: 'role primary/rendering/performing, referring, attending, operating, supervisor; qualification (NUCC) → taxonomy.' },
  { fhir: 'Claim.insurance[focal].coverage → Coverage', claim: 'subscriber, patient, payer', x12: '2000B/2010BA/2010BB/2000C', note: 'The focal insurance (else the first). A Claim without insurance is refused.' },
  { fhir: 'Coverage.subscriberId', claim: 'subscriber.memberId', x12: 'NM109 (MI)', note: '' },
  { fhir: 'Coverage.subscriber → Patient / RelatedPerson', claim: 'subscriber.name, birthDate, gender, address', x12: '2010BA', note: 'Coverage.beneficiary when the relationship is self.' },
  { fhir: 'Coverage.beneficiary → Patient', claim: 'patient', x12: '2000C / 2010CA', note: 'Only when Coverage.relationship is not self.' },
  { fhir: 'Coverage.relationship', claim: 'patient.relationship', x12: 'PAT01', note: 'spouse 01, child 19, common 53, parent/other G8, injured 21.' },
  { fhir: 'Coverage.class[type=group].value / .name', claim: 'subscriber.groupNumber / groupName', x12: 'SBR03 / SBR04', note: '' },
  { fhir: 'Coverage.type', claim: 'subscriber.claimFilingIndicator', x12: 'SBR09', note: 'An X12 code as is, or a Source of Payment Typology code (1 MB, 2 MC, 5 CI, 51 HM, 6 BL, 311 CH, 32 VA); absent: CI with a warning.' },
  { fhir: 'Coverage.payor[0] → Organization', claim: 'payer.name, payer.id', x12: '2010BB NM1*PR', note: "Payer id from the identifier whose type is v2-0203 NIIP; without one, from the partner profile's `payerIdsByName` by the Organization's name (case, spaces and punctuation ignored; a warning names the id taken); else refused." },
  { fhir: 'Claim.insurance[not focal] → Coverage (by sequence)', claim: 'otherPayers[] (secondary, tertiary; no paidAmount)', x12: '2320 / 2330A / 2330B', note: 'Further coverage: billed by the gateway after this payer’s 835 (docs/secondary-claims.md). Coverage.subscriberId → memberId, relationship → SBR02, payor NIIP → payer id; an incomplete one is left out with a warning.' },
  { fhir: 'Claim.insurance[focal].preAuthRef[0]', claim: 'priorAuthorization', x12: 'REF*G1', note: '' },
  { fhir: 'Claim.referral.identifier.value', claim: 'referralNumber', x12: 'REF*9F', note: '' },
  { fhir: 'Claim.diagnosis[].diagnosisCodeableConcept (ICD-10-CM)', claim: 'diagnoses', x12: 'HI*ABK/ABF', note: 'In sequence order, dots removed; institutional: onAdmission → presentOnAdmission, type admitting → admittingDiagnosis.' },
  { fhir: 'Claim.procedure[] (ICD-10-PCS)', claim: 'procedures', x12: 'HI*BBR/BBQ', note: 'Institutional only; code and date.' },
  { fhir: 'Claim.item[].productOrService', claim: 'lines[].procedureCode', x12: 'SV101-2 / SV202-2 / SV301-2', note: 'CPT/HCPCS/CDT code; NOCODE (institutional room and board) = none.' },
  { fhir: 'Claim.item[].modifier[]', claim: 'lines[].modifiers', x12: 'SV101-3..6', note: '' },
  { fhir: 'Claim.item[].revenue', claim: 'lines[].revenueCode', x12: 'SV201', note: 'Institutional.' },
  { fhir: 'Claim.item[].quantity.value', claim: 'lines[].units', x12: 'SV104 / SV205 / SV306', note: 'Default 1; institutional quantity.code DA (or UCUM d) → unitType DA (days).' },
  { fhir: 'Claim.item[].net.value (else unitPrice × quantity)', claim: 'lines[].charge', x12: 'SV102 / SV203 / SV302', note: '' },
  { fhir: 'Claim.item[].servicedDate / servicedPeriod', claim: 'lines[].serviceDate, serviceDateEnd', x12: 'DTP*472', note: '' },
  { fhir: 'Claim.item[].locationCodeableConcept', claim: 'placeOfService (claim: the first item’s), lines[].placeOfService (when different)', x12: 'CLM05-1 / SV105', note: 'CMS place-of-service code.' },
  { fhir: 'Claim.item[].diagnosisSequence', claim: 'lines[].diagnosisPointers', x12: 'SV107', note: 'Sequences become positions in the claim’s diagnosis list.' },
  { fhir: 'Claim.item[].detail[] with productOrService system http://hl7.org/fhir/sid/ndc', claim: 'lines[].drug', x12: 'LIN*N4 / CTP', note: 'NDC without dashes; detail.quantity value and code (UN, ML, GR, F2, ME; default UN).' },
  { fhir: 'Claim.billablePeriod', claim: 'statementFrom / statementTo', x12: 'DTP*434', note: 'Institutional.' },
  { fhir: 'Claim.supportingInfo[category=typeofbill].code', claim: 'typeOfBill', x12: 'CLM05', note: 'Leading zero removed (0111 → 111).' },
  { fhir: 'Claim.supportingInfo[category=admtype].code', claim: 'admissionType', x12: 'CL101', note: '' },
  { fhir: 'Claim.supportingInfo[category=pointoforigin].code', claim: 'admissionSource', x12: 'CL102', note: '' },
  { fhir: 'Claim.supportingInfo[category=discharge-status].code', claim: 'patientStatus', x12: 'CL103', note: '' },
  { fhir: 'Claim.supportingInfo[category=admissionperiod].timingPeriod.start', claim: 'admissionDate, admissionHour', x12: 'DTP*435', note: 'The hour when start is a dateTime.' },
  { fhir: 'Claim.supportingInfo[category=occurrence] code + timingDate', claim: 'occurrences', x12: 'HI*BH', note: '' },
  { fhir: 'Claim.supportingInfo[category=occurrencespan] code + timingPeriod', claim: 'occurrenceSpans', x12: 'HI*BI', note: '' },
  { fhir: 'Claim.supportingInfo[category=value] code + valueQuantity.value', claim: 'values', x12: 'HI*BE', note: '' },
  { fhir: 'Claim.supportingInfo[category=condition].code', claim: 'conditions', x12: 'HI*BG', note: '' },
];
