/**
 * A synthetic practice: batches of professional claims that pass the scrubber, for the demo and the
 * tests. Everything is made up and deterministic from (seed, index); nothing resembles a real person.
 * Options add claims the scrubber rejects (a wrong NPI check digit) and claims the simulated
 * clearinghouse rejects (member ids matching its rejection rule), and let tests plant canary values.
 */
import { Decimal } from 'decimal.js';
import { npiCheckDigit } from '../claims/scrub/formats.js';
import type { ClaimInput } from '../claims/model.js';

export interface SyntheticBatchOptions {
  batchId: string;
  partnerId?: string;
  claims: number;
  /** First claim number (claim ids are `<batchId>-<n>`). */
  start?: number;
  /** Every nth claim carries a bad billing NPI (scrub-rejected). 0 = none. */
  scrubRejectEvery?: number;
  /** Every nth claim has a member id starting "REJ" (rejected by the simulator's default rule). 0 = none. */
  payerRejectEvery?: number;
  /** Planted values for PHI tests: every patient gets these names and member id prefix. */
  canary?: { last: string; first: string; memberPrefix: string; birthDate?: string };
  /** ISO date of service for every line (default 2024-03-04). */
  serviceDate?: string;
}

const LAST = ['TESTPERSON', 'SAMPLEPATIENT', 'DEMOUSER', 'FAKENAME', 'SYNTHETIC'];
const FIRST = ['ALEX', 'SAM', 'JORDAN', 'TAYLOR', 'CASEY', 'RILEY'];
const PROCEDURES = [
  { code: '99213', charge: '125.00' },
  { code: '99214', charge: '185.00' },
  { code: '85025', charge: '42.50' },
  { code: '80053', charge: '61.75' },
  { code: '93000', charge: '88.00' },
  { code: '36415', charge: '15.00' },
];
const DIAGNOSES = ['J069', 'E119', 'I10', 'M545', 'R05', 'Z0000'];

export const DEMO_BILLING_NPI = '123456789' + npiCheckDigit('123456789');

export function syntheticClaim(o: SyntheticBatchOptions, n: number): ClaimInput {
  const i = n - 1;
  const badNpi = !!o.scrubRejectEvery && n % o.scrubRejectEvery === 0;
  const payerReject = !!o.payerRejectEvery && n % o.payerRejectEvery === 0;
  const lineCount = 1 + (i % 3);
  const date = o.serviceDate ?? '2024-03-04';
  const lines = Array.from({ length: lineCount }, (_, k) => {
    const p = PROCEDURES[(i + k * 2) % PROCEDURES.length];
    return { procedureCode: p.code, charge: p.charge, units: '1', diagnosisPointers: [1], serviceDate: date, lineControlNumber: `${n}-${k + 1}` };
  });
  const total = lines.reduce((s, l) => s.plus(l.charge), new Decimal(0)).toFixed(2);
  const member = (payerReject ? 'REJ' : (o.canary?.memberPrefix ?? 'MBR')) + String(100000 + ((n * 7919) % 900000));
  return {
    kind: 'professional',
    claimId: `${o.batchId}-${n}`.slice(0, 38),
    partnerId: o.partnerId,
    totalCharge: total,
    placeOfService: '11',
    diagnoses: [DIAGNOSES[i % DIAGNOSES.length]],
    billingProvider: {
      entity: 'organization',
      name: 'SYNTHETIC FAMILY CLINIC',
      npi: badNpi ? '1234567890'.slice(0, 9) + ((Number(DEMO_BILLING_NPI[9]) + 1) % 10) : DEMO_BILLING_NPI,
      taxonomy: '207Q00000X',
      taxId: '123456789',
      address: { line1: '1 EXAMPLE PLAZA', city: 'SPRINGFIELD', state: 'IL', postalCode: '627011234' },
    },
    subscriber: {
      name: { last: o.canary?.last ?? LAST[i % LAST.length], first: o.canary?.first ?? FIRST[i % FIRST.length] },
      memberId: member,
      claimFilingIndicator: 'CI',
      birthDate: o.canary?.birthDate ?? '1980-01-01',
      gender: i % 2 ? 'F' : 'M',
      address: { line1: '2 SAMPLE ROAD', city: 'SPRINGFIELD', state: 'IL', postalCode: '62702' },
    },
    payer: { name: 'SIMULATED PAYER', id: 'SIMPAYER1' },
    lines,
  };
}

/** A batch file's content: `{ batchId, partnerId, claims }` (the outbox JSON format). */
export function syntheticBatch(o: SyntheticBatchOptions): { batchId: string; partnerId?: string; claims: ClaimInput[] } {
  const start = o.start ?? 1;
  return { batchId: o.batchId, partnerId: o.partnerId, claims: Array.from({ length: o.claims }, (_, k) => syntheticClaim(o, start + k)) };
}
