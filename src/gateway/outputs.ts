/**
 * What goes back to people after a response is posted:
 *  - reports/<file>.{json,csv,html}: the response as the operator reads it (acks, statuses, payments with
 *    adjustments explained);
 *  - outbox/results/<file>.{json,csv}: per-claim results for the practice's system (the practice's claim
 *    id, state, paid, patient responsibility, codes);
 *  - an optional webhook: the results JSON, POSTed with an HMAC-SHA256 signature (`signWebhook`,
 *    `postSigned`); the gateway enqueues it in the persisted outbox (src/ledger/outbound-deliveries.ts),
 *    sent and retried until delivered by src/gateway/alerts/deliveries.ts.
 * Writes are idempotent (same name, same content), so a restart after a crash simply writes them again.
 */
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { describeCarc, describeGroup, describeRarc } from '../remits/codes.js';
import type { Ledger } from '../ledger/ledger.js';
import { writeDurable } from './durable.js';
import { toCsv as toCsvText } from '../text/csv.js';

export interface ClaimResult {
  /** The practice's claim id (CLM01). */
  claimId: string;
  /** The ledger's id (API: /v1/claims/:id). */
  ledgerId: string;
  state: string;
  paid: string | null;
  patientResponsibility: string | null;
  payerClaimNumber: string | null;
  /** Status / error codes from the response (STC, IK5, TA1 note, CLP02). */
  codes: string[];
}

export interface ResultsDocument {
  file: string;
  fileId: string;
  kind: string;
  postedAt: string;
  claims: ClaimResult[];
  unmatched: number;
}

/** Results and report CSVs: the shared writer (formula-safe cells), "\n" line ends as these files always had. */
export const toCsv = (header: string[], rows: unknown[][]) => toCsvText(header, rows, { newline: '\n' });
export const html = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function codesOf(detail: string | null): string[] {
  if (!detail) return [];
  try {
    const d = JSON.parse(detail) as Record<string, unknown>;
    const out: string[] = [];
    if (d.category) out.push(`STC ${d.category}:${d.status}${d.entity ? ':' + d.entity : ''}`);
    if (d.ik5) out.push(`IK5 ${d.ik5}`);
    if (Array.isArray(d.errors)) out.push(...(d.errors as string[]).map((e) => `IK5/IK3 ${e}`));
    if (d.ta1) out.push(`TA1 ${d.ta1} ${d.note ?? ''}`.trim());
    if (d.clp02) out.push(`CLP02 ${d.clp02}`);
    return out;
  } catch {
    return [];
  }
}

export async function buildResults(ledger: Ledger, file: { id: string; name: string; kind: string }, postedAt: string): Promise<ResultsDocument> {
  const touched = await ledger.claimsTouchedBy(file.id);
  const unmatched = (await ledger.listUnmatched()).filter((u) => u.file_id === file.id).length;
  return {
    file: file.name,
    fileId: file.id,
    kind: file.kind,
    postedAt,
    claims: touched.map((t) => ({
      claimId: t.patientControlNumber,
      ledgerId: t.id,
      state: t.state,
      paid: t.paid,
      patientResponsibility: t.patientResponsibility,
      payerClaimNumber: t.payerClaimNumber,
      codes: codesOf(t.detail),
    })),
    unmatched,
  };
}

export function writeResults(folder: string, doc: ResultsDocument): void {
  const base = join(folder, doc.file);
  writeDurable(`${base}.json`, JSON.stringify(doc, null, 2) + '\n');
  writeDurable(
    `${base}.csv`,
    toCsv(
      ['claimId', 'ledgerId', 'state', 'paid', 'patientResponsibility', 'payerClaimNumber', 'codes'],
      doc.claims.map((c) => [c.claimId, c.ledgerId, c.state, c.paid, c.patientResponsibility, c.payerClaimNumber, c.codes.join(' ')]),
    ),
  );
}

/** A claim payment as the ledger holds it (remittance_claims with its adjustments and lines), as far as the operator report reads it. */
export interface ReportClaimRow {
  patient_control_number: string;
  status_code: string;
  billed: string;
  paid: string;
  patient_responsibility: string;
  outcome: string | null;
  adjustments: ReadonlyArray<{ group_code: string; reason_code: string; amount: string; line_number: number | null }>;
  lines: ReadonlyArray<{ remarks: string | null }>;
}

/** One claim payment of the operator report (its JSON `payments`), with each adjustment and remark in words. */
export function reportPayment(trace: string, c: ReportClaimRow) {
  return {
    trace,
    claimId: c.patient_control_number,
    status: c.status_code,
    billed: c.billed,
    paid: c.paid,
    patientResponsibility: c.patient_responsibility,
    outcome: c.outcome ?? 'unmatched',
    adjustments: c.adjustments.map((a) => ({ group: a.group_code, reason: a.reason_code, amount: a.amount, line: a.line_number, explanation: `${describeGroup(a.group_code)}: ${describeCarc(a.reason_code)}` })),
    remarks: c.lines.flatMap((l) => (l.remarks ? (JSON.parse(l.remarks) as string[]) : [])).map((code) => ({ code, explanation: describeRarc(code) })),
  };
}

/** A remittance's check as the operator report lists it. */
export function reportRemittance(d: { remittance: { trace_number: string; payment_amount: string; payment_method: string; balanced: number }; providerAdjustments: ReadonlyArray<{ reason_code: string; reference: string | null; amount: string }> }) {
  return { trace: d.remittance.trace_number, amount: d.remittance.payment_amount, method: d.remittance.payment_method, balanced: d.remittance.balanced === 1, providerAdjustments: d.providerAdjustments.map((p) => ({ reason: p.reason_code, reference: p.reference, amount: p.amount })) };
}

export const REPORT_CSV_HEADER = ['trace', 'claimId', 'outcome', 'billed', 'paid', 'patientResponsibility', 'group', 'reason', 'amount', 'explanation'];

/** The operator report's CSV rows of one claim payment: one per adjustment (one row when it has none). */
export function reportPaymentRows(p: ReturnType<typeof reportPayment>): string[][] {
  return (p.adjustments.length ? p.adjustments : [undefined]).map((a) => [p.trace, p.claimId, p.outcome, p.billed, p.paid, p.patientResponsibility, a?.group ?? '', a?.reason ?? '', a?.amount ?? '', a?.explanation ?? '']);
}

/** Operator reports for a posted response file. */
export async function writeReports(folder: string, ledger: Ledger, file: { id: string; name: string; kind: string }, doc: ResultsDocument): Promise<void> {
  const base = join(folder, file.name);
  const remittances = file.kind === '835' ? (await ledger.listRemittances()).filter((r) => r.file_id === file.id) : [];
  const details = [];
  for (const r of remittances) details.push(await ledger.getRemittance(r.id));
  const payments = details.flatMap((d) => (d?.claims ?? []).map((c) => reportPayment(d!.remittance.trace_number, c)));
  const json = { ...doc, remittances: details.map((d) => reportRemittance(d!)), payments };
  writeDurable(`${base}.report.json`, JSON.stringify(json, null, 2) + '\n');
  const rows = payments.length ? payments.flatMap(reportPaymentRows) : doc.claims.map((c) => [doc.kind, c.claimId, c.state, '', c.paid, c.patientResponsibility, '', '', '', c.codes.join(' ')]);
  writeDurable(`${base}.report.csv`, toCsv(REPORT_CSV_HEADER, rows));
  const table = rows.map((r) => `<tr>${r.map((c) => `<td>${html(c)}</td>`).join('')}</tr>`).join('\n');
  writeDurable(
    `${base}.report.html`,
    `<!doctype html><html><head><meta charset="utf-8"><title>${html(file.name)}</title></head><body><h1>${html(file.kind)} ${html(file.name)}</h1><p>${doc.claims.length} claim(s) updated, ${doc.unmatched} unmatched.</p><table border="1"><tr><th>trace</th><th>claim</th><th>outcome</th><th>billed</th><th>paid</th><th>patient</th><th>group</th><th>reason</th><th>amount</th><th>explanation</th></tr>\n${table}</table></body></html>\n`,
  );
}

export interface WebhookTarget {
  url: string;
  secret: string;
  attempts: number;
  baseDelayMs: number;
  timeoutMs: number;
}

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** One signed POST of `body`; the outcome as a value (a status, or the error's name), never throws. */
export async function postSigned(target: Pick<WebhookTarget, 'url' | 'secret' | 'timeoutMs'>, body: string, o: { now: Date; headers?: Record<string, string> }): Promise<{ ok: boolean; status?: number; error?: string }> {
  const timestamp = String(Math.floor(o.now.getTime() / 1000));
  try {
    const res = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...o.headers, 'x-x12gw-timestamp': timestamp, 'x-x12gw-signature': signWebhook(target.secret, timestamp, body) },
      body,
      signal: AbortSignal.timeout(target.timeoutMs),
    });
    await res.body?.cancel().catch(() => undefined);
    return { ok: res.ok, status: res.status };
  } catch (err) {
    return { ok: false, error: (err as Error).name };
  }
}

/**
 * POSTs `doc` with retries in memory; resolves with the number of attempts made (never throws). The
 * gateway itself no longer uses it: posted responses go through the persisted outbox
 * (src/gateway/alerts/deliveries.ts), which survives a restart.
 */
export async function deliverWebhook(target: WebhookTarget, doc: ResultsDocument, options: { now?: () => Date; sleep?: (ms: number) => Promise<void>; onAttempt?: (info: { attempt: number; status?: number; error?: string }) => void } = {}): Promise<{ delivered: boolean; attempts: number }> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const body = JSON.stringify({ event: 'response.posted', ...doc });
  for (let attempt = 1; attempt <= target.attempts; attempt++) {
    const r = await postSigned(target, body, { now: options.now?.() ?? new Date(), headers: { 'x-x12gw-delivery': `${doc.fileId}` } });
    options.onAttempt?.({ attempt, status: r.status, error: r.error });
    if (r.ok) return { delivered: true, attempts: attempt };
    if (r.status !== undefined && r.status >= 400 && r.status < 500 && r.status !== 408 && r.status !== 429) return { delivered: false, attempts: attempt };
    if (attempt < target.attempts) await sleep(target.baseDelayMs * 2 ** (attempt - 1));
  }
  return { delivered: false, attempts: target.attempts };
}
