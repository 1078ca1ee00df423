/**
 * Schema migrations, kept in code (no migration files to ship). Each migration is written with Kysely's
 * schema builder so the same steps run on SQLite and, later, Postgres; the one dialect-specific detail
 * (the auto-increment of claim_events.seq, append-only triggers) is chosen by `dialect`.
 */
import type { Kysely, Migration } from 'kysely';
import { accountLockoutsMigration } from './account-lockouts.js';
import { accountsMigration } from './accounts-schema.js';
import { claimFollowupMigration } from './claim-followup-migration.js';
import { claimSearchIndexesMigration } from './claim-search.js';
import { denialRulesMigration } from './denial-rules-migration.js';
import { exportIndexesMigration } from './export-indexes.js';
import { generationQueueIndexMigration } from './migration-0011-queue-index.js';
import { remoteFilesMigration } from './migration-0013-remote-files.js';
import { postgresCompatMigration } from './migration-0017-postgres-compat.js';
import { workLeasesMigration } from './migration-0023-work-leases.js';
import { runMigrations, type RunMigrationsOptions } from './migration-runner.js';
import { initialMigration } from './migrations/0001-initial.js';
import { workbenchMigration } from './migrations/0007-workbench.js';
import { workbenchPatientColumnsMigration } from './migrations/0008-workbench-patient-columns.js';
import { visitsMigration } from './migrations/0009-visits.js';
import { secondaryClaimsMigration } from './migrations/0018-secondary-claims.js';
import { claimStatusInquiriesMigration } from './migrations/0019-claim-status-inquiries.js';
import { alertsMigration } from './migrations/0021-alerts.js';
import { tenantsMigration } from './migrations/0022-tenants.js';
import { eligibilityMigration } from './migrations/0020-eligibility.js';
import { eligibilityPracticeMigration } from './migrations/0024-eligibility-practice.js';
import { followupKeysetMigration } from './migrations/0027-followup-keyset.js';
import { postingProgressMigration } from './migrations/0028-posting-progress.js';
import { groupsInterchangeIndexMigration } from './migrations/0029-groups-interchange-index.js';
import { outputPageIndexesMigration } from './migrations/0030-output-page-indexes.js';
import { claimsIndexDietMigration } from './migrations/0031-claims-index-diet.js';
import { practicePayerIndexMigration } from './migrations/0032-practice-payer-index.js';
import type { LedgerDialect } from './migrations/dialect.js';
import { spoolTidyMigration } from './spool-housekeeping.js';

export type { LedgerDialect } from './migrations/dialect.js';

/** All migrations in order. Add new ones at the end with the next number; never edit a released one. */
export function ledgerMigrations(dialect: LedgerDialect): Record<string, Migration> {
  return {
    '0001-initial': initialMigration(dialect),
    '0007-workbench': workbenchMigration(dialect),
    '0008-workbench-patient-columns': workbenchPatientColumnsMigration(dialect),
    '0009-visits': visitsMigration(dialect),
    '0010-patient-accounts-deposits': accountsMigration(),
    '0011-generation-queue-index': generationQueueIndexMigration,
    '0012-export-indexes': exportIndexesMigration,
    '0012-spool-tidy': spoolTidyMigration,
    '0013-remote-files': remoteFilesMigration,
    '0014-denial-rules': denialRulesMigration(dialect),
    '0015-claim-followup': claimFollowupMigration,
    '0016-claim-search-indexes': claimSearchIndexesMigration(dialect),
    '0016-account-lockouts': accountLockoutsMigration,
    '0017-postgres-compat': postgresCompatMigration(dialect),
    '0018-secondary-claims': secondaryClaimsMigration,
    '0019-claim-status-inquiries': claimStatusInquiriesMigration,
    '0020-eligibility': eligibilityMigration,
    '0021-alerts': alertsMigration,
    '0022-tenants': tenantsMigration,
    '0023-work-leases': workLeasesMigration,
    '0024-eligibility-practice': eligibilityPracticeMigration,
    '0027-followup-keyset': followupKeysetMigration,
    '0028-posting-progress': postingProgressMigration,
    '0029-groups-interchange-index': groupsInterchangeIndexMigration,
    '0030-output-page-indexes': outputPageIndexesMigration,
    '0031-claims-index-diet': claimsIndexDietMigration,
    '0032-practice-payer-index': practicePayerIndexMigration,
  };
}

/**
 * Applies the pending migrations, each in one transaction with the row that records it (see
 * migration-runner.ts: a kill mid-migration leaves nothing behind; a half-applied migration from an older
 * build is rolled back and applied whole, with a log line).
 */
export async function migrateToLatest(db: Kysely<any>, dialect: LedgerDialect, options: RunMigrationsOptions = {}): Promise<string[]> {
  return runMigrations(db, ledgerMigrations(dialect), options);
}
