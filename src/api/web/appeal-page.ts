/**
 * The printable appeal letter (issue 15 item 3): on screen, the letter with a form for the biller's
 * argument and the appeal's status; on paper (print stylesheet), only the letter. Pure.
 */
import type { AppealLetter } from '../workbench/appeal.js';
import { html, layout, money, patientName, raw } from './layout.js';
import type { Frame } from './pages.js';

const PRINT_CSS = raw(`<style>
.letter{max-width:720px;border:1px solid #ccc;padding:32px;margin:12px 0;background:#fff;font-family:Georgia,serif;line-height:1.45}
.letter .from{text-align:right}.letter h2{font-size:1.1em}.letter .argument{white-space:pre-wrap;min-height:4em}
.letter .argument.empty{border:1px dashed #999;color:#666;padding:8px}
@media print{body{background:#fff}.letter{border:none;padding:0;margin:0;max-width:none;font-size:12pt}.letter .argument.empty{color:transparent}h1.screen-only{display:none}}
</style>`);

export function appealPage(frame: Frame, l: AppealLetter, notice?: { ok: boolean; text: string }, today = new Date().toISOString().slice(0, 10)): string {
  const status = l.appeal?.status;
  const argument = l.appeal?.argument ?? '';
  const docs = [...new Set(l.reasons.flatMap((r) => r.documents))];
  const body = html`${PRINT_CSS}<h1 class="screen-only">Appeal for claim ${l.patientControlNumber}</h1>
${notice ? html`<p class="notice ${notice.ok ? 'ok' : 'error'} noprint" role="${notice.ok ? 'status' : 'alert'}">${notice.text}</p>` : ''}
<p class="noprint">Status: <b id="appeal-status">${status ?? 'not drafted'}</b>${l.deadline ? html` · appeal deadline <b id="appeal-deadline">${l.deadline}</b>` : ''} · <a href="/claims/${l.claimId}">Back to the claim</a> <button type="button" data-print hidden>Print the letter</button></p>
<article class="letter" aria-label="Appeal letter">
<div class="from">${l.practice ? html`<b>${l.practice.name}</b>${l.practice.address.map((a) => html`<br>${a}`)}${l.practice.phone ? html`<br>Phone ${l.practice.phone}` : ''}` : html`<b>(Practice name and address: set accounts.practice in the gateway config)</b>`}<br>${today}</div>
<p>To: ${l.payer.name ?? l.payer.id} (payer ${l.payer.id})<br>Appeals department</p>
<p><b>Re: request for reconsideration</b><br>
Patient: ${patientName(l.patient.last, l.patient.first)} · Member id: ${l.patient.memberId ?? '—'}<br>
Payer claim number: ${l.payerClaimNumber ?? '—'} · Our claim number: ${l.patientControlNumber}<br>
Date of service: ${l.serviceDate ?? '—'} · Billed: ${money(l.billed)} · Paid: ${money(l.paid)}<br>
Remittance: ${l.remittance.trace}${l.remittance.date ? html` of ${l.remittance.date}` : ''}</p>
<p>We ask you to reconsider your decision on this claim. The remittance gave the following reasons:</p>
<ul class="appeal-reasons">${l.reasons.map((r) => html`<li><b>${r.group}-${r.carc}${r.rarcs.length ? ` (${r.rarcs.join(', ')})` : ''}</b>, ${money(r.amount)}: ${r.explanation}</li>`)}</ul>
<h2>Why the claim should be paid</h2>
<div class="argument${argument ? '' : ' empty'}" id="appeal-argument">${argument || 'The biller’s argument goes here.'}</div>
${docs.length ? html`<h2>Enclosed</h2><ul>${docs.map((d) => html`<li>${d}</li>`)}</ul>` : ''}
<p>Sincerely,</p><p>${l.practice?.name ?? ''}<br>Billing office${l.practice?.phone ? html`, ${l.practice.phone}` : ''}</p>
</article>
${l.mayChange
  ? html`<form method="post" action="/claims/${l.claimId}/appeal" class="noprint" aria-label="The appeal">
<input type="hidden" name="_csrf" value="${frame.csrf}">
<label for="argument">Your argument (printed in the letter)</label><div><textarea id="argument" name="argument" rows="8" cols="80" maxlength="8000">${argument}</textarea></div>
<label>Status <select name="status">${(['drafted', 'sent', 'answered'] as const).map((s) => html`<option value="${s}"${status === s || (!status && s === 'drafted') ? raw(' selected') : ''}>${s}</option>`)}</select></label>
<label>Payer’s answer (when answered) <input name="answer" maxlength="500" value="${l.appeal?.answer ?? ''}"></label>
<button type="submit">Save the appeal</button></form>`
  : ''}`;
  return layout({ title: `Appeal ${l.patientControlNumber}`, active: 'worklist', viewer: frame.viewer, csrf: frame.csrf }, body);
}
