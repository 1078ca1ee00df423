/**
 * The bulk writes of posting a chunk of claim payments (src/ledger/remittance-postings.ts): a few large
 * statements per chunk instead of one per claim payment, portable to SQLite and PostgreSQL.
 *  - the claims' money: one `UPDATE claims … FROM (VALUES …)` per 500 claims (SQLite ≥ 3.33 and
 *    PostgreSQL both name a VALUES list's columns column1, column2, …, so no column aliases are needed);
 *  - rows: multi-row INSERTs sized to stay far below either database's bound-parameter limit.
 */
import { sql } from 'kysely';
import type { Q } from './ledger-context.js';

/** One claim's money from a claim payment (amounts as 2-decimal text, as stored). */
export interface ClaimMoneyUpdate {
  id: string;
  paid: string;
  patient: string;
  payerClaimNumber: string | null;
}

/** Rows per UPDATE … FROM (VALUES …): 4 bound values each, 2,000 per statement. */
export const MONEY_UPDATE_ROWS = 500;
/** Bound values per multi-row INSERT (SQLite allows 32,766, PostgreSQL 65,535). */
export const INSERT_PARAMETERS = 8_000;

/**
 * Sets paid_amount / patient_responsibility / payer_claim_number of each claim, in order: when a claim
 * appears twice (a reversal and its corrected payment in one chunk) the later figures win, as they
 * would with one UPDATE per claim payment (an UPDATE … FROM with two source rows for one target row
 * would pick one of them arbitrarily, so the list is reduced to the last per claim first).
 */
export async function updateClaimMoney(trx: Q, updates: readonly ClaimMoneyUpdate[]): Promise<void> {
  const last = new Map<string, ClaimMoneyUpdate>();
  for (const u of updates) {
    last.delete(u.id);
    last.set(u.id, u);
  }
  const rows = [...last.values()];
  for (let i = 0; i < rows.length; i += MONEY_UPDATE_ROWS) {
    const values = rows.slice(i, i + MONEY_UPDATE_ROWS).map((u) => sql`(${u.id}, ${u.paid}, ${u.patient}, ${u.payerClaimNumber})`);
    await sql`UPDATE claims SET paid_amount = v.column2, patient_responsibility = v.column3, payer_claim_number = v.column4 FROM (VALUES ${sql.join(values)}) AS v WHERE claims.id = v.column1`.execute(trx);
  }
}

/** Inserts rows (all of the same columns) into `table` in multi-row statements of at most INSERT_PARAMETERS values. */
export async function insertRows(trx: Q, table: 'remittance_claims' | 'remittance_lines' | 'adjustments' | 'unmatched', rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  if (rows.length === 0) return;
  const per = Math.max(1, Math.floor(INSERT_PARAMETERS / Object.keys(rows[0]!).length));
  for (let i = 0; i < rows.length; i += per) await trx.insertInto(table).values(rows.slice(i, i + per) as never).execute();
}
