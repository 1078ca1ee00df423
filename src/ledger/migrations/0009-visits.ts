/**
 * 0009-visits: a claim's lineage. `claims.visit_id` (the id of the visit's first claim) and
 * `claims.frequency` (CLM05-3: 1, 7 replacement, 8 void), with the index that finds a visit's claims;
 * `claims.content_key` (src/ledger/duplicate-claims.ts) for duplicates by content; `remittances.content_key`
 * (src/ledger/resent-responses.ts) for an 835 re-sent under a new trace number.
 * Backfill: each claim starts its own visit; a claim the workbench made from another (claim_actions) or
 * one whose REF*F8 names another claim's payer claim number joins that claim's visit. The netted money
 * of visits recorded before this migration is computed when they next change (src/ledger/visits.ts).
 * Imports nothing from the ledger's modules.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { LedgerDialect } from './dialect.js';

export function visitsMigration(dialect: LedgerDialect): Migration {
  return {
    async up(outer: Kysely<any>) {
      if (outer.isTransaction) await steps(outer);
      else await outer.transaction().execute(steps);
    },
  };
  async function steps(db: Kysely<any>) {
    await db.schema.alterTable('claims').addColumn('visit_id', 'text').execute();
    await db.schema.alterTable('claims').addColumn('frequency', 'text').execute();
    // Always qualified: inside a correlated subquery over `claims p`, a bare `data` would be p's.
    const json = (path: string) => (dialect === 'postgres' ? sql.raw(`(claims.data::jsonb #>> '{${path.replace(/\./g, ',')}}')`) : sql.raw(`json_extract(claims.data, '$.${path}')`));
    await sql`UPDATE claims SET visit_id = id, frequency = coalesce(${json('frequency')}, substr(${json('typeOfBill')}, length(${json('typeOfBill')}), 1), '1')`.execute(db);
    // Follow lineage links until nothing changes (a chain is a few claims long; bounded anyway).
    for (let i = 0; i < 20; i++) {
      const byAction = await sql`UPDATE claims SET visit_id = (SELECT p.visit_id FROM claim_actions a JOIN claims p ON p.id = a.claim_id WHERE a.new_claim_id = claims.id)
        WHERE EXISTS (SELECT 1 FROM claim_actions a JOIN claims p ON p.id = a.claim_id WHERE a.new_claim_id = claims.id AND p.visit_id != claims.visit_id)`.execute(db);
      const byRef = await sql`UPDATE claims SET visit_id = (SELECT min(p.visit_id) FROM claims p WHERE p.partner_id = claims.partner_id AND p.payer_claim_number = ${json('originalClaimNumber')} AND p.id != claims.id)
        WHERE claims.frequency IN ('7', '8') AND EXISTS (SELECT 1 FROM claims p WHERE p.partner_id = claims.partner_id AND p.payer_claim_number = ${json('originalClaimNumber')} AND p.id != claims.id AND p.visit_id != claims.visit_id AND p.created_at <= claims.created_at)`.execute(db);
      if (Number(byAction.numAffectedRows ?? 0) + Number(byRef.numAffectedRows ?? 0) === 0) break;
    }
    await db.schema.createIndex('claims_visit').on('claims').columns(['visit_id', 'created_at']).execute();
    // The few claims that joined an earlier claim's visit (replacements, voids, resubmissions): the
    // dashboard finds the visits with more than one claim from this partial index alone.
    await db.schema.createIndex('claims_visit_joined').on('claims').columns(['visit_id']).where(sql.ref('visit_id'), '!=', sql.ref('id')).execute();
    // Duplicates by content: claims recorded before this migration have no key and are not compared.
    await db.schema.alterTable('claims').addColumn('content_key', 'text').execute();
    await db.schema.createIndex('claims_content_key').on('claims').columns(['content_key', 'state']).execute();
    // Re-sent 835s by content (same claims, same amounts) under a new trace number.
    await db.schema.alterTable('remittances').addColumn('content_key', 'text').execute();
    await db.schema.createIndex('remittances_content_key').on('remittances').columns(['content_key']).execute();
  }
}
