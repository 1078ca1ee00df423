/** CSV exports of the patient accounts list (with its grand total row) and the deposit reconciliation. */
import type { ReconciliationView } from '../../ledger/deposits.js';
import type { AccountsList } from '../../ledger/patient-accounts.js';
import { toCsv } from './csv.js';

export const accountsCsv = (list: AccountsList) =>
  toCsv(
    ['guarantorId', 'guarantorLast', 'guarantorFirst', 'claims', 'charges', 'insurancePaid', 'insuranceAdjustments', 'patientResponsibility', 'patientPayments', 'patientAdjustments', 'refunds', 'balance', 'credit', 'lastNotice', 'lastStatement', 'nextNotice', 'collections'],
    [
      ...list.rows.map((r) => [r.guarantorId, r.guarantor.last, r.guarantor.first, r.claims, r.summary.charges, r.summary.insurancePaid, r.summary.insuranceAdjustments, r.summary.patientResponsibility, r.summary.patientPayments, r.summary.patientAdjustments, r.summary.refunds, r.summary.balance, r.summary.inCredit ? r.summary.credit : '', r.lastStatement?.level ?? '', r.lastStatement?.date ?? '', r.next.send ? r.next.level : '', r.collections ? 'yes' : '']),
      ['TOTAL', '', '', list.rows.reduce((n, r) => n + r.claims, 0), '', '', '', '', '', '', '', list.grandTotal.balance, list.grandTotal.credit, '', '', '', ''],
    ],
  );

export const reconciliationCsv = (v: ReconciliationView) =>
  toCsv(
    ['status', 'matchedBy', 'eraId', 'trace', 'payer', 'eraDate', 'eraAmount', 'depositId', 'depositDate', 'depositAmount', 'depositReference', 'difference'],
    [
      ...v.matched.map((m) => ['matched', m.by, m.era.id, m.era.traceNumber, m.era.payerName, m.era.date, m.era.amount, m.deposit.id, m.deposit.deposit_date, m.deposit.amount, m.deposit.reference, m.difference]),
      ...v.unmatchedEras.map((e) => ['unmatched-era', '', e.id, e.traceNumber, e.payerName, e.date, e.amount, '', '', '', '', `-${e.amount}`]),
      ...v.unmatchedDeposits.map((d) => ['unmatched-deposit', '', '', '', '', '', '', d.id, d.deposit_date, d.amount, d.reference, d.amount]),
    ],
  );
