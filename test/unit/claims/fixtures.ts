/** Synthetic claims (no real people) used across the claims tests. Each call returns a fresh copy. */
import { expect } from 'vitest';
import { createBatchWriter, sequentialAllocator } from '../../../src/claims/index.js';
import { Claim, type ClaimInput } from '../../../src/claims/model.js';
import { PartnerProfile } from '../../../src/claims/partner.js';

export const NPI = { billing: '1234567893', rendering: '1987654328', referring: '1456789019', attending: '1678901236', facility: '1765432103', operating: '1122334455' };

export const partner = (): PartnerProfile =>
  PartnerProfile.parse({
    id: 'test-clearinghouse',
    name: 'Test Clearinghouse',
    isa: { senderId: 'SUBMITTER01', receiverId: 'CLEARHOUSE', usage: 'T' },
    gs: { senderCode: 'SUBMITTER01', receiverCode: 'CLEARHOUSE' },
    submitter: { name: 'SAMPLE BILLING SERVICE', id: 'SUB12345', contact: { name: 'EDI DESK', phone: '5555550100' } },
    receiver: { name: 'TEST CLEARINGHOUSE', id: 'CH0001' },
    limits: { maxClaimsPerTransaction: 5000, maxClaimsPerFile: 100000 },
    lineEnding: '\n',
  });

const billingProvider = {
  entity: 'organization' as const,
  name: 'SAMPLE FAMILY CLINIC',
  npi: NPI.billing,
  taxonomy: '207Q00000X',
  taxId: '123456789',
  address: { line1: '100 MAIN STREET', city: 'SPRINGFIELD', state: 'IL', postalCode: '627011234' },
};

const subscriberSelf = {
  responsibility: 'primary' as const,
  name: { last: 'DOE', first: 'JANE' },
  memberId: 'MBR0001',
  groupNumber: 'GRP100',
  claimFilingIndicator: 'CI',
  birthDate: '1980-05-01',
  gender: 'F' as const,
  address: { line1: '12 ELM ROAD', city: 'SPRINGFIELD', state: 'IL', postalCode: '62702' },
};

const payer = { name: 'SAMPLE HEALTH PLAN', id: 'SHP01' };

export function professionalInput(overrides: Partial<ClaimInput> = {}): ClaimInput {
  return {
    kind: 'professional',
    claimId: 'P-1001',
    totalCharge: '175',
    placeOfService: '11',
    billingProvider: structuredClone(billingProvider),
    subscriber: structuredClone(subscriberSelf),
    payer: structuredClone(payer),
    diagnoses: ['J069', 'R05'],
    lines: [
      { procedureCode: '99213', modifiers: ['25'], charge: '125', units: '1', diagnosisPointers: [1, 2], serviceDate: '2024-03-01' },
      { procedureCode: '87880', charge: '50', units: '1', diagnosisPointers: [1], serviceDate: '2024-03-01' },
    ],
    ...overrides,
  } as ClaimInput;
}

export function institutionalInput(overrides: Partial<ClaimInput> = {}): ClaimInput {
  return {
    kind: 'institutional',
    claimId: 'I-2001',
    totalCharge: '4200',
    typeOfBill: '111',
    statementFrom: '2024-03-01',
    statementTo: '2024-03-04',
    admissionType: '1',
    admissionSource: '7',
    admissionDate: '2024-03-01',
    admissionHour: '0815',
    dischargeHour: '1100',
    patientStatus: '01',
    billingProvider: { ...structuredClone(billingProvider), name: 'SAMPLE GENERAL HOSPITAL', taxonomy: '282N00000X' },
    subscriber: structuredClone(subscriberSelf),
    payer: structuredClone(payer),
    diagnoses: [{ code: 'I214', presentOnAdmission: 'Y' }, { code: 'E119', presentOnAdmission: 'Y' }],
    admittingDiagnosis: 'R079',
    procedures: [{ code: '02703ZZ', date: '2024-03-01' }],
    occurrences: [{ code: '11', date: '2024-03-01' }],
    values: [{ code: '80', amount: '3' }],
    conditions: ['09'],
    attendingProvider: { entity: 'person', name: 'SMITH', firstName: 'ALEX', npi: NPI.attending, taxonomy: '207RC0000X' },
    lines: [
      { revenueCode: '0120', charge: '2400', unitType: 'DA', units: '3' },
      { revenueCode: '0450', procedureCode: '99285', charge: '1800', units: '1', serviceDate: '2024-03-01' },
    ],
    ...overrides,
  } as ClaimInput;
}

export function dentalInput(overrides: Partial<ClaimInput> = {}): ClaimInput {
  return {
    kind: 'dental',
    claimId: 'D-3001',
    totalCharge: '310',
    placeOfService: '11',
    billingProvider: { ...structuredClone(billingProvider), name: 'SAMPLE DENTAL GROUP', taxonomy: '1223G0001X' },
    subscriber: structuredClone(subscriberSelf),
    payer: structuredClone(payer),
    renderingProvider: { entity: 'person', name: 'LEE', firstName: 'MORGAN', npi: NPI.rendering, taxonomy: '1223G0001X' },
    lines: [
      { procedureCode: 'D0120', charge: '60', serviceDate: '2024-03-05' },
      { procedureCode: 'D2392', charge: '250', serviceDate: '2024-03-05', teeth: [{ number: '30', surfaces: ['M', 'O', 'D'] }] },
    ],
    ...overrides,
  } as ClaimInput;
}

/** A professional claim sent to the secondary payer after the primary paid part of it. */
export function secondaryInput(): ClaimInput {
  const base = professionalInput({ claimId: 'P-1002' });
  return {
    ...base,
    subscriber: { ...structuredClone(subscriberSelf), responsibility: 'secondary', memberId: 'SEC0001', claimFilingIndicator: 'CI' },
    payer: { name: 'SECOND HEALTH PLAN', id: 'SEC02' },
    otherPayers: [
      {
        responsibility: 'primary',
        relationship: '18',
        claimFilingIndicator: 'CI',
        subscriber: { name: { last: 'DOE', first: 'JANE' }, memberId: 'MBR0001' },
        payer: { name: 'SAMPLE HEALTH PLAN', id: 'SHP01' },
        paidAmount: '100',
        remainingPatientLiability: '20',
        claimControlNumber: 'PAYERCLM777',
        lineAdjudications: [
          { line: 1, paidAmount: '80', procedureCode: '99213', modifiers: ['25'], units: '1', adjudicationDate: '2024-03-20', adjustments: [{ group: 'CO', reason: '45', amount: '25' }, { group: 'PR', reason: '2', amount: '20' }] },
          { line: 2, paidAmount: '20', procedureCode: '87880', units: '1', adjudicationDate: '2024-03-20', adjustments: [{ group: 'CO', reason: '45', amount: '30' }] },
        ],
      },
    ],
  } as ClaimInput;
}

export const parseClaim = (input: ClaimInput): Claim => Claim.parse(input);

/**
 * Writes claims through the batch writer into one 837 text (fixed date, time and control numbers), as the
 * claim-feature tests need it. Each claim must be accepted by the writer unless `acceptAll` is false.
 */
export function write837(claims: Claim[], options: { acceptAll?: boolean } = {}): string {
  let text = '';
  const w = createBatchWriter({ partner: partner(), date: '20240601', time: '0930', allocator: sequentialAllocator(), openFile: () => ({ write: (t) => void (text += t), close() {} }) });
  for (const c of claims) {
    const refused = w.add(c);
    if (options.acceptAll !== false) expect(refused).toBeUndefined();
  }
  w.end();
  return text;
}

/** One claim's 837 on one line (segment terminators kept, line breaks removed). */
export const write837OneLine = (claim: Claim): string => write837([claim]).replaceAll('\n', '');
