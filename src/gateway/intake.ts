/**
 * Outbox intake: a batch file is taken only once it is complete (size and mtime unchanged for
 * `stableMs`), claimed by an atomic rename into outbox/.working/, checked claim by claim, and recorded
 * with its claims in one ledger transaction keyed by its content hash. Rejected claims are written to
 * outbox/rejected/<batch>.errors.json and .csv with the fix for each; the batch moves to outbox/archive/.
 * The same content dropped again is recorded as a duplicate and moved to outbox/duplicates/.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { checkBatch, parseBatchFile, type CheckedClaim } from './claims-port.js';
import { denialRulesFor, writeDenialWarnings } from './denial-warnings.js';
import { ensureDir, moveInto, writeDurable } from './durable.js';
import { toCsv } from './outputs.js';
import { isoDate, type RuntimeContext } from './context.js';

const BATCH_NAME = /\.(json|ndjson)$/i;

export interface Observation {
  size: number;
  mtimeMs: number;
  since: number;
}

/** Names in the outbox that have been stable for `stableMs` (the others are remembered for next time). */
export function readyBatches(outbox: string, seen: Map<string, Observation>, stableMs: number, nowMs: number): string[] {
  const ready: string[] = [];
  const present = new Set<string>();
  let names: string[] = [];
  try {
    names = readdirSync(outbox);
  } catch {
    return [];
  }
  for (const name of names.sort()) {
    if (name.startsWith('.') || !BATCH_NAME.test(name)) continue;
    let st;
    try {
      st = statSync(join(outbox, name));
    } catch {
      continue;
    }
    if (!st.isFile()) continue;
    present.add(name);
    const prev = seen.get(name);
    if (!prev || prev.size !== st.size || prev.mtimeMs !== st.mtimeMs) {
      seen.set(name, { size: st.size, mtimeMs: st.mtimeMs, since: nowMs });
      if (stableMs > 0) continue;
    }
    if (nowMs - (seen.get(name)!.since) >= stableMs) ready.push(name);
  }
  for (const name of seen.keys()) if (!present.has(name)) seen.delete(name);
  return ready;
}

/** Claims a ready file by renaming it into the working folder; undefined when someone else took it. */
export function claimBatch(ctx: RuntimeContext, name: string): string | undefined {
  ensureDir(ctx.folders.working);
  const to = join(ctx.folders.working, name);
  if (existsSync(to)) return undefined;
  try {
    renameSync(join(ctx.folders.outbox, name), to);
  } catch {
    return undefined;
  }
  ctx.crash('intake-claimed');
  return to;
}

function stem(name: string) {
  return name.replace(BATCH_NAME, '');
}

function writeRejections(ctx: RuntimeContext, name: string, batchFileId: string | undefined, fileError: { code: string; message: string } | undefined, rejected: CheckedClaim[]) {
  const base = join(ctx.folders.rejected, stem(name));
  const doc = {
    batch: name,
    batchFileId: batchFileId ?? null,
    fileError: fileError ?? null,
    rejectedClaims: rejected.map((r) => ({
      index: r.intake.index,
      claimId: r.claimId || null,
      ledgerId: null as string | null,
      findings: r.findings.filter((f) => f.severity === 'error').map((f) => ({ code: f.code, field: f.field, message: f.message, fix: f.fix })),
    })),
  };
  writeDurable(`${base}.errors.json`, JSON.stringify(doc, null, 2) + '\n');
  const rows = fileError
    ? [['', '', fileError.code, '', fileError.message, 'Fix the file and drop it into the outbox again.']]
    : doc.rejectedClaims.flatMap((c) => c.findings.map((f) => [c.index + 1, c.claimId ?? '', f.code, f.field, f.message, f.fix]));
  writeDurable(`${base}.errors.csv`, toCsv(['claimNumber', 'claimId', 'code', 'field', 'message', 'fix'], rows));
}

/** Processes one file in the working folder (a fresh take or one left there by a crash). */
export async function processWorkingBatch(ctx: RuntimeContext, path: string): Promise<'recorded' | 'duplicate' | 'rejected' | 'resumed'> {
  const name = basename(path);
  const bytes = readFileSync(path);
  const sha = createHash('sha256').update(bytes).digest('hex');
  const known = await ctx.ledger.findFileBySha('intake', sha);
  if (known && known.local_path === path) {
    // Recorded before a crash: redo the idempotent tail (report, archive).
    const rejected = (await ctx.ledger.listClaims({ batchFileId: known.id, state: 'scrub-rejected' })).length;
    if (rejected > 0 || known.state === 'rejected') {
      const parsed = parseBatchFile(bytes, name);
      if (parsed.ok) writeRejections(ctx, name, known.id, undefined, checkBatch(parsed.batch, options(ctx)).filter((c) => c.intake.rejected));
    }
    const moved = moveInto(path, known.state === 'rejected' ? ctx.folders.rejected : ctx.folders.archive);
    await ctx.ledger.setFileState(known.id, known.state, { localPath: moved });
    ctx.log.info({ event: 'intake.resumed', batchFileId: known.id }, 'batch intake resumed after restart');
    return 'resumed';
  }
  if (known) {
    const dup = await ctx.ledger.recordFile({ direction: 'intake', name, sha256: sha, size: bytes.length, kind: 'batch', localPath: join(ctx.folders.duplicates, name) });
    writeDurable(join(ctx.folders.duplicates, `${stem(name)}.duplicate.txt`), `This file has the same content as batch ${known.id} (received ${known.created_at}); it was not sent again.\n`);
    moveInto(path, ctx.folders.duplicates);
    ctx.log.warn({ event: 'intake.duplicate', batchFileId: dup.file.id, duplicateOf: known.id }, 'same batch dropped twice; not sent again');
    return 'duplicate';
  }
  const parsed = parseBatchFile(bytes, name);
  if (!parsed.ok) {
    const rec = await ctx.ledger.recordFile({ direction: 'intake', name, sha256: sha, size: bytes.length, kind: 'batch', localPath: path, state: 'rejected' });
    writeRejections(ctx, name, rec.file.id, { code: parsed.code, message: parsed.message }, []);
    const moved = moveInto(path, ctx.folders.rejected);
    await ctx.ledger.setFileState(rec.file.id, 'rejected', { localPath: moved });
    ctx.log.warn({ event: 'intake.rejected-file', batchFileId: rec.file.id, code: parsed.code }, 'batch file cannot be read');
    return 'rejected';
  }
  const checked = checkBatch(parsed.batch, { ...options(ctx), denialRules: await denialRulesFor(ctx) });
  const rec = await ctx.ledger.recordBatch({ name, sha256: sha, size: bytes.length, partnerId: parsed.batch.partnerId ?? null, localPath: path, claims: checked.map((c) => c.intake) });
  ctx.crash('intake-recorded');
  const rejected = checked.filter((c) => c.intake.rejected);
  if (rejected.length) writeRejections(ctx, name, rec.file.id, undefined, rejected);
  writeDenialWarnings(ctx, name, rec.file.id, checked);
  ctx.crash('intake-reported');
  const moved = moveInto(path, ctx.folders.archive);
  await ctx.ledger.setFileState(rec.file.id, 'processed', { localPath: moved });
  ctx.log.info({ event: 'intake.recorded', batchFileId: rec.file.id, claimCount: checked.length, rejected: rejected.length }, 'batch recorded');
  return 'recorded';
}

function options(ctx: RuntimeContext) {
  return { today: isoDate(ctx.now()), defaultPartner: ctx.defaultPartner, knownPartners: new Set(ctx.partners.keys()) };
}

/** Files left in the working folder by a crash, oldest first. */
export function workingBatches(ctx: RuntimeContext): string[] {
  try {
    return readdirSync(ctx.folders.working)
      .filter((n) => !n.startsWith('.') && BATCH_NAME.test(n))
      .sort()
      .map((n) => join(ctx.folders.working, n));
  } catch {
    return [];
  }
}
