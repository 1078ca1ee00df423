/**
 * A batch in outbox/.working/ taken under its work lease (src/ledger/work-leases.ts, issue 17). With
 * several instances sharing the folders, every instance's cycle sees every file in .working — the ones a
 * crash left there and the ones a live instance is recording right now. The lease makes one instance at
 * a time work on a file (its on-disk try counter, its chunks, its move to archive), and lets the others
 * finish a dead instance's file once its lease has expired. On SQLite the lease is always held.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { nameHash } from './batch-names.js';
import type { RuntimeContext } from './context.js';
import { takeBatch, type IntakeOutcome, type IntakeSettings } from './intake.js';

/** The lease step of intake. */
export const INTAKE_LEASE = 'intake';

/** The lease item of a working file: the SHA-256 of its name (a practice's file name may hold PHI). */
export const intakeLeaseItem = (name: string): string => createHash('sha256').update(name).digest('hex');

/**
 * `takeBatch` under the file's lease. `elsewhere`: another live instance holds it; `gone`: the file left
 * .working before we got the lease (its holder finished it).
 */
export async function takeLeasedBatch(ctx: RuntimeContext, path: string, settings: IntakeSettings): Promise<IntakeOutcome | 'elsewhere' | 'gone'> {
  if (!ctx.leases) return takeBatch(ctx, path, settings);
  const name = basename(path);
  const got = await ctx.leases.withLease(
    INTAKE_LEASE,
    intakeLeaseItem(name),
    async () => {
      if (!existsSync(path)) return 'gone' as const;
      ctx.crash('intake-leased');
      return takeBatch(ctx, path, settings);
    },
    { onLost: () => ctx.log.warn({ event: 'intake.lease-lost', nameHash: nameHash(name) }, 'another instance took this batch over (this one stalled past the lease); the ledger keys chunks by content, so nothing is recorded twice') },
  );
  if (!got.taken) {
    ctx.log.debug({ event: 'intake.leased-elsewhere', nameHash: nameHash(name) }, 'another instance is working on this batch');
    return 'elsewhere';
  }
  return got.value;
}
