/**
 * Reports for what came back before payment: 277CA / 277 (which claims were accepted, which rejected and
 * why) and 999 / TA1 (which transaction sets were rejected, which segment and element, and why; mapped
 * to claims when the 837 is given). HTML (self-contained), CSV and JSON. Pure.
 */
import { csvRow } from '../text/csv.js';
import { html, pageEnd, pageStart, type Html } from '../remits/html.js';
import { prettyJsonWriter } from '../text/pretty-json.js';
import { displayAmount } from '../remits/values.js';
import type { Acknowledgment999, ClaimStatus, ClaimStatusResponse, InterchangeAcknowledgment, Status, TransactionAck } from './model.js';
import type { MappedError } from './map-to-837.js';

const statusText = (s: Status) =>
  s.codes.map((c) => `${c.category}:${c.code}${c.entity ? ':' + c.entity : ''} — ${c.categoryDescription} ${c.codeDescription}${c.entityDescription ? ` (${c.entityDescription})` : ''}`).join('; ') + (s.message ? ` — ${s.message}` : '');

const name = (p: { lastName?: string; firstName?: string } | undefined) => (p ? [p.lastName, p.firstName].filter(Boolean).join(', ') : '');

function claimRow(c: ClaimStatus): Html {
  const reasons = [...c.statuses, ...c.lines.flatMap((l) => l.statuses)];
  return html`<tr class="${c.verdict === 'rejected' ? 'denied' : ''}"><td>${c.patientControlNumber}</td><td>${name(c.patient)}</td><td>${c.payerClaimControlNumber ?? c.clearinghouseTraceNumber ?? ''}</td>
<td><span class="badge ${c.verdict}">${c.verdict}</span></td><td class="num">${displayAmount(c.amount)}</td>
<td><ul>${reasons.map((s) => html`<li>${statusText(s)}</li>`)}</ul>${c.lines.length ? html`<div class="small muted">${c.lines.length} line status(es): ${c.lines.map((l) => `${l.lineControlNumber ?? l.procedure.code} ${l.verdict}`).join(', ')}</div>` : ''}</td></tr>`;
}

function statusHeading(r: ClaimStatusResponse): string {
  return html`<section class="claim-status"><h2>${r.guide === '277CA' ? 'Claim acknowledgment (277CA)' : 'Claim status (277)'} from ${r.source?.lastName ?? 'unknown source'}${r.date ? ` — ${r.date}` : ''}</h2>
<table><thead><tr><th>Patient control #</th><th>Patient</th><th>Payer / clearinghouse #</th><th>Verdict</th><th class="num">Amount</th><th>Reasons</th></tr></thead><tbody>`.text;
}

/** After a response's claims (known when its transaction set ends): the counts, the batch and provider levels. */
function statusFooter(r: ClaimStatusResponse, counts: { claims: number; accepted: number; rejected: number }): string {
  return html`</tbody></table>
<div class="summary"><div>Claims<b>${counts.claims}</b></div><div>Accepted<b class="ok">${counts.accepted}</b></div><div>Rejected<b class="bad">${counts.rejected}</b></div><div>Reference<b>${r.reference ?? ''}</b></div></div>
${r.levels.length ? html`<h3>Batch and provider status</h3><ul>${r.levels.map((l) => html`<li>${l.level === 'provider' ? 'Provider' : 'Information receiver'} ${name(l.party)}: ${l.statuses.map(statusText).join('; ') || 'no status'}${l.acceptedQuantity ? ` · accepted ${l.acceptedQuantity}` : ''}${l.rejectedQuantity ? ` · rejected ${l.rejectedQuantity}` : ''}</li>`)}</ul>` : ''}</section>`.text;
}

/**
 * A claim status report written while the 277CA / 277 is read: `claim` for each claim as it is read (with
 * its response so far), `response` when its transaction set ends, `end` once. Nothing per claim is kept,
 * so a file of any size is reported in flat memory.
 */
export interface ClaimStatusReportWriter {
  claim(claim: ClaimStatus, response: ClaimStatusResponse): void;
  response(response: ClaimStatusResponse): void;
  end(): void;
}

/**
 * HTML: one section per response, its claims' table as they come, then (known at the end of the
 * transaction set) the counts and the batch / provider levels below the table.
 */
export function claimStatusHtmlWriter(emit: (text: string) => void, options: { title?: string } = {}): ClaimStatusReportWriter {
  const title = options.title ?? 'Claim status report';
  emit(pageStart(title) + html`<h1>${title}</h1>`.text);
  let open: ClaimStatusResponse | undefined;
  let counts = { claims: 0, accepted: 0, rejected: 0 };
  let sections = 0;
  const begin = (r: ClaimStatusResponse) => {
    if (open === r) return;
    open = r;
    counts = { claims: 0, accepted: 0, rejected: 0 };
    sections++;
    emit(statusHeading(r));
  };
  return {
    claim(c, r) {
      begin(r);
      counts.claims++;
      if (c.verdict === 'accepted') counts.accepted++;
      else if (c.verdict === 'rejected') counts.rejected++;
      emit(claimRow(c).text);
    },
    response(r) {
      begin(r);
      // A response handed over whole (claims kept): its claims now.
      if (counts.claims === 0) for (const c of r.claims) this.claim(c, r);
      emit(statusFooter(r, counts));
      open = undefined;
    },
    end() {
      if (!sections) emit(html`<p>No claim status could be read from this file.</p>`.text);
      emit(pageEnd());
    },
  };
}

const STATUS_CSV_COLUMNS = ['transaction', 'patient_control_number', 'payer_claim_number', 'clearinghouse_trace', 'patient', 'verdict', 'amount', 'line_control_number', 'status_codes', 'reasons'];

function statusCsvRows(r: ClaimStatusResponse, c: ClaimStatus): string {
  const row = (line: string, statuses: readonly Status[], verdict: string) =>
    csvRow([r.transactionControlNumber, c.patientControlNumber, c.payerClaimControlNumber ?? '', c.clearinghouseTraceNumber ?? '', name(c.patient), verdict, c.amount?.toFixed(2) ?? '', line, statuses.flatMap((s) => s.codes.map((x) => `${x.category}:${x.code}${x.entity ? ':' + x.entity : ''}`)).join('; '), statuses.map(statusText).join('; ')]);
  let out = row('', c.statuses, c.verdict);
  for (const l of c.lines) out += row(l.lineControlNumber ?? l.procedure.code, l.statuses, l.verdict);
  return out;
}

/** CSV: a row per claim and per service line status, written as claims are read. */
export function claimStatusCsvWriter(emit: (text: string) => void): ClaimStatusReportWriter {
  emit(csvRow(STATUS_CSV_COLUMNS));
  let streamed = false;
  return {
    claim(c, r) {
      streamed = true;
      emit(statusCsvRows(r, c));
    },
    response(r) {
      if (!streamed) for (const c of r.claims) emit(statusCsvRows(r, c));
      streamed = false;
    },
    end() {},
  };
}

/** Response members written after `claims` (known only when the transaction set ends). */
const STATUS_AFTER_CLAIMS: ReadonlySet<string> = new Set(['claims', 'levels', 'findings']);

/**
 * JSON: the array of responses, as `JSON.stringify(responses, null, 2)` prints it except that each
 * response's `claims` are written as they are read and `levels` and `findings` follow them.
 */
export function claimStatusJsonWriter(emit: (text: string) => void): ClaimStatusReportWriter {
  const json = prettyJsonWriter(emit);
  json.beginArray();
  let open: ClaimStatusResponse | undefined;
  const begin = (r: ClaimStatusResponse) => {
    if (open === r) return;
    open = r;
    json.beginObject();
    for (const [key, value] of Object.entries(r)) if (!STATUS_AFTER_CLAIMS.has(key)) json.value(value, key);
    json.beginArray('claims');
  };
  return {
    claim(c, r) {
      begin(r);
      json.value(c);
    },
    response(r) {
      const whole = open !== r;
      begin(r);
      if (whole) for (const c of r.claims) json.value(c);
      json.end();
      json.value(r.levels, 'levels');
      json.value(r.findings, 'findings');
      json.end();
      open = undefined;
    },
    end() {
      json.end();
      emit('\n');
    },
  };
}

function collectStatus(make: (emit: (text: string) => void) => ClaimStatusReportWriter, responses: readonly ClaimStatusResponse[]): string {
  let out = '';
  const writer = make((text) => (out += text));
  for (const r of responses) writer.response(r);
  writer.end();
  return out;
}

export function claimStatusHtml(responses: readonly ClaimStatusResponse[], options: { title?: string } = {}): string {
  return collectStatus((emit) => claimStatusHtmlWriter(emit, options), responses);
}

export function claimStatusCsv(responses: readonly ClaimStatusResponse[]): string {
  return collectStatus(claimStatusCsvWriter, responses);
}

function ackSectionStart(a: Acknowledgment999): string {
  return html`<section class="ack"><h2>999 for group ${a.acknowledgedGroup.controlNumber} (${a.acknowledgedGroup.functionalId} ${a.acknowledgedGroup.version ?? ''}): <span class="badge ${a.groupStatus === 'A' || a.groupStatus === 'E' ? 'accepted' : 'rejected'}">${a.groupStatusDescription}</span></h2>
<p>${a.accepted ?? '?'} of ${a.included ?? '?'} transaction set(s) accepted.${a.groupErrors.map((e) => ` ${e.code}: ${e.description}`).join('')}</p>
<table><thead><tr><th>Transaction set</th><th>Result</th><th>Errors</th></tr></thead><tbody>`.text;
}

function ackTransactionRow(t: TransactionAck): string {
  return html`<tr class="${t.accepted ? '' : 'denied'}"><td>${t.transactionSet} ${t.controlNumber}</td><td><span class="badge ${t.accepted ? 'accepted' : 'rejected'}">${t.statusDescription}</span>${t.errors.map((e) => html`<div class="small">${e.code}: ${e.description}</div>`)}</td>
<td>${t.segmentErrors.length ? html`<ul>${t.segmentErrors.map((s) => html`<li>${s.segmentId} at segment ${s.segmentPosition}${s.loop ? ` (loop ${s.loop})` : ''}: ${s.description}${s.businessUnit ? ` — ${s.businessUnit.name} ${s.businessUnit.value}` : ''}${s.elements.length ? html`<ul>${s.elements.map((e) => html`<li>${s.segmentId}${String(e.element).padStart(2, '0')}${e.component ? '-' + e.component : ''}: ${e.description}</li>`)}</ul>` : ''}</li>`)}</ul>` : ''}</td></tr>`.text;
}

function ackSectionEnd(mapped: readonly MappedError[] | undefined): string {
  return html`</tbody></table>
${mapped?.length ? html`<h3>Claims hit</h3><table><thead><tr><th>Claim (CLM01)</th><th>Transaction set</th><th>Segment</th><th>Field</th><th>Problem</th></tr></thead><tbody>${mapped.map((m) => html`<tr class="denied"><td>${m.claims.join(', ') || '(not found in the 837)'}</td><td>${m.transactionControlNumber}</td><td>${m.segmentId} #${m.segmentPosition}${m.loop ? ` loop ${m.loop}` : ''}</td><td>${m.field ?? ''}</td><td>${m.problem}</td></tr>`)}</tbody></table>` : ''}
</section>`.text;
}

/**
 * A 999 / TA1 report written one transaction set at a time: the file's TA1s are given when it is made,
 * then per 999 `begin` (everything but its transaction sets: AK1, AK9, findings — known from a first pass
 * over the file), `transaction` for each AK2 loop as it is read, `end999` with the claims its errors hit
 * (when the 837 is given), and `end` once. Nothing per transaction set is kept, so a 999 answering an 837
 * of any size is reported in flat memory; the whole reports below are these writers collected.
 */
export interface AcknowledgmentReportWriter {
  begin(ack: Acknowledgment999): void;
  transaction(t: TransactionAck, ack: Acknowledgment999): void;
  end999(ack: Acknowledgment999, mapped: readonly MappedError[] | undefined): void;
  end(): void;
}

export function acknowledgmentHtmlWriter(emit: (text: string) => void, ta1: readonly InterchangeAcknowledgment[], options: { title?: string } = {}): AcknowledgmentReportWriter {
  const title = options.title ?? 'Acknowledgment report';
  emit(pageStart(title) + html`<h1>${title}</h1>${ta1.length ? ta1Section(ta1) : ''}`.text);
  let acks = 0;
  return {
    begin(a) {
      acks++;
      emit(ackSectionStart(a));
    },
    transaction: (t) => emit(ackTransactionRow(t)),
    end999: (_a, mapped) => emit(ackSectionEnd(mapped)),
    end() {
      emit((!acks && !ta1.length ? html`<p>No acknowledgment could be read from this file.</p>`.text : '') + pageEnd());
    },
  };
}

/** CSV: one row per element error (or segment error without elements, or accepted transaction set). */
export function acknowledgmentCsvWriter(emit: (text: string) => void, ta1: readonly InterchangeAcknowledgment[]): AcknowledgmentReportWriter {
  let head = csvRow(['kind', 'acknowledged', 'transaction_set', 'result', 'segment', 'segment_position', 'loop', 'element', 'error_code', 'problem', 'claim']);
  for (const t of ta1) head += csvRow(['TA1', t.interchangeControlNumber, '', t.status, '', '', '', '', t.note, t.noteDescription, '']);
  emit(head);
  return {
    begin() {},
    transaction(t, a) {
      let out = '';
      const head = ['999', a.acknowledgedGroup.controlNumber, `${t.transactionSet} ${t.controlNumber}`, t.status];
      if (!t.segmentErrors.length) out += csvRow([...head, '', '', '', '', t.errors.map((e) => e.code).join('; '), t.errors.map((e) => e.description).join('; '), '']);
      for (const s of t.segmentErrors) {
        const claim = s.businessUnit?.name === 'CLM01' ? s.businessUnit.value : '';
        if (!s.elements.length) out += csvRow([...head, s.segmentId, s.segmentPosition, s.loop ?? '', '', s.code, s.description, claim]);
        for (const e of s.elements) out += csvRow([...head, s.segmentId, s.segmentPosition, s.loop ?? '', `${s.segmentId}${String(e.element).padStart(2, '0')}${e.component ? '-' + e.component : ''}`, e.code, e.description, claim]);
      }
      emit(out);
    },
    end999() {},
    end() {},
  };
}

/** Members of a 999 written after its `transactions` (known at its end: AK9, findings). */
const ACK_AFTER_TRANSACTIONS: ReadonlySet<string> = new Set(['transactions', 'groupStatus', 'groupStatusDescription', 'included', 'received', 'accepted', 'groupErrors', 'findings']);

/**
 * JSON: `{ ta1, acknowledgments }` as `JSON.stringify(…, null, 2)` prints it, each 999's transaction sets
 * written as they are read and `claimsHit` (when the 837 is given) after its other members.
 */
export function acknowledgmentJsonWriter(emit: (text: string) => void, ta1: readonly InterchangeAcknowledgment[]): AcknowledgmentReportWriter {
  const json = prettyJsonWriter(emit);
  json.beginObject();
  json.value(ta1, 'ta1');
  json.beginArray('acknowledgments');
  return {
    begin(a) {
      json.beginObject();
      for (const [key, value] of Object.entries(a)) if (!ACK_AFTER_TRANSACTIONS.has(key)) json.value(value, key);
      json.beginArray('transactions');
    },
    transaction: (t) => json.value(t),
    end999(a, mapped) {
      json.end();
      for (const [key, value] of Object.entries(a)) if (ACK_AFTER_TRANSACTIONS.has(key) && key !== 'transactions') json.value(value, key);
      if (mapped) json.value(mapped, 'claimsHit');
      json.end();
    },
    end() {
      json.end();
      json.end();
      emit('\n');
    },
  };
}

function collectAcknowledgments(writer: (emit: (text: string) => void) => AcknowledgmentReportWriter, acks: readonly Acknowledgment999[], mapped?: ReadonlyMap<Acknowledgment999, MappedError[]>): string {
  let out = '';
  const w = writer((text) => (out += text));
  for (const a of acks) {
    w.begin(a);
    for (const t of a.transactions) w.transaction(t, a);
    w.end999(a, mapped?.get(a));
  }
  w.end();
  return out;
}

function ta1Section(list: readonly InterchangeAcknowledgment[]): Html {
  return html`<section class="ta1"><h2>Interchange acknowledgments (TA1)</h2><table><thead><tr><th>Interchange</th><th>Date</th><th>Result</th><th>Note</th></tr></thead><tbody>${list.map(
    (t) => html`<tr class="${t.accepted ? '' : 'denied'}"><td>${t.interchangeControlNumber}</td><td>${t.date ?? ''} ${t.time ?? ''}</td><td><span class="badge ${t.accepted ? 'accepted' : 'rejected'}">${t.statusDescription}</span></td><td>${t.note} ${t.noteDescription}</td></tr>`,
  )}</tbody></table></section>`;
}

export function acknowledgmentHtml(acks: readonly Acknowledgment999[], ta1: readonly InterchangeAcknowledgment[], options: { title?: string; mapped?: ReadonlyMap<Acknowledgment999, MappedError[]> } = {}): string {
  return collectAcknowledgments((emit) => acknowledgmentHtmlWriter(emit, ta1, options), acks, options.mapped);
}

/** CSV: one row per element error (or segment error without elements, or accepted transaction set). */
export function acknowledgmentCsv(acks: readonly Acknowledgment999[], ta1: readonly InterchangeAcknowledgment[]): string {
  return collectAcknowledgments((emit) => acknowledgmentCsvWriter(emit, ta1), acks);
}

/** JSON: what `x12gw report --format json` prints for a 999 / TA1 file. */
export function acknowledgmentJson(acks: readonly Acknowledgment999[], ta1: readonly InterchangeAcknowledgment[], mapped?: ReadonlyMap<Acknowledgment999, MappedError[]>): string {
  return collectAcknowledgments((emit) => acknowledgmentJsonWriter(emit, ta1), acks, mapped);
}
