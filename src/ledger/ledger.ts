/**
 * The ledger: every fact the gateway learns, recorded in transactions so that a crash at any point
 * leaves either all of a step or none of it. `createLedger` composes the parts, one module per concern:
 *
 *  - files.ts: files received, given and sent, each recorded once by content hash;
 *  - intake.ts: a claim batch and its claims (queued or scrub-rejected), keyed by the batch's content hash;
 *  - interchanges.ts: ISA13/GS06 reserved from per-partner counters, the 837 bytes, its interchange, group
 *    and transaction sets, and the claims' move to `generated` — one transaction, keyed by a chunk key so a
 *    retry gets the same numbers and the same bytes back; then `uploaded`;
 *  - ack-postings.ts: TA1 → interchange, 999 → group + transaction sets, 277CA → claims;
 *  - remittance-postings.ts: 835 → claims, each 835 once (payer + TRN02);
 *  - status-inquiries.ts: 276 inquiries recorded like 837s, 277 answers posted once each;
 *  - queries.ts: reading, totals, the invariant check.
 * Each response file is posted once (content hash); what matches nothing is kept in `unmatched`.
 */
import type { Kysely } from 'kysely';
import { acknowledgmentPostings } from './ack-postings.js';
import { eligibilityOperations } from './eligibility.js';
import { fileOperations } from './files.js';
import { intakeOperations } from './intake.js';
import { interchangeOperations } from './interchanges.js';
import { createLedgerContext, type LedgerOptions } from './ledger-context.js';
import { isFinal } from './lifecycle.js';
import { ledgerQueries } from './queries.js';
import { remittancePostings } from './remittance-postings.js';
import { statusInquiryOperations } from './status-inquiries.js';
import type { LedgerDatabase } from './schema.js';
import { scopedDb } from './tenant-scope.js';

export { claimIdFor, sha256, type LedgerOptions } from './ledger-context.js';
export { ClaimNotQueuedError, ClaimsBusyError, ControlNumberExhaustedError, MAX_CONTROL_NUMBER, type GeneratedInterchange, type InterchangeBuild, type ReservedNumbers } from './interchanges.js';
export type { PostOptions, PostResult } from './posting-results.js';
export type { ClaimFilter } from './queries.js';

export type Ledger = ReturnType<typeof createLedger>;

/** The same ledger on the practice-scoped handle (tenant-scope.ts): what the API and pages use. */
export function practiceScopedLedger(ledger: Ledger): Ledger {
  return createLedger(scopedDb(ledger.db), ledger.options);
}

export function createLedger(db: Kysely<LedgerDatabase>, options: LedgerOptions = {}) {
  const ctx = createLedgerContext(db, options);
  return {
    db,
    ...fileOperations(ctx),
    ...intakeOperations(ctx),
    ...interchangeOperations(ctx),
    ...acknowledgmentPostings(ctx),
    ...remittancePostings(ctx),
    ...statusInquiryOperations(ctx),
    ...eligibilityOperations(ctx),
    ...ledgerQueries(ctx),
    isFinal,
    /** What it was made with (practiceScopedLedger makes the same ledger on another handle). */
    options,
  };
}
