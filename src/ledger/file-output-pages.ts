/**
 * What a posted response file changed, read page by page (keyset), for outputs too large to load whole
 * (a large 835's results and reports, src/gateway/streamed-outputs.ts). The same rows as
 * `claimsTouchedBy` and `getRemittance` (src/ledger/queries.ts), in the same order, a page at a time.
 */
import { inChunks } from './in-chunks.js';
import type { Q } from './ledger-context.js';

export const OUTPUT_PAGE = 1000;

/**
 * Claims the file moved (its lifecycle events), a page after `after`, ordered by claim id then event:
 * the order of the (source_file_id, claim_id, seq) index (migration 0030), so each page is an index range,
 * not a sort of all the file's events (`claimsTouchedBy` gives event order, for files small enough to load).
 */
export async function claimsTouchedPage(db: Q, fileId: string, after: { claimId: string; seq: number } | undefined, limit = OUTPUT_PAGE) {
  let q = db
    .selectFrom('claim_events')
    .innerJoin('claims', 'claims.id', 'claim_events.claim_id')
    .select(['claim_events.seq as seq', 'claims.id as id', 'claims.patient_control_number as patientControlNumber', 'claim_events.to_state as state', 'claim_events.detail as detail', 'claims.paid_amount as paid', 'claims.patient_responsibility as patientResponsibility', 'claims.payer_claim_number as payerClaimNumber'])
    .where('claim_events.source_file_id', '=', fileId);
  // A row-value comparison, so both SQLite and PostgreSQL start the page at the key in the
  // (source_file_id, claim_id, seq) index (migration 0030) instead of reading the file's events from the start.
  if (after) q = q.where((eb) => eb(eb.refTuple('claim_events.claim_id', 'claim_events.seq'), '>', eb.tuple(after.claimId, after.seq)));
  return q.orderBy('claim_events.claim_id').orderBy('claim_events.seq').limit(limit).execute();
}

/** How many lifecycle events (claims moved) and unmatched entries the file has. */
export async function fileOutputCounts(db: Q, fileId: string): Promise<{ claims: number; unmatched: number }> {
  const claims = await db.selectFrom('claim_events').select((eb) => eb.fn.countAll<number>().as('n')).where('source_file_id', '=', fileId).executeTakeFirstOrThrow();
  const unmatched = await db.selectFrom('unmatched').select((eb) => eb.fn.countAll<number>().as('n')).where('file_id', '=', fileId).executeTakeFirstOrThrow();
  return { claims: Number(claims.n), unmatched: Number(unmatched.n) };
}

/** The file's remittances (checks) with their provider adjustments: a few rows per 835. */
export async function remittancesOfFile(db: Q, fileId: string) {
  const remittances = await db.selectFrom('remittances').selectAll().where('file_id', '=', fileId).orderBy('created_at').orderBy('id').execute();
  const out = [];
  for (const remittance of remittances) out.push({ remittance, providerAdjustments: await db.selectFrom('provider_adjustments').selectAll().where('remittance_id', '=', remittance.id).execute() });
  return out;
}

/**
 * A page of a remittance's claim payments after `afterId` (ordered by id, as `getRemittance`) with their
 * adjustments and lines. Each page is a range of the (remittance_id, id) index (migration 0030), so a check
 * of millions of claim payments is read in pages that each cost the same.
 */
export async function remittanceClaimsPage(db: Q, remittanceId: string, afterId: string, limit = OUTPUT_PAGE) {
  const claims = await db.selectFrom('remittance_claims').selectAll().where('remittance_id', '=', remittanceId).where('id', '>', afterId).orderBy('id').limit(limit).execute();
  const ids = claims.map((c) => c.id);
  const adjustments = await inChunks(ids, (chunk) => db.selectFrom('adjustments').selectAll().where('remittance_claim_id', 'in', chunk).execute());
  const lines = await inChunks(ids, (chunk) => db.selectFrom('remittance_lines').selectAll().where('remittance_claim_id', 'in', chunk).orderBy('line_number').execute());
  const group = <T extends { remittance_claim_id: string }>(rows: T[]) => {
    const by = new Map<string, T[]>();
    for (const r of rows) by.set(r.remittance_claim_id, [...(by.get(r.remittance_claim_id) ?? []), r]);
    return by;
  };
  const adjBy = group(adjustments);
  const linesBy = group(lines.sort((a, b) => a.line_number - b.line_number));
  return claims.map((c) => ({ ...c, adjustments: adjBy.get(c.id) ?? [], lines: linesBy.get(c.id) ?? [] }));
}
