/**
 * Reports for what came back before payment: 277CA / 277 (which claims were accepted, which rejected and
 * why) and 999 / TA1 (which transaction sets were rejected, which segment and element, and why; mapped
 * to claims when the 837 is given). HTML (self-contained), CSV and JSON. Pure.
 */
import { csvRow } from '../text/csv.js';
import { html, page, type Html } from '../remits/html.js';
import { displayAmount } from '../remits/values.js';
import type { Acknowledgment999, ClaimStatus, ClaimStatusResponse, InterchangeAcknowledgment, Status } from './model.js';
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

function statusSection(r: ClaimStatusResponse): Html {
  const rejected = r.claims.filter((c) => c.verdict === 'rejected').length;
  const accepted = r.claims.filter((c) => c.verdict === 'accepted').length;
  return html`<section class="claim-status"><h2>${r.guide === '277CA' ? 'Claim acknowledgment (277CA)' : 'Claim status (277)'} from ${r.source?.lastName ?? 'unknown source'}${r.date ? ` — ${r.date}` : ''}</h2>
<div class="summary"><div>Claims<b>${r.claims.length}</b></div><div>Accepted<b class="ok">${accepted}</b></div><div>Rejected<b class="bad">${rejected}</b></div><div>Reference<b>${r.reference ?? ''}</b></div></div>
${r.levels.length ? html`<h3>Batch and provider status</h3><ul>${r.levels.map((l) => html`<li>${l.level === 'provider' ? 'Provider' : 'Information receiver'} ${name(l.party)}: ${l.statuses.map(statusText).join('; ') || 'no status'}${l.acceptedQuantity ? ` · accepted ${l.acceptedQuantity}` : ''}${l.rejectedQuantity ? ` · rejected ${l.rejectedQuantity}` : ''}</li>`)}</ul>` : ''}
<table><thead><tr><th>Patient control #</th><th>Patient</th><th>Payer / clearinghouse #</th><th>Verdict</th><th class="num">Amount</th><th>Reasons</th></tr></thead><tbody>${r.claims.map(claimRow)}</tbody></table></section>`;
}

export function claimStatusHtml(responses: readonly ClaimStatusResponse[], options: { title?: string } = {}): string {
  const title = options.title ?? 'Claim status report';
  return page(title, html`<h1>${title}</h1>${responses.length ? responses.map(statusSection) : html`<p>No claim status could be read from this file.</p>`}`);
}

export function claimStatusCsv(responses: readonly ClaimStatusResponse[]): string {
  let out = csvRow(['transaction', 'patient_control_number', 'payer_claim_number', 'clearinghouse_trace', 'patient', 'verdict', 'amount', 'line_control_number', 'status_codes', 'reasons']);
  for (const r of responses) {
    for (const c of r.claims) {
      const row = (line: string, statuses: readonly Status[], verdict: string) =>
        csvRow([r.transactionControlNumber, c.patientControlNumber, c.payerClaimControlNumber ?? '', c.clearinghouseTraceNumber ?? '', name(c.patient), verdict, c.amount?.toFixed(2) ?? '', line, statuses.flatMap((s) => s.codes.map((x) => `${x.category}:${x.code}${x.entity ? ':' + x.entity : ''}`)).join('; '), statuses.map(statusText).join('; ')]);
      out += row('', c.statuses, c.verdict);
      for (const l of c.lines) out += row(l.lineControlNumber ?? l.procedure.code, l.statuses, l.verdict);
    }
  }
  return out;
}

function ackSection(a: Acknowledgment999, mapped: readonly MappedError[] | undefined): Html {
  return html`<section class="ack"><h2>999 for group ${a.acknowledgedGroup.controlNumber} (${a.acknowledgedGroup.functionalId} ${a.acknowledgedGroup.version ?? ''}): <span class="badge ${a.groupStatus === 'A' || a.groupStatus === 'E' ? 'accepted' : 'rejected'}">${a.groupStatusDescription}</span></h2>
<p>${a.accepted ?? '?'} of ${a.included ?? '?'} transaction set(s) accepted.${a.groupErrors.map((e) => ` ${e.code}: ${e.description}`).join('')}</p>
<table><thead><tr><th>Transaction set</th><th>Result</th><th>Errors</th></tr></thead><tbody>${a.transactions.map(
    (t) => html`<tr class="${t.accepted ? '' : 'denied'}"><td>${t.transactionSet} ${t.controlNumber}</td><td><span class="badge ${t.accepted ? 'accepted' : 'rejected'}">${t.statusDescription}</span>${t.errors.map((e) => html`<div class="small">${e.code}: ${e.description}</div>`)}</td>
<td>${t.segmentErrors.length ? html`<ul>${t.segmentErrors.map((s) => html`<li>${s.segmentId} at segment ${s.segmentPosition}${s.loop ? ` (loop ${s.loop})` : ''}: ${s.description}${s.businessUnit ? ` — ${s.businessUnit.name} ${s.businessUnit.value}` : ''}${s.elements.length ? html`<ul>${s.elements.map((e) => html`<li>${s.segmentId}${String(e.element).padStart(2, '0')}${e.component ? '-' + e.component : ''}: ${e.description}</li>`)}</ul>` : ''}</li>`)}</ul>` : ''}</td></tr>`,
  )}</tbody></table>
${mapped?.length ? html`<h3>Claims hit</h3><table><thead><tr><th>Claim (CLM01)</th><th>Transaction set</th><th>Segment</th><th>Field</th><th>Problem</th></tr></thead><tbody>${mapped.map((m) => html`<tr class="denied"><td>${m.claims.join(', ') || '(not found in the 837)'}</td><td>${m.transactionControlNumber}</td><td>${m.segmentId} #${m.segmentPosition}${m.loop ? ` loop ${m.loop}` : ''}</td><td>${m.field ?? ''}</td><td>${m.problem}</td></tr>`)}</tbody></table>` : ''}
</section>`;
}

function ta1Section(list: readonly InterchangeAcknowledgment[]): Html {
  return html`<section class="ta1"><h2>Interchange acknowledgments (TA1)</h2><table><thead><tr><th>Interchange</th><th>Date</th><th>Result</th><th>Note</th></tr></thead><tbody>${list.map(
    (t) => html`<tr class="${t.accepted ? '' : 'denied'}"><td>${t.interchangeControlNumber}</td><td>${t.date ?? ''} ${t.time ?? ''}</td><td><span class="badge ${t.accepted ? 'accepted' : 'rejected'}">${t.statusDescription}</span></td><td>${t.note} ${t.noteDescription}</td></tr>`,
  )}</tbody></table></section>`;
}

export function acknowledgmentHtml(acks: readonly Acknowledgment999[], ta1: readonly InterchangeAcknowledgment[], options: { title?: string; mapped?: ReadonlyMap<Acknowledgment999, MappedError[]> } = {}): string {
  const title = options.title ?? 'Acknowledgment report';
  return page(title, html`<h1>${title}</h1>${ta1.length ? ta1Section(ta1) : ''}${acks.map((a) => ackSection(a, options.mapped?.get(a)))}${!acks.length && !ta1.length ? html`<p>No acknowledgment could be read from this file.</p>` : ''}`);
}

/** CSV: one row per element error (or segment error without elements, or accepted transaction set). */
export function acknowledgmentCsv(acks: readonly Acknowledgment999[], ta1: readonly InterchangeAcknowledgment[]): string {
  let out = csvRow(['kind', 'acknowledged', 'transaction_set', 'result', 'segment', 'segment_position', 'loop', 'element', 'error_code', 'problem', 'claim']);
  for (const t of ta1) out += csvRow(['TA1', t.interchangeControlNumber, '', t.status, '', '', '', '', t.note, t.noteDescription, '']);
  for (const a of acks) {
    for (const t of a.transactions) {
      const head = ['999', a.acknowledgedGroup.controlNumber, `${t.transactionSet} ${t.controlNumber}`, t.status];
      if (!t.segmentErrors.length) out += csvRow([...head, '', '', '', '', t.errors.map((e) => e.code).join('; '), t.errors.map((e) => e.description).join('; '), '']);
      for (const s of t.segmentErrors) {
        const claim = s.businessUnit?.name === 'CLM01' ? s.businessUnit.value : '';
        if (!s.elements.length) out += csvRow([...head, s.segmentId, s.segmentPosition, s.loop ?? '', '', s.code, s.description, claim]);
        for (const e of s.elements) out += csvRow([...head, s.segmentId, s.segmentPosition, s.loop ?? '', `${s.segmentId}${String(e.element).padStart(2, '0')}${e.component ? '-' + e.component : ''}`, e.code, e.description, claim]);
      }
    }
  }
  return out;
}
