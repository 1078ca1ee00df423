import type { EligibilityFacts } from '../../../src/claims/scrub/types.js';
import { claimPatientKey } from '../../../src/eligibility/patient-key.js';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { ClaimInput } from '../../../src/claims/model.js';
import { EDITS, scrubClaim } from '../../../src/claims/scrub/scrub.js';
import { npiCheckDigit, npiCheckDigitValid } from '../../../src/claims/scrub/formats.js';
import { dentalInput, institutionalInput, parseClaim, professionalInput, secondaryInput } from './fixtures.js';

type Base = () => ClaimInput;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Mutate = (c: any) => void;

interface Case {
  code: string;
  base: Base;
  mutate: Mutate;
  field: string;
  /** Claim ids already seen in the batch. */
  seen?: string[];
  /** The patient's last eligibility answer, passed in as the gateway's intake does. */
  eligibility?: EligibilityFacts;
}

const TODAY = '2024-06-01';
const AMBULANCE = () => ({ transportReason: 'A', distanceMiles: '12', pickUp: { line1: '12 ELM ROAD', city: 'SPRINGFIELD', state: 'IL', postalCode: '62702' }, dropOff: { line1: '800 HOSPITAL DRIVE', city: 'SPRINGFIELD', state: 'IL', postalCode: '62701' } });
const child = { relationship: '19', name: { last: 'DOE', first: 'SAM' }, birthDate: '2015-07-04', gender: 'M', address: { line1: '12 ELM ROAD', city: 'SPRINGFIELD', state: 'IL', postalCode: '62702' } };
const dependent = (c: any) => {
  delete c.subscriber.birthDate;
  delete c.subscriber.gender;
  delete c.subscriber.address;
  c.patient = structuredClone(child);
};

/** One case per edit: the base claim is clean; the mutation breaks exactly that edit. */
const CASES: Case[] = [
  { code: 'CLAIM-ID-FORMAT', base: professionalInput, mutate: (c) => (c.claimId = 'P-1001-WITH-A-VERY-LONG-ID'), field: '$.claimId' },
  { code: 'CLAIM-ID-DUPLICATE', base: professionalInput, mutate: () => {}, field: '$.claimId', seen: ['P-1001'] },
  { code: 'TOTAL-CHARGE-MISMATCH', base: professionalInput, mutate: (c) => (c.totalCharge = '176'), field: '$.totalCharge' },
  { code: 'FREQUENCY-CODE', base: professionalInput, mutate: (c) => (c.frequency = '3'), field: '$.frequency' },
  { code: 'ORIGINAL-CLAIM-NUMBER-REQUIRED', base: professionalInput, mutate: (c) => (c.frequency = '7'), field: '$.originalClaimNumber' },
  { code: 'ORIGINAL-CLAIM-NUMBER-UNEXPECTED', base: professionalInput, mutate: (c) => (c.originalClaimNumber = 'ORIG1'), field: '$.originalClaimNumber' },
  { code: 'PLACE-OF-SERVICE-CODE', base: professionalInput, mutate: (c) => (c.placeOfService = '98'), field: '$.placeOfService' },
  { code: 'PRIOR-AUTHORIZATION-FORMAT', base: professionalInput, mutate: (c) => (c.priorAuthorization = 'AUTH 123'), field: '$.priorAuthorization' },
  { code: 'REFERRAL-NUMBER-FORMAT', base: professionalInput, mutate: (c) => (c.referralNumber = 'REF#9'), field: '$.referralNumber' },
  { code: 'ACCIDENT-DATE-REQUIRED', base: professionalInput, mutate: (c) => (c.relatedCauses = { otherAccident: true }), field: '$.accidentDate' },
  { code: 'AUTO-ACCIDENT-STATE-REQUIRED', base: professionalInput, mutate: (c) => ((c.relatedCauses = { autoAccident: true }), (c.accidentDate = '2024-02-28')), field: '$.relatedCauses.autoAccidentState' },
  { code: 'RELATED-CAUSES-TOO-MANY', base: professionalInput, mutate: (c) => ((c.relatedCauses = { employment: true, autoAccident: true, otherAccident: true, autoAccidentState: 'IL' }), (c.accidentDate = '2024-02-28')), field: '$.relatedCauses' },
  { code: 'NOT-SENT-FOR-KIND', base: dentalInput, mutate: (c) => (c.medicalRecordNumber = 'MRN1'), field: '$.medicalRecordNumber' },
  { code: 'DELIMITER-IN-VALUE', base: professionalInput, mutate: (c) => (c.subscriber.name.last = 'DOE*SMITH'), field: '$.subscriber.name.last' },
  { code: 'NON-ASCII-CHARACTER', base: professionalInput, mutate: (c) => (c.subscriber.name.first = 'JOSÉ'), field: '$.subscriber.name.first' },
  { code: 'NPI-FORMAT', base: professionalInput, mutate: (c) => (c.billingProvider.npi = '12345'), field: '$.billingProvider.npi' },
  { code: 'NPI-CHECK-DIGIT', base: professionalInput, mutate: (c) => (c.billingProvider.npi = '1234567890'), field: '$.billingProvider.npi' },
  { code: 'BILLING-NPI-REQUIRED', base: professionalInput, mutate: (c) => delete c.billingProvider.npi, field: '$.billingProvider.npi' },
  { code: 'TAX-ID-FORMAT', base: professionalInput, mutate: (c) => (c.billingProvider.taxId = '12-3456789'), field: '$.billingProvider.taxId' },
  { code: 'TAX-ID-TYPE', base: institutionalInput, mutate: (c) => (c.billingProvider.taxIdType = 'ssn'), field: '$.billingProvider.taxIdType' },
  { code: 'TAXONOMY-FORMAT', base: professionalInput, mutate: (c) => (c.billingProvider.taxonomy = '207Q0000'), field: '$.billingProvider.taxonomy' },
  { code: 'PROVIDER-ENTITY-TYPE', base: institutionalInput, mutate: (c) => (c.attendingProvider.entity = 'organization'), field: '$.attendingProvider.entity' },
  { code: 'RENDERING-SAME-AS-BILLING', base: dentalInput, mutate: (c) => (c.renderingProvider.npi = c.billingProvider.npi), field: '$.renderingProvider.npi' },
  { code: 'ZIP-FORMAT', base: professionalInput, mutate: (c) => (c.subscriber.address.postalCode = '6270'), field: '$.subscriber.address.postalCode' },
  { code: 'ZIP-NINE-DIGITS-REQUIRED', base: professionalInput, mutate: (c) => (c.billingProvider.address.postalCode = '62701'), field: '$.billingProvider.address.postalCode' },
  { code: 'STATE-CODE', base: professionalInput, mutate: (c) => (c.subscriber.address.state = 'XX'), field: '$.subscriber.address.state' },
  { code: 'BILLING-ADDRESS-PO-BOX', base: professionalInput, mutate: (c) => (c.billingProvider.address.line1 = 'PO BOX 12'), field: '$.billingProvider.address.line1' },
  { code: 'PHONE-FORMAT', base: professionalInput, mutate: (c) => (c.billingProvider.contact = { phone: '555-0100' }), field: '$.billingProvider.contact.phone' },
  { code: 'PAYER-ID-FORMAT', base: professionalInput, mutate: (c) => (c.payer.id = 'SHP-01'), field: '$.payer.id' },
  { code: 'OTHER-PAYER-MEMBER-ID', base: secondaryInput, mutate: (c) => (c.otherPayers[0].subscriber.memberId = 'X'), field: '$.otherPayers[0].subscriber.memberId' },
  { code: 'MEMBER-ID-FORMAT', base: professionalInput, mutate: (c) => (c.subscriber.memberId = 'MBR 0001'), field: '$.subscriber.memberId' },
  { code: 'CLAIM-FILING-INDICATOR', base: professionalInput, mutate: (c) => (c.subscriber.claimFilingIndicator = 'XX'), field: '$.subscriber.claimFilingIndicator' },
  { code: 'RELATIONSHIP-CODE', base: professionalInput, mutate: (c) => (dependent(c), (c.patient.relationship = '18')), field: '$.patient.relationship' },
  { code: 'PATIENT-IS-SUBSCRIBER', base: professionalInput, mutate: (c) => (dependent(c), (c.patient.name = { last: 'DOE', first: 'JANE' })), field: '$.patient' },
  { code: 'SUBSCRIBER-DEMOGRAPHICS-REQUIRED', base: professionalInput, mutate: (c) => delete c.subscriber.gender, field: '$.subscriber.gender' },
  { code: 'SUBSCRIBER-DEMOGRAPHICS-NOT-SENT', base: professionalInput, mutate: (c) => (dependent(c), (c.subscriber.gender = 'F')), field: '$.subscriber.gender' },
  { code: 'DIAGNOSIS-FORMAT', base: professionalInput, mutate: (c) => (c.diagnoses[1] = 'R05.1'), field: '$.diagnoses[1]' },
  { code: 'DIAGNOSIS-DUPLICATE', base: professionalInput, mutate: (c) => (c.diagnoses[1] = 'J069'), field: '$.diagnoses[1]' },
  { code: 'DIAGNOSIS-COUNT', base: dentalInput, mutate: (c) => (c.diagnoses = ['K021', 'K022', 'K023', 'K029', 'K0251']), field: '$.diagnoses[4]' },
  { code: 'DIAGNOSIS-POINTER-RANGE', base: professionalInput, mutate: (c) => (c.lines[1].diagnosisPointers = [3]), field: '$.lines[1].diagnosisPointers[0]' },
  { code: 'DIAGNOSIS-POINTER-COUNT', base: professionalInput, mutate: (c) => (c.lines[0].diagnosisPointers = [1, 1]), field: '$.lines[0].diagnosisPointers' },
  { code: 'DATE-INVALID', base: professionalInput, mutate: (c) => (c.subscriber.birthDate = '1980-02-30'), field: '$.subscriber.birthDate' },
  { code: 'SERVICE-DATE-FUTURE', base: professionalInput, mutate: (c) => (c.lines[1].serviceDate = '2024-07-01'), field: '$.lines[1].serviceDate' },
  { code: 'SERVICE-DATE-ORDER', base: professionalInput, mutate: (c) => (c.lines[1].serviceDateEnd = '2024-02-01'), field: '$.lines[1].serviceDateEnd' },
  { code: 'SERVICE-BEFORE-BIRTH', base: professionalInput, mutate: (c) => (c.lines[1].serviceDate = '1979-12-31'), field: '$.lines[1].serviceDate' },
  { code: 'STATEMENT-PERIOD-ORDER', base: institutionalInput, mutate: (c) => ((c.statementTo = '2024-02-28'), (c.lines[1].serviceDate = undefined), (c.admissionDate = '2024-02-27')), field: '$.statementTo' },
  { code: 'SERVICE-OUTSIDE-STATEMENT', base: institutionalInput, mutate: (c) => (c.lines[1].serviceDate = '2024-03-05'), field: '$.lines[1].serviceDate' },
  { code: 'ADMISSION-AFTER-STATEMENT', base: institutionalInput, mutate: (c) => (c.admissionDate = '2024-03-05'), field: '$.admissionDate' },
  { code: 'LINE-COUNT', base: professionalInput, mutate: (c) => linesOf(c, 51), field: '$.lines[50]' },
  { code: 'LINE-PLACE-OF-SERVICE-SAME', base: professionalInput, mutate: (c) => (c.lines[1].placeOfService = '11'), field: '$.lines[1].placeOfService' },
  { code: 'LINE-CHARGE-NEGATIVE', base: professionalInput, mutate: (c) => ((c.lines[1].charge = '-50'), (c.totalCharge = '75')), field: '$.lines[1].charge' },
  { code: 'LINE-UNITS-NOT-POSITIVE', base: professionalInput, mutate: (c) => (c.lines[1].units = '0'), field: '$.lines[1].units' },
  { code: 'PROCEDURE-CODE-FORMAT', base: professionalInput, mutate: (c) => (c.lines[1].procedureCode = '8788'), field: '$.lines[1].procedureCode' },
  { code: 'REVENUE-CODE-FORMAT', base: institutionalInput, mutate: (c) => (c.lines[0].revenueCode = '120'), field: '$.lines[0].revenueCode' },
  { code: 'AMBULANCE-INFO-REQUIRED', base: professionalInput, mutate: (c) => (c.lines[0].procedureCode = 'A0427'), field: '$.lines[0].procedureCode' },
  { code: 'AMBULANCE-WITHOUT-TRANSPORT-CODE', base: professionalInput, mutate: (c) => (c.ambulance = AMBULANCE()), field: '$.ambulance' },
  { code: 'AMBULANCE-CONDITION-CODE', base: professionalInput, mutate: (c) => ((c.lines[0].procedureCode = 'A0427'), (c.ambulance = { ...AMBULANCE(), certification: { conditions: ['01', '99'] } })), field: '$.ambulance.certification.conditions[1]' },
  { code: 'ATTACHMENT-CONTROL-NUMBER', base: institutionalInput, mutate: (c) => (c.attachments = [{ reportType: 'OZ', transmission: 'EL' }]), field: '$.attachments[0].controlNumber' },
  { code: 'ATTACHMENT-REPORT-TYPE', base: dentalInput, mutate: (c) => (c.attachments = [{ reportType: '09', transmission: 'AA' }]), field: '$.attachments[0].reportType' },
  { code: 'SPINAL-MANIPULATION-INFO', base: professionalInput, mutate: (c) => (c.lines[1].procedureCode = '98940'), field: '$.lines[1].procedureCode' },
  { code: 'REPRICED-AMOUNT-OVER-CHARGE', base: professionalInput, mutate: (c) => (c.repricing = { method: '01', allowedAmount: '999' }), field: '$.repricing.allowedAmount' },
  { code: 'REPRICED-LINE-AMOUNT-OVER-CHARGE', base: dentalInput, mutate: (c) => (c.lines[0].repricing = { method: '03', allowedAmount: '999' }), field: '$.lines[0].repricing.allowedAmount' },
  { code: 'AMBULANCE-PICKUP-ZIP', base: institutionalInput, mutate: (c) => (c.lines[0].procedureCode = 'A0429'), field: '$.lines[0].procedureCode' },
  { code: 'HIPPS-CODE-FORMAT', base: institutionalInput, mutate: (c) => Object.assign(c.lines[1], { procedureQualifier: 'HP', procedureCode: 'KAQ' }), field: '$.lines[1].procedureCode' },
  { code: 'DRG-FORMAT', base: institutionalInput, mutate: (c) => (c.drg = '47'), field: '$.drg' },
  { code: 'DRG-OUTPATIENT', base: institutionalInput, mutate: (c) => (Object.assign(c, { drg: '470', typeOfBill: '131' }), (c.lines[0].serviceDate = '2024-03-01')), field: '$.drg' },
  { code: 'MODIFIER-FORMAT', base: professionalInput, mutate: (c) => (c.lines[0].modifiers = ['2']), field: '$.lines[0].modifiers[0]' },
  { code: 'MODIFIER-COUNT', base: professionalInput, mutate: (c) => (c.lines[0].modifiers = ['25', '59', 'LT', 'RT', 'GT']), field: '$.lines[0].modifiers' },
  { code: 'DUPLICATE-SERVICE-LINE', base: professionalInput, mutate: (c) => ((c.lines[1] = { ...structuredClone(c.lines[0]), lineControlNumber: 'B' }), (c.totalCharge = '250')), field: '$.lines[1]' },
  { code: 'LINE-CONTROL-NUMBER-DUPLICATE', base: professionalInput, mutate: (c) => ((c.lines[0].lineControlNumber = 'X1'), (c.lines[1].lineControlNumber = 'X1')), field: '$.lines[1].lineControlNumber' },
  { code: 'ANESTHESIA-MINUTES', base: professionalInput, mutate: (c) => (c.lines[1].procedureCode = '00790'), field: '$.lines[1].unitType' },
  { code: 'NDC-FORMAT', base: professionalInput, mutate: (c) => (c.lines[1].drug = { ndc: '5789-4003-01', quantity: '2', unit: 'UN' }), field: '$.lines[1].drug.ndc' },
  { code: 'NDC-QUANTITY-NOT-POSITIVE', base: professionalInput, mutate: (c) => (c.lines[1].drug = { ndc: '57894003001', quantity: '0', unit: 'UN' }), field: '$.lines[1].drug.quantity' },
  { code: 'TOOTH-NUMBER', base: dentalInput, mutate: (c) => (c.lines[1].teeth[0].number = '33'), field: '$.lines[1].teeth[0].number' },
  { code: 'TOOTH-SURFACE', base: dentalInput, mutate: (c) => (c.lines[1].teeth[0].surfaces = ['M', 'X']), field: '$.lines[1].teeth[0].surfaces' },
  { code: 'ORAL-CAVITY-CODE', base: dentalInput, mutate: (c) => (c.lines[0].oralCavity = ['50']), field: '$.lines[0].oralCavity' },
  { code: 'OUTPATIENT-LINE-DATE-REQUIRED', base: institutionalInput, mutate: (c) => ((c.typeOfBill = '131'), delete c.admissionSource, delete c.admissionHour, delete c.admissionDate), field: '$.lines[0].serviceDate' },
  { code: 'TYPE-OF-BILL-FORMAT', base: institutionalInput, mutate: (c) => (c.typeOfBill = '11'), field: '$.typeOfBill' },
  { code: 'PATIENT-STATUS-CODE', base: institutionalInput, mutate: (c) => (c.patientStatus = '1'), field: '$.patientStatus' },
  { code: 'ADMISSION-TYPE-CODE', base: institutionalInput, mutate: (c) => (c.admissionType = '0'), field: '$.admissionType' },
  { code: 'ADMISSION-SOURCE-CODE', base: institutionalInput, mutate: (c) => (c.admissionSource = 'X'), field: '$.admissionSource' },
  { code: 'INPATIENT-ADMISSION-REQUIRED', base: institutionalInput, mutate: (c) => delete c.admissionSource, field: '$.admissionSource' },
  { code: 'HOUR-FORMAT', base: institutionalInput, mutate: (c) => (c.dischargeHour = '2460'), field: '$.dischargeHour' },
  { code: 'INSTITUTIONAL-CODE-FORMAT', base: institutionalInput, mutate: (c) => (c.conditions = ['9']), field: '$.conditions[0]' },
  { code: 'ICD10-PCS-FORMAT', base: institutionalInput, mutate: (c) => (c.procedures[0].code = '0270OZZ'), field: '$.procedures[0].code' },
  { code: 'ATTENDING-PROVIDER-REQUIRED', base: institutionalInput, mutate: (c) => delete c.attendingProvider, field: '$.attendingProvider' },
  { code: 'COB-RESPONSIBILITY-SEQUENCE', base: secondaryInput, mutate: (c) => (c.otherPayers[0].responsibility = 'secondary'), field: '$.otherPayers[0].responsibility' },
  { code: 'COB-CLAIM-BALANCE', base: secondaryInput, mutate: (c) => (c.otherPayers[0].claimAdjustments = [{ group: 'OA', reason: '23', amount: '5' }]), field: '$.otherPayers[0].paidAmount' },
  { code: 'COB-LINE-BALANCE', base: secondaryInput, mutate: (c) => ((c.otherPayers[0].lineAdjudications[1].adjustments[0].amount = '25'), (c.otherPayers[0].claimAdjustments = [{ group: 'OA', reason: '23', amount: '5' }])), field: '$.otherPayers[0].lineAdjudications[1].paidAmount' },
  { code: 'ELIGIBILITY-INACTIVE', base: professionalInput, mutate: () => {}, field: '$.subscriber.memberId', eligibility: { coverage: 'inactive', memberId: 'MBR0001', answeredMemberId: 'MBR0001' } },
  { code: 'ELIGIBILITY-MEMBER-ID', base: professionalInput, mutate: () => {}, field: '$.subscriber.memberId', eligibility: { coverage: 'active', memberId: 'MBR0001', answeredMemberId: 'MBR0099' } },
  { code: 'COB-LINE-PAID-SUM', base: secondaryInput, mutate: (c) => ((c.otherPayers[0].paidAmount = '95'), (c.otherPayers[0].claimAdjustments = [{ group: 'OA', reason: '23', amount: '5' }])), field: '$.otherPayers[0].paidAmount' },
  { code: 'COB-LINE-REFERENCE', base: secondaryInput, mutate: (c) => (c.otherPayers[0].lineAdjudications[1].bundledLine = 3), field: '$.otherPayers[0].lineAdjudications[1].bundledLine' },
  { code: 'COB-ADJUDICATION-DATE-REQUIRED', base: secondaryInput, mutate: (c) => ((c.otherPayers[0].lineAdjudications = []), (c.otherPayers[0].claimAdjustments = [{ group: 'CO', reason: '45', amount: '75' }])), field: '$.otherPayers[0].adjudicationDate' },
  { code: 'COB-PAID-AMOUNT-REQUIRED', base: secondaryInput, mutate: (c) => delete c.otherPayers[0].paidAmount, field: '$.otherPayers[0].paidAmount' },
  { code: 'COB-ADJUSTMENT-REASON', base: secondaryInput, mutate: (c) => (c.otherPayers[0].lineAdjudications[1].adjustments[0].reason = 'ZZZ9'), field: '$.otherPayers[0].lineAdjudications[1].adjustments[0].reason' },
  { code: 'COB-LINE-PROCEDURE-REQUIRED', base: secondaryInput, mutate: (c) => delete c.otherPayers[0].lineAdjudications[1].procedureCode, field: '$.otherPayers[0].lineAdjudications[1].procedureCode' },
  {
    code: 'COB-ADJUSTMENTS-TOO-MANY',
    base: secondaryInput,
    mutate: (c) => (c.otherPayers[0].lineAdjudications[1].adjustments = ['CO', 'CR', 'OA', 'PI', 'PR', 'PR', 'PR', 'PR', 'PR', 'PR', 'PR'].map((group, i) => ({ group, reason: '45', amount: i === 0 ? '23' : i === 1 ? '7' : '0' }))),
    field: '$.otherPayers[0].lineAdjudications[1].adjustments',
  },
];

function linesOf(c: any, n: number) {
  c.lines = Array.from({ length: n }, (_, i) => ({ procedureCode: '99213', charge: '1', units: '1', diagnosisPointers: [1], serviceDate: `2024-0${1 + (i % 5)}-${String(1 + Math.floor(i / 5)).padStart(2, '0')}` }));
  c.totalCharge = String(n);
}

describe('scrubber edits', () => {
  it('has at least 40 named edits, each with a unique code, a message and a fix', () => {
    expect(EDITS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(EDITS.map((e) => e.code)).size).toBe(EDITS.length);
    for (const e of EDITS) expect(e.message.length * e.fix.length).toBeGreaterThan(0);
  });

  it('has one test case per edit', () => {
    expect(CASES.map((c) => c.code).sort()).toEqual(EDITS.map((e) => e.code).sort());
  });

  it('finds nothing on the clean base claims', () => {
    for (const base of [professionalInput, institutionalInput, dentalInput, secondaryInput]) {
      expect(scrubClaim(parseClaim(base()), { today: TODAY, seenClaimIds: new Set() })).toEqual([]);
    }
  });

  for (const t of CASES) {
    it(`${t.code}: a claim breaking only this edit yields exactly this finding at ${t.field}`, () => {
      const input = structuredClone(t.base());
      t.mutate(input);
      const claim = parseClaim(input);
      const findings = scrubClaim(claim, { today: TODAY, seenClaimIds: new Set(t.seen ?? []), lastEligibility: t.eligibility ? new Map([[claimPatientKey(claim), t.eligibility]]) : undefined });
      expect(findings.map((f) => [f.code, f.field])).toEqual([[t.code, t.field]]);
      const edit = EDITS.find((e) => e.code === t.code)!;
      expect(findings[0]).toMatchObject({ claimId: claim.claimId, severity: edit.severity });
      expect(findings[0].fix.length).toBeGreaterThan(10);
    });
  }

  it('codes the 5010 guide refuses although they have the right shape (CL101 6-8, CL103 99, CL102 H; SVD03 of another payer)', () => {
    const codes = (mutate: (c: any) => void, base = institutionalInput) => {
      const input: any = structuredClone(base());
      mutate(input);
      return scrubClaim(parseClaim(input), { today: TODAY }).map((f) => [f.code, f.field]);
    };
    for (const t of ['6', '7', '8']) expect(codes((c) => (c.admissionType = t))).toEqual([['ADMISSION-TYPE-CODE', '$.admissionType']]);
    for (const s of ['99', '00', '08', '67']) expect(codes((c) => (c.patientStatus = s))).toEqual([['PATIENT-STATUS-CODE', '$.patientStatus']]);
    for (const s of ['01', '09', '30', '43', '69', '95']) expect(codes((c) => (c.patientStatus = s))).toEqual([]);
    for (const s of ['H', '0', '77']) expect(codes((c) => (c.admissionSource = s))).toEqual([['ADMISSION-SOURCE-CODE', '$.admissionSource']]);
    expect(codes((c) => (c.otherPayers[0].lineAdjudications[0].modifiers = ['2']), secondaryInput)).toEqual([['MODIFIER-FORMAT', '$.otherPayers[0].lineAdjudications[0].modifiers[0]']]);
    expect(codes((c) => (c.otherPayers[0].lineAdjudications[1].procedureCode = '8788'), secondaryInput)).toEqual([['PROCEDURE-CODE-FORMAT', '$.otherPayers[0].lineAdjudications[1].procedureCode']]);
  });

  it('never quotes claim values (PHI) in messages or fixes', () => {
    const input: any = professionalInput();
    input.subscriber.name.last = 'ZQXWV*';
    input.subscriber.memberId = 'MEMBER 99887';
    input.billingProvider.npi = '1234567890';
    const text = JSON.stringify(scrubClaim(parseClaim(input), { today: TODAY }).map((f) => [f.message, f.fix]));
    expect(text).not.toContain('ZQXWV');
    expect(text).not.toContain('99887');
    expect(text).not.toContain('1234567890');
  });

  it('keeps every finding of a claim instead of stopping at the first', () => {
    const input: any = professionalInput();
    input.totalCharge = '1';
    input.billingProvider.npi = '1234567890';
    input.diagnoses = ['J06.9', 'R05'];
    const codes = scrubClaim(parseClaim(input), { today: TODAY }).map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['TOTAL-CHARGE-MISMATCH', 'NPI-CHECK-DIGIT', 'DIAGNOSIS-FORMAT']));
  });

  it('lets a partner skip an edit', () => {
    const input: any = professionalInput({ claimId: 'A-VERY-LONG-CLAIM-ID-OVER-20' });
    expect(scrubClaim(parseClaim(input), { today: TODAY, skip: ['CLAIM-ID-FORMAT'] })).toEqual([]);
  });

  it('is listed in docs/scrubber.md', () => {
    const doc = readFileSync(new URL('../../../docs/scrubber.md', import.meta.url), 'utf8');
    for (const e of EDITS) expect(doc).toContain(`\`${e.code}\``);
  });
});

describe('NPI check digit', () => {
  it('accepts valid NPIs and refuses every single-digit change', () => {
    for (const npi of ['1234567893', '1987654328', '1456789019']) {
      expect(npiCheckDigitValid(npi)).toBe(true);
      for (let i = 0; i < 10; i++) {
        const changed = npi.slice(0, i) + String((Number(npi[i]) + 1) % 10) + npi.slice(i + 1);
        expect(npiCheckDigitValid(changed)).toBe(false);
      }
    }
    expect(npiCheckDigitValid('12345')).toBe(false);
    expect(npiCheckDigitValid('123456789' + npiCheckDigit('123456789'))).toBe(true);
  });
});
