/** CSV exports of the workbench's tables, written by the one CSV writer (src/text/csv.ts: RFC 4180, formula-safe cells). */
import { csvRow, toCsv } from '../../text/csv.js';
import type { AgingClaim, BalanceRow, WorklistItem } from './views.js';

export { toCsv };

/**
 * A CSV document streamed page by page (the exports): the header, then each page's rows as they come —
 * one string per page, so a consumer with back-pressure holds at most one page.
 */
export async function* csvPages<T>(header: readonly string[], pages: AsyncIterable<T[]>, cells: (item: T) => Iterable<readonly unknown[]>): AsyncGenerator<string> {
  yield csvRow(header);
  for await (const page of pages) {
    let out = '';
    for (const item of page) for (const r of cells(item)) out += csvRow(r);
    if (out) yield out;
  }
}

type ClaimCsvRow = { id: string; patient_control_number: string; state: string; partner_id: string; payer_id: string; claim_type: string; total_charge: string; service_date: string | null; paid_amount: string | null; patient_responsibility: string | null; payer_claim_number: string | null; created_at: string; patient_last: string | null; patient_first: string | null; provider_npi: string | null };
export const CLAIMS_HEADER = ['ledgerId', 'claimId', 'state', 'patientLast', 'patientFirst', 'serviceDate', 'payer', 'partner', 'providerNpi', 'type', 'charge', 'paid', 'patientResponsibility', 'payerClaimNumber', 'received'] as const;
export const claimCells = (r: ClaimCsvRow) => [[r.id, r.patient_control_number, r.state, r.patient_last, r.patient_first, r.service_date, r.payer_id, r.partner_id, r.provider_npi, r.claim_type, r.total_charge, r.paid_amount, r.patient_responsibility, r.payer_claim_number, r.created_at]];
export const claimsCsv = (rows: ClaimCsvRow[]) => toCsv(CLAIMS_HEADER, rows.flatMap(claimCells));

export const WORKLIST_HEADER = ['ledgerId', 'claimId', 'state', 'patientLast', 'patientFirst', 'serviceDate', 'payer', 'charge', 'source', 'code', 'reason', 'fieldToFix', 'field', 'fix'] as const;
/** One line per reason (one line when there is none). */
export const worklistCells = (i: WorklistItem) => (i.reasons.length ? i.reasons : [undefined]).map((r) => [i.id, i.claimId, i.state, i.patient.last, i.patient.first, i.serviceDate, i.payerId, i.totalCharge, r?.source, r?.code, r?.text, r?.fieldLabel, r?.field, r?.fix]);
export const worklistCsv = (items: WorklistItem[]) => toCsv(WORKLIST_HEADER, items.flatMap(worklistCells));

export const agingCsv = (claims: AgingClaim[]) =>
  toCsv(
    ['ledgerId', 'claimId', 'payer', 'partner', 'state', 'serviceDate', 'sentAt', 'days', 'bucket', 'charge', 'alarm'],
    claims.map((c) => [c.id, c.claimId, c.payerId, c.partnerId, c.state, c.serviceDate, c.sentAt, c.days, c.bucket, c.totalCharge, c.alarm ?? '']),
  );

export const BALANCES_HEADER = ['ledgerId', 'claimId', 'patientLast', 'patientFirst', 'memberId', 'serviceDate', 'payer', 'state', 'charge', 'insurancePaid', 'deductible', 'coinsurance', 'copay', 'nonCovered', 'patientOwes'] as const;
export const balanceCells = (r: BalanceRow) => [[r.id, r.claimId, r.patient.last, r.patient.first, r.memberId, r.serviceDate, r.payerId, r.state, r.totalCharge, r.paid, r.share.deductible, r.share.coinsurance, r.share.copay, r.share.nonCovered, r.patientResponsibility]];
export const balancesCsv = (rows: BalanceRow[]) => toCsv(BALANCES_HEADER, rows.flatMap(balanceCells));

export const filesCsv = (rows: Array<{ id: string; direction: string; partner_id: string | null; name: string; kind: string; state: string; size: number; error: string | null; created_at: string; updated_at: string }>) =>
  toCsv(['fileId', 'direction', 'partner', 'name', 'kind', 'state', 'bytes', 'error', 'created', 'updated'], rows.map((r) => [r.id, r.direction, r.partner_id, r.name, r.kind, r.state, r.size, r.error, r.created_at, r.updated_at]));

export const remittancesCsv = (rows: Array<{ id: string; trace_number: string; payer_key: string; payer_name: string | null; payment_date: string | null; payment_method: string; payment_amount: string; balanced: number; claim_count: number | null; created_at: string }>) =>
  toCsv(['remittanceId', 'trace', 'payerKey', 'payer', 'paymentDate', 'method', 'amount', 'balanced', 'claims', 'posted'], rows.map((r) => [r.id, r.trace_number, r.payer_key, r.payer_name, r.payment_date, r.payment_method, r.payment_amount, r.balanced ? 'yes' : 'no', r.claim_count ?? 0, r.created_at]));
