/**
 * Ledger rows for the accounts and deposit tests, written straight into a fresh in-memory ledger (or a
 * fresh PostgreSQL database with X12GW_TEST_DATABASE=postgres, see test/helpers/test-ledger.ts).
 */
import { createLedger, type Ledger, type LedgerDb } from '../../../src/ledger/index.js';
import { openTestLedgerDb, openTestMemoryLedgerDb } from '../../helpers/test-ledger.js';
import { patientColumns } from '../../../src/ledger/patient-columns.js';

export interface FixtureClaim {
  id: string;
  /** CLM01 */ pcn: string;
  charge: string;
  paid: string;
  pr: string | null;
  subscriber: { last: string; first: string; memberId: string };
  /** A dependent (2010CA); absent = the patient is the subscriber. */
  patient?: { last: string; first: string };
  serviceDate?: string;
}

export async function fixtureLedger(claims: FixtureClaim[], remits: Array<{ id: string; trace: string; amount: string; date: string }> = [], dataDir?: string): Promise<{ handle: LedgerDb; ledger: Ledger }> {
  const handle = dataDir ? await openTestLedgerDb({ dataDir }) : await openTestMemoryLedgerDb();
  const db = handle.db;
  const at = '2026-03-01T00:00:00.000Z';
  await db.insertInto('files').values({ id: 'F1', direction: 'intake', partner_id: 'demo', name: 'b.json', sha256: 'x', dedupe_key: 'x', size: 1, kind: 'batch', state: 'processed', duplicate_of: null, local_path: null, remote_name: null, content: null, summary: null, error: null, attempts: 0, created_at: at, updated_at: at } as never).execute();
  let i = 0;
  for (const c of claims) {
    const data = { subscriber: { name: c.subscriber, memberId: c.subscriber.memberId }, ...(c.patient ? { patient: { name: c.patient } } : {}) };
    await db
      .insertInto('claims')
      .values({ id: c.id, batch_file_id: 'F1', batch_index: i++, partner_id: 'demo', payer_id: 'P1', claim_type: 'professional', patient_control_number: c.pcn, total_charge: c.charge, service_date: c.serviceDate ?? '2026-02-01', transaction_set_id: null, state: c.pr === null ? 'uploaded' : 'paid', payer_claim_number: null, paid_amount: c.pr === null ? null : c.paid, patient_responsibility: c.pr, data: JSON.stringify(data), created_at: at, updated_at: at, ...patientColumns(data) } as never)
      .execute();
  }
  for (const r of remits) {
    await db.insertInto('files').values({ id: `F${r.id}`, direction: 'in', partner_id: 'demo', name: `${r.id}.835`, sha256: r.id, dedupe_key: r.id, size: 1, kind: '835', state: 'posted', duplicate_of: null, local_path: null, remote_name: null, content: null, summary: null, error: null, attempts: 0, created_at: at, updated_at: at } as never).execute();
    await db.insertInto('remittances').values({ id: r.id, file_id: `F${r.id}`, partner_id: 'demo', payer_key: 'P1', trace_number: r.trace, payment_amount: r.amount, payment_method: 'ACH', payment_date: r.date, payer_name: 'HEALTH PLAN', balanced: 1, created_at: at } as never).execute();
  }
  return { handle, ledger: createLedger(db) };
}

export const SMITH = { last: 'Smith', first: 'Ann', memberId: 'M100' };
export const JONES = { last: 'Jones', first: 'Bob', memberId: 'M200' };
