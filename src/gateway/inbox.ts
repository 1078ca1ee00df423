/**
 * Responses in. The poller lists a partner's outbound folder, downloads each file (as .part, fsynced,
 * renamed into inbox/ as `<partner>__<name>`), records it in the ledger, and only then deletes or moves
 * the remote file. The inbox processor posts every file in inbox/ (TA1, then 999, 277CA, 835), writes
 * reports and results, and archives it; a file it cannot read goes to inbox/quarantine/ with an
 * .errors.txt. A file whose content was seen before is recorded as a duplicate and never posted.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { allFindings } from '../guides/reader.js';
import { describePosition } from '../x12/finding.js';
import { ensureDir, freeName, moveInto, writeDurable } from './durable.js';
import { buildResults, deliverWebhook, writeReports, writeResults } from './outputs.js';
import { writeResponseReports } from './response-reports.js';
import { detectKind, KIND_ORDER, parseResponse } from './read-responses.js';
import type { GatewayPartnerProfile } from './partners.js';
import { TransportError } from './sftp.js';
import type { RuntimeContext } from './context.js';
import type { SenderState } from './sender.js';

const SEP = '__';

export async function pollPartner(ctx: RuntimeContext, partner: GatewayPartnerProfile, state: SenderState): Promise<number> {
  if ((state.suspendedUntil.get(partner.id) ?? 0) > ctx.now().getTime()) return 0;
  const transport = ctx.transport(partner, (point) => {
    if (point === 'after-download-read') ctx.crash('download-mid');
  });
  ensureDir(ctx.folders.inbox);
  let count = 0;
  try {
    const remote = await transport.listResponses();
    for (const r of remote) {
      const local = join(ctx.folders.inbox, freeName(ctx.folders.inbox, `${partner.id}${SEP}${r.name}`));
      const got = await transport.download(r.name, local);
      ctx.crash('download-landed');
      const head = readFileSync(local).subarray(0, 4096).toString('latin1');
      const rec = await ctx.ledger.recordFile({ direction: 'in', partnerId: partner.id, name: r.name, sha256: got.sha256, size: got.size, kind: detectKind(head), localPath: local });
      ctx.crash('download-recorded');
      await transport.retire(r.name);
      ctx.crash('download-retired');
      count++;
      ctx.log.info({ event: 'download.done', fileId: rec.file.id, partner: partner.id, bytes: got.size, duplicate: !!rec.duplicateOf }, 'response downloaded');
    }
  } catch (err) {
    const e = err instanceof TransportError ? err : undefined;
    if (e && !e.retryable) state.suspendedUntil.set(partner.id, ctx.now().getTime() + state.suspendMs);
    ctx.log.error({ event: 'poll.failed', partner: partner.id, kind: e?.kind ?? 'internal', retryable: e?.retryable ?? true, err: e ? undefined : { message: (err as Error).message } }, 'poll failed');
  }
  return count;
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

async function processResponse(ctx: RuntimeContext, path: string): Promise<'posted' | 'duplicate' | 'quarantined'> {
  const name = basename(path);
  const sepAt = name.indexOf(SEP);
  const partnerId = sepAt > 0 && ctx.partners.has(name.slice(0, sepAt)) ? name.slice(0, sepAt) : ctx.defaultPartner;
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
