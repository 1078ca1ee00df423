/**
 * Responses in. The poller lists a partner's outbound folder, downloads each file (as .part, fsynced,
 * renamed into inbox/ as `<partner>__<name>`), records it in the ledger, and only then deletes or moves
 * the remote file. The inbox processor posts every file in inbox/ (TA1, then 999, 277CA, 835), writes
 * reports and results, and archives it; a file it cannot read goes to inbox/quarantine/ with an
 * .errors.txt. A file whose content was seen before is recorded as a duplicate and never posted.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readdirSync, readSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { allFindings } from '../guides/reader.js';
import { describePosition } from '../x12/finding.js';
import { ensureDir, freeName, moveInto, writeDurable } from './durable.js';
import { buildResults, writeReports, writeResults, type ResultsDocument } from './outputs.js';
import { enqueueDelivery } from '../ledger/outbound-deliveries.js';
import { outputCounts, writeStreamedOutputs } from './streamed-outputs.js';
import { streamedClaimStatusReports, streamedRemittanceReports, writeAcknowledgmentReports } from './response-reports.js';
import { Ack999ItemStream, AckResponseStream } from './ack-stream.js';
import { EligibilityAnswerStream, EligibilitySurvey } from './eligibility-stream.js';
import type { QueuedItems } from './item-stream.js';
import { itemsPosted } from '../ledger/posting-progress.js';
import { ClaimStatusPostingStream, ClaimStatusSurvey, StatusAnswerStream, type ClaimStatusSurveyResult } from './claim-status-stream.js';
import { ClaimPaymentStream, RemittanceSurvey, type ClaimPaymentEvent, type SurveyedRemittance, type SurveyResult } from './remittance-stream.js';
import type { ClaimPaymentPosting } from '../ledger/remittance-postings.js';
import { detectKind, KIND_ORDER, parseResponse, type ParsedResponse, type ParseFailure } from './read-responses.js';
import type { GatewayPartnerProfile } from './partners.js';
import { fsyncDir, TransportError, type RemoteFile } from './sftp.js';
import { isoDate, type RuntimeContext } from './context.js';
import type { PartnerHealth } from './partner-health.js';
import { pathInside, safeBaseName } from './safe-name.js';
import { denialRulesFor } from './denial-warnings.js';
import { nextPayerHook } from './next-payer-claims.js';
import type { NextPayerHook } from '../ledger/secondary-claims.js';
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
    out.push({ path, name, kind: detectKind(readHead(path)) });
  }
  return out.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name));
}

export async function processInbox(ctx: RuntimeContext): Promise<{ posted: number; duplicates: number; quarantined: number }> {
  const totals = { posted: 0, duplicates: 0, quarantined: 0 };
  // An instance that leads no partner posts nothing: it does not read the inbox files' heads either.
  if (ctx.leadership && !(await leadsAny(ctx))) return totals;
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

async function leadsAny(ctx: RuntimeContext): Promise<boolean> {
  for (const id of ctx.partners.keys()) if (await ctx.leadership!.holds(id)) return true;
  return false;
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
  let row = await ctx.ledger.findFileByPath('in', path);
  if (row?.state === 'duplicate' || row?.state === 'quarantined') return archiveUnposted(ctx, path, row);
  // Every response is read from the file in chunks, however large: a first pass hashes and validates it
  // (and streams its detailed reports), a second posts it a bounded chunk per transaction.
  const head = readHead(path);
  const kind = detectKind(head);
  const ack = kind === 'TA1' || kind === '999' ? await readAckFile(path, kind, remoteName) : undefined;
  const survey = kind === '835' ? await surveyRemittanceFile(ctx, path, `${partnerId}${SEP}${remoteName}`, remoteName) : undefined;
  const statusSurvey = kind === '277CA' || kind === '277' ? await surveyClaimStatusFile(path, ctx.folders.reports, `${partnerId}${SEP}${remoteName}`, remoteName, kind) : undefined;
  const answerSurvey = kind === '271' ? await surveyFile(path, () => new EligibilitySurvey(remoteName)) : undefined;
  // Not a response we read (unknown, an 837): hashed for the record, refused by its head alone.
  const refused = !ack && !survey && !statusSurvey && !answerSurvey ? await surveyFile(path, () => ({ push() {}, end: () => parseResponse(Buffer.from(head, 'latin1'), remoteName) as ParseFailure })) : undefined;
  // The survey's temporary report files go whatever happens below (after their commit this does nothing).
  try {
    if (!row) {
      const hashed = (survey ?? statusSurvey ?? ack ?? answerSurvey ?? refused)!.file;
      const rec = await ctx.ledger.recordFile({ direction: 'in', partnerId, name: remoteName, sha256: hashed.sha256, size: hashed.size, kind, localPath: path });
      row = rec.file;
      if (row.state === 'duplicate' || row.state === 'quarantined') return archiveUnposted(ctx, path, row);
    }
    if (row.state !== 'posted') {
      const parsed: Extract<ParsedResponse, { kind: 'TA1' | '999' }> | SurveyResult | ClaimStatusSurveyResult | Exclude<ReturnType<EligibilitySurvey['end']>, ParseFailure> | ParseFailure = survey
        ? survey.result
        : statusSurvey
          ? statusSurvey.result
          : ack
            ? (ack.result as Extract<ParsedResponse, { kind: 'TA1' | '999' }> | ParseFailure)
            : (answerSurvey ?? refused)!.result;
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
      // A large 835 is posted in chunks, each its own transaction, resumed after a crash (docs/ledger.md).
      const single = parsed.kind === '835' ? parsed.remittances.length === 1 : 'postings' in parsed ? parsed.postings.length === 1 : true;
      const opts = { markFile: single };
      let duplicateOnly = parsed.kind === '835';
      switch (parsed.kind) {
        case 'TA1':
          for (const p of parsed.postings) await ctx.ledger.postTa1(row.id, partnerId, p, opts);
          break;
        case '999':
          await postFromFile(ctx, row.id, path, new Ack999ItemStream(remoteName), ACK_POSTING_CHUNK, (from, items, last) => ctx.ledger.post999Chunk(row!.id, partnerId, from, items, { ...opts, last }));
          break;
        case '277CA':
          await postClaimStatusFile(ctx, row.id, partnerId, path, remoteName, opts);
          break;
        case '277':
          // A 277 (X212) answers our 276 inquiries; a 277CA (X214) is told apart by ST03/GS08 (detectKind).
          await postFromFile(ctx, row.id, path, new StatusAnswerStream(remoteName), ANSWER_POSTING_CHUNK, (from, answers, last) => ctx.ledger.postStatusAnswersChunk(row!.id, partnerId, from, answers, { ...opts, last }));
          break;
        case '271':
          await postFromFile(ctx, row.id, path, new EligibilityAnswerStream(remoteName), ANSWER_POSTING_CHUNK, (from, answers, last) => ctx.ledger.postEligibilityAnswersChunk(row!.id, partnerId, from, answers, { ...opts, last }));
          break;
        case '835':
          if (!(await postRemittanceFile(ctx, row.id, partnerId, path, remoteName, parsed.remittances, { ...opts, nextPayer: await nextPayerHookFor(ctx) })).duplicateOnly) duplicateOnly = false;
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
    const outFile = { id: row.id, name: `${partnerId}${SEP}${remoteName}`, kind: row.kind };
    let doc: ResultsDocument;
    if ((await outputCounts(ctx.ledger, row.id)).streamed) doc = await writeStreamedOutputs(ctx.folders, ctx.ledger, outFile, row.updated_at);
    else {
      doc = await buildResults(ctx.ledger, outFile, row.updated_at);
      writeResults(ctx.folders.results, doc);
      await writeReports(ctx.folders.reports, ctx.ledger, outFile, doc);
    }
    try {
      if (survey) survey.reports.commit();
      else if (statusSurvey) statusSurvey.reports.commit();
      else if (ack) await writeAcknowledgmentReports(ctx.folders.reports, ctx.ledger, { name: `${partnerId}${SEP}${remoteName}`, partnerId }, path);
    } catch (err) {
      // The detailed reports are a convenience: a failure there must not hold up posting or archiving.
      ctx.log.warn({ event: 'reports.failed', fileId: row.id, kind: row.kind, err: { message: (err as Error).message } }, 'detailed report failed');
    }
    // The results webhook goes through the persisted outbox (src/gateway/alerts/deliveries.ts sends it):
    // one delivery per posted file, enqueued before the file is archived, so a crash here neither loses it
    // nor (enqueueing again is a no-op) doubles it.
    if (ctx.webhook) await enqueueDelivery(ctx.ledger.db, { channel: 'webhook', event: 'response.posted', subjectId: row.id, payload: JSON.stringify({ event: 'response.posted', ...doc }), now: ctx.now().toISOString() });
    ctx.crash('results-written');
    const moved = moveInto(path, ctx.folders.inboxArchive);
    await ctx.ledger.setFileState(row.id, 'posted', { localPath: moved });
    ctx.crash('inbox-archived');
    return 'posted';

  } finally {
    survey?.reports.abort();
    statusSurvey?.reports.abort();
  }
}

/** A TA1 or 999 read from the file in chunks, hashed on the way (src/gateway/ack-stream.ts). */
function readAckFile(path: string, kind: 'TA1' | '999', remoteName: string) {
  return surveyFile(path, () => new AckResponseStream(kind, remoteName, { keep: false }));
}

/** Claim statuses of a 277CA posted per transaction (src/gateway/inbox.ts, docs/ledger.md "Large 277CAs"). */
export const CLAIM_STATUS_POSTING_CHUNK = 2000;

/**
 * Pass 1 over a 277CA (src/gateway/claim-status-stream.ts): reads the file in chunks, hashing it on the
 * way, validates it and writes its claim status reports to temporary files (put in place after posting).
 */
async function surveyClaimStatusFile(path: string, reportsFolder: string, reportName: string, remoteName: string, kind: '277CA' | '277') {
  const reports = streamedClaimStatusReports(reportsFolder, reportName);
  return { ...(await surveyFile(path, () => new ClaimStatusSurvey(remoteName, reports.writers, kind), reports)), reports };
}

/**
 * Reads a file in chunks into a streaming survey, hashing it on the way: the file's SHA-256 and size and
 * the survey's result. When anything throws, the survey's temporary reports (if any) are removed.
 */
async function surveyFile<R>(path: string, start: () => { push(chunk: Buffer): void; end(): R }, reports?: { abort(): void }) {
  try {
    const survey = start();
    const hash = createHash('sha256');
    let read = 0;
    for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK })) {
      hash.update(chunk as Buffer);
      read += (chunk as Buffer).length;
      survey.push(chunk as Buffer);
    }
    return { file: { sha256: hash.digest('hex'), size: read }, result: survey.end() };
  } catch (err) {
    reports?.abort();
    throw err;
  }
}

/**
 * Pass 2 over a 277CA: its claim statuses posted in file order, CLAIM_STATUS_POSTING_CHUNK per
 * transaction (`postClaimStatusChunk`; one transaction for a file up to that many, as before). After a
 * crash the file is posted again from the claim status after the ones already posted (its
 * `acknowledgments` rows); the chunk with the last claim status marks the file posted.
 */
async function postClaimStatusFile(ctx: RuntimeContext, fileId: string, partnerId: string, path: string, remoteName: string, opts: { markFile: boolean }): Promise<void> {
  const already = await ctx.ledger.claimStatusesPosted(fileId);
  if (already) ctx.log.warn({ event: 'inbox.claim-status-resumed', fileId, claimStatusesPosted: already }, 'resuming a 277CA posting interrupted before');
  await postItems(ctx, path, new ClaimStatusPostingStream(remoteName), already, CLAIM_STATUS_POSTING_CHUNK, 'claim-status-chunk-committed', (from, claims, last) => ctx.ledger.postClaimStatusChunk(fileId, partnerId, from, claims, '277CA', { ...opts, last }));
}

/** 999 items (verdicts, group ends) posted per transaction: each verdict can move a whole transaction set's claims. */
export const ACK_POSTING_CHUNK = 500;
/** 277 (X212) and 271 answers posted per transaction. */
export const ANSWER_POSTING_CHUNK = 2000;

/**
 * Pass 2 over a 999, 277 or 271: its items posted in file order, `size` per transaction, each chunk
 * moving the file's posting progress (src/ledger/posting-progress.ts) in its own transaction; the chunk
 * with the last item marks the file posted. After a crash the file is posted again from the item after
 * the ones already posted.
 */
async function postFromFile<T>(ctx: RuntimeContext, fileId: string, path: string, stream: QueuedItems<T>, size: number, post: (from: number, items: T[], last: boolean) => Promise<unknown>): Promise<void> {
  const already = await itemsPosted(ctx.ledger.db, fileId);
  if (already) ctx.log.warn({ event: 'inbox.posting-resumed', fileId, itemsPosted: already }, 'resuming a response posting interrupted before');
  await postItems(ctx, path, stream, already, postingChunk(size), 'response-chunk-committed', post);
}

/** The posting chunk: `size`, or X12GW_POSTING_CHUNK when set (smaller chunks for the crash tests). */
function postingChunk(size: number): number {
  const set = Number(process.env.X12GW_POSTING_CHUNK);
  return Number.isInteger(set) && set > 0 ? set : size;
}

/**
 * The file read again in chunks through `stream`, its items after the first `already` posted `size` per
 * call of `post` (one transaction each), the crash point reached after each; the last call has `last`
 * (and may be empty). At most one read chunk's items and one posting chunk wait in memory.
 */
async function postItems<T>(ctx: RuntimeContext, path: string, stream: QueuedItems<T>, already: number, size: number, crashPoint: string, post: (from: number, items: T[], last: boolean) => Promise<unknown>): Promise<void> {
  let seen = 0;
  let posted = already;
  let pending: T[] = [];
  const flush = async (last: boolean) => {
    const chunk = pending;
    pending = [];
    await post(posted, chunk, last);
    posted += chunk.length;
    ctx.crash(crashPoint);
  };
  const handle = async (items: T[]) => {
    for (const item of items) {
      if (seen++ < already) continue;
      pending.push(item);
      if (pending.length >= size) await flush(false);
    }
  };
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK })) await handle(stream.push(chunk as Buffer));
  await handle(stream.end());
  await flush(true);
}

type FileRow = NonNullable<Awaited<ReturnType<RuntimeContext['ledger']['getFile']>>>;

/** A file recorded as a duplicate (same content seen before) or quarantined: moved aside, never posted. */
async function archiveUnposted(ctx: RuntimeContext, path: string, row: FileRow): Promise<'duplicate' | 'quarantined'> {
  if (row.state === 'quarantined') {
    moveInto(path, ctx.folders.quarantine);
    return 'quarantined';
  }
  const moved = moveInto(path, join(ctx.folders.inboxArchive, 'duplicates'));
  await ctx.ledger.setFileState(row.id, 'duplicate', { localPath: moved });
  ctx.log.warn({ event: 'inbox.duplicate', fileId: row.id, duplicateOf: row.duplicate_of }, 'response already received; recorded, not posted');
  return 'duplicate';
}

/** Claim payments posted per transaction; an 835 with at most this many is posted in one (as always). */
export const REMITTANCE_POSTING_CHUNK = 2000;
/** Above this size an 835's JSON remittance report (~14 times the file) is not written by the gateway. */
export const REMITTANCE_JSON_REPORT_MAX_BYTES = 4 * 1024 * 1024;
/** Input read per step (one chunk of claim payments at most waits in memory per step, plus one posting chunk). */
const READ_CHUNK = 256 * 1024;

/**
 * Pass 1 over an 835 (src/gateway/remittance-stream.ts): reads the file in chunks, hashing it on the
 * way, validates it, surveys each 835 (check, claim count, content key, balance) and writes its
 * remittance reports to temporary files (put in place after posting). Flat memory whatever the size.
 */
async function surveyRemittanceFile(ctx: RuntimeContext, path: string, reportName: string, remoteName: string) {
  const size = statSync(path).size;
  const reports = streamedRemittanceReports(ctx.folders.reports, reportName, { json: size <= REMITTANCE_JSON_REPORT_MAX_BYTES });
  return { ...(await surveyFile(path, () => new RemittanceSurvey(remoteName, reports.writers), reports)), reports };
}

/**
 * Pass 2 over an 835: its claim payments posted in file order. An 835 with up to REMITTANCE_POSTING_CHUNK
 * claim payments is posted whole by `postRemittance` (one transaction, as always); a larger one is opened
 * (`openRemittance`: check, PLB, content key) and posted REMITTANCE_POSTING_CHUNK claim payments per
 * transaction (`postRemittanceChunk`). After a crash the file is posted again: finished 835s are found by
 * payer + TRN02, and the one that was under way resumes after the claim payments it already holds.
 */
async function postRemittanceFile(ctx: RuntimeContext, fileId: string, partnerId: string, path: string, remoteName: string, surveyed: SurveyedRemittance[], opts: { markFile: boolean; nextPayer?: NextPayerHook }): Promise<{ duplicateOnly: boolean }> {
  /** Issue 14: the next payer's claims are enqueued in the posting's transaction; the crash point follows it. */
  const secondaries = (r: { secondaryClaims?: { created: number; held: number } }) => {
    if (!r.secondaryClaims || r.secondaryClaims.created + r.secondaryClaims.held === 0) return;
    ctx.log.info({ event: 'inbox.secondary-claims', fileId, created: r.secondaryClaims.created, held: r.secondaryClaims.held }, 'next payer claims enqueued with the 835 posting');
    ctx.crash('secondary-enqueued');
  };
  const stream = new ClaimPaymentStream(remoteName);
  let duplicateOnly = true;
  /** The 835 being posted: its whole list (small) or its chunk state (large). */
  let current: { index: number; whole?: ClaimPaymentPosting[]; remittanceId?: string; skip: number; seen: number; posted: number; pending: ClaimPaymentPosting[]; duplicate?: boolean } | undefined;
  const begin = async (index: number) => {
    const s = surveyed[index]!;
    current = { index, skip: 0, seen: 0, posted: 0, pending: [] };
    if (s.claimCount <= REMITTANCE_POSTING_CHUNK) {
      current.whole = [];
      return;
    }
    const opened = await ctx.ledger.openRemittance(fileId, partnerId, s.header, { contentKey: s.contentKey, balanced: s.balanced }, opts);
    if (opened.duplicate) {
      current.duplicate = true;
      return;
    }
    duplicateOnly = false;
    current.remittanceId = opened.remittanceId;
    current.skip = current.posted = opened.claimsPosted;
    if (opened.resumed) ctx.log.warn({ event: 'inbox.remittance-resumed', fileId, remittanceId: opened.remittanceId, claimsPosted: opened.claimsPosted, claims: s.claimCount }, 'resuming a large remittance posting interrupted before');
  };
  const flush = async (last: boolean) => {
    const c = current!;
    if (!c.pending.length && !last) return;
    const chunk = c.pending;
    c.pending = [];
    const header = surveyed[c.index]!.header;
    secondaries(await ctx.ledger.postRemittanceChunk(fileId, partnerId, c.remittanceId!, c.posted, chunk, { ...opts, last, header: { payerId: header.payerId, paymentDate: header.paymentDate, productionDate: header.productionDate } }));
    c.posted += chunk.length;
    ctx.crash('remittance-chunk-committed');
  };
  const handle = async (events: ClaimPaymentEvent[]) => {
    for (const e of events) {
      if (current?.index !== e.remittance) await begin(e.remittance);
      const c = current!;
      if (e.kind === 'claim') {
        if (c.duplicate) continue;
        if (c.whole) c.whole.push(e.claim);
        else if (c.seen++ >= c.skip) {
          c.pending.push(e.claim);
          if (c.pending.length >= REMITTANCE_POSTING_CHUNK) await flush(false);
        }
        continue;
      }
      if (c.whole) {
        const s = surveyed[e.remittance]!;
        const r = await ctx.ledger.postRemittance(fileId, partnerId, { ...s.header, claims: c.whole }, opts);
        if (!r.duplicate) duplicateOnly = false;
        secondaries(r);
      } else if (!c.duplicate) await flush(true);
      current = undefined;
    }
  };
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK })) await handle(stream.push(chunk as Buffer));
  await handle(stream.end());
  return { duplicateOnly };
}

/** The next payer's claims of an 835 are checked like intake claims (same options as gateway/intake.ts). */
async function nextPayerHookFor(ctx: RuntimeContext) {
  return nextPayerHook({ today: isoDate(ctx.now()), defaultPartner: ctx.defaultPartner, knownPartners: new Set(ctx.partners.keys()), denialRules: await denialRulesFor(ctx), partnerRules: (id: string) => ctx.partners.get(id)?.rules, partners: ctx.partners });
}
