/**
 * Claims out: queued claims → 837 interchanges (control numbers reserved and bytes recorded in one
 * ledger transaction) → spool (temp, fsync, rename) → upload (temp name, rename, size check) → uploaded.
 *
 * Restart-safe at every step: a generated file without a spool copy is spooled from the ledger's bytes;
 * a file left `uploading` is reconciled by looking at the remote side before anything is sent again, and
 * a re-upload sends the same bytes (same ISA13), which a clearinghouse's duplicate check recognises.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Claim } from '../claims/model.js';
import { fastClaim } from '../claims/model-fast-check.js';
import { build837 } from './claims-port.js';
import { UnwritableInterchangeError, checkedBuild, unwritableClaims } from './outbound-check.js';
import { raiseAlert } from '../ledger/alerts.js';
import { moveInto, writeDurable } from './durable.js';
import { outboundFileName, type GatewayPartnerProfile } from './partners.js';
import { TransportError } from './sftp.js';
import { filesToTidy, markTidied } from '../ledger/spool-housekeeping.js';
import type { PartnerHealth } from './partner-health.js';
import type { RuntimeContext } from './context.js';
import { createYielder, yieldToEventLoop } from './event-loop.js';
import { claimDataOf, queuedClaimKeys } from '../ledger/generation-queue.js';
import { withDeferredSync } from '../ledger/deferred-sync.js';
import { ClaimNotQueuedError, ClaimsBusyError, createLedger, type ReservedNumbers } from '../ledger/ledger.js';

/**
 * Queued claims → 837 interchanges, one interchange per ledger transaction. The queue is read as keys
 * first (no claim data), each interchange's claims are loaded and parsed only when it is built, and the
 * event loop gets a turn between interchanges (the API stays responsive during 100,000-claim runs).
 */
export async function generatePending(ctx: RuntimeContext): Promise<number> {
  const queued = await queuedClaimKeys(ctx.ledger.db, { between: yieldToEventLoop });
  type Chunk = { partner: GatewayPartnerProfile; ids: string[] };
  const chunks: Chunk[] = [];
  const open = new Map<string, Chunk>();
  for (const row of queued) {
    const partner = ctx.partners.get(row.partner_id);
    if (!partner) continue;
    // One file per batch, partner and claim kind, split at the partner's claims-per-file limit.
    const key = `${row.partner_id}:${row.batch_file_id}:${row.claim_type}`;
    let chunk = open.get(key);
    if (!chunk || chunk.ids.length >= partner.limits.maxClaimsPerFile) {
      chunk = { partner, ids: [] };
      open.set(key, chunk);
      chunks.push(chunk);
    }
    chunk.ids.push(row.id);
  }
  let files = 0;
  const yielder = createYielder();
  for (const chunk of chunks) {
    const partner = chunk.partner;
    const data = await claimDataOf(ctx.ledger.db, chunk.ids);
    let claims: Array<{ id: string; claim: Claim }> = [];
    const held: Array<{ id: string; reason: string }> = [];
    for (let k = 0; k < chunk.ids.length; k++) {
      try {
        claims.push({ id: chunk.ids[k], claim: claimOfStored(data[k]) });
      } catch {
        // Queued under an older claim model (or altered in the database): never sent as it is.
        held.push({ id: chunk.ids[k], reason: 'its stored data no longer fits the claim model' });
      }
      await yielder.maybeYield();
    }
    const build = (list: Array<{ id: string; claim: Claim }>, numbers: ReservedNumbers) => build837(partner, list, numbers, (kind) => outboundFileName(partner, { isa13: numbers.interchange, kind, date: numbers.date, time: numbers.time }));
    while (claims.length) {
      const ids = claims.map((c) => c.id);
      const these = claims;
      // Committed without its own fsync (deferred-sync.ts); the spool step's commit makes it durable
      // before any byte is uploaded. With several instances (PostgreSQL) a chunk another instance is
      // generating right now is skipped, not waited for, and one it has generated since the queue was read
      // is left to it (issue 17; the claims' row locks make sure no claim is in two interchanges).
      let g: Awaited<ReturnType<ReturnType<typeof createLedger>['generateInterchange']>>;
      try {
        g = await withDeferredSync(ctx.ledger.db, (conn) => createLedger(conn).generateInterchange({
          partnerId: partner.id,
          chunkKey: `${partner.id}:${ids[0]}:${ids.length}`,
          claimIds: ids,
          skipLocked: true,
          onReserved: () => ctx.crash('generate-reserved'),
          // Refused (nothing recorded, the numbers not used) when our own validator refuses the 837.
          build: (numbers) => checkedBuild(() => build(these, numbers), () => yielder.maybeYield()),
        }));
      } catch (err) {
        if (err instanceof UnwritableInterchangeError) {
          const bad = await unwritableClaims(these, build, () => yielder.maybeYield());
          const refused = bad.length ? bad : these.map((c) => ({ id: c.id, errors: err.errors }));
          for (const b of refused) held.push({ id: b.id, reason: `its 837 fails our own validator: ${b.errors.join('; ')}` });
          const out = new Set(refused.map((b) => b.id));
          claims = these.filter((c) => !out.has(c.id));
          continue;
        }
        if (!(err instanceof ClaimsBusyError) && !(err instanceof ClaimNotQueuedError)) throw err;
        ctx.log.debug({ event: 'generate.skipped', partner: partner.id, claimCount: ids.length, reason: err instanceof ClaimsBusyError ? 'busy' : 'generated-elsewhere' }, 'chunk taken by another instance');
        break;
      }
      ctx.crash('generate-committed');
      files++;
      ctx.log.info({ event: 'generate.interchange', fileId: g.fileId, partner: partner.id, isa13: g.interchangeControl, gs06: g.groupControl, claimCount: ids.length }, '837 generated');
      await yieldToEventLoop();
      break;
    }
    await holdUnwritable(ctx, partner.id, held);
  }
  return files;
}

/**
 * Claims that cannot be written stay queued (never uploaded; they are tried again each pass, so a fixed
 * partner profile or gateway lets them go) with one alert each: the workbench's alerts and the alert
 * channels say which claim and why (positions and codes only). The log names the ledger's claim id only,
 * and warns once per alert (a claim held pass after pass does not fill the log).
 */
async function holdUnwritable(ctx: RuntimeContext, partnerId: string, held: ReadonlyArray<{ id: string; reason: string }>): Promise<void> {
  for (const h of held) {
    const { created } = await raiseAlert(ctx.ledger.db, { kind: 'claim-unwritable', claimId: h.id, partnerId, note: `Held in the queue, not sent: ${h.reason}.`, now: ctx.now().toISOString() });
    // Warned once, when the alert is new; every later pass that holds it again says so at debug level.
    if (created) ctx.log.warn({ event: 'generate.held', claimId: h.id, partner: partnerId, reason: h.reason }, 'claim held in the queue: it cannot be written as a valid 837');
    else ctx.log.debug({ event: 'generate.still-held', claimId: h.id, partner: partnerId }, 'claim still held in the queue');
  }
}

/**
 * A queued claim's stored JSON as the claim model: the compiled model check first, zod when it is not
 * sure — exactly `Claim.parse`'s result, or its error (model-fast-check.ts; issue 12, round 10: zod's
 * parse was a tenth of generation). `check`: tests pass `() => undefined` for zod alone.
 */
export function claimOfStored(data: string, check: (value: unknown) => Claim | undefined = fastClaim): Claim {
  const raw: unknown = JSON.parse(data);
  return check(raw) ?? Claim.parse(raw);
}

export async function spoolPending(ctx: RuntimeContext): Promise<number> {
  const files = await ctx.ledger.outboundFiles(['generated']);
  for (const f of files) {
    const path = join(ctx.folders.spool, f.name);
    writeDurable(path, f.content ?? '');
    ctx.crash('spool-written');
    await ctx.ledger.setFileState(f.id, 'spooled', { localPath: path });
    ctx.log.info({ event: 'spool.written', fileId: f.id, bytes: f.size }, '837 spooled');
  }
  return files.length;
}

/**
 * The file to send: the spool copy when it matches the recorded hash (checked by streaming it), else the
 * ledger's copy rewritten to the spool. The upload streams it from disk.
 */
function spoolCopyOf(ctx: RuntimeContext, f: { id: string; name: string; sha256: string; content: string | null; local_path: string | null }): { path: string; size: number } {
  const path = f.local_path ?? join(ctx.folders.spool, f.name);
  if (existsSync(path) && sha256OfFile(path) === f.sha256) return { path, size: statSync(path).size };
  const b = Buffer.from(f.content ?? '');
  writeDurable(path, b);
  return { path, size: b.length };
}

function sha256OfFile(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

async function limit<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/** Files waiting to go out (spooled, or left mid-upload), grouped by partner. */
export async function pendingUploads(ctx: RuntimeContext): Promise<Map<string, OutboundFile[]>> {
  const byPartner = new Map<string, OutboundFile[]>();
  for (const f of await ctx.ledger.outboundFiles(['spooled', 'uploading'])) {
    const id = f.partner_id ?? '';
    byPartner.set(id, [...(byPartner.get(id) ?? []), f]);
  }
  return byPartner;
}

export type OutboundFile = Awaited<ReturnType<RuntimeContext['ledger']['outboundFiles']>>[number];

/**
 * Uploads one partner's pending files. A failure of one file is recorded on it and the next goes on; a
 * partner-wide failure (cannot connect, timed out, host key, credentials) opens the partner's breaker
 * and stops this partner's work at once (the files wait in the spool, untouched).
 */
export async function uploadForPartner(ctx: RuntimeContext, partner: GatewayPartnerProfile, list: OutboundFile[], health: PartnerHealth): Promise<{ uploaded: number; failed: number }> {
  let uploaded = 0;
  let failed = 0;
  const partnerId = partner.id;
  const transport = ctx.transport(partner, (point) => {
    if (point === 'after-temp-upload') ctx.crash('upload-mid');
    if (point === 'after-rename') ctx.crash('upload-renamed');
  });
  await limit(list, partner.sftp.maxConcurrentUploads, async (f) => {
    if (health.isOpen(partnerId)) return;
    try {
      const source = spoolCopyOf(ctx, f);
      if (f.state === 'uploading') {
        // A crash or failure left it mid-way: look at the remote side before sending anything again.
        const remote = await transport.inspectUpload(f.name);
        if (remote.final === source.size) {
          await ctx.ledger.markUploaded(f.id, `${partner.sftp.inboundDir}/${f.name}`);
          uploaded++;
          ctx.log.info({ event: 'upload.reconciled', fileId: f.id }, 'upload found complete on the remote side');
          return;
        }
      }
      await ctx.ledger.setFileState(f.id, 'uploading', { attempts: f.attempts + 1 });
      ctx.crash('upload-started');
      const result = await transport.upload(f.name, source);
      await ctx.ledger.markUploaded(f.id, result.remoteName);
      ctx.crash('upload-recorded');
      uploaded++;
      ctx.log.info({ event: 'upload.done', fileId: f.id, bytes: result.size, partner: partnerId }, '837 uploaded');
    } catch (err) {
      failed++;
      const e = err instanceof TransportError ? err : undefined;
      await ctx.ledger.setFileState(f.id, (await ctx.ledger.getFile(f.id))?.state ?? 'spooled', { error: e ? `${e.kind}: ${e.message}` : (err as Error).message });
      // A partner-wide failure is logged once, as partner.suspended; a file's own failure here.
      if (e?.partnerWide) health.failed(partnerId, 'upload', e);
      else ctx.log.error({ event: 'upload.failed', fileId: f.id, partner: partnerId, kind: e?.kind ?? 'internal', retryable: e?.retryable ?? true, err: e ? undefined : { message: (err as Error).message } }, 'upload failed');
    }
  });
  return { uploaded, failed };
}

/** Spool copies of acknowledged (or rejected) files move out of the way; they stay until then. */
/**
 * Moves the spool copies of finished (acknowledged / rejected) files to spool/acknowledged. Only files not
 * yet tidied are read, through an index and without their 837 bytes (issue 10, item 6): an idle gateway
 * with years of history does no work here.
 */
export async function tidySpool(ctx: RuntimeContext): Promise<number> {
  let tidied = 0;
  for (;;) {
    const batch = await filesToTidy(ctx.ledger.db, TIDY_BATCH);
    for (const f of batch) {
      const inSpool = !!f.local_path && f.local_path.startsWith(ctx.folders.spool + '/') && !f.local_path.startsWith(ctx.folders.spoolSent + '/');
      let moved = f.local_path;
      if (inSpool && existsSync(f.local_path!)) moved = moveInto(f.local_path!, ctx.folders.spoolSent);
      // Killed between the move and the mark: the copy is already in spool/acknowledged.
      else if (inSpool && existsSync(join(ctx.folders.spoolSent, basename(f.local_path!)))) moved = join(ctx.folders.spoolSent, basename(f.local_path!));
      await markTidied(ctx.ledger.db, f.id, moved, ctx.now());
      tidied++;
    }
    if (batch.length < TIDY_BATCH) {
      if (tidied) ctx.log.info({ event: 'spool.tidied', files: tidied }, 'spool copies of finished files moved to spool/acknowledged');
      return tidied;
    }
  }
}

const TIDY_BATCH = 500;
