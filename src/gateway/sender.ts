/**
 * Claims out: queued claims → 837 interchanges (control numbers reserved and bytes recorded in one
 * ledger transaction) → spool (temp, fsync, rename) → upload (temp name, rename, size check) → uploaded.
 *
 * Restart-safe at every step: a generated file without a spool copy is spooled from the ledger's bytes;
 * a file left `uploading` is reconciled by looking at the remote side before anything is sent again, and
 * a re-upload sends the same bytes (same ISA13), which a clearinghouse's duplicate check recognises.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Claim } from '../claims/model.js';
import { build837 } from './claims-port.js';
import { moveInto, writeDurable } from './durable.js';
import { outboundFileName, type GatewayPartnerProfile } from './partners.js';
import { TransportError } from './sftp.js';
import { filesToTidy, markTidied } from '../ledger/spool-housekeeping.js';
import type { RuntimeContext } from './context.js';
import { createYielder, yieldToEventLoop } from './event-loop.js';
import { claimDataOf, queuedClaimKeys } from '../ledger/generation-queue.js';
import { withDeferredSync } from '../ledger/deferred-sync.js';
import { createLedger } from '../ledger/ledger.js';

export interface SenderState {
  /** Partners whose transport failed in a way a retry cannot fix, until this time (ms). */
  suspendedUntil: Map<string, number>;
  suspendMs: number;
}

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
    const claims: Array<{ id: string; claim: Claim }> = [];
    for (let k = 0; k < chunk.ids.length; k++) {
      claims.push({ id: chunk.ids[k], claim: Claim.parse(JSON.parse(data[k])) });
      await yielder.maybeYield();
    }
    // Committed without its own fsync (deferred-sync.ts); the spool step's commit makes it durable
    // before any byte is uploaded.
    const g = await withDeferredSync(ctx.ledger.db, (conn) => createLedger(conn).generateInterchange({
      partnerId: partner.id,
      chunkKey: `${partner.id}:${chunk.ids[0]}:${chunk.ids.length}`,
      claimIds: chunk.ids,
      onReserved: () => ctx.crash('generate-reserved'),
      build: (numbers) => build837(partner, claims, numbers, (kind) => outboundFileName(partner, { isa13: numbers.interchange, kind, date: numbers.date, time: numbers.time })),
    }));
    ctx.crash('generate-committed');
    files++;
    ctx.log.info({ event: 'generate.interchange', fileId: g.fileId, partner: partner.id, isa13: g.interchangeControl, gs06: g.groupControl, claimCount: chunk.ids.length }, '837 generated');
    await yieldToEventLoop();
  }
  return files;
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

/** The bytes to send: the spool copy when it matches the recorded hash, else the ledger's copy (rewritten to the spool). */
function bytesOf(ctx: RuntimeContext, f: { id: string; name: string; sha256: string; content: string | null; local_path: string | null }): Buffer {
  const path = f.local_path ?? join(ctx.folders.spool, f.name);
  if (existsSync(path)) {
    const b = readFileSync(path);
    if (createHash('sha256').update(b).digest('hex') === f.sha256) return b;
  }
  const b = Buffer.from(f.content ?? '');
  writeDurable(path, b);
  return b;
}

async function limit<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

export async function uploadPending(ctx: RuntimeContext, state: SenderState): Promise<{ uploaded: number; failed: number }> {
  const files = await ctx.ledger.outboundFiles(['spooled', 'uploading']);
  let uploaded = 0;
  let failed = 0;
  const byPartner = new Map<string, typeof files>();
  for (const f of files) byPartner.set(f.partner_id ?? '', [...(byPartner.get(f.partner_id ?? '') ?? []), f]);
  for (const [partnerId, list] of byPartner) {
    const partner = ctx.partners.get(partnerId);
    if (!partner) continue;
    if ((state.suspendedUntil.get(partnerId) ?? 0) > ctx.now().getTime()) continue;
    const transport = ctx.transport(partner, (point) => {
      if (point === 'after-temp-upload') ctx.crash('upload-mid');
      if (point === 'after-rename') ctx.crash('upload-renamed');
    });
    await limit(list, partner.sftp.maxConcurrentUploads, async (f) => {
      if ((state.suspendedUntil.get(partnerId) ?? 0) > ctx.now().getTime()) return;
      try {
        const bytes = bytesOf(ctx, f);
        if (f.state === 'uploading') {
          // A crash or failure left it mid-way: look at the remote side before sending anything again.
          const remote = await transport.inspectUpload(f.name);
          if (remote.final === bytes.length) {
            await ctx.ledger.markUploaded(f.id, `${partner.sftp.inboundDir}/${f.name}`);
            uploaded++;
            ctx.log.info({ event: 'upload.reconciled', fileId: f.id }, 'upload found complete on the remote side');
            return;
          }
        }
        await ctx.ledger.setFileState(f.id, 'uploading', { attempts: f.attempts + 1 });
        ctx.crash('upload-started');
        const result = await transport.upload(f.name, bytes);
        await ctx.ledger.markUploaded(f.id, result.remoteName);
        ctx.crash('upload-recorded');
        uploaded++;
        ctx.log.info({ event: 'upload.done', fileId: f.id, bytes: result.size, partner: partnerId }, '837 uploaded');
      } catch (err) {
        failed++;
        const e = err instanceof TransportError ? err : undefined;
        if (e && !e.retryable) state.suspendedUntil.set(partnerId, ctx.now().getTime() + state.suspendMs);
        await ctx.ledger.setFileState(f.id, (await ctx.ledger.getFile(f.id))?.state ?? 'spooled', { error: e ? `${e.kind}: ${e.message}` : (err as Error).message });
        ctx.log.error({ event: 'upload.failed', fileId: f.id, partner: partnerId, kind: e?.kind ?? 'internal', retryable: e?.retryable ?? true, err: e ? undefined : { message: (err as Error).message } }, 'upload failed');
      }
    });
  }
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
