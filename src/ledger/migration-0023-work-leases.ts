/**
 * 0023-work-leases: leases on work items that live outside the ledger's rows (issue 17). Today that is
 * intake: a batch in the shared `outbox/.working/` folder is worked on by one instance at a time, and a
 * dead instance's batch is taken over when its lease expires (src/ledger/work-leases.ts). Portable as
 * written (text columns, a composite primary key): the same on SQLite and PostgreSQL. Imports nothing
 * from the ledger modules.
 */
import type { Kysely, Migration } from 'kysely';

export const workLeasesMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('work_leases')
      /** The kind of work: `intake` (a batch file in outbox/.working/). */
      .addColumn('step', 'text', (c) => c.notNull())
      /** The work item within the step: for intake the sha256 of the working file's name (never the name). */
      .addColumn('item', 'text', (c) => c.notNull())
      /** The instance holding it (host:pid:random, see work-leases.ts `instanceId`). */
      .addColumn('leased_by', 'text', (c) => c.notNull())
      /** ISO-8601; after this moment any instance may take the item over. */
      .addColumn('lease_expires_at', 'text', (c) => c.notNull())
      .addColumn('taken_at', 'text', (c) => c.notNull())
      /** How many times the item was taken over from an expired holder (an operator's clue to crash loops). */
      .addColumn('takeovers', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('work_leases_pk', ['step', 'item'])
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('work_leases').execute();
  },
};
