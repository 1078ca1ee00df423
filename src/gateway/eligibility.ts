/**
 * Eligibility in the runtime: appointment files from the `eligibility/` drop folder recorded as checks,
 * queued checks → 270 interchanges (control numbers reserved and bytes recorded in one ledger transaction,
 * before anything is written or uploaded), and checks moved to `sent` once their file is uploaded. The
 * 270 files then go out exactly like 837s (spoolPending / uploadForPartner in sender.ts); the 271s come
 * back through the inbox (read-responses.ts → ledger.postEligibilityAnswers).
 *
 * Exactly once: recording is keyed by partner + appointment id (a file taken again after a crash adds
 * nothing), generation by a chunk key (a retry gets the same numbers and bytes), and the upload path
 * reconciles a file left mid-upload with the remote side before sending anything again.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { appointmentsFromCsv, appointmentsFromJson, type AppointmentsRead } from '../eligibility/appointments-in.js';
import { build270 } from '../eligibility/build.js';
import { appointmentsFromFhirBundle } from '../eligibility/fhir-appointments.js';
import { isFhirResource } from '../intake/fhir/translate.js';
import type { ParsedAppointment } from '../eligibility/model.js';
import { withDeferredSync } from '../ledger/deferred-sync.js';
import { createLedger } from '../ledger/ledger.js';
import type { RuntimeContext } from './context.js';
import { ensureDir, moveInto, writeDurable } from './durable.js';
import { outboundFileName } from './partners.js';
import { safeBaseName } from './safe-name.js';

/** Checks per 270 file (the guide puts no limit; payers answer large batches slowly). */
export const MAX_CHECKS_PER_FILE = 1000;

export interface EligibilityFolders {
  eligibility: string;
  eligibilityArchive: string;
  eligibilityRejected: string;
}

export const eligibilityFolders = (folders: { eligibility: string }): EligibilityFolders => ({
  eligibility: folders.eligibility,
  eligibilityArchive: join(folders.eligibility, 'archive'),
  eligibilityRejected: join(folders.eligibility, 'rejected'),
});

function readAppointmentsFile(path: string): AppointmentsRead {
  const text = readFileSync(path, 'utf8');
  if (path.toLowerCase().endsWith('.csv')) return appointmentsFromCsv(text);
  try {
    const json = JSON.parse(text) as unknown;
    return isFhirResource(json) ? appointmentsFromFhirBundle(json) : appointmentsFromJson(json);
  } catch (err) {
    return { appointments: [], problems: [{ field: '(file)', message: `not JSON: ${(err as Error).message.replace(/"[^"]*"/g, '…')}` }] };
  }
}

/**
 * Takes every complete appointments file (*.json — our appointments or a FHIR Appointment + Coverage Bundle —, *.csv unchanged for `stableMs`) from the drop folder:
 * its valid appointments are recorded as checks for their partner (the default partner when they name
 * none), the problems of the others written to rejected/<name>.errors.json; then the file is archived.
 */
export async function takeEligibilityDrops(ctx: RuntimeContext & { folders: { eligibility: string } }, stableMs: number): Promise<{ files: number; added: number; rejected: number }> {
  const f = eligibilityFolders(ctx.folders);
  const totals = { files: 0, added: 0, rejected: 0 };
  if (!existsSync(f.eligibility)) return totals;
  for (const name of readdirSync(f.eligibility).sort()) {
    if (!/\.(json|csv)$/i.test(name) || !safeBaseName(name).ok) continue;
    const path = join(f.eligibility, name);
    const st = statSync(path);
    if (!st.isFile() || ctx.now().getTime() - st.mtimeMs < stableMs) continue;
    const read = readAppointmentsFile(path);
    const byPartner = new Map<string, ParsedAppointment[]>();
    for (const a of read.appointments) {
      const partnerId = a.partnerId && ctx.partners.has(a.partnerId) ? a.partnerId : ctx.defaultPartner;
      byPartner.set(partnerId, [...(byPartner.get(partnerId) ?? []), a]);
    }
    for (const [partnerId, list] of byPartner) {
      const r = await ctx.ledger.recordEligibilityChecks(partnerId, list, `drop:${name}`);
      totals.added += r.added.length;
    }
    ctx.crash('eligibility-recorded');
    if (read.problems.length) {
      ensureDir(f.eligibilityRejected);
      writeDurable(join(f.eligibilityRejected, `${name}.errors.json`), JSON.stringify({ file: name, accepted: read.appointments.length, problems: read.problems }, null, 2) + '\n');
      totals.rejected += read.problems.length;
    }
    moveInto(path, f.eligibilityArchive);
    totals.files++;
    ctx.log.info({ event: 'eligibility.file', file: name, appointments: read.appointments.length, problems: read.problems.length }, 'appointments file taken');
  }
  return totals;
}

/** Queued checks → 270 interchanges, per partner, at most MAX_CHECKS_PER_FILE each. */
export async function generateEligibility(ctx: RuntimeContext): Promise<number> {
  let files = 0;
  for (const partner of ctx.partners.values()) {
    for (;;) {
      const queued = await ctx.ledger.queuedEligibilityChecks(partner.id, MAX_CHECKS_PER_FILE);
      if (queued.length === 0) break;
      const g = await withDeferredSync(ctx.ledger.db, (conn) =>
        createLedger(conn, { now: ctx.now }).generateEligibilityInterchange({
          partnerId: partner.id,
          chunkKey: `elig:${partner.id}:${queued[0].id}:${queued.length}`,
          checkIds: queued.map((q) => q.id),
          build: (numbers) => build270(partner, queued, numbers, outboundFileName(partner, { isa13: numbers.interchange, kind: '270', date: numbers.date, time: numbers.time })),
        }),
      );
      ctx.crash('eligibility-generated');
      files++;
      ctx.log.info({ event: 'eligibility.generated', fileId: g.fileId, partner: partner.id, isa13: g.interchangeControl, checks: queued.length }, '270 generated');
      if (queued.length < MAX_CHECKS_PER_FILE) break;
    }
  }
  return files;
}

/** Checks whose 270 file has been uploaded move to `sent`. */
export async function settleSentEligibility(ctx: RuntimeContext): Promise<number> {
  return ctx.ledger.settleSentEligibility();
}
