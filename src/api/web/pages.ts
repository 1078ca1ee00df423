/**
 * The workbench's pages as functions from view data to HTML (no I/O). Tables carry captions and header
 * scopes; amounts are right-aligned; every list has paging, filters and a CSV link.
 */
import { CLAIM_STATES } from '../../ledger/lifecycle.js';
import { guarantorIdFor } from '../../ledger/patient-accounts.js';
import type { AuditRow } from '../../ledger/audit.js';
import { describeRarc } from '../../remits/codes.js';
import { AGING_BUCKETS } from '../../billing-rules/aging.js';
import { COMMON_FIELDS, fieldLabel, getPath } from '../../billing-rules/fields.js';
import type { FieldError } from '../workbench/actions.js';
import type { AgingClaim, AgingReport, BalanceRow } from '../workbench/views.js';
import { ALARM_TEXT } from '../workbench/views.js';
import { csvLink, html, layout, money, pager, plural, patientName, pct, raw, stateBadge, when, type Html, type Viewer } from './layout.js';
import type { TimelineEntry } from './timeline.js';
import { reasonItem, settledBadge } from './worklist-page.js';
import { adjustmentMeaning, editableFields } from './denial-words.js';
import { plainProblem } from './plain-words.js';
import { lineFields } from './line-fields.js';
import { paymentLinesTable, type PaymentLine } from './payment-lines.js';

export interface Frame {
  viewer: Viewer;
  csrf: string;
}

const f = (frame: Frame, title: string, active: string, body: Html, bodyClass?: string) => layout({ title, active, viewer: frame.viewer, csrf: frame.csrf, bodyClass }, body);
const live = html`<p id="live" class="notice" role="status">Claims have changed since this page was loaded. <a href="">Reload</a> to see the latest.</p>`;
const selected = (on: boolean) => (on ? raw(' selected') : '');

// ------------------------------------------------------------------------------------------------
// Login
// ------------------------------------------------------------------------------------------------

export function loginPage(o: { csrf: string; next: string; error?: string }): string {
  return layout(
    { title: 'Sign in' },
    html`<section class="login" aria-labelledby="login-h"><h1 id="login-h">Sign in</h1>
${o.error ? html`<p class="notice error" role="alert">${o.error}</p>` : ''}
<form method="post" action="/login"><input type="hidden" name="_csrf" value="${o.csrf}"><input type="hidden" name="next" value="${o.next}">
<label>User name <input name="username" autocomplete="username" required autofocus></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form>
<p class="muted small">Patient information: access is recorded in the audit log.</p></section>`,
  );
}

// ------------------------------------------------------------------------------------------------
// Dashboard
// ------------------------------------------------------------------------------------------------

export interface DashboardData {
  at: string;
  today: PeriodFigures;
  month: PeriodFigures;
  files: { waiting: number; failed: number };
  partners: Array<{ partnerId: string; lastSent: string | null; lastReceived: string | null }>;
  worklist: number;
  alarms: number;
}
export interface PeriodFigures {
  since: string;
  claims: number;
  byState: Record<string, number>;
  billed: string;
  paid: string;
  adjusted: string;
  patientResponsibility: string;
  rejectionRate: number;
  denialRate: number;
  rejected: number;
  denied: number;
}

export function dashboardPage(frame: Frame, d: DashboardData, denials?: Html): string {
  const period = (label: string, p: PeriodFigures, id: string) => html`<section aria-labelledby="${id}"><h2 id="${id}">${label} <span class="muted small">(claims received since ${p.since})</span></h2>
<div class="cards">
<div class="card" data-figure="${id}-claims"><span class="label">Claims</span><span class="value">${p.claims.toLocaleString('en-US')}</span></div>
<div class="card" data-figure="${id}-billed"><span class="label">Billed</span><span class="value">${money(p.billed)}</span></div>
<div class="card" data-figure="${id}-paid"><span class="label">Paid</span><span class="value">${money(p.paid)}</span></div>
<div class="card" data-figure="${id}-adjusted"><span class="label">Adjusted (payer write-offs)</span><span class="value">${money(p.adjusted)}</span></div>
<div class="card" data-figure="${id}-patient"><span class="label">Patient responsibility</span><span class="value">${money(p.patientResponsibility)}</span></div>
<div class="card" data-figure="${id}-rejection-rate"><span class="label">Rejection rate</span><span class="value">${pct(p.rejectionRate)}</span><span class="small muted">${p.rejected} rejected</span></div>
<div class="card" data-figure="${id}-denial-rate"><span class="label">Denial rate</span><span class="value">${pct(p.denialRate)}</span><span class="small muted">${p.denied} denied of adjudicated</span></div>
</div>
<table class="states" data-period="${id}"><caption>Claims by state</caption><thead><tr>${CLAIM_STATES.filter((s) => p.byState[s]).map((s) => html`<th scope="col">${stateBadge(s)}</th>`)}</tr></thead>
<tbody><tr>${CLAIM_STATES.filter((s) => p.byState[s]).map((s) => html`<td class="num"><a href="/claims?state=${s}">${String(p.byState[s])}</a></td>`)}</tr></tbody></table>
${p.claims === 0 ? html`<p class="muted">No claims in this period.</p>` : ''}</section>`;
  return f(
    frame,
    'Dashboard',
    'dashboard',
    html`<h1>Dashboard</h1>${live}
<div class="cards">
<div class="card"><span class="label">Worklist (need a person)</span><span class="value"><a href="/worklist">${String(d.worklist)}</a></span></div>
<div class="card"><span class="label">Overdue follow-ups</span><span class="value${d.alarms ? ' alarm' : ''}"><a href="/aging?alarm=any">${String(d.alarms)}</a></span></div>
<div class="card"><span class="label">Files waiting</span><span class="value"><a href="/files">${String(d.files.waiting)}</a></span></div>
<div class="card"><span class="label">Files failed or quarantined</span><span class="value${d.files.failed ? ' alarm' : ''}"><a href="/files?state=quarantined">${String(d.files.failed)}</a></span></div>
</div>
${period('Today', d.today, 'today')}
${period('This month', d.month, 'month')}
${denials ?? ''}
<h2>Clearinghouses: last contact</h2>
<table><thead><tr><th scope="col">Partner</th><th scope="col">Last 837 sent</th><th scope="col">Last response received</th></tr></thead>
<tbody>${d.partners.length ? d.partners.map((p) => html`<tr><td>${p.partnerId}</td><td>${when(p.lastSent)}</td><td>${when(p.lastReceived)}</td></tr>`) : html`<tr><td colspan="3" class="muted">No contact yet.</td></tr>`}</tbody></table>
<p class="muted small">As of ${when(d.at)}.</p>`,
  );
}

// ------------------------------------------------------------------------------------------------
// Claims
// ------------------------------------------------------------------------------------------------

export interface ClaimsQuery {
  state?: string[];
  payer?: string;
  partner?: string;
  provider?: string;
  from?: string;
  to?: string;
  pcn?: string;
  patient?: string;
  memberId?: string;
  dob?: string;
  payerClaimNumber?: string;
  amount?: string;
  limit: number;
  offset: number;
}

/** One filter of the claim search form: its input, and its problem (if any) right under it, tied by aria-describedby. */
function filterField(name: string, label: string, value: string | undefined, problems: Array<{ filter: string; message: string }>, attrs: { type?: string; size?: number; inputmode?: string; title?: string } = {}): Html {
  const mine = problems.filter((p) => p.filter === name);
  const id = `q-${name}`;
  return html`<label for="${id}">${label} <input id="${id}" name="${name}" value="${value ?? ''}"${raw(attrs.type ? ` type="${attrs.type}"` : '')}${raw(attrs.size ? ` size="${attrs.size}"` : '')}${raw(attrs.inputmode ? ` inputmode="${attrs.inputmode}"` : '')}${attrs.title ? html` title="${attrs.title}"` : ''}${mine.length ? html` aria-invalid="true" aria-describedby="${id}-err"` : ''}>${mine.length ? html`<span class="field-error" id="${id}-err">${mine.map((p) => p.message).join(' ')}</span>` : ''}</label>`;
}

export function claimsPage(frame: Frame, q: ClaimsQuery, payers: string[], result: { total: number; rows: Array<{ id: string; patient_control_number: string; state: string; payer_id: string; partner_id: string; total_charge: string; service_date: string | null; paid_amount: string | null; patient_responsibility: string | null; created_at: string; patient_last: string | null; patient_first: string | null; provider_npi: string | null; practice_id?: string | null }> }, problems: Array<{ filter: string; message: string }> = []): string {
  // Issue 17: the service-wide admin sees whose each claim is.
  const allPractices = frame.viewer?.practices?.inView === 'all' && frame.viewer.role === 'admin';
  const states = new Set(q.state ?? []);
  const stateProblems = problems.filter((p) => p.filter === 'state');
  return f(
    frame,
    'Claims',
    'claims',
    html`<h1>Claims</h1>
<form class="filters" method="get" action="/claims" role="search" aria-label="Claim filters">
<label for="q-state">State <select id="q-state" name="state"${stateProblems.length ? html` aria-invalid="true" aria-describedby="q-state-err"` : ''}><option value="">any</option>${CLAIM_STATES.map((s) => html`<option value="${s}"${selected(states.has(s))}>${s}</option>`)}</select>${stateProblems.length ? html`<span class="field-error" id="q-state-err">${stateProblems.map((p) => p.message).join(' ')}</span>` : ''}</label>
<label for="q-payer">Payer <select id="q-payer" name="payer"><option value="">any</option>${payers.map((p) => html`<option${selected(q.payer === p)}>${p}</option>`)}</select>${problems.some((p) => p.filter === 'payer') ? html`<span class="field-error">${problems.filter((p) => p.filter === 'payer').map((p) => p.message).join(' ')}</span>` : ''}</label>
${filterField('patient', 'Patient (last, first)', q.patient, problems, { size: 16, title: 'the start of the last name; add a comma and the start of the first name' })}
${filterField('memberId', 'Member id', q.memberId, problems, { size: 12 })}
${filterField('dob', 'Date of birth', q.dob, problems, { type: 'date' })}
${filterField('pcn', 'Patient control no.', q.pcn, problems, { size: 14, title: 'exact, or a prefix ending in *' })}
${filterField('payerClaimNumber', 'Payer claim no.', q.payerClaimNumber, problems, { size: 14 })}
${filterField('amount', 'Amount', q.amount, problems, { size: 9, inputmode: 'decimal' })}
${filterField('provider', 'Provider NPI', q.provider, problems, { size: 11, inputmode: 'numeric' })}
${filterField('from', 'Service from', q.from, problems, { type: 'date' })}
${filterField('to', 'to', q.to, problems, { type: 'date' })}
<button type="submit">Search</button> <a class="button secondary" href="/claims">Clear</a>
<a class="button secondary" href="${csvLink('/claims', q as unknown as Record<string, unknown>)}">CSV</a></form>
${problems.length ? html`<div class="notice error" role="alert">${problems.length === 1 ? 'One filter needs' : `${problems.length} filters need`} fixing before the search runs: see the marked ${problems.length === 1 ? 'field' : 'fields'}.</div>` : html`${pager('/claims', q as unknown as Record<string, unknown>, result.total, q.limit, q.offset)}
<div class="scroll" tabindex="0" role="region" aria-label="Claims found"><table class="claims"><caption class="muted small">Newest first</caption><thead><tr><th scope="col">Claim (CLM01)</th><th scope="col">Patient</th><th scope="col">Service date</th><th scope="col">Payer</th><th scope="col">State</th><th scope="col" class="num">Charge</th><th scope="col" class="num">Paid</th><th scope="col" class="num">Patient owes</th><th scope="col">Received</th>${allPractices ? html`<th scope="col">Practice</th>` : ''}</tr></thead>
<tbody>${result.rows.length ? result.rows.map((r) => html`<tr><td><a href="/claims/${r.id}">${r.patient_control_number}</a></td><td>${patientName(r.patient_last, r.patient_first)}</td><td>${r.service_date ?? '—'}</td><td>${r.payer_id}</td><td>${stateBadge(r.state)}</td><td class="num">${money(r.total_charge)}</td><td class="num">${money(r.paid_amount)}</td><td class="num">${money(r.patient_responsibility)}</td><td>${when(r.created_at)}</td>${allPractices ? html`<td data-practice>${r.practice_id ?? 'several'}</td>` : ''}</tr>`) : html`<tr><td colspan="${allPractices ? '10' : '9'}" class="muted">No claim matches.</td></tr>`}</tbody></table></div>
${pager('/claims', q as unknown as Record<string, unknown>, result.total, q.limit, q.offset)}`}`,
  );
}

export interface ClaimPageData {
  claim: { id: string; patient_control_number: string; state: string; partner_id: string; payer_id: string; claim_type: string; total_charge: string; service_date: string | null; paid_amount: string | null; patient_responsibility: string | null; payer_claim_number: string | null; data: string; batch_file_id: string };
  lines: Array<{ line_number: number; line_control: string | null; procedure_code: string | null; charge: string; units: string | null }>;
  interchange?: { isa13: number; gs06: number; st02: string; file_name: string; file_id: string; file_state: string } | undefined;
  payments: Array<{ remittance_id: string; trace_number: string; payer_name: string | null; payment_date: string | null; status_code: string; billed: string; paid: string; patient_responsibility: string; payer_claim_number: string | null; outcome: string | null; adjustments: Array<{ line_number: number | null; group_code: string; reason_code: string; amount: string }>; remarks: string[]; lines?: PaymentLine[] }>;
  timeline: TimelineEntry[];
  origin?: { claim_id: string; action: string; actor: string } | undefined;
  successor?: { new_claim_id: string | null; action: string } | undefined;
  version: number;
  reasons: Array<{ text: string; fix: string; field?: string; fieldLabel?: string; code: string; source: string }>;
  canResubmit: { ok: boolean; reason?: string; label: string };
  canVoid: { ok: boolean; reason?: string };
  mayChange: boolean;
  /** The netted money of the claim's visit (src/ledger/visits.ts). */
  visit?: { visitId: string; claimIds: string[]; currentClaimId: string; state: string; charges: string; insurancePaid: string; adjustments: string; patientDue: string; balance: string } | undefined;
}

export function claimPage(frame: Frame, d: ClaimPageData, form?: { values: Record<string, string>; errors: FieldError[]; message?: string; notice?: string }): string {
  const c = d.claim;
  let data: Record<string, unknown> = {};
  try {
    data = JSON.parse(c.data) as Record<string, unknown>;
  } catch {
    // shown as blanks
  }
  const subscriber = (data.subscriber ?? {}) as { name?: { last?: string; first?: string }; memberId?: string };
  const patient = (data.patient as { name?: { last?: string; first?: string } } | undefined)?.name ?? subscriber.name ?? {};
  const flagged = new Set([...d.reasons.flatMap((r) => editableFields(r.field)), ...(form?.errors.map((e) => e.field) ?? [])]);
  const offered = [...COMMON_FIELDS, ...lineFields(data)];
  const fields = [...[...flagged].filter((p) => p && p !== '$' && !offered.some((cf) => cf.path === p)).map((p) => ({ path: p, label: fieldLabel(p) })), ...offered];
  const errorsFor = (p: string) => form?.errors.filter((e) => e.field === p) ?? [];
  const claimWide = form?.errors.filter((e) => !fields.some((x) => x.path === e.field)) ?? [];
  const inputId = (p: string) => 'f-' + p.replace(/[^A-Za-z0-9]+/g, '-');
  const value = (p: string) => form?.values[p] ?? String(getPath(data, p) ?? '');
  const editForm = d.mayChange && d.canResubmit.ok
    ? html`<section aria-labelledby="fix-h" class="noprint"><h2 id="fix-h">Correct and resubmit</h2>
<p class="muted">${d.canResubmit.label} The corrected claim is scrubbed again before anything is sent; fields that fail stay here with the reason.</p>
<form class="edit" method="post" action="/claims/${c.id}/resubmit" novalidate><input type="hidden" name="_csrf" value="${frame.csrf}"><input type="hidden" name="version" value="${String(d.version)}">
${fields.map((x) => {
  const errs = errorsFor(x.path);
  return html`<div class="row${flagged.has(x.path) ? ' flagged' : ''}"><label for="${inputId(x.path)}">${x.label}${flagged.has(x.path) ? html` <strong>(to fix)</strong>` : ''}</label><div><input id="${inputId(x.path)}" name="f:${x.path}" value="${value(x.path)}" size="32"${errs.length ? raw(` aria-invalid="true" aria-describedby="${inputId(x.path)}-err"`) : ''}>
${errs.length ? html`<div class="field-error" id="${inputId(x.path)}-err">${errs.map((e) => html`<div>${plainProblem(e)}</div>`)}</div>` : ''}</div></div>`;
})}
${claimWide.length ? html`<div class="notice error">${claimWide.map((e) => html`<div><b>${e.label}</b>: ${plainProblem(e)}</div>`)}</div>` : ''}
<div class="actions"><button type="submit">Re-scrub and resubmit</button></div></form></section>`
    : '';
  const voidForm = d.mayChange && d.canVoid.ok
    ? html`<section aria-labelledby="void-h" class="noprint"><h2 id="void-h">Void this claim</h2>
<form class="void" method="post" action="/claims/${c.id}/void"><input type="hidden" name="_csrf" value="${frame.csrf}"><input type="hidden" name="version" value="${String(d.version)}">
<p class="muted small">Sends a void (frequency 8) naming payer claim ${c.payer_claim_number ?? ''}. The payer takes back what it paid on this visit; nothing on it stays payable. This cannot be undone.</p>
<div class="row"><label for="void-reason">Reason for the void (kept in the audit log)</label><div><textarea id="void-reason" name="reason" required minlength="3" maxlength="500" rows="2" cols="40"></textarea></div></div>
<div class="row"><label><input type="checkbox" id="void-confirm" name="confirm" value="yes" required> I confirm: void this claim with the payer</label></div>
<div class="actions"><button class="danger" type="submit">Void this claim (frequency 8)</button></div></form></section>`
    : '';
  const v = d.visit;
  const visitFacts = v
    ? html`<section aria-labelledby="visit-h"><h2 id="visit-h">Visit money (netted)</h2>
<p class="muted small">This claim${v.claimIds.length > 1 ? html` and the ${String(v.claimIds.length - 1)} other claim(s) of its visit (original, replacements, voids)` : ''}, netted as the payer nets them: a reversal cancels the payment it names; a void leaves nothing payable.</p>
<dl class="facts visit" data-visit="${v.visitId}">
<dt>Visit state</dt><dd data-field="visit-state">${v.state}</dd>
<dt>Charges</dt><dd data-field="visit-charges">${money(v.charges)}</dd>
<dt>Insurance paid</dt><dd data-field="visit-paid">${money(v.insurancePaid)}</dd>
<dt>Adjustments</dt><dd data-field="visit-adjustments">${money(v.adjustments)}</dd>
<dt>Patient responsibility</dt><dd data-field="visit-patient">${money(v.patientDue)}</dd>
<dt>Balance</dt><dd data-field="visit-balance">${money(v.balance)}</dd>
<dt>Claims</dt><dd>${v.claimIds.map((id, i) => html`${i ? ' → ' : ''}${id === c.id ? html`<b>${id}</b>` : html`<a href="/claims/${id}">${id}</a>`}${id === v.currentClaimId ? ' (current)' : ''}`)}</dd>
</dl></section>`
    : '';
  return f(
    frame,
    `Claim ${c.patient_control_number}`,
    'claims',
    html`<h1>Claim ${c.patient_control_number} ${d.successor?.new_claim_id ? settledBadge(c.state, d.successor.action) : stateBadge(c.state)}</h1>${live}
${form?.notice ? html`<p class="notice ok" role="status">${form.notice}</p>` : ''}
${form?.message ? html`<p class="notice error" role="alert">${form.message}</p>` : ''}
${d.origin ? html`<p class="notice">This claim ${d.origin.action === 'void' ? 'voids' : 'replaces'} claim <a href="/claims/${d.origin.claim_id}">${d.origin.claim_id}</a> (${d.origin.actor}).</p>` : ''}
${d.successor?.new_claim_id ? html`<p class="notice">${d.successor.action === 'void' ? 'Voided' : 'Resubmitted'} as claim <a href="/claims/${d.successor.new_claim_id}">${d.successor.new_claim_id}</a>; its progress is part of the timeline below.</p>` : ''}
<dl class="facts">
<dt>Patient</dt><dd>${patientName(patient.last, patient.first)}</dd>
<dt>Member id</dt><dd>${subscriber.memberId ?? '—'}</dd>
<dt>Payer</dt><dd>${c.payer_id} (via ${c.partner_id})</dd>
<dt>Type</dt><dd>${c.claim_type}</dd>
<dt>Service date</dt><dd>${c.service_date ?? '—'}</dd>
<dt>Charge</dt><dd>${money(c.total_charge)}</dd>
<dt>Paid</dt><dd>${money(c.paid_amount)}</dd>
<dt>Patient responsibility</dt><dd>${money(c.patient_responsibility)}</dd>
<dt>Payer claim number</dt><dd>${c.payer_claim_number ?? '—'}</dd>
<dt>837</dt><dd>${d.interchange ? html`<a href="/files/${d.interchange.file_id}">${d.interchange.file_name}</a> · ISA13 ${String(d.interchange.isa13)} · GS06 ${String(d.interchange.gs06)} · ST02 ${d.interchange.st02}` : 'not generated'}</dd>
<dt>Ledger id</dt><dd>${c.id} · version ${String(d.version)}</dd>
</dl>
${visitFacts}
${d.reasons.length ? html`<section aria-labelledby="why-h"><h2 id="why-h">Why it needs a person</h2><ul class="reasons">${d.reasons.map(reasonItem)}</ul></section>` : ''}
${!d.canResubmit.ok && d.canResubmit.reason && d.reasons.length ? html`<p class="notice">${d.canResubmit.reason}</p>` : ''}
${editForm}${voidForm}
<section aria-labelledby="tl-h"><h2 id="tl-h">Timeline</h2><ol class="timeline">${d.timeline.map(
      (e) => html`<li class="${e.tone === 'bad' ? 'bad' : e.tone === 'action' ? 'action' : ''}" data-claim="${e.claimId}"><span class="at">${when(e.at)}</span><b>${e.title}</b>${e.claimId !== c.id ? html` <span class="badge info">claim ${e.claimId}</span>` : ''} — ${e.text}${e.who ? html` <span class="who">by <b>${e.who}</b></span>` : ''}${e.fileName ? html` <span class="muted small">(${e.fileId ? html`<a href="/files/${e.fileId}">${e.fileName}</a>` : e.fileName})</span>` : ''}</li>`,
    )}</ol></section>
<section aria-labelledby="lines-h"><h2 id="lines-h">Service lines</h2><table><thead><tr><th scope="col">Line</th><th scope="col">Control (REF*6R)</th><th scope="col">Procedure</th><th scope="col" class="num">Units</th><th scope="col" class="num">Charge</th></tr></thead>
<tbody>${d.lines.map((l) => html`<tr><td>${String(l.line_number)}</td><td>${l.line_control ?? ''}</td><td>${l.procedure_code ?? ''}</td><td class="num">${l.units ?? ''}</td><td class="num">${money(l.charge)}</td></tr>`)}</tbody></table></section>
<section aria-labelledby="pay-h"><h2 id="pay-h">Payments (835)</h2>${d.payments.length
      ? d.payments.map(
          (p) => html`<h3><a href="/remittances/${p.remittance_id}">Remittance ${p.trace_number}</a> · ${p.payer_name ?? ''} · ${p.payment_date ?? ''} · ${p.outcome ?? 'unmatched'}</h3>
<table><thead><tr><th scope="col">Line</th><th scope="col">Group</th><th scope="col">Reason</th><th scope="col">Meaning</th><th scope="col" class="num">Amount</th></tr></thead><tbody>
${p.adjustments.map((a) => html`<tr><td>${a.line_number === null ? 'claim' : String(a.line_number)}</td><td>${a.group_code}</td><td>${a.reason_code}</td><td>${adjustmentMeaning(a.group_code, a.reason_code, p.remarks)}</td><td class="num">${money(a.amount)}</td></tr>`)}
</tbody><tfoot><tr><td colspan="4">Billed ${money(p.billed)} · paid ${money(p.paid)} · patient ${money(p.patient_responsibility)}</td><td></td></tr></tfoot></table>
${paymentLinesTable(p.lines ?? [], p.adjustments)}
${p.remarks.length ? html`<ul>${[...new Set(p.remarks)].map((r) => html`<li>${r}: ${describeRarc(r)}</li>`)}</ul>` : ''}`,
        )
      : html`<p class="muted">No payment yet.</p>`}</section>`,
  );
}

// ------------------------------------------------------------------------------------------------
// Worklist
// ------------------------------------------------------------------------------------------------

// The worklist page (triage, next actions, deadlines) is in worklist-page.ts.

// ------------------------------------------------------------------------------------------------
// Remittances
// ------------------------------------------------------------------------------------------------

export function remittancesPage(frame: Frame, q: { balanced?: string; payer?: string; from?: string; to?: string; limit: number; offset: number }, result: { total: number; rows: Array<{ id: string; payer_name: string | null; payer_key: string; trace_number: string; payment_date: string | null; payment_amount: string; payment_method: string; balanced: number; claim_count: number | null; created_at: string }> }, filterFields: Html | '' = '', invalid = false): string {
  return f(
    frame,
    'Remittances',
    'remittances',
    html`<h1>Remittances (checks and EFTs)</h1>
<form class="filters" method="get" action="/remittances" aria-label="Remittance filters"><label>Balance <select name="balanced"><option value="">any</option><option value="yes"${selected(q.balanced === 'yes')}>balanced</option><option value="no"${selected(q.balanced === 'no')}>not balanced</option></select></label>
${filterFields}
<button type="submit">Filter</button> <a class="button secondary" href="${csvLink('/remittances', q as unknown as Record<string, unknown>)}">CSV</a></form>
${invalid ? html`<div class="notice error" role="alert">Fix the marked date before the list is shown.</div>` : ''}
${pager('/remittances', q as unknown as Record<string, unknown>, result.total, q.limit, q.offset)}
<table><thead><tr><th scope="col">Trace (TRN02)</th><th scope="col">Payer</th><th scope="col">Date</th><th scope="col">Method</th><th scope="col" class="num">Claims</th><th scope="col" class="num">Amount</th><th scope="col">Balance</th><th scope="col">Posted</th></tr></thead>
<tbody>${result.rows.length ? result.rows.map((r) => html`<tr><td><a href="/remittances/${r.id}">${r.trace_number}</a></td><td>${r.payer_name ?? r.payer_key}</td><td>${r.payment_date ?? '—'}</td><td>${r.payment_method}</td><td class="num">${String(r.claim_count ?? 0)}</td><td class="num">${money(r.payment_amount)}</td><td>${r.balanced ? html`<span class="badge good">balanced</span>` : html`<span class="badge bad">NOT balanced</span>`}</td><td>${when(r.created_at)}</td></tr>`) : html`<tr><td colspan="8" class="muted">No remittance posted yet.</td></tr>`}</tbody></table>`,
  );
}

// ------------------------------------------------------------------------------------------------
// Aging
// ------------------------------------------------------------------------------------------------

export function agingPage(frame: Frame, q: { payer?: string; bucket?: string; alarm?: string; limit: number; offset: number }, r: AgingReport, list: AgingClaim[], total: number): string {
  const cell = (payer: string | undefined, bucket: string, count: number, amount: string) => html`<td class="num" data-bucket="${bucket}"><a href="/aging?${payer ? `payer=${encodeURIComponent(payer)}&` : ''}bucket=${bucket}">${String(count)}</a><div class="small muted">${money(amount)}</div></td>`;
  return f(
    frame,
    'Outstanding claims (A/R aging)',
    'aging',
    html`<h1>Outstanding claims (A/R aging)</h1>${live}
<p class="muted">Claims sent and not finally answered, by days since the 837 was sent. Alarms: an expected answer is late (thresholds per partner).</p>
<div class="cards">${(Object.keys(r.alarms) as Array<keyof typeof r.alarms>).map((k) => html`<div class="card"><span class="label">${ALARM_TEXT[k]}</span><span class="value${r.alarms[k] ? ' alarm' : ''}"><a href="/aging?alarm=${k}">${String(r.alarms[k])}</a></span></div>`)}</div>
<table class="aging"><caption>By payer: number of claims and amount outstanding</caption><thead><tr><th scope="col">Payer</th>${r.buckets.map((b) => html`<th scope="col" class="num">${b.label}</th>`)}<th scope="col" class="num">Total</th><th scope="col" class="num">Alarms</th></tr></thead>
<tbody>${r.payers.length ? r.payers.map((p) => html`<tr data-payer="${p.payerId}"><th scope="row">${p.payerId}</th>${r.buckets.map((b) => cell(p.payerId, b.id, p.counts[b.id], p.amounts[b.id]))}<td class="num" data-total><b>${String(p.count)}</b><div class="small">${money(p.amount)}</div></td><td class="num${p.alarms ? ' alarm' : ''}">${String(p.alarms)}</td></tr>`) : html`<tr><td colspan="${String(r.buckets.length + 3)}" class="muted">Nothing outstanding.</td></tr>`}</tbody>
<tfoot><tr class="total" data-payer="all"><th scope="row">All payers</th>${r.buckets.map((b) => cell(undefined, b.id, r.totals.counts[b.id], r.totals.amounts[b.id]))}<td class="num" data-total>${String(r.totals.count)}<div class="small">${money(r.totals.amount)}</div></td><td class="num">${String(r.totals.alarms)}</td></tr></tfoot></table>
<h2>Claims to follow up</h2>
<form class="filters" method="get" action="/aging" aria-label="Follow-up filters">
<label>Payer <select name="payer"><option value="">any</option>${r.payers.map((p) => html`<option${selected(q.payer === p.payerId)}>${p.payerId}</option>`)}</select></label>
<label>Age <select name="bucket"><option value="">any</option>${AGING_BUCKETS.map((b) => html`<option value="${b.id}"${selected(q.bucket === b.id)}>${b.label}</option>`)}</select></label>
<label>Alarm <select name="alarm"><option value="">any</option><option value="any"${selected(q.alarm === 'any')}>any alarm</option>${(Object.keys(ALARM_TEXT) as Array<keyof typeof ALARM_TEXT>).map((k) => html`<option value="${k}"${selected(q.alarm === k)}>${ALARM_TEXT[k]}</option>`)}</select></label>
<button type="submit">Filter</button> <a class="button secondary" href="${csvLink('/aging', q as unknown as Record<string, unknown>)}">CSV for follow-up calls</a></form>
${pager('/aging', q as unknown as Record<string, unknown>, total, q.limit, q.offset)}
<table><thead><tr><th scope="col">Claim</th><th scope="col">Payer</th><th scope="col">State</th><th scope="col">Sent</th><th scope="col" class="num">Days</th><th scope="col">Bucket</th><th scope="col" class="num">Charge</th><th scope="col">Alarm</th></tr></thead>
<tbody>${list.length ? list.map((c) => html`<tr><td><a href="/claims/${c.id}">${c.claimId}</a></td><td>${c.payerId}</td><td>${stateBadge(c.state)}</td><td>${when(c.sentAt)}</td><td class="num">${String(c.days)}</td><td>${c.bucket}</td><td class="num">${money(c.totalCharge)}</td><td>${c.alarm ? html`<span class="alarm">${ALARM_TEXT[c.alarm]}</span>` : ''}</td></tr>`) : html`<tr><td colspan="8" class="muted">No claim matches.</td></tr>`}</tbody></table>`,
  );
}

// ------------------------------------------------------------------------------------------------
// Patient balances and statement
// ------------------------------------------------------------------------------------------------

export function balancesPage(frame: Frame, q: { view: string; limit: number; offset: number }, claims: { total: number; sum: string; rows: BalanceRow[] } | undefined, patients: { total: number; rows: Array<{ memberId: string | null; last: string | null; first: string | null; claims: number; anyClaim: string; owed: string; lastService: string | null }> } | undefined): string {
  const tabs = html`<p class="actions"><a class="button${q.view === 'patients' ? '' : ' secondary'}" href="/balances?view=patients">Per patient</a><a class="button${q.view === 'claims' ? '' : ' secondary'}" href="/balances?view=claims">Per claim</a><a class="button secondary" href="${csvLink('/balances', { view: q.view })}">CSV</a></p>`;
  const body = claims
    ? html`${pager('/balances', q as unknown as Record<string, unknown>, claims.total, q.limit, q.offset)}
<table class="balances"><thead><tr><th scope="col">Patient</th><th scope="col">Claim</th><th scope="col">Service date</th><th scope="col">Payer</th><th scope="col" class="num">Charge</th><th scope="col" class="num">Insurance paid</th><th scope="col" class="num">Deductible</th><th scope="col" class="num">Coinsurance</th><th scope="col" class="num">Copay</th><th scope="col" class="num">Non-covered</th><th scope="col" class="num">Patient owes</th><th scope="col">Statement</th></tr></thead>
<tbody>${claims.rows.map((r) => html`<tr><td>${patientName(r.patient.last, r.patient.first)}</td><td><a href="/claims/${r.id}">${r.claimId}</a></td><td>${r.serviceDate ?? '—'}</td><td>${r.payerId}</td><td class="num">${money(r.totalCharge)}</td><td class="num">${money(r.paid)}</td><td class="num">${money(r.share.deductible)}</td><td class="num">${money(r.share.coinsurance)}</td><td class="num">${money(r.share.copay)}</td><td class="num">${money(r.share.nonCovered)}</td><td class="num">${money(r.patientResponsibility)}</td><td><a href="/balances/statement?claim=${r.id}">Statement</a></td></tr>`)}</tbody>
<tfoot><tr><td colspan="10">${claims.total === 1 ? 'The one claim' : `All ${plural(claims.total, 'claim')}`} with a patient balance</td><td class="num">${money(claims.sum)}</td><td></td></tr></tfoot></table>`
    : patients
      ? html`${pager('/balances', q as unknown as Record<string, unknown>, patients.total, q.limit, q.offset)}
<table class="patients"><thead><tr><th scope="col">Patient</th><th scope="col">Member id</th><th scope="col" class="num">Claims</th><th scope="col">Last service</th><th scope="col" class="num">Owes</th><th scope="col">Statement</th></tr></thead>
<tbody>${patients.rows.map((p) => html`<tr><td><a href="/accounts/${guarantorIdFor(p.memberId, p.memberId ? null : p.last, p.memberId ? null : p.first)}">${patientName(p.last, p.first)}</a></td><td>${p.memberId ?? '—'}</td><td class="num">${String(p.claims)}</td><td>${p.lastService ?? '—'}</td><td class="num">${money(p.owed)}</td><td><a href="/balances/statement?claim=${p.anyClaim}">Printable statement</a></td></tr>`)}</tbody></table>`
      : '';
  return f(frame, 'Patient balances', 'balances', html`<h1>Patient balances</h1><p class="muted">What remains for the patient after insurance, from the payers’ 835s (group PR adjustments).</p>${tabs}${body}`);
}

export function statementPage(frame: Frame, s: { at: string; practice: { name: string; address: string[] }; patient: { name: string; memberId: string | null; address: string[] }; rows: BalanceRow[]; total: BalanceRow['share']; account?: { href: string; phone?: string } }): string {
  return f(
    frame,
    `Statement for ${s.patient.name}`,
    'balances',
    html`<div class="statement"><p class="actions noprint"><button type="button" data-print hidden>Print</button><a class="button secondary" href="/balances">Back to balances</a>${s.account ? html`<a class="button secondary" href="${s.account.href}">Account statement (payments, due date, remit-to stub)</a>` : ''}</p>
<article class="sheet" aria-labelledby="st-h"><h1 id="st-h">Patient statement</h1>
<div class="parties"><div><b>${s.practice.name}</b>${s.practice.address.map((l) => html`<div>${l}</div>`)}</div><div><b>${s.patient.name}</b>${s.patient.address.map((l) => html`<div>${l}</div>`)}<div class="muted small">Member id ${s.patient.memberId ?? '—'}</div></div><div><div class="muted">Statement date</div><div>${s.at.slice(0, 10)}</div></div></div>
<table class="statement-lines"><thead><tr><th scope="col">Date of service</th><th scope="col">Claim</th><th scope="col" class="num">Charges</th><th scope="col" class="num">Insurance paid</th><th scope="col" class="num">Deductible</th><th scope="col" class="num">Coinsurance</th><th scope="col" class="num">Copay</th><th scope="col" class="num">Not covered</th><th scope="col" class="num">You owe</th></tr></thead>
<tbody>${s.rows.map((r) => html`<tr><td>${r.serviceDate ?? '—'}</td><td>${r.claimId}</td><td class="num">${money(r.totalCharge)}</td><td class="num">${money(r.paid)}</td><td class="num">${money(r.share.deductible)}</td><td class="num">${money(r.share.coinsurance)}</td><td class="num">${money(r.share.copay)}</td><td class="num">${money(r.share.nonCovered)}</td><td class="num">${money(r.patientResponsibility)}</td></tr>`)}</tbody>
<tfoot><tr><td colspan="4">Totals</td><td class="num">${money(s.total.deductible)}</td><td class="num">${money(s.total.coinsurance)}</td><td class="num">${money(s.total.copay)}</td><td class="num">${money(s.total.nonCovered)}</td><td class="num" data-total-due>${money(s.total.total)}</td></tr></tfoot></table>
<p class="due">Amount due: <span data-amount-due>${money(s.total.total)}</span></p>
<p class="muted small">Your insurance has processed these visits. The amounts above are what your plan says is your share (deductible, coinsurance, copay, or services it does not cover). Questions: call ${s.account?.phone ?? 'the billing office'}.</p></article></div>`,
    'statement-page',
  );
}

// ------------------------------------------------------------------------------------------------
// Files and audit
// ------------------------------------------------------------------------------------------------

export function filesPage(frame: Frame, q: { direction?: string; state?: string; limit: number; offset: number }, result: { total: number; rows: Array<{ id: string; direction: string; partner_id: string | null; name: string; kind: string; state: string; size: number; error: string | null; created_at: string; updated_at: string }> }, mayChange: boolean, notice?: { ok: boolean; text: string }): string {
  return f(
    frame,
    'Files',
    'files',
    html`<h1>Files in and out</h1>${live}
${notice ? html`<p class="notice ${notice.ok ? 'ok' : 'error'}" role="status">${notice.text}</p>` : ''}
<form class="filters" method="get" action="/files" aria-label="File filters">
<label>Direction <select name="direction"><option value="">any</option>${[['intake', 'claim batches in'], ['out', '837s out'], ['in', 'responses in']].map(([v, l]) => html`<option value="${v}"${selected(q.direction === v)}>${l}</option>`)}</select></label>
<label>State <select name="state"><option value="">any</option>${['received', 'processed', 'rejected', 'duplicate', 'spooled', 'uploading', 'uploaded', 'acknowledged', 'posted', 'quarantined'].map((s) => html`<option${selected(q.state === s)}>${s}</option>`)}</select></label>
<button type="submit">Filter</button> <a class="button secondary" href="${csvLink('/files', q as unknown as Record<string, unknown>)}">CSV</a></form>
${pager('/files', q as unknown as Record<string, unknown>, result.total, q.limit, q.offset)}
<table class="files"><thead><tr><th scope="col">File</th><th scope="col">Direction</th><th scope="col">Partner</th><th scope="col">Kind</th><th scope="col">State</th><th scope="col" class="num">Bytes</th><th scope="col">Error</th><th scope="col">Updated</th><th scope="col">Action</th></tr></thead>
<tbody>${result.rows.map((r) => html`<tr data-file="${r.id}"><td><a href="/files/${r.id}">${r.name}</a><div class="muted small">${r.id}</div></td><td>${r.direction}</td><td>${r.partner_id ?? ''}</td><td>${r.kind}</td><td>${r.state === 'quarantined' || r.state === 'rejected' ? html`<span class="badge bad">${r.state}</span>` : r.state}</td><td class="num">${r.size.toLocaleString('en-US')}</td><td>${r.error ?? ''}</td><td>${when(r.updated_at)}</td>
<td>${mayChange && r.direction === 'in' && r.state === 'quarantined' ? html`<form method="post" action="/files/${r.id}/reprocess"><input type="hidden" name="_csrf" value="${frame.csrf}"><button type="submit" class="secondary">Reprocess</button></form>` : ''}</td></tr>`)}</tbody></table>`,
  );
}

export function auditPage(frame: Frame, q: { claim?: string; actor?: string; before?: number }, rows: AuditRow[]): string {
  const next = rows.length ? rows[rows.length - 1].seq : undefined;
  return f(
    frame,
    'Audit log',
    'audit',
    html`<h1>Audit log</h1><p class="muted">Who viewed or changed which claim, file or page. Append-only: the database refuses to change or delete entries.</p>
<form class="filters" method="get" action="/audit" aria-label="Audit filters"><label>Claim id <input name="claim" value="${q.claim ?? ''}"></label><label>Actor <input name="actor" value="${q.actor ?? ''}"></label><button type="submit">Filter</button></form>
<table class="audit"><thead><tr><th scope="col">#</th><th scope="col">When</th><th scope="col">Who</th><th scope="col">Role</th><th scope="col">Action</th><th scope="col">Claim</th><th scope="col">File</th><th scope="col">Detail</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td class="num">${String(r.seq)}</td><td>${when(r.at)}</td><td>${r.actor}</td><td>${r.role}</td><td>${r.action}</td><td>${r.claim_id ? html`<a href="/claims/${r.claim_id}">${r.claim_id}</a>` : ''}</td><td>${r.file_id ?? ''}</td><td class="small">${r.detail ?? ''}</td></tr>`)}</tbody></table>
${next && rows.length >= 100 ? html`<p class="pager"><a href="/audit?before=${String(next)}${q.claim ? `&claim=${encodeURIComponent(q.claim)}` : ''}${q.actor ? `&actor=${encodeURIComponent(q.actor)}` : ''}">Older ›</a></p>` : ''}`,
  );
}

export function errorPage(frame: Frame | undefined, status: number, message: string): string {
  return layout({ title: `Error ${status}`, viewer: frame?.viewer, csrf: frame?.csrf }, html`<h1>${String(status)}</h1><p class="notice error" role="alert">${message}</p><p><a href="/">Back to the dashboard</a></p>`);
}
