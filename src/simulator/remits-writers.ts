/**
 * The simulator's 835 written by the remits engineer's writer (src/remits/write-835.ts): the
 * adjudicated claims become the Remittance model (lines and claims completed by src/remits/derive.ts)
 * and `write835` serialises them. There is no 277CA writer in src/acks yet, so the 277CA stays the
 * simulator's own (responses.ts); swap it here when one lands.
 */
import { Decimal } from 'decimal.js';
import { describeCarc, describeClaimStatus, describeGroup, describePaymentMethod, describePlbReason, describeRarc } from '../remits/codes.js';
import { deriveClaim, deriveLine } from '../remits/derive.js';
import type { Adjustment, ClaimPayment } from '../remits/model.js';
import { write835 as remitsWrite835, type RemittanceToWrite } from '../remits/write-835.js';
import type { AdjudicatedAdjustment, AdjudicatedClaim } from './adjudicate.js';
import { builtInWriters, type RemittanceInput, type ResponseWriters } from './responses.js';

const iso = (d8: string) => `${d8.slice(0, 4)}-${d8.slice(4, 6)}-${d8.slice(6, 8)}`;

function adjustments(list: readonly AdjudicatedAdjustment[]): Adjustment[] {
  return list.map((a) => ({ group: a.group, groupDescription: describeGroup(a.group), reason: a.reason, reasonDescription: describeCarc(a.reason), amount: new Decimal(a.amount) }));
}

function claimPayment(c: AdjudicatedClaim): ClaimPayment {
  const lines = c.lines.map((l) =>
    deriveLine({
      procedure: { qualifier: l.qualifier || 'HC', code: l.procedure || '99499', modifiers: [] },
      charge: new Decimal(l.charge),
      paid: new Decimal(l.paid),
      units: l.units && l.units !== '1' ? l.units : undefined,
      serviceDate: l.serviceDate ? iso(l.serviceDate) : undefined,
      adjustments: adjustments(l.adjustments),
      lineControlNumber: l.lineControl,
      references: [],
      amounts: l.allowed.isZero() ? [] : [{ qualifier: 'B6', amount: new Decimal(l.allowed) }],
      quantities: [],
      remarks: l.remarks.map((code) => ({ qualifier: 'HE', code, description: describeRarc(code) })),
    }),
  );
  return deriveClaim({
    headerNumber: '1',
    patientControlNumber: c.claim.patientControlNumber,
    status: c.status,
    statusDescription: describeClaimStatus(c.status),
    billed: new Decimal(c.charge),
    paid: new Decimal(c.paid),
    patientResponsibilityAmount: c.patientResponsibility.isZero() ? undefined : new Decimal(c.patientResponsibility),
    filingIndicator: '12',
    payerClaimControlNumber: c.payerClaimNumber,
    facilityType: '11',
    frequency: '1',
    adjustments: [],
    patient: { role: 'QC', entityType: '1', lastName: c.claim.patientLast || 'PATIENT', firstName: c.claim.patientFirst || undefined, idQualifier: 'MI', id: c.claim.memberId || 'UNKNOWN' },
    references: [],
    statementFrom: c.claim.serviceDate ? iso(c.claim.serviceDate) : undefined,
    contacts: [],
    amounts: [],
    quantities: [],
    lines,
  });
}

export function write835WithRemits(input: RemittanceInput): string {
  const e = input.envelope;
  const sum = (xs: Decimal[]) => xs.reduce((s, x) => s.plus(x), new Decimal(0));
  const total = sum(input.claims.map((c) => c.paid)).minus(sum(input.providerAdjustments.map((p) => p.amount)));
  const method = total.gt(0) ? 'CHK' : 'NON';
  const remittance: RemittanceToWrite = {
    payment: { handling: total.gt(0) ? 'C' : 'H', amount: total, creditDebit: 'C', method, methodDescription: describePaymentMethod(method), date: iso(e.date) },
    trace: { number: input.traceNumber, originatorId: '1' + input.payer.id.padStart(9, '0').slice(-9) },
    payer: { name: input.payer.name, address: { lines: ['100 SIMULATED WAY'], city: 'SPRINGFIELD', state: 'IL', postalCode: '62701' }, references: [], contacts: [{ function: 'BL', name: 'PROVIDER SERVICES', numbers: [{ qualifier: 'TE', value: '8005550100' }] }] },
    payee: { name: input.payee.name || 'PROVIDER', idQualifier: 'XX', id: input.payee.npi || '0000000000', references: [], contacts: [] },
    claims: input.claims.map(claimPayment),
    providerAdjustments: input.providerAdjustments.map((p) => ({ providerId: p.providerId, fiscalPeriodDate: `${e.date.slice(0, 4)}-12-31`, reason: p.reason, reasonDescription: describePlbReason(p.reason), reference: p.reference, amount: new Decimal(p.amount) })),
    productionDate: iso(e.date),
  } as RemittanceToWrite;
  return remitsWrite835([remittance], {
    interchange: { senderQualifier: 'ZZ', senderId: e.senderId, receiverQualifier: 'ZZ', receiverId: e.receiverId, controlNumber: e.interchangeControl, date: e.date, time: e.time, usage: e.usage },
    group: { senderCode: e.senderCode, receiverCode: e.receiverCode, date: e.date, time: e.time, controlNumber: e.groupControl },
    lineEnding: '\n',
  });
}

/** The simulator's default: the remits 835 writer, the built-in 277CA writer. */
export const remitsWriters: ResponseWriters = { write277CA: builtInWriters.write277CA, write835: write835WithRemits };
