/**
 * Responses in. The poller lists a partner's outbound folder, downloads each file (as .part, fsynced,
 * renamed into inbox/ as `<partner>__<name>`), records it in the ledger, and only then deletes or moves
 * the remote file. The inbox processor posts every file in inbox/ (TA1, then 999, 277CA, 835), writes
 * reports and results, and archives it; a file it cannot read goes to inbox/quarantine/ with an
 * .errors.txt. A file whose content was seen before is recorded as a duplicate and never posted.
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { allFindings } from '../guides/reader.js';
import { describePosition } from '../x12/finding.js';
import { ensureDir, freeName, moveInto, writeDurable } from './durable.js';
import { buildResults, deliverWebhook, writeReports, writeResults } from './outputs.js';
import { writeResponseReports } from './response-reports.js';
import { detectKind, KIND_ORDER, parseResponse } from './read-responses.js';
import type { GatewayPartnerProfile } from './partners.js';
import { fsyncDir, TransportError, type RemoteFile } from './sftp.js';
import type { RuntimeContext } from './context.js';
import type { PartnerHealth } from './partner-health.js';
import { pathInside, safeBaseName } from './safe-name.js';
import { clearRemoteFile, recordDownloadFailure, recordRefusedName, remoteFilesOf, remoteNameKey } from '../ledger/remote-files.js';

const SEP = '__';

/** Default of `sftp.maxDownloadAttempts`: failed downloads of one response before it is quarantined (counted durably in remote_files). */
export const MAX_DOWNLOAD_ATTEMPTS = 5;

/**
 * Polls one partner's outbound folder. Each remote name must already be a safe base name
 * (src/gateway/safe-name.ts) before a local path is made from it; an unsafe one is refused, recorded
 * and logged once, and never written anywhere. Each file has its own error boundary: an empty,
 * truncated or unreadable file counts an attempt (quarantined after `sftp.maxDownloadAttempts`) and the poll
 * goes on with the next; only a partner-wide failure (unreachable, host key, credentials) stops the poll
 * and opens the partner's breaker.
 */
export async function pollPartner(ctx: RuntimeContext, partner: GatewayPartnerProfile, health: PartnerHealth): Promise<number> {
  const transport = ctx.transport(partner, (point) => {
    if (point === 'after-download-read') ctx.crash('download-mid');
  });
  ensureDir(ctx.folders.inbox);
  recoverIncoming(ctx, partner.id);
  let listing: RemoteFile[];
  try {
    listing = await transport.listResponses();
  } catch (err) {
    pollFailed(ctx, partner, health, 'list', err);
    return 0;
  }
  const known = await remoteFilesOf(ctx.ledger.db, partner.id);
  const temp = partner.sftp.tempSuffix;
  let count = 0;
  for (const r of listing) {
    if (health.isOpen(partner.id)) break;
    if (beingWritten(r.name, temp)) continue;
    const safe = safeBaseName(r.name, { reservedSuffixes: [temp, '.part', '.tmp'] });
    if (!safe.ok) {
      if (await recordRefusedName(ctx.ledger.db, partner.id, r.name, safe.reason, safe.escaped)) {
        ctx.log.warn({ event: 'download.refused-name', partner: partner.id, reason: safe.reason, nameHash: safe.nameHash, escapedName: safe.escaped }, 'remote file name is not a safe base name; refused, nothing written');
      }
      continue;
    }
    const before = known.get(remoteNameKey(r.name));
    if (before && before.state !== 'pending') continue;
    try {
      // Lands in inbox/.incoming/ (the posting step does not look there), is recorded under its inbox
      // path, and only then moved into the inbox: posting never sees a file the poller has not recorded.
      const localName = freeName(ctx.folders.inbox, `${partner.id}${SEP}${safe.name}`);
      const landed = pathInside(incomingDir(ctx), localName);
      const local = pathInside(ctx.folders.inbox, localName);
      const got = await transport.download(r.name, landed);
      ctx.crash('download-landed');
      const head = readHead(landed);
      const rec = await ctx.ledger.recordFile({ direction: 'in', partnerId: partner.id, name: safe.name, sha256: got.sha256, size: got.size, kind: detectKind(head), localPath: local });
      renameSync(landed, local);
      fsyncDir(ctx.folders.inbox);
      ctx.crash('download-recorded');
      if (before) await clearRemoteFile(ctx.ledger.db, partner.id, r.name);
      await transport.retire(r.name);
      ctx.crash('download-retired');
      count++;
      ctx.log.info({ event: 'download.done', fileId: rec.file.id, partner: partner.id, remoteName: safe.name, bytes: got.size, duplicate: !!rec.duplicateOf }, 'response downloaded');
    } catch (err) {
      const e = err instanceof TransportError ? err : undefined;
      if (e?.partnerWide) {
        pollFailed(ctx, partner, health, 'download', e);
        break;
      }
      const reason = e ? `${e.kind}: ${e.message}` : `internal: ${(err as Error).message}`;
      const maxAttempts = partner.sftp.maxDownloadAttempts ?? MAX_DOWNLOAD_ATTEMPTS;
      const row = await recordDownloadFailure(ctx.ledger.db, partner.id, r.name, safe.name, reason, maxAttempts);
      const fields = { partner: partner.id, remoteName: safe.name, kind: e?.kind ?? 'internal', attempts: row.attempts, maxAttempts, reason };
      if (row.state === 'quarantined') ctx.log.error({ event: 'download.quarantined', ...fields }, 'response could not be downloaded; quarantined, the poll goes on');
      else ctx.log.warn({ event: 'download.failed', ...fields }, 'response download failed; the poll goes on with the next file');
    }
  }
  return count;
}

/** Where downloads land before they are recorded (a dot folder: the posting step never looks in it). */
function incomingDir(ctx: RuntimeContext): string {
  const dir = join(ctx.folders.inbox, '.incoming');
  ensureDir(dir);
  return dir;
}

/**
 * What a kill left of this partner's downloads (no download of this partner is running now: one task
 * per partner at a time). A `.part` (and, from older builds, a `.part` in the inbox itself) is removed;
 * a complete file is moved into the inbox under the name it was recorded with (or will be recorded by
 * the posting step when it was not). Logged by local name.
 */
export function recoverIncoming(ctx: RuntimeContext, partnerId: string): void {
  const mine = (n: string) => n.startsWith(`${partnerId}${SEP}`);
  const incoming = incomingDir(ctx);
  for (const [dir, n] of [...readdirSync(ctx.folders.inbox).map((n) => [ctx.folders.inbox, n]), ...readdirSync(incoming).map((n) => [incoming, n])]) {
    if (!mine(n)) continue;
    try {
      if (n.endsWith('.part')) {
        unlinkSync(pathInside(dir, n));
        ctx.log.warn({ event: 'download.stale-part-removed', partner: partnerId, file: n }, 'removed a partial download left by an interrupted run');
      } else if (dir === incoming) {
        const to = moveInto(pathInside(incoming, n), ctx.folders.inbox);
        ctx.log.warn({ event: 'download.recovered', partner: partnerId, file: basename(to) }, 'moved a complete download left by an interrupted run into the inbox');
      }
    } catch {
      /* gone meanwhile */
    }
  }
}

/**
 * A file the partner is still writing, by the usual conventions (`.name` or `name<tempSuffix>`, where
 * `name` itself is safe): not ready, not ours yet, skipped quietly. Anything else odd is refused.
 */
function beingWritten(name: string, tempSuffix: string): boolean {
  const plain = (n: string) => safeBaseName(n, { reservedSuffixes: [] }).ok;
  if (name.startsWith('.')) return plain(name.slice(1));
  return !!tempSuffix && name.endsWith(tempSuffix) && plain(name.slice(0, -tempSuffix.length));
}

function pollFailed(ctx: RuntimeContext, partner: GatewayPartnerProfile, health: PartnerHealth, operation: string, err: unknown): void {
  const e = err instanceof TransportError ? err : undefined;
  if (e?.partnerWide) return health.failed(partner.id, operation, e);
  ctx.log.error({ event: 'poll.failed', partner: partner.id, operation, kind: e?.kind ?? 'internal', retryable: e?.retryable ?? true, err: { message: (err as Error).message } }, 'poll failed');
}

/** The first 4 KiB of a file (enough to detect its kind), without reading the rest. */
function readHead(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

function inboxFiles(ctx: RuntimeContext): Array<{ path: string; name: string; kind: ReturnType<typeof detectKind> }> {
  let names: string[] = [];
  try {
    names = readdirSync(ctx.folders.inbox);
  } catch {
    return [];
  }
  const out = [];
  for (const name of names) {
    if (name.startsWith('.') || name.endsWith('.part')) continue;
    const path = join(ctx.folders.inbox, name);
    try {
      if (!statSync(path).isFile()) continue;
    } catch {
      continue;
    }
    const head = readFileSync(path).subarray(0, 4096).toString('latin1');
    out.push({ path, name, kind: detectKind(head) });
  }
  return out.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name));
}

export async function processInbox(ctx: RuntimeContext): Promise<{ posted: number; duplicates: number; quarantined: number }> {
  const totals = { posted: 0, duplicates: 0, quarantined: 0 };
  for (const f of inboxFiles(ctx)) {
    try {
      // Several instances on one PostgreSQL share the inbox: only the partner's leader posts its files.
      if (ctx.leadership && !(await ctx.leadership.holds(partnerOfInboxName(ctx, basename(f.path))))) continue;
      const outcome = await processResponse(ctx, f.path);
      if (outcome === 'posted') totals.posted++;
      else if (outcome === 'duplicate') totals.duplicates++;
      else if (outcome === 'quarantined') totals.quarantined++;
    } catch (err) {
      // A bug or I/O failure on one file must not stop the others; the file stays for the next cycle.
      ctx.log.error({ event: 'inbox.error', file: basename(f.path), err: { message: (err as Error).message } }, 'response processing failed');
    }
  }
  return totals;
}

/** The partner an inbox file came from: its `<partner>__` prefix, else the default partner. */
function partnerOfInboxName(ctx: RuntimeContext, name: string): string {
  const sepAt = name.indexOf(SEP);
  return sepAt > 0 && ctx.partners.has(name.slice(0, sepAt)) ? name.slice(0, sepAt) : ctx.defaultPartner;
}

async function processResponse(ctx: RuntimeContext, path: string): Promise<'posted' | 'duplicate' | 'quarantined'> {
  const name = basename(path);
  const sepAt = name.indexOf(SEP);
  const partnerId = partnerOfInboxName(ctx, name);
  const remoteName = sepAt > 0 ? name.slice(sepAt + SEP.length) : name;
  const bytes = readFileSync(path);
  let row = await ctx.ledger.findFileByPath('in', path);
  if (!row) {
    const { createHash } = await import('node:crypto');
    const rec = await ctx.ledger.recordFile({ direction: 'in', partnerId, name: remoteName, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, kind: detectKind(bytes.subarray(0, 4096).toString('latin1')), localPath: path });
    row = rec.file;
  }
  if (row.state === 'duplicate') {
    const moved = moveInto(path, join(ctx.folders.inboxArchive, 'duplicates'));
    await ctx.ledger.setFileState(row.id, 'duplicate', { localPath: moved });
    ctx.log.warn({ event: 'inbox.duplicate', fileId: row.id, duplicateOf: row.duplicate_of }, 'response already received; recorded, not posted');
    return 'duplicate';
  }
  if (row.state === 'quarantined') {
    moveInto(path, ctx.folders.quarantine);
    return 'quarantined';
  }
  if (row.state !== 'posted') {
    const parsed = parseResponse(bytes, remoteName);
    if ('findings' in parsed) {
      const lines = [
        `File: ${remoteName}`,
        `Detected kind: ${parsed.kind}`,
        'It cannot be posted. Problems found:',
        ...parsed.findings.map((f) => `- ${f.code}: ${f.message}${describePosition(f.position) ? ` (${describePosition(f.position)})` : ''}`),
        '',
        'What to do: ask the partner to resend a corrected file, or move a fixed copy into the inbox folder.',
      ];
      ensureDir(ctx.folders.quarantine);
      const target = freeName(ctx.folders.quarantine, name);
      writeDurable(join(ctx.folders.quarantine, `${target}.errors.txt`), lines.join('\n') + '\n');
      const moved = moveInto(path, ctx.folders.quarantine, target);
      await ctx.ledger.setFileState(row.id, 'quarantined', { localPath: moved, error: parsed.findings[0]?.code ?? 'UNREADABLE', kind: parsed.kind });
      ctx.log.warn({ event: 'inbox.quarantined', fileId: row.id, kind: parsed.kind, code: parsed.findings[0]?.code }, 'response quarantined');
      return 'quarantined';
    }
    // One posting = one transaction that also marks the file (atomic). Several (a file with several
    // 835s or TA1s): each is idempotent on its own (payer + TRN02), and the file is marked after the last.
    const single = 'postings' in parsed ? parsed.postings.length === 1 : true;
    const opts = { markFile: single };
    let duplicateOnly = parsed.kind === '835';
    switch (parsed.kind) {
      case 'TA1':
        for (const p of parsed.postings) await ctx.ledger.postTa1(row.id, partnerId, p, opts);
        break;
      case '999':
        await ctx.ledger.post999(row.id, partnerId, parsed.posting, opts);
        break;
      case '277CA':
      case '277':
        await ctx.ledger.postClaimStatus(row.id, partnerId, parsed.posting, parsed.kind, opts);
        break;
      case '271':
        await ctx.ledger.postEligibilityAnswers(row.id, partnerId, parsed.answers, opts);
        break;
      case '835':
        for (const p of parsed.postings) {
          const r = await ctx.ledger.postRemittance(row.id, partnerId, p, opts);
          if (!r.duplicate) duplicateOnly = false;
        }
        break;
    }
    // Guide findings that did not stop posting (warnings, SNIP 2-5 errors) are counted on the file.
    const findings = allFindings(parsed.report);
    const summary = { errors: findings.filter((f) => f.severity === 'error').length, warnings: findings.filter((f) => f.severity === 'warning').length };
    const state = single ? ((await ctx.ledger.getFile(row.id))?.state ?? 'posted') : duplicateOnly ? 'duplicate' : 'posted';
    await ctx.ledger.setFileState(row.id, state, { kind: parsed.kind, summary });
    ctx.crash('posting-committed');
    row = (await ctx.ledger.getFile(row.id))!;
    if (row.state === 'duplicate') {
      const moved = moveInto(path, join(ctx.folders.inboxArchive, 'duplicates'));
      await ctx.ledger.setFileState(row.id, 'duplicate', { localPath: moved });
      ctx.log.warn({ event: 'inbox.duplicate-remittance', fileId: row.id }, 'remittance already posted (same payer + trace number, or the same claim payments under a new trace: flagged in unmatched); not posted again');
      return 'duplicate';
    }
    ctx.log.info({ event: 'inbox.posted', fileId: row.id, kind: parsed.kind }, 'response posted');
    if (parsed.kind === '835') ctx.onRemittancePosted?.();
  }
  // Posted (now or before a crash): outputs are idempotent, then archive.
  const doc = await buildResults(ctx.ledger, { id: row.id, name: `${partnerId}${SEP}${remoteName}`, kind: row.kind }, row.updated_at);
  writeResults(ctx.folders.results, doc);
  await writeReports(ctx.folders.reports, ctx.ledger, { id: row.id, name: `${partnerId}${SEP}${remoteName}`, kind: row.kind }, doc);
  try {
    await writeResponseReports(ctx.folders.reports, ctx.ledger, { name: `${partnerId}${SEP}${remoteName}`, kind: row.kind, partnerId }, bytes);
  } catch (err) {
    // The detailed reports are a convenience: a failure there must not hold up posting or archiving.
    ctx.log.warn({ event: 'reports.failed', fileId: row.id, kind: row.kind, err: { message: (err as Error).message } }, 'detailed report failed');
  }
  ctx.crash('results-written');
  const moved = moveInto(path, ctx.folders.inboxArchive);
  await ctx.ledger.setFileState(row.id, 'posted', { localPath: moved });
  ctx.crash('inbox-archived');
  if (ctx.webhook) {
    const target = ctx.webhook;
    void deliverWebhook(target, doc, { onAttempt: (a) => ctx.log.info({ event: 'webhook.attempt', fileId: row!.id, attempt: a.attempt, status: a.status, error: a.error }, 'webhook attempt') });
  }
  return 'posted';
}
