/**
 * Outbox intake. A batch file is taken once it is proven complete — by a done marker (`<batch>.done`,
 * `intake.completion: "done-marker"`) or, for writers that write in place, by a quiet period (size and
 * mtime unchanged for `stableMs`) AND a parse that ends cleanly (see docs/operator-guide.md, "The outbox
 * contract"). It is claimed by an atomic rename into outbox/.working/, then read as a stream twice:
 *  1. a survey: complete? readable? its content hash and claim count (nothing recorded yet; a file that
 *     is not finished goes back to the outbox, deferred until it changes);
 *  2. the recording: claims checked and recorded a chunk at a time (src/ledger/intake-chunks.ts), keyed
 *     by the content hash so a restart redoes a chunk without duplicating a claim, yielding the event
 *     loop between chunks.
 * Rejected claims are written to outbox/rejected/<safe stem>.errors.json and .csv with the fix for each;
 * the batch moves to outbox/archive/. The same content dropped again goes to outbox/duplicates/.
 *
 * Every batch is tried inside an error boundary (`takeBatch`): a try that throws is counted (on disk,
 * before the try) and retried on the next cycle; after `maxAttempts` the batch moves to
 * outbox/quarantine/ with a `.reason.json`, and intake goes on with the next file.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, linkSync, readdirSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { withDeferredSync } from '../ledger/deferred-sync.js';
import { beginIntakeBatch, recordIntakeChunk } from '../ledger/intake-chunks.js';
import type { IntakeClaim } from '../ledger/posting-types.js';
import { movedName, nameHash, safeStem } from './batch-names.js';
import { scanBatch, DEFAULT_STREAM_LIMITS, type BatchHeader, type BatchStreamLimits } from './batch-stream.js';
import { clearProgress, readProgress, writeProgress, type IntakeProgress } from './intake-progress.js';
import { checkClaims, type CheckedClaim, type CheckOptions } from './claims-port.js';
import { eligibilityFactsLoader } from './eligibility-facts.js';
import { denialRulesFor, writeDenialWarnings } from './denial-warnings.js';
import { ensureDir, moveInto, writeDurable } from './durable.js';
import { clearAttempts, countAttempt } from './intake-attempts.js';
import { createYielder, yieldToEventLoop } from './event-loop.js';
import { clearTranslationNotes, isTranslation, readTranslationNotes, sourceFormatOf, sourceNameOf, translateWorkingFile } from './intake-translate.js';
import { toCsv } from './outputs.js';
import { isoDate, type RuntimeContext } from './context.js';

/** Our JSON / NDJSON batches, and the exports translated first (intake-translate.ts: CSV, FHIR in .json / .ndjson). */
const BATCH_NAME = /\.(json|ndjson|csv)$/i;
const DONE_SUFFIX = '.done';

export interface IntakeSettings {
  /** `quiet-period`: stable for stableMs and parses to a clean end; `done-marker`: `<batch>.done` exists. */
  completion: 'quiet-period' | 'done-marker';
  /** Tries of a batch that throws before it is quarantined. */
  maxAttempts: number;
  /** FHIR / CSV files above this size are refused, not translated (default 64 MB, intake-translate.ts). */
  translateMaxBytes?: number;
  /** Claims per ledger transaction. */
  chunkClaims: number;
  /** How long an in-place NDJSON stays in .working, unchanged, before it is archived. */
  settleMs: number;
  /** CSV exports in another layout: their header → our column (config `intake.csvHeaderMap`). */
  csvHeaderMap?: Readonly<Record<string, string>>;
  /** FHIR payers without a payer id: the default partner's payer list by name. */
  payerIdsByName?: Readonly<Record<string, string>>;
  limits?: Partial<Omit<BatchStreamLimits, 'provenComplete'>>;
}

export const DEFAULT_INTAKE_SETTINGS: IntakeSettings = { completion: 'quiet-period', maxAttempts: 3, chunkClaims: 100, settleMs: 60_000 };

/** `waiting`: an in-place NDJSON already taken, still in .working for lines appended later. */
export type IntakeOutcome = 'recorded' | 'duplicate' | 'rejected' | 'resumed' | 'deferred' | 'waiting' | 'failed' | 'quarantined';

export interface Observation {
  size: number;
  mtimeMs: number;
  since: number;
  /** The file was read and found unfinished at this size and mtime: not taken again until it changes. */
  deferred?: boolean;
}

export interface ReadyOptions {
  /** Only files with a `<name>.done` marker (at least as new as the file) are ready. */
  doneMarker?: boolean;
  /** Called for every name in the outbox that is not a batch (the caller logs each once). */
  onIgnored?: (name: string) => void;
}

/** Names in the outbox that are ready to take (the others are remembered for next time). */
export function readyBatches(outbox: string, seen: Map<string, Observation>, stableMs: number, nowMs: number, options: ReadyOptions = {}): string[] {
  const ready: string[] = [];
  const present = new Set<string>();
  let names: string[] = [];
  try {
    names = readdirSync(outbox);
  } catch {
    return [];
  }
  const all = new Set(names);
  for (const name of names.sort()) {
    const isMarker = name.endsWith(DONE_SUFFIX) && BATCH_NAME.test(name.slice(0, -DONE_SUFFIX.length));
    if (isMarker) continue;
    if (name.startsWith('.') || !BATCH_NAME.test(name)) {
      if (options.onIgnored && isPlainFile(join(outbox, name))) options.onIgnored(name);
      continue;
    }
    let st;
    try {
      st = statSync(join(outbox, name));
    } catch {
      continue;
    }
    if (!st.isFile()) continue;
    present.add(name);
    if (options.doneMarker) {
      if (!all.has(name + DONE_SUFFIX)) continue;
      try {
        if (statSync(join(outbox, name + DONE_SUFFIX)).mtimeMs + 1 >= st.mtimeMs) ready.push(name);
      } catch {
        // marker gone between readdir and stat: next scan
      }
      continue;
    }
    const prev = seen.get(name);
    if (!prev || prev.size !== st.size || prev.mtimeMs !== st.mtimeMs) {
      seen.set(name, { size: st.size, mtimeMs: st.mtimeMs, since: nowMs });
      if (stableMs > 0) continue;
    } else if (prev.deferred) continue;
    if (nowMs - seen.get(name)!.since >= stableMs) ready.push(name);
  }
  for (const name of seen.keys()) if (!present.has(name)) seen.delete(name);
  return ready;
}

function isPlainFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
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
  // The marker has done its job (done-marker mode); in quiet-period mode one may come from dropBatch.
  rmSync(join(ctx.folders.outbox, name + DONE_SUFFIX), { force: true });
  ctx.crash('intake-claimed');
  return to;
}

/** Puts an unfinished batch back in the outbox (never over a newer file of the same name). */
function unclaim(ctx: RuntimeContext, path: string, name: string): boolean {
  const back = join(ctx.folders.outbox, name);
  try {
    linkSync(path, back);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    if (statSync(back).ino !== statSync(path).ino) return false; // a new file took the name: keep ours in .working
  }
  unlinkSync(path);
  return true;
}

function writeRejections(ctx: RuntimeContext, name: string, batchFileId: string | undefined, fileError: { code: string; message: string; line?: number; offset?: number } | undefined, rejected: RejectedEntry[], fromByte = 0) {
  const base = join(ctx.folders.rejected, safeStem(name) + (fromByte > 0 ? `.from-byte-${fromByte}` : ''));
  const doc = { batch: name, batchFileId: batchFileId ?? null, fileError: fileError ?? null, rejectedClaims: rejected };
  writeDurable(`${base}.errors.json`, JSON.stringify(doc, null, 2) + '\n');
  const rows: unknown[][] = fileError
    ? [['', '', fileError.code, fileError.line ? `line ${fileError.line}` : fileError.offset !== undefined ? `character ${fileError.offset + 1}` : '', fileError.message, 'Fix the file and drop it into the outbox again.']]
    : [];
  rows.push(...rejected.flatMap((c) => c.findings.map((f) => [c.index >= 0 ? c.index + 1 : '', c.claimId ?? '', f.code, f.field, f.message, f.fix])));
  writeDurable(`${base}.errors.csv`, toCsv(['claimNumber', 'claimId', 'code', 'field', 'message', 'fix'], rows));
}

interface RejectedEntry {
  /** Position in the batch; -1 for a claim its translation (FHIR / CSV) left out, told by its path there. */
  index: number;
  claimId: string | null;
  ledgerId: null;
  findings: Array<{ code: string; field: string; message: string; fix: string }>;
}

/** A claim the ledger found already sent: in the rejected report, naming the claim it duplicates. */
const duplicateEntry = (d: { index: number; patientControlNumber: string; duplicateOf: string }): RejectedEntry => ({
  index: d.index,
  claimId: d.patientControlNumber,
  ledgerId: null,
  findings: [
    {
      code: 'DUPLICATE-CLAIM',
      field: '$.claimId',
      message: `This claim was already sent as claim ${d.duplicateOf} (same billing provider, patient control number, payer, service dates and charges); it is not sent again.`,
      fix: 'Nothing to do if it is the same claim. To change the claim the payer has, send a replacement (frequency 7) with the payer claim number.',
    },
  ],
});

/** A claim the checks rejected; `origins` (a CSV translation's) tell its fields by row and column. */
const rejectedEntry = (r: CheckedClaim, origins?: Record<string, { row: number; column: string }>): RejectedEntry => ({
  index: r.intake.index,
  claimId: r.claimId || null,
  ledgerId: null,
  findings: r.findings
    .filter((f) => f.severity === 'error')
    .map((f) => {
      const o = origins?.[f.field];
      return { code: f.code, field: o ? `row ${o.row}, column ${o.column}` : f.field, message: f.message, fix: f.fix };
    }),
});

async function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}


/**
 * Processes one file in the working folder (a fresh take or one left there by a crash). Throws only on
 * I/O failures and bugs; `takeBatch` is the error boundary around it.
 *
 * An NDJSON batch written in place (completion `quiet-period`) stays in .working after its claims are
 * recorded: lines appended later are taken as a continuation, and the file is archived once it has not
 * changed for `settleMs` (intake-progress.ts).
 */
export async function processWorkingBatch(ctx: RuntimeContext, path: string, settings: IntakeSettings = DEFAULT_INTAKE_SETTINGS): Promise<Exclude<IntakeOutcome, 'failed' | 'quarantined'>> {
  const name = basename(path);
  const format = sourceFormatOf(path, name);
  if (format) {
    // A FHIR / CSV export: translated into a batch beside it, the original archived, then the translation taken.
    const step = translateWorkingFile(ctx, path, name, format, { maxBytes: settings.translateMaxBytes, provenComplete: settings.completion === 'done-marker', csvHeaderMap: settings.csvHeaderMap, payerIdsByName: settings.payerIdsByName });
    if (step.kind === 'incomplete') {
      const back = unclaim(ctx, path, name);
      ctx.log.info({ event: 'intake.deferred', nameHash: nameHash(name), bytes: statSync(path, { throwIfNoEntry: false })?.size ?? null, returned: back }, 'batch is not complete yet; waiting for the rest');
      return 'deferred';
    }
    if (step.kind === 'rejected') return rejectSourceFile(ctx, path, name, step);
    const moved = moveInto(path, ctx.folders.archive, movedName(name));
    ctx.log.info({ event: 'intake.translated', nameHash: nameHash(name), format, claimCount: step.claims, leftOut: step.leftOut.length, archivedAs: nameHash(basename(moved)) }, 'export translated into a claim batch');
    ctx.crash('intake-source-archived');
    return processWorkingBatch(ctx, step.path, settings);
  }
  if (!isTranslation(name)) return processBatchFile(ctx, path, name, settings);
  const outcome = await processBatchFile(ctx, path, name, settings);
  if (!existsSync(path)) clearTranslationNotes(ctx.folders.working, name);
  return outcome;
}

/** A FHIR / CSV file refused as a whole (too large, not UTF-8, no claim translated): reported and moved to rejected/. */
async function rejectSourceFile(ctx: RuntimeContext, path: string, name: string, step: { code: string; message: string; leftOut: Array<{ claimId: string; findings: RejectedEntry['findings'] }> }): Promise<'rejected'> {
  const { sha256, size } = await hashFile(path);
  const known = await ctx.ledger.findFileBySha('intake', sha256);
  const rec = known && known.local_path === path ? known : (await ctx.ledger.recordFile({ direction: 'intake', name, sha256, size, kind: 'batch', localPath: path, state: 'rejected' })).file;
  writeRejections(ctx, name, rec.id, { code: step.code, message: step.message }, step.leftOut.map(leftOutEntry));
  const moved = moveInto(path, ctx.folders.rejected, movedName(name));
  await ctx.ledger.setFileState(rec.id, rec.state === 'duplicate' ? 'duplicate' : 'rejected', { localPath: moved });
  ctx.log.warn({ event: 'intake.rejected-file', batchFileId: rec.id, code: step.code, leftOut: step.leftOut.length }, 'export cannot be translated into claims');
  return 'rejected';
}

const leftOutEntry = (c: { claimId: string; findings: RejectedEntry['findings'] }): RejectedEntry => ({
  index: -1,
  claimId: c.claimId || null,
  ledgerId: null,
  findings: c.findings.map((f) => ({ code: f.code, field: f.field, message: f.message, fix: f.fix })),
});

/** One of our batches (or a translation of an export) in the working folder. */
async function processBatchFile(ctx: RuntimeContext, path: string, name: string, settings: IntakeSettings): Promise<Exclude<IntakeOutcome, 'failed' | 'quarantined'>> {
  /** Reports of a translation are named after the export it came from. */
  const reportName = sourceNameOf(name);
  const notes = readTranslationNotes(ctx.folders.working, name);
  const limits: BatchStreamLimits = { ...DEFAULT_STREAM_LIMITS, ...settings.limits, provenComplete: settings.completion === 'done-marker' };
  const continuable = /\.ndjson$/i.test(name) && !isTranslation(name) && settings.completion === 'quiet-period';
  const st = statSync(path);
  const progress = continuable ? readProgress(ctx.folders.working, name) : undefined;
  const start = progress?.pending?.start ?? progress?.consumed ?? 0;
  const end = progress?.pending?.end ?? st.size;
  if (progress && !progress.pending && end <= start) return settleOrWait(ctx, path, name, progress, st, settings);

  const header = progress?.header ?? {};
  const survey = await scanBatch(path, name, end, limits, undefined, { start, header });
  if (!survey.ok && survey.incomplete) {
    if (start > 0) return waitForTail(ctx, path, name, progress!, st, settings); // the appended lines are not finished yet
    const back = unclaim(ctx, path, name);
    ctx.log.info({ event: 'intake.deferred', nameHash: nameHash(name), bytes: st.size, returned: back }, 'batch is not complete yet; waiting for the rest');
    return 'deferred';
  }
  if (!survey.ok) {
    const { sha256, size: bytes } = await hashFile(path);
    const known = await ctx.ledger.findFileBySha('intake', sha256);
    const rec = known && known.local_path === path ? known : (await ctx.ledger.recordFile({ direction: 'intake', name, sha256, size: bytes, kind: 'batch', localPath: path, state: 'rejected' })).file;
    const where = start > 0 ? `after the ${progress?.claims ?? 0} claim(s) already taken from this file: ` : '';
    writeRejections(ctx, name, rec.id, { code: survey.code, message: where + survey.message, line: survey.line, offset: survey.offset }, [], start);
    const moved = moveInto(path, ctx.folders.rejected, movedName(name));
    await ctx.ledger.setFileState(rec.id, rec.state === 'duplicate' ? 'duplicate' : 'rejected', { localPath: moved });
    if (progress) clearProgress(ctx.folders.working, name);
    ctx.log.warn({ event: 'intake.rejected-file', batchFileId: rec.id, code: survey.code, line: survey.line, offset: survey.offset }, 'batch file cannot be read');
    return 'rejected';
  }
  if (progress?.pending && progress.pending.sha256 !== survey.sha256) throw new Error('the part of the batch being recorded changed on disk');

  let known = await ctx.ledger.findFileBySha('intake', survey.sha256);
  if (known && known.local_path !== path && known.state === 'receiving') {
    // Its intake never finished (quarantined, then dropped again under another name): finish it here.
    await ctx.ledger.setFileState(known.id, 'receiving', { localPath: path });
    known = { ...known, local_path: path };
  }
  if (known && known.local_path !== path && start === 0) {
    const dup = await ctx.ledger.recordFile({ direction: 'intake', name, sha256: survey.sha256, size: survey.bytes, kind: 'batch', localPath: join(ctx.folders.duplicates, movedName(name)) });
    writeDurable(join(ctx.folders.duplicates, `${safeStem(name)}.duplicate.txt`), `This file has the same content as batch ${known.id} (received ${known.created_at}); it was not sent again.\n`);
    moveInto(path, ctx.folders.duplicates, movedName(name));
    ctx.log.warn({ event: 'intake.duplicate', batchFileId: dup.file.id, duplicateOf: known.id }, 'same batch dropped twice; not sent again');
    return 'duplicate';
  }
  if (continuable) writeProgress(ctx.folders.working, name, { consumed: start, claims: progress?.claims ?? 0, header, fileIds: progress?.fileIds ?? [], pending: { start, end, sha256: survey.sha256 } });

  const partName = start > 0 ? `${name} (from byte ${start})` : name;
  const file = known ?? (await beginIntakeBatch(ctx.ledger.db, { name: partName, sha256: survey.sha256, size: survey.bytes, partnerId: survey.header.partnerId ?? null, localPath: path, claims: survey.claims, at: ctx.now().toISOString() }));
  const resumed = !!known;
  const { rejected, recorded, chunks, warned } = await recordClaims(ctx, path, name, { start, end, header, partnerId: survey.header.partnerId, sha256: survey.sha256, fileId: file.id, origins: notes.origins }, limits, settings);
  // Claims already sent (same content, duplicate-claims.ts) were recorded scrub-rejected by the ledger:
  // read back from it (so a restart reports them too) and reported with the claim they duplicate.
  const duplicates = await ctx.ledger.duplicateClaimsOf(file.id);
  rejected.push(...duplicates.map(duplicateEntry), ...notes.leftOut.map(leftOutEntry));
  rejected.sort((a, b) => a.index - b.index);

  if (file.state === 'receiving') await ctx.ledger.setFileState(file.id, 'processed', { summary: { claims: survey.claims, rejected: rejected.length } });
  ctx.crash('intake-recorded');
  if (rejected.length) writeRejections(ctx, reportName, file.id, undefined, rejected, start);
  writeDenialWarnings(ctx, reportName, file.id, warned.filter((c) => !duplicates.some((d) => d.index === c.intake.index)));
  ctx.crash('intake-reported');
  if (resumed) ctx.log.info({ event: 'intake.resumed', batchFileId: file.id, claimCount: survey.claims, added: recorded, chunks }, 'batch intake resumed after restart');
  else ctx.log.info({ event: 'intake.recorded', batchFileId: file.id, claimCount: survey.claims, rejected: rejected.length, chunks, fromByte: start }, 'batch recorded');
  if (continuable) {
    // Stays in .working until it has been quiet for settleMs: an open writer may still append lines.
    const fileIds = [...new Set([...(progress?.fileIds ?? []), file.id])];
    writeProgress(ctx.folders.working, name, { consumed: end, claims: (progress?.claims ?? 0) + survey.claims, header: survey.header, fileIds, seen: { size: st.size, mtimeMs: st.mtimeMs, since: ctx.now().getTime() } });
    return resumed ? 'resumed' : 'recorded';
  }
  const moved = moveInto(path, ctx.folders.archive, movedName(name));
  await ctx.ledger.setFileState(file.id, 'processed', { localPath: moved });
  return resumed ? 'resumed' : 'recorded';
}

/** The recording pass: claims checked and recorded `chunkClaims` at a time, the event loop served between chunks. */
async function recordClaims(ctx: RuntimeContext, path: string, name: string, range: { start: number; end: number; header: BatchHeader; partnerId?: string; sha256: string; fileId: string; origins?: Array<Record<string, { row: number; column: string }>> }, limits: BatchStreamLimits, settings: IntakeSettings) {
  const options: CheckOptions = { today: isoDate(ctx.now()), defaultPartner: ctx.defaultPartner, knownPartners: new Set(ctx.partners.keys()), denialRules: await denialRulesFor(ctx), partnerRules: (id: string) => ctx.partners.get(id)?.rules };
  const eligibility = await eligibilityFactsLoader(ctx);
  /** Claims sent with a finding of an accepted denial rule (only these are kept: memory stays flat). */
  const warned: CheckedClaim[] = [];
  const seenClaimIds = new Set<string>();
  const rejected: RejectedEntry[] = [];
  let pending: unknown[] = [];
  let pendingStart = 0;
  // A JSON batch's partnerId may come after its claims: the survey's is the one to use.
  const batchPartnerId = range.partnerId;
  let recorded = 0;
  let chunks = 0;
  const yielder = createYielder();
  const flush = async () => {
    if (!pending.length) return;
    // Checked a few claims at a time (the scrubber is the costly part), yielding on a time budget.
    const checked: CheckedClaim[] = [];
    if (eligibility) options.lastEligibility = await eligibility(pending);
    for (let k = 0; k < pending.length; k += 10) {
      checked.push(...checkClaims(pending.slice(k, k + 10), { startIndex: pendingStart + k, batchPartnerId, seenClaimIds }, options));
      await yielder.maybeYield();
    }
    for (const c of checked) {
      if (c.intake.rejected) rejected.push(rejectedEntry(c, range.origins?.[c.intake.index]));
      else if (c.findings.some((f) => f.code === 'DENIAL-RULE')) warned.push(c);
    }
    pendingStart += pending.length;
    pending = [];
    const intake: IntakeClaim[] = checked.map((c) => c.intake);
    // Chunks commit without an fsync each (deferred-sync.ts): the `processed` state below is committed
    // with one, before the batch leaves .working.
    recorded += (await withDeferredSync(ctx.ledger.db, (conn) => recordIntakeChunk(conn, { fileId: range.fileId, batchSha: range.sha256, claims: intake, at: ctx.now().toISOString() }))).recorded;
    chunks++;
    ctx.crash('intake-chunk');
    await yieldToEventLoop();
  };
  const second = await scanBatch(path, name, range.end, limits, async (_index, claim) => {
    pending.push(claim);
    if (pending.length >= settings.chunkClaims) await flush();
  }, { start: range.start, header: range.header });
  await flush();
  if (!second.ok || second.sha256 !== range.sha256) throw new Error('the batch changed while it was being read');
  return { rejected, recorded, chunks, warned };
}

/**
 * An in-place NDJSON whose appended part does not end cleanly: waited for; once unchanged for settleMs
 * (the writer is gone), the unfinished tail is reported (BATCH-INCOMPLETE) and the file archived with
 * the parts already taken.
 */
async function waitForTail(ctx: RuntimeContext, path: string, name: string, progress: IntakeProgress, st: { size: number; mtimeMs: number }, settings: IntakeSettings): Promise<'waiting' | 'rejected'> {
  const outcome = await settleOrWait(ctx, path, name, progress, st, settings);
  if (outcome === 'waiting') return 'waiting';
  const fileId = progress.fileIds[progress.fileIds.length - 1];
  writeRejections(ctx, name, fileId, { code: 'BATCH-INCOMPLETE', message: `the lines after byte ${progress.consumed} never ended with a newline (the writer stopped); the ${progress.claims} claim(s) before them were taken` }, [], progress.consumed);
  ctx.log.warn({ event: 'intake.rejected-file', batchFileId: fileId ?? null, code: 'BATCH-INCOMPLETE', offset: progress.consumed }, 'the end of an in-place batch never completed');
  return 'rejected';
}

/** An in-place NDJSON with nothing new: archived once unchanged for settleMs, else left waiting. */
async function settleOrWait(ctx: RuntimeContext, path: string, name: string, progress: IntakeProgress, st: { size: number; mtimeMs: number }, settings: IntakeSettings): Promise<'waiting' | 'recorded'> {
  const nowMs = ctx.now().getTime();
  const seen = progress.seen;
  if (!seen || seen.size !== st.size || seen.mtimeMs !== st.mtimeMs) {
    writeProgress(ctx.folders.working, name, { ...progress, seen: { size: st.size, mtimeMs: st.mtimeMs, since: nowMs } });
    return 'waiting';
  }
  if (nowMs - seen.since < settings.settleMs) return 'waiting';
  const moved = moveInto(path, ctx.folders.archive, movedName(name));
  for (const id of progress.fileIds) await ctx.ledger.setFileState(id, 'processed', { localPath: moved });
  clearProgress(ctx.folders.working, name);
  ctx.log.info({ event: 'intake.settled', batchFileIds: progress.fileIds, claimCount: progress.claims }, 'in-place batch unchanged for the settle time; archived');
  return 'recorded';
}

/**
 * The error boundary around one batch: counts the try (on disk, first), quarantines a batch that has
 * used up its tries, and turns a throw into `failed` (logged; retried next cycle) so the next file is
 * taken all the same.
 */
export async function takeBatch(ctx: RuntimeContext, path: string, settings: IntakeSettings = DEFAULT_INTAKE_SETTINGS): Promise<IntakeOutcome> {
  const name = basename(path);
  let attempt = 0;
  try {
    attempt = countAttempt(ctx.folders.working, name, ctx.now().toISOString());
    if (attempt > settings.maxAttempts) {
      quarantineBatch(ctx, path, name, { attempts: attempt - 1, code: 'INTAKE-ATTEMPTS', reason: `tried ${attempt - 1} times without an outcome (the last try failed or stopped the process)` });
      return 'quarantined';
    }
    const outcome = await processWorkingBatch(ctx, path, settings);
    clearAttempts(ctx.folders.working, name);
    return outcome;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const code = e?.code ?? e?.name ?? 'Error';
    ctx.log.error({ event: 'intake.failed', nameHash: nameHash(name), attempt, maxAttempts: settings.maxAttempts, errorCode: code }, 'batch intake failed; it will be tried again, then quarantined');
    if (attempt >= settings.maxAttempts && existsSync(path)) {
      try {
        quarantineBatch(ctx, path, name, { attempts: attempt, code: 'INTAKE-FAILED', reason: String(e?.message ?? err).slice(0, 2000), errorCode: code });
        return 'quarantined';
      } catch (qerr) {
        ctx.log.error({ event: 'intake.quarantine-failed', nameHash: nameHash(name), errorCode: (qerr as NodeJS.ErrnoException).code ?? 'Error' }, 'could not quarantine the batch');
      }
    }
    return 'failed';
  }
}

/** Moves a batch to outbox/quarantine/ with `<safe stem>.reason.json` saying why; it is not tried again. */
export function quarantineBatch(ctx: RuntimeContext, path: string, name: string, why: { attempts: number; code: string; reason: string; errorCode?: string }): string {
  const dir = intakeQuarantine(ctx);
  const moved = moveInto(path, dir, movedName(name));
  const reason = {
    batch: name,
    quarantinedAs: basename(moved),
    nameHash: nameHash(name),
    code: why.code,
    errorCode: why.errorCode ?? null,
    reason: why.reason,
    attempts: why.attempts,
    at: ctx.now().toISOString(),
    release: 'Fix the cause, then move the file back into the outbox (delete this .reason.json).',
  };
  writeDurable(join(dir, `${safeStem(basename(moved))}.reason.json`), JSON.stringify(reason, null, 2) + '\n');
  clearAttempts(ctx.folders.working, name);
  ctx.log.error({ event: 'intake.quarantined', nameHash: nameHash(name), attempts: why.attempts, code: why.code }, 'batch quarantined after repeated failures');
  return moved;
}

export const intakeQuarantine = (ctx: RuntimeContext) => join(ctx.folders.outbox, 'quarantine');

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
