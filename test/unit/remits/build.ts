/** Builders for remittance models in tests (synthetic data only). */
import { Decimal } from 'decimal.js';
import { deriveClaim, deriveLine } from '../../../src/remits/derive.js';
import type { Adjustment, ClaimPayment, Remittance, ServiceLine } from '../../../src/remits/model.js';
import type { RemittanceToWrite } from '../../../src/remits/write-835.js';

export const d = (v: string | number) => new Decimal(v);

export function adj(group: string, reason: string, amount: string, quantity?: string): Adjustment {
  const a: Adjustment = { group, groupDescription: '', reason, reasonDescription: '', amount: d(amount) };
  if (quantity) a.quantity = quantity;
  return a;
}

export function line(charge: string, paid: string, adjustments: Adjustment[] = [], extra: Partial<ServiceLine> = {}): ServiceLine {
  return deriveLine({ procedure: { qualifier: 'HC', code: '99213', modifiers: [] }, charge: d(charge), paid: d(paid), adjustments, references: [], amounts: [], quantities: [], remarks: [], ...extra });
}

export function claim(billed: string, paid: string, adjustments: Adjustment[] = [], lines: ServiceLine[] = [], extra: Partial<ClaimPayment> = {}): ClaimPayment {
  return deriveClaim({
    patientControlNumber: 'PCN-TEST',
    status: '1',
    statusDescription: '',
    billed: d(billed),
    paid: d(paid),
    filingIndicator: '12',
    adjustments,
    references: [],
    contacts: [],
    amounts: [],
    quantities: [],
    lines,
    ...extra,
  });
}

export function remittance(claims: ClaimPayment[], amount: string, extra: Partial<RemittanceToWrite> = {}): RemittanceToWrite {
  return {
    payment: { handling: 'I', amount: d(amount), creditDebit: 'C', method: 'CHK', methodDescription: '', date: '2024-03-15' },
    trace: { number: 'TRACE1', originatorId: '1999999999' },
    payer: { name: 'SYNTHETIC PAYER', address: { lines: ['1 PAYER WAY'], city: 'SPRINGFIELD', state: 'IL', postalCode: '62701' }, references: [], contacts: [{ function: 'BL', numbers: [{ qualifier: 'TE', value: '8005550100' }] }] },
    payee: { name: 'SYNTHETIC CLINIC', idQualifier: 'XX', id: '1234567893', references: [], contacts: [] },
    claims,
    providerAdjustments: [],
    ...extra,
  };
}

export const envelope = {
  interchange: { senderQualifier: 'ZZ', senderId: 'SYNTHPAYER', receiverQualifier: 'ZZ', receiverId: 'SYNTHCLINIC', controlNumber: 7, date: '20240315', time: '0930', usage: 'T' as const },
  group: { senderCode: 'SYNTHPAYER', receiverCode: 'SYNTHCLINIC', date: '20240315', time: '0930', controlNumber: 7 },
};

/** A model without what depends on where it was read (positions, findings, envelope numbers). */
export function comparable(r: Remittance | RemittanceToWrite): unknown {
  return JSON.parse(JSON.stringify(r, (k, v) => (k === 'position' || k === 'findings' ? undefined : v)));
}
