/**
 * Which claims and remittances a file touches, and the other way round: a claim batch (intake) holds its
 * claims; an 837 (out) carries the claims of its transaction sets; a response (in: TA1 / 999 / 277CA /
 * 835) changed the claims whose events name it as their source; an 835 posted remittances.
 * Bounded lists (the page shows the first `limit` with the total).
 */
import { sql, type Kysely } from 'kysely';
import type { LedgerDatabase } from './schema.js';

export interface LinkedClaim {
  id: string;
  patient_control_number: string;
  state: string;
  total_charge: string;
  payer_id: string;
}

export async function claimsOfFile(db: Kysely<LedgerDatabase>, fileId: string, limit = 200): Promise<{ rows: LinkedClaim[]; total: number }> {
  const ids = sql<{ id: string }>`
    SELECT id FROM claims WHERE batch_file_id = ${fileId}
    UNION SELECT claims.id FROM claims
      JOIN transaction_sets ts ON ts.id = claims.transaction_set_id
      JOIN groups g ON g.id = ts.group_id
      JOIN interchanges i ON i.id = g.interchange_id
      WHERE i.file_id = ${fileId}
    UNION SELECT claim_id FROM claim_events WHERE source_file_id = ${fileId}`;
  const total = await sql<{ n: number }>`SELECT count(*) AS n FROM (${ids})`.execute(db);
  const rows = await sql<LinkedClaim>`SELECT id, patient_control_number, state, total_charge, payer_id FROM claims WHERE id IN (${ids}) ORDER BY created_at, batch_file_id, batch_index LIMIT ${limit}`.execute(db);
  return { rows: rows.rows, total: Number(total.rows[0]?.n ?? 0) };
}

export async function remittancesOfFile(db: Kysely<LedgerDatabase>, fileId: string) {
  return db.selectFrom('remittances').select(['id', 'trace_number', 'payer_name', 'payment_amount', 'payment_date']).where('file_id', '=', fileId).orderBy('created_at').execute();
}

/** The files a claim came in, went out in and was answered by (in the order they touched it). */
export async function filesOfClaim(db: Kysely<LedgerDatabase>, claimId: string) {
  return sql<{ id: string; name: string; kind: string; direction: string }>`
    SELECT f.id, f.name, f.kind, f.direction FROM files f WHERE f.id IN (
      SELECT batch_file_id FROM claims WHERE id = ${claimId}
      UNION SELECT i.file_id FROM claims c JOIN transaction_sets ts ON ts.id = c.transaction_set_id JOIN groups g ON g.id = ts.group_id JOIN interchanges i ON i.id = g.interchange_id WHERE c.id = ${claimId}
      UNION SELECT source_file_id FROM claim_events WHERE claim_id = ${claimId} AND source_file_id IS NOT NULL)
    ORDER BY f.created_at, f.id`
    .execute(db)
    .then((r) => r.rows);
}
