/**
 * The worklist page with triage (issue 16 item 2) and the denial knowledge base's next action and
 * deadline on every row (issue 15). Each reason group's long "what to do" text is shown once, in a
 * list under the table that every row links to; rows carry the reason, the field, a short next action
 * and the deadline. Pure: view data in, HTML out.
 */
import { alertBadges } from './alerts-page.js';
import type { WorklistItem } from '../workbench/views.js';
import type { FilterError, WorklistSort } from '../../billing-rules/triage.js';
import { SORT_LABELS, WORKLIST_SORTS } from '../../billing-rules/triage.js';
import type { Reason } from '../../billing-rules/reasons.js';
import { csvLink, html, layout, money, pager, patientName, raw, stateBadge, type Html } from './layout.js';
import type { Frame } from './pages.js';

export interface WorklistQuery {
  state?: string[];
  payer?: string;
  sort?: string;
  dir?: string;
  minAmount?: string;
  maxAmount?: string;
  reason?: string;
  mine?: string;
  assignee?: string;
  minAgeDays?: string;
  dueWithinDays?: string;
  limit: number;
  offset: number;
}

/** The next action in two or three words (the full sentence is in the reason group's text). */
export const NEXT_ACTION_LABELS: Readonly<Record<string, string>> = {
  'correct-and-resubmit': 'Correct and resubmit',
  'send-to-secondary': 'Send to the payer responsible',
  'bill-patient': 'Bill the patient',
  appeal: 'Appeal',
  'request-records': 'Send records',
  'check-eligibility': 'Check eligibility',
  'write-off': 'Write off',
  none: 'Nothing to do',
};

const STATES = ['scrub-rejected', 'interchange-rejected', 'ack-rejected', 'payer-rejected', 'denied', 'partially-paid'];
const selected = (on: boolean) => (on ? raw(' selected') : '');

/** The reason group a row links to: one per source and code (remarks included in an 835 code). */
const groupKey = (r: Reason) => `${r.source} ${r.code}`;
const groupId = (key: string) => `why-${key.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;

/** A reason group's "what to do" without the row's own deadline sentence (denialReasons ends the fix with it; rows show it). */
export const groupFix = (r: Reason) => (r.deadline ? r.fix.replace(/\s*(Appeal|Timely filing) deadline: [^.]*\.?$/, '') : r.fix);

export function nextActionLabel(r: Reason): string {
  return r.nextAction ? (NEXT_ACTION_LABELS[r.nextAction] ?? r.nextAction) : r.source === 'scrubber' || r.field ? 'Correct and resubmit' : 'Read the reason, then correct';
}

/** "Appeal by 2026-05-01" / "Timely filing: 90 days from the remittance"; empty when none applies. */
export function deadlineText(r: Reason): string {
  if (!r.deadline) return '';
  const what = r.deadline.kind === 'appeal-window' ? 'Appeal' : 'Timely filing';
  return r.deadline.dueDate ? `${what} by ${r.deadline.dueDate}` : `${what}: ${r.deadline.days} days from the remittance`;
}

function filterField(name: string, label: string, control: Html, errors: readonly FilterError[]): Html {
  const e = errors.filter((x) => x.filter === name);
  return html`<label>${label} ${control}${e.map((x) => html` <span class="field-error" id="err-${name}" role="alert">${x.message}</span>`)}</label>`;
}

export function triagedWorklistPage(frame: Frame, q: WorklistQuery, payers: string[], result: { total: number; totalCharge: string; items: WorklistItem[] }, errors: readonly FilterError[] = [], who: { me: string; mayChange: boolean } = { me: '', mayChange: false }, alertKinds: ReadonlyMap<string, readonly string[]> = new Map(), followUps: readonly FollowUpItem[] = []): string {
  const states = new Set(q.state ?? []);
  const invalid = (name: string) => (errors.some((e) => e.filter === name) ? raw(` aria-invalid="true" aria-describedby="err-${name}"`) : '');
  const query = q as unknown as Record<string, unknown>;
  const sortLink = (sort: WorklistSort) => {
    const dir = q.sort === sort && (q.dir ?? (sort === 'age' || sort === 'payer' || sort === 'deadline' ? 'asc' : 'desc')) === 'desc' ? 'asc' : sort === 'age' || sort === 'payer' || sort === 'deadline' ? 'asc' : 'desc';
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (!['sort', 'dir', 'offset'].includes(k) && v !== undefined && v !== '') for (const x of Array.isArray(v) ? v : [v]) p.append(k, String(x));
    p.set('sort', sort);
    p.set('dir', dir);
    return `/worklist?${p.toString()}`;
  };
  const groups = new Map<string, Reason>();
  for (const i of result.items) for (const r of i.reasons) if (!groups.has(groupKey(r))) groups.set(groupKey(r), r);
  const body = html`<h1>Worklist: rejected and denied claims</h1><p id="live" class="notice" role="status">Claims have changed since this page was loaded. <a href="">Reload</a> to see the latest.</p>
<p class="muted">Every claim here needs a person: the reason in plain words, the field to fix, the next action and its deadline. Open a claim to correct and resubmit it.</p>
<form class="filters" method="get" action="/worklist" aria-label="Worklist filters">
${filterField('state', 'State', html`<select name="state"><option value="">all that need a person</option>${STATES.map((s) => html`<option value="${s}"${selected(states.has(s))}>${s}</option>`)}</select>`, errors)}
${filterField('payer', 'Payer', html`<select name="payer"><option value="">any</option>${payers.map((p) => html`<option${selected(q.payer === p)}>${p}</option>`)}</select>`, errors)}
${filterField('reason', 'Reason (e.g. CO-50)', html`<input name="reason" size="8" maxlength="20" value="${q.reason ?? ''}"${invalid('reason')}>`, errors)}
${filterField('minAmount', 'Charge from $', html`<input name="minAmount" size="8" maxlength="20" inputmode="decimal" value="${q.minAmount ?? ''}"${invalid('minAmount')}>`, errors)}
${filterField('maxAmount', 'to $', html`<input name="maxAmount" size="8" maxlength="20" inputmode="decimal" value="${q.maxAmount ?? ''}"${invalid('maxAmount')}>`, errors)}
${filterField('minAgeDays', 'Served at least (days ago)', html`<input name="minAgeDays" size="4" maxlength="5" inputmode="numeric" value="${q.minAgeDays ?? ''}"${invalid('minAgeDays')}>`, errors)}
${filterField('dueWithinDays', 'Deadline within (days)', html`<input name="dueWithinDays" size="4" maxlength="5" inputmode="numeric" value="${q.dueWithinDays ?? ''}"${invalid('dueWithinDays')}>`, errors)}
${filterField('sort', 'Sort by', html`<select name="sort"${invalid('sort')}>${WORKLIST_SORTS.map((s) => html`<option value="${s}"${selected((q.sort ?? 'updated') === s)}>${SORT_LABELS[s]}</option>`)}</select>`, errors)}
${filterField('dir', 'Order', html`<select name="dir"${invalid('dir')}><option value="">default</option><option value="desc"${selected(q.dir === 'desc')}>largest / newest first</option><option value="asc"${selected(q.dir === 'asc')}>smallest / oldest first</option></select>`, errors)}
${filterField('assignee', 'Assignee', html`<input name="assignee" size="10" maxlength="64" value="${q.assignee ?? ''}"${invalid('assignee')}>`, errors)}
<label><input type="checkbox" name="mine" value="1"${q.mine ? raw(' checked') : ''}> My work only</label>
<button type="submit">Filter</button> <a class="button secondary" href="/worklist?mine=1">My work</a> <a class="button secondary" href="${csvLink('/worklist', query)}">CSV</a></form>
${errors.length ? html`<p class="notice error" role="alert">Some filters are not valid (see next to each): correct them to list the claims.</p>` : ''}
<p class="worklist-totals"><b><span id="worklist-count">${result.total.toLocaleString('en-US')}</span> ${result.total === 1 ? 'claim' : 'claims'}</b> need a person, <b id="worklist-total">${money(result.totalCharge)}</b> charged.</p>
${pager('/worklist', query, result.total, q.limit, q.offset)}
<table class="worklist"><caption class="muted">Sort: <a href="${sortLink('amount')}">by amount</a> · <a href="${sortLink('age')}">by age</a> · <a href="${sortLink('payer')}">by payer</a> · <a href="${sortLink('deadline')}">by deadline</a> · <a href="${sortLink('updated')}">by last change</a></caption>
<thead><tr><th scope="col">Claim</th><th scope="col">Patient</th><th scope="col"><a href="${sortLink('payer')}">Payer</a></th><th scope="col">State</th><th scope="col" class="num"><a href="${sortLink('amount')}" id="sort-amount">Charge</a></th><th scope="col">Reason</th><th scope="col">Field to fix</th><th scope="col">Next action</th><th scope="col"><a href="${sortLink('deadline')}" id="sort-deadline">Deadline</a></th><th scope="col">Triage</th><th scope="col">Action</th></tr></thead>
<tbody>${result.items.length
    ? result.items.map(
        (i) => html`<tr data-claim="${i.id}" data-amount="${i.totalCharge}"><td><a href="/claims/${i.id}">${i.claimId}</a><div class="muted small">${i.serviceDate ?? ''}</div>${alertBadges(alertKinds.get(i.id))}</td><td>${patientName(i.patient.last, i.patient.first)}</td><td>${i.payerId}</td><td>${stateBadge(i.state)}</td><td class="num">${money(i.totalCharge)}</td>
<td class="reason">${i.reasons.map((r) => html`<div><a href="#${groupId(groupKey(r))}"><b>${r.source} ${r.code}</b></a>: ${r.text}</div>`)}</td><td class="field">${[...new Set(i.reasons.map((r) => r.fieldLabel).filter(Boolean))].map((l) => html`<div>${l ?? ''}</div>`)}</td>
<td class="next-action">${[...new Set(i.reasons.map(nextActionLabel))].map((l) => html`<div>${l}</div>`)}</td><td class="deadline">${[...new Set(i.reasons.map(deadlineText).filter(Boolean))].map((d) => html`<div>${d}</div>`)}</td>
<td class="triage">${triageCell(i, frame.csrf, who.mayChange)}</td>
<td><a href="/claims/${i.id}#fix-h">Correct</a>${i.reasons.some((r) => r.nextAction === 'appeal') ? html`<br><a href="/claims/${i.id}/appeal">Appeal letter</a>` : ''}</td></tr>`,
      )
    : html`<tr><td colspan="11" class="muted">Nothing needs a person. </td></tr>`}</tbody></table>
${pager('/worklist', query, result.total, q.limit, q.offset)}
${groups.size ? html`<section aria-labelledby="todo-h"><h2 id="todo-h">What to do, by reason</h2><dl class="reason-groups">${[...groups.entries()].map(([k, r]) => html`<dt id="${groupId(k)}">${k}</dt><dd>${groupFix(r)}</dd>`)}</dl></section>` : ''}
${followUpSection(followUps)}`;
  return layout({ title: 'Worklist', active: 'worklist', viewer: frame.viewer, csrf: frame.csrf }, body);
}

/** A claim the payer has not answered after a claim-status inquiry (276), or answered "not found" / "more information needed". */
export interface FollowUpItem {
  claimId: string;
  patientControlNumber: string;
  kind: 'silent-after-inquiry' | 'status-answer';
  at: string;
  nextStep: string;
}

/** Issue 14: claims to follow up with the payer (status follow-up), each with its next step in words; capped at 200 rows. */
function followUpSection(items: readonly FollowUpItem[]): Html | string {
  if (!items.length) return '';
  const shown = items.slice(0, 200);
  return html`<section aria-labelledby="followup-h"><h2 id="followup-h">Follow up with the payer (${items.length === 1 ? '1 claim' : `${items.length} claims`})</h2>
<p class="muted">Claims the payer has not answered after a claim-status inquiry (276), or answered with a status that needs a person.</p>
<table><thead><tr><th scope="col">Claim</th><th scope="col">Why</th><th scope="col">Since</th><th scope="col">Next step</th></tr></thead><tbody>${shown.map((i) => html`<tr><td><a href="/claims/${i.claimId}">${i.patientControlNumber}</a></td><td>${i.kind === 'silent-after-inquiry' ? 'No answer to the status inquiry' : 'Status answer needs a person'}</td><td>${i.at.slice(0, 10)}</td><td>${i.nextStep}</td></tr>`)}</tbody></table>
${items.length > shown.length ? html`<p class="muted">${items.length - shown.length} more not shown.</p>` : ''}</section>`;
}

/** One reason on the claim page: what happened, the field, and the next action (its sentence ends with the deadline, when one applies). */
export function reasonItem(r: Reason): Html {
  return html`<li><b>${r.source} ${r.code}</b>: ${r.text}${r.fieldLabel ? html` — field to fix: <b>${r.fieldLabel}</b>.` : ''} <span class="next-action"><b>Next action:</b> ${r.fix}</span></li>`;
}

/** A claim already resubmitted or voided: its state, without the red badge (the work is on the new claim). */
export function settledBadge(state: string, action: string): Html {
  return html`<span class="badge info">${state} · ${action === 'void' ? 'voided' : 'resubmitted'}</span>`;
}

/** Assignee, follow-up, note and the appeal's status; a small form to change the first three. */
function triageCell(i: WorklistItem, csrf: string, mayChange: boolean): Html {
  return html`${i.assignee ? html`<div>Assigned: <b>${i.assignee}</b></div>` : ''}${i.followUp ? html`<div>Follow up ${i.followUp}</div>` : ''}${i.note ? html`<div class="muted small">${i.note}</div>` : ''}${i.appeal ? html`<div class="appeal">Appeal ${i.appeal.status}${i.appeal.deadline ? ` (due ${i.appeal.deadline})` : ''}</div>` : ''}
${mayChange ? html`<details class="noprint"><summary>Assign / note</summary><form method="post" action="/worklist/${i.id}/triage"><input type="hidden" name="_csrf" value="${csrf}">
<label>Assignee <input name="assignee" size="10" maxlength="64" value="${i.assignee ?? ''}"></label><label>Follow-up <input type="date" name="followUp" value="${i.followUp ?? ''}"></label><label>Note <input name="note" maxlength="2000" value="${i.note ?? ''}"></label><button type="submit">Save</button></form></details>` : ''}`;
}
