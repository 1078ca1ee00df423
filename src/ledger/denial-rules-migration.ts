/**
 * Migration 0014-denial-rules: the rules the denial learner proposes (src/denials/learn.ts), with their
 * evidence and the decision a person took (accepted as a scrubber warning or error, or dismissed with the
 * evidence it was dismissed on, so the same evidence never proposes it again).
 */
import type { Kysely, Migration } from 'kysely';
import type { LedgerDialect } from './migrations/dialect.js';

export function denialRulesMigration(_dialect: LedgerDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('denial_rules')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('rule_key', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('payer_id', 'text', (c) => c.notNull())
        .addColumn('procedure_code', 'text', (c) => c.notNull())
        .addColumn('modifier', 'text')
        .addColumn('diagnosis', 'text')
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('evidence', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('dismissed_evidence', 'text')
        .addColumn('learned_at', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'text')
        .addColumn('decided_by', 'text')
        .execute();
      await db.schema.createIndex('denial_rules_payer_status').on('denial_rules').columns(['payer_id', 'status']).execute();
    },
  };
}
