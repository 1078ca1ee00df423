/**
 * 0031-claims-index-diet (issue 12, round 11: intake and generation are limited by writing `claims`' index
 * pages). Fewer and narrower indexes, with every statement that used them still seeking an index:
 *
 *  - drops claims_state (state) and claims_practice (practice_id): exact leading prefixes of claims_queue
 *    (state, batch_file_id, batch_index) and claims_practice_updated / _created (practice_id, …); their
 *    statements seek the longer index with the same equality (SQLite's and PostgreSQL's planners alike).
 *    Every INSERT and every UPDATE of `state` writes one B-tree less.
 *  - claims_wb_open (state, transaction_set_id, payer_id, partner_id, total_charge) becomes partial,
 *    `WHERE transaction_set_id IS NOT NULL`: its one reader, the aging groups (`outstandingGroups`,
 *    src/ledger/workbench-queries.ts), asks for `transaction_set_id IS NOT NULL`, so it still reads it as a
 *    covering index; a claim taken in (no 837 yet) is no longer written to it, where it was one more key
 *    ordered by charge within each payer (a random insert per claim).
 *  - claims_content_key (content_key, state) becomes (content_key): its key is a hash (a random page per
 *    claim), and with `state` in it every UPDATE of a claim's state (generation, acknowledgements, posting)
 *    moved the claim's entry. Its readers (intake's duplicate check, the worklist's "sent again" test) seek
 *    `content_key = ?` as before and read the state from the row: the few claims that share a key.
 *
 * Kept although it looks like one: tenants_claim_events_source (source_file_id) on claim_events — its
 * implicit rowid suffix is `seq`, so `claimsTouchedBy` reads a file's events in event order without a sort;
 * the longer claim_events_source_file (source_file_id, claim_id) does not give that order.
 * The catalog of statements and plans: docs/performance.md ("Issue 12, round 11: claims' indexes");
 * test/unit/billing-rules/workbench-queries.test.ts and test/unit/ledger/posting-query-plans.test.ts pin it.
 * Plain DROP / CREATE INDEX: the same on SQLite and PostgreSQL; `down` puts back what 0001/0007/0009/0022 made.
 */
import { sql, type Kysely, type Migration } from 'kysely';

/** The indexes 0031 drops, with the table and columns each had (for `down` and the tests). */
export const DROPPED_PREFIX_INDEXES = [
  { name: 'claims_state', table: 'claims', columns: ['state'] },
  { name: 'claims_practice', table: 'claims', columns: ['practice_id'] },
] as const;

const OPEN_COLUMNS = ['state', 'transaction_set_id', 'payer_id', 'partner_id', 'total_charge'];

export const claimsIndexDietMigration: Migration = {
  async up(db: Kysely<any>) {
    for (const { name } of DROPPED_PREFIX_INDEXES) await db.schema.dropIndex(name).ifExists().execute();
    await db.schema.dropIndex('claims_wb_open').ifExists().execute();
    await db.schema.createIndex('claims_wb_open').on('claims').columns(OPEN_COLUMNS).where(sql.ref('transaction_set_id'), 'is not', null).execute();
    await db.schema.dropIndex('claims_content_key').ifExists().execute();
    await db.schema.createIndex('claims_content_key').on('claims').columns(['content_key']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('claims_content_key').ifExists().execute();
    await db.schema.createIndex('claims_content_key').on('claims').columns(['content_key', 'state']).execute();
    await db.schema.dropIndex('claims_wb_open').ifExists().execute();
    await db.schema.createIndex('claims_wb_open').on('claims').columns(OPEN_COLUMNS).execute();
    for (const { name, table, columns } of DROPPED_PREFIX_INDEXES) await db.schema.createIndex(name).ifNotExists().on(table).columns([...columns]).execute();
  },
};
