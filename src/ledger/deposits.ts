/**
 * Bank deposits and ERA/EFT reassociation in the ledger (issue 11 item 5): import a bank statement
 * export (CSV or BAI2, src/accounts/deposit-file.ts and bai2.ts), and reconcile the posted 835 payments
 * (`remittances`: BPR02 amount, BPR16 date, TRN02 trace) against the deposits (src/accounts/reassociation.ts).
 * Matching is computed on every view from what is stored, so a later import can match an older ERA.
 */
import { practiceForNewRows } from './tenant-scope.js';
import { createHash, randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { Kysely } from 'kysely';
import { looksLikeBai2, readBai2 } from '../accounts/bai2.js';
import { readDepositCsv, type DepositMapping, type DepositProblem } from '../accounts/deposit-file.js';
import { reassociate, type Reassociation } from '../accounts/reassociation.js';
import { accountsDb, type BankDepositsTable } from './accounts-schema.js';
import type { LedgerDatabase } from './schema.js';

export interface DepositImportResult {
  importId?: string;
  format: 'csv' | 'bai2';
  imported: number;
  duplicates: number;
  skipped: number;
  problems: DepositProblem[];
}

/**
 * Reads and stores a bank statement export. Nothing is stored when the file has problems (a wrong layout
 * or a bad line): the biller fixes the file or the mapping and imports it again. A line already imported
 * (same date, amount, reference, description and the same occurrence of it in its file) is a duplicate.
 */
export async function importDeposits(ledgerDb: Kysely<LedgerDatabase>, text: string, meta: { fileName: string; actor: string; now: Date; mapping?: DepositMapping; format?: 'csv' | 'bai2' }): Promise<DepositImportResult> {
  const format = meta.format ?? (looksLikeBai2(text) ? 'bai2' : 'csv');
  const read = format === 'bai2' ? readBai2(text, { file: meta.fileName }) : readDepositCsv(text, { file: meta.fileName, mapping: meta.mapping });
  if (read.problems.length) return { format, imported: 0, duplicates: 0, skipped: read.skipped, problems: read.problems };
  const db = accountsDb(ledgerDb);
  return db.transaction().execute(async (tx) => {
    const importId = 'B' + randomUUID().replace(/-/g, '').slice(0, 20);
    const seen = new Map<string, number>();
    const rows: BankDepositsTable[] = [];
    for (const d of read.deposits) {
      const base = `${d.date}|${d.amount}|${d.reference}|${d.description}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      rows.push({ id: 'D' + randomUUID().replace(/-/g, '').slice(0, 20), import_id: importId, line: d.line, deposit_date: d.date, amount: d.amount, reference: d.reference, description: d.description, dedupe_key: createHash('sha256').update(`${base}|${n}`).digest('hex'), created_at: meta.now.toISOString(), practice_id: practiceForNewRows() });
    }
    const existing = new Set<string>();
    for (let i = 0; i < rows.length; i += 200) {
      const keys = rows.slice(i, i + 200).map((r) => r.dedupe_key);
      for (const r of await tx.selectFrom('bank_deposits').select('dedupe_key').where('dedupe_key', 'in', keys).execute()) existing.add(r.dedupe_key);
    }
    const fresh = rows.filter((r) => !existing.has(r.dedupe_key));
    await tx.insertInto('deposit_imports').values({ id: importId, practice_id: practiceForNewRows(), file_name: meta.fileName.slice(0, 200), format, deposits: fresh.length, duplicates: rows.length - fresh.length, skipped: read.skipped, actor: meta.actor, created_at: meta.now.toISOString() }).execute();
    for (let i = 0; i < fresh.length; i += 200) await tx.insertInto('bank_deposits').values(fresh.slice(i, i + 200)).execute();
    return { importId, format, imported: fresh.length, duplicates: rows.length - fresh.length, skipped: read.skipped, problems: [] };
  });
}

export interface ReconciliationView {
  matched: Array<{ era: EraRow; deposit: BankDepositsTable; by: 'trace' | 'amount-date'; difference: string }>;
  unmatchedEras: EraRow[];
  unmatchedDeposits: BankDepositsTable[];
  totals: Reassociation['totals'];
}

export interface EraRow {
  id: string;
  traceNumber: string;
  payerName: string | null;
  paymentMethod: string;
  amount: string;
  date: string | null;
}

/** ERAs that move money (BPR02 > 0) against every stored deposit. */
export async function reconcileDeposits(ledgerDb: Kysely<LedgerDatabase>, options: { windowDays: number }): Promise<ReconciliationView> {
  const db = accountsDb(ledgerDb);
  const [remits, deposits] = await Promise.all([
    db.selectFrom('remittances').select(['id', 'trace_number', 'payer_name', 'payer_key', 'payment_method', 'payment_amount', 'payment_date']).execute(),
    db.selectFrom('bank_deposits').selectAll().orderBy('deposit_date').orderBy('created_at').orderBy('line').execute(),
  ]);
  const eras: EraRow[] = remits
    .filter((r) => new Decimal(r.payment_amount).greaterThan(0))
    .map((r) => ({ id: r.id, traceNumber: r.trace_number, payerName: r.payer_name ?? r.payer_key, paymentMethod: r.payment_method, amount: r.payment_amount, date: r.payment_date }));
  const result = reassociate(
    eras.map((e) => ({ id: e.id, trace: e.traceNumber, amount: e.amount, date: e.date })),
    deposits.map((d) => ({ id: d.id, date: d.deposit_date, amount: d.amount, reference: d.reference })),
    options,
  );
  const eraById = new Map(eras.map((e) => [e.id, e]));
  const depById = new Map(deposits.map((d) => [d.id, d]));
  return {
    matched: result.matched.map((m) => ({ era: eraById.get(m.eraId)!, deposit: depById.get(m.depositId)!, by: m.by, difference: m.difference })),
    unmatchedEras: result.unmatchedEras.map((id) => eraById.get(id)!),
    unmatchedDeposits: result.unmatchedDeposits.map((id) => depById.get(id)!),
    totals: result.totals,
  };
}
