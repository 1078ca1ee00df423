/**
 * Patient accounts pages (issue 11 item 4): the list per guarantor with the grand total (and CSV), one
 * guarantor's ledger with the forms to record a payment, an adjustment or a refund, the printable
 * statement (insurance adjustments, amount due, due date, remit-to stub, practice phone), the payment CSV
 * import, statement runs and the collections hand-off list.
 */
import { Decimal } from 'decimal.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addDays } from '../../accounts/money.js';
import { ADJUSTMENT_REASONS, PAYMENT_METHODS, type AccountSummary } from '../../accounts/patient-account.js';
import { accountsSettings } from '../../accounts/settings.js';
import { getAccount, importPatientPayments, listAccounts, recordEntry, runStatements, type AccountDetail, type AccountsList, type NewEntry } from '../../ledger/patient-accounts.js';
import { accountsCsv } from '../workbench/accounts-csv.js';
import { canChange, type WorkbenchContext } from '../workbench/context.js';
import { html, layout, money, pager, patientName, type Html } from './layout.js';
import type { Frame } from './pages.js';
import { patientSearchForm, searchAccounts } from './patient-search.js';

export interface PageHelpers {
  frame(req: FastifyRequest, reply: FastifyReply): Frame;
  audit(req: FastifyRequest, action: string, extra?: { detail?: Record<string, unknown> }): Promise<void>;
  sendHtml(reply: FastifyReply, body: string, status?: number): FastifyReply;
  sendCsv(reply: FastifyReply, name: string, body: string): FastifyReply;
  errorPage(frame: Frame, status: number, message: string): string;
}

const page = (frame: Frame, title: string, body: Html, bodyClass?: string) => layout({ title, active: 'accounts', viewer: frame.viewer, csrf: frame.csrf, bodyClass }, body);
const csrfField = (frame: Frame) => html`<input type="hidden" name="_csrf" value="${frame.csrf}">`;
const notice = (n?: { ok: boolean; text: string }) => (n ? html`<p class="notice ${n.ok ? 'ok' : 'error'}" role="${n.ok ? 'status' : 'alert'}">${n.text}</p>` : '');
const NEXT_TEXT: Record<string, string> = { 'nothing-due': 'nothing due', 'not-yet': 'not yet', 'final-notice-sent': 'final notice sent' };
const creditBadge = (s: AccountSummary) => (s.inCredit ? html` <span class="badge warn" data-credit>credit ${money(s.credit)}</span>` : '');

export function accountsListPage(frame: Frame, list: AccountsList, o: { view: 'open' | 'all' | 'collections'; q?: string; mayChange: boolean; limit: number; offset: number; notice?: { ok: boolean; text: string } }): string {
  const all = o.view === 'collections' ? list.rows.filter((r) => r.collections) : list.rows;
  const rows = all.slice(o.offset, o.offset + o.limit);
  // The collections view adds up its own accounts; the other views show the grand total over every account.
  const total = o.view === 'collections' ? { count: all.length, balance: all.reduce((x, r) => x.plus(r.summary.balance), new Decimal(0)).toFixed(2), credit: '0.00' } : { count: list.rows.length, ...list.grandTotal };
  const tab = (v: string, label: string) => html`<a class="button${o.view === v ? '' : ' secondary'}" href="/accounts?view=${v}">${label}</a>`;
  return page(
    frame,
    'Patient accounts',
    html`<h1>Patient accounts</h1><p class="muted">Per guarantor (the subscriber; a dependent’s visits are on the subscriber’s account): what insurance left to the patient, less patient payments and adjustments, plus refunds. A negative balance is a credit.</p>
${notice(o.notice)}
${patientSearchForm(o.view, o.q)}
<p class="actions">${tab('open', 'With a balance')}${tab('all', 'All')}${tab('collections', 'Collections hand-off')}<a class="button secondary" href="/accounts.csv?view=${o.view}">CSV</a></p>
${o.mayChange
  ? html`<details class="noprint"><summary>Run statements · import payments</summary>
<form method="post" action="/accounts/statement-run">${csrfField(frame)}<button type="submit">Run statements now</button> <span class="muted small">Each guarantor due a statement gets the next notice level.</span></form>
<form method="post" action="/accounts/import" aria-label="Import patient payments">${csrfField(frame)}<label>Payments CSV (date, claimId, amount, method, reference)<br><textarea name="csv" rows="5" cols="80" required></textarea></label><br><button type="submit">Import payments</button></form></details>`
  : ''}
${pager('/accounts', { view: o.view, q: o.q, limit: o.limit }, all.length, o.limit, o.offset)}
<table class="accounts"><thead><tr><th scope="col">Guarantor</th><th scope="col" class="num">Claims</th><th scope="col" class="num">Charges</th><th scope="col" class="num">Insurance paid</th><th scope="col" class="num">Insurance adjustments</th><th scope="col" class="num">Patient share</th><th scope="col" class="num">Patient paid</th><th scope="col" class="num">Patient adjustments</th><th scope="col" class="num">Refunds</th><th scope="col" class="num">Balance</th><th scope="col">Last notice</th><th scope="col">Next run</th><th scope="col">Collections</th></tr></thead>
<tbody>${rows.length ? rows.map((r) => html`<tr data-guarantor="${r.guarantorId}"><td><a href="/accounts/${r.guarantorId}">${patientName(r.guarantor.last, r.guarantor.first)}</a></td><td class="num">${String(r.claims)}</td><td class="num">${money(r.summary.charges)}</td><td class="num">${money(r.summary.insurancePaid)}</td><td class="num">${money(r.summary.insuranceAdjustments)}</td><td class="num">${money(r.summary.patientResponsibility)}</td><td class="num">${money(r.summary.patientPayments)}</td><td class="num">${money(r.summary.patientAdjustments)}</td><td class="num">${money(r.summary.refunds)}</td><td class="num" data-balance>${money(r.summary.balance)}${creditBadge(r.summary)}</td><td>${r.lastStatement ? `${r.lastStatement.level} (${r.lastStatement.date})` : '—'}</td><td>${r.next.send ? `notice ${r.next.level}${r.next.final ? ' (final)' : ''}` : NEXT_TEXT[r.next.reason]}</td><td>${r.collections ? html`<span class="badge bad">hand off</span>` : ''}</td></tr>`) : html`<tr><td colspan="13" class="muted">No account.</td></tr>`}</tbody>
<tfoot><tr><td colspan="9">${o.view === 'collections' ? 'Total to hand off' : 'Grand total'} (${String(total.count)} accounts; credits ${money(total.credit)})</td><td class="num" data-grand-total>${money(total.balance)}</td><td colspan="3"></td></tr></tfoot></table>`,
  );
}

export function accountPage(frame: Frame, a: AccountDetail, o: { mayChange: boolean; today: string; notice?: { ok: boolean; text: string } }): string {
  const s = a.summary;
  const amount = html`<label>Amount <input name="amount" inputmode="decimal" pattern="\\d+(\\.\\d{1,2})?" required size="8"></label>`;
  const date = html`<label>Date <input name="date" type="date" value="${o.today}"></label>`;
  const methods = html`<label>Method <select name="method">${PAYMENT_METHODS.map((m) => html`<option>${m}</option>`)}</select></label>`;
  return page(
    frame,
    `Account of ${patientName(a.guarantor.last, a.guarantor.first)}`,
    html`<h1>Patient ledger: ${patientName(a.guarantor.last, a.guarantor.first)}</h1>
${notice(o.notice)}
<p class="actions"><a class="button" href="/accounts/${a.guarantorId}/statement">Printable statement</a><a class="button secondary" href="/accounts">All accounts</a></p>
<div class="cards"><div class="card"><span class="label">Charges</span><span class="value">${money(s.charges)}</span></div><div class="card"><span class="label">Insurance paid</span><span class="value">${money(s.insurancePaid)}</span></div><div class="card"><span class="label">Insurance adjustments</span><span class="value">${money(s.insuranceAdjustments)}</span></div><div class="card"><span class="label">Patient payments</span><span class="value">${money(s.patientPayments)}</span></div><div class="card"><span class="label">Patient adjustments</span><span class="value">${money(s.patientAdjustments)}</span></div><div class="card"><span class="label">Balance</span><span class="value" data-account-balance>${money(s.balance)}</span>${creditBadge(s)}</div></div>
<section aria-labelledby="visits-h"><h2 id="visits-h">Visits</h2><table><thead><tr><th scope="col">Date of service</th><th scope="col">Claim</th><th scope="col">Patient</th><th scope="col" class="num">Charges</th><th scope="col" class="num">Insurance paid</th><th scope="col" class="num">Insurance adjustments</th><th scope="col" class="num">Patient share</th></tr></thead>
<tbody>${a.claims.map((c) => html`<tr><td>${c.serviceDate ?? '—'}</td><td><a href="/claims/${c.claimLedgerId}">${c.claimId}</a></td><td>${patientName(c.patient.last, c.patient.first)}</td><td class="num">${money(c.charge)}</td><td class="num">${money(c.insurancePaid)}</td><td class="num">${money(c.insuranceAdjustments)}</td><td class="num">${c.waitingForSecondary ? html`<span class="muted" data-waiting>${money(c.waitingForSecondary)} waiting for secondary</span>` : money(c.patientResponsibility)}</td></tr>`)}</tbody></table></section>
<section aria-labelledby="entries-h"><h2 id="entries-h">Patient payments, adjustments and refunds</h2><table class="entries"><thead><tr><th scope="col">Date</th><th scope="col">Kind</th><th scope="col">Method / reason</th><th scope="col">Reference</th><th scope="col" class="num">Amount</th><th scope="col">By</th></tr></thead>
<tbody>${a.entries.length ? a.entries.map((e) => html`<tr><td>${e.entry_date}</td><td>${e.kind}</td><td>${e.method ?? e.reason ?? ''}</td><td>${e.reference ?? ''}</td><td class="num">${e.kind === 'refund' ? '+' : '−'}${money(e.amount)}</td><td>${e.actor}</td></tr>`) : html`<tr><td colspan="6" class="muted">None yet.</td></tr>`}</tbody></table></section>
<section aria-labelledby="stm-h"><h2 id="stm-h">Statements</h2>${a.statements.length ? html`<ul>${a.statements.map((st) => html`<li>Notice ${String(st.level)} on ${st.statement_date}: ${money(st.amount_due)} due ${st.due_date}</li>`)}</ul>` : html`<p class="muted">No statement sent yet.</p>`}</section>
${o.mayChange
  ? html`<section aria-labelledby="rec-h" class="noprint"><h2 id="rec-h">Record</h2>
<form method="post" action="/accounts/${a.guarantorId}/payment" aria-label="Record a patient payment">${csrfField(frame)}<fieldset><legend>Patient payment</legend>${amount} ${methods} ${date} <label>Reference <input name="reference" maxlength="64" size="10"></label> <button type="submit">Record payment</button></fieldset></form>
<form method="post" action="/accounts/${a.guarantorId}/adjustment" aria-label="Record an adjustment">${csrfField(frame)}<fieldset><legend>Adjustment (at most the amount due)</legend>${amount} <label>Reason <select name="reason">${ADJUSTMENT_REASONS.map((r) => html`<option>${r}</option>`)}</select></label> ${date} <button type="submit">Record adjustment</button></fieldset></form>
${s.inCredit ? html`<form method="post" action="/accounts/${a.guarantorId}/refund" aria-label="Refund the credit">${csrfField(frame)}<fieldset><legend>Refund (at most the credit, ${money(s.credit)})</legend>${amount} ${methods} ${date} <label>Reference <input name="reference" maxlength="64" size="10"></label> <button type="submit">Record refund</button></fieldset></form>` : ''}</section>`
  : ''}`,
  );
}

export function accountStatementPage(frame: Frame, a: AccountDetail, o: { today: string; practice: { name: string; address: string[]; phone?: string }; dueDate: string; level?: number }): string {
  const s = a.summary;
  const name = patientName(a.guarantor.last, a.guarantor.first);
  return page(
    frame,
    `Statement for ${name}`,
    html`<div class="statement"><p class="actions noprint"><button type="button" data-print hidden>Print</button><a class="button secondary" href="/accounts/${a.guarantorId}">Back to the account</a></p>
<article class="sheet" aria-labelledby="ast-h"><h1 id="ast-h">Patient statement${o.level ? html` <span class="muted small">notice ${String(o.level)}</span>` : ''}</h1>
<div class="parties"><div><b>${o.practice.name}</b>${o.practice.address.map((l) => html`<div>${l}</div>`)}${o.practice.phone ? html`<div>Phone <span data-practice-phone>${o.practice.phone}</span></div>` : ''}</div><div><b>${name}</b><div class="muted small">Account ${a.guarantorId}</div></div><div><div class="muted">Statement date</div><div>${o.today}</div><div class="muted">Due date</div><div data-due-date>${o.dueDate}</div></div></div>
<table class="statement-lines"><thead><tr><th scope="col">Date of service</th><th scope="col">Claim</th><th scope="col">Patient</th><th scope="col" class="num">Charges</th><th scope="col" class="num">Insurance paid</th><th scope="col" class="num">Insurance adjustments</th><th scope="col" class="num">Your share</th></tr></thead>
<tbody>${a.claims.map((c) => html`<tr><td>${c.serviceDate ?? '—'}</td><td>${c.claimId}</td><td>${patientName(c.patient.last, c.patient.first)}</td><td class="num">${money(c.charge)}</td><td class="num">${money(c.insurancePaid)}</td><td class="num">${money(c.insuranceAdjustments)}</td><td class="num">${money(c.patientResponsibility)}</td></tr>`)}
${a.entries.map((e) => html`<tr><td>${e.entry_date}</td><td colspan="5">${e.kind === 'payment' ? 'Payment, thank you' : e.kind === 'refund' ? 'Refund' : `Adjustment (${e.reason ?? ''})`}</td><td class="num">${e.kind === 'refund' ? '' : '−'}${money(e.amount)}</td></tr>`)}</tbody>
<tfoot><tr><td colspan="3">Totals</td><td class="num">${money(s.charges)}</td><td class="num">${money(s.insurancePaid)}</td><td class="num">${money(s.insuranceAdjustments)}</td><td class="num">${money(s.balance)}</td></tr></tfoot></table>
<p class="due">Amount due: <span data-amount-due>${money(s.due)}</span> by ${o.dueDate}</p>
${s.inCredit ? html`<p>Your account has a credit of ${money(s.credit)}; nothing is due.</p>` : ''}
<p class="muted small">Questions about this statement: call ${o.practice.phone ?? 'the billing office'}.</p>
<hr><section class="remit-stub" aria-label="Remit-to stub"><p class="muted small">Please detach and return this part with your payment.</p>
<div class="parties"><div><div class="muted">Remit to</div><b>${o.practice.name}</b>${o.practice.address.map((l) => html`<div>${l}</div>`)}</div><div><div class="muted">Account</div><div>${a.guarantorId}</div><div>${name}</div></div><div><div class="muted">Amount due</div><div><b>${money(s.due)}</b></div><div class="muted">Due date</div><div>${o.dueDate}</div><div class="muted">Amount enclosed</div><div>$ ____________</div></div></div></section></article></div>`,
    'statement-page',
  );
}

const Guarantor = z.object({ id: z.string().regex(/^G[0-9a-f]{16}$/) });
const formBody = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
const one = (v: string | string[] | undefined) => ((Array.isArray(v) ? v[0] : v) ?? '').trim();

export async function registerAccountPages(pages: FastifyInstance, ctx: WorkbenchContext, h: PageHelpers): Promise<void> {
  const p = pages.withTypeProvider<ZodTypeProvider>();
  const settings = () => ctx.options.accounts ?? accountsSettings(undefined);
  const today = () => ctx.now().toISOString().slice(0, 10);
  const View = z.object({ q: z.string().max(100).optional().catch(undefined), view: z.enum(['open', 'all', 'collections']).catch('open').default('open'), limit: z.coerce.number().int().min(1).max(500).catch(100).default(100), offset: z.coerce.number().int().min(0).max(10_000_000).catch(0).default(0), done: z.string().max(200).optional().catch(undefined), error: z.string().max(300).optional().catch(undefined) });
  const noticeOf = (q: { done?: string; error?: string }) => (q.done ? { ok: true, text: q.done } : q.error ? { ok: false, text: q.error } : undefined);

  p.get('/accounts', { schema: { hide: true, querystring: View } }, async (req, reply) => {
    const list = searchAccounts(await listAccounts(ctx.ledger.db, { today: today(), policy: settings().policy, all: req.query.view === 'all' || !!req.query.q }), req.query.q);
    await h.audit(req, 'view-accounts', { detail: { view: req.query.view, search: !!req.query.q, rows: list.rows.length } });
    return h.sendHtml(reply, accountsListPage(h.frame(req, reply), list, { view: req.query.view, q: req.query.q, mayChange: canChange(req.principal), limit: req.query.limit, offset: req.query.offset, notice: noticeOf(req.query) }));
  });
  p.get('/accounts.csv', { schema: { hide: true, querystring: View } }, async (req, reply) => {
    const list = await listAccounts(ctx.ledger.db, { today: today(), policy: settings().policy, all: req.query.view === 'all' });
    if (req.query.view === 'collections') list.rows = list.rows.filter((r) => r.collections);
    await h.audit(req, 'export', { detail: { page: 'accounts', rows: list.rows.length } });
    return h.sendCsv(reply, 'patient-accounts.csv', accountsCsv(list));
  });
  p.post('/accounts/statement-run', { schema: { hide: true, body: formBody }, preHandler: pages.csrfProtection }, async (req, reply) => {
    if (!canChange(req.principal)) return h.sendHtml(reply, h.errorPage(h.frame(req, reply), 403, 'Your role cannot change accounts.'), 403);
    const r = await runStatements(ctx.ledger.db, { today: today(), policy: settings().policy, actor: req.principal!.actor, now: ctx.now() });
    await h.audit(req, 'statement-run', { detail: { run: r.runId, statements: r.statements.length } });
    return reply.redirect(`/accounts?done=${encodeURIComponent(`Statement run: ${r.statements.length} statement(s).`)}`, 303);
  });
  p.post('/accounts/import', { schema: { hide: true, body: formBody }, preHandler: pages.csrfProtection }, async (req, reply) => {
    if (!canChange(req.principal)) return h.sendHtml(reply, h.errorPage(h.frame(req, reply), 403, 'Your role cannot change accounts.'), 403);
    const r = await importPatientPayments(ctx.ledger.db, one((req.body as Record<string, string>).csv), { file: 'form', actor: req.principal!.actor, now: ctx.now() });
    await h.audit(req, 'patient-payment-import', { detail: { recorded: r.recorded, duplicates: r.duplicates, problems: r.problems.length } });
    const text = `Imported ${r.recorded} payment(s), ${r.duplicates} already imported, ${r.credits} left a credit.${r.problems.length ? ` ${r.problems.length} problem(s): ${r.problems.slice(0, 5).map((x) => `line ${x.position.line}: ${x.message}`).join(' ')}` : ''}`;
    return reply.redirect(`/accounts?${r.problems.length ? 'error' : 'done'}=${encodeURIComponent(text.slice(0, 290))}`, 303);
  });
  p.get('/accounts/:id', { schema: { hide: true, params: Guarantor, querystring: View } }, async (req, reply) => {
    const a = await getAccount(ctx.ledger.db, req.params.id);
    if (!a) return h.sendHtml(reply, h.errorPage(h.frame(req, reply), 404, 'No patient account with this id.'), 404);
    await h.audit(req, 'view-account', { detail: { guarantor: a.guarantorId } });
    return h.sendHtml(reply, accountPage(h.frame(req, reply), a, { mayChange: canChange(req.principal), today: today(), notice: noticeOf(req.query) }));
  });
  p.get('/accounts/:id/statement', { schema: { hide: true, params: Guarantor } }, async (req, reply) => {
    const a = await getAccount(ctx.ledger.db, req.params.id);
    if (!a) return h.sendHtml(reply, h.errorPage(h.frame(req, reply), 404, 'No patient account with this id.'), 404);
    const last = a.statements[a.statements.length - 1];
    await h.audit(req, 'statement', { detail: { guarantor: a.guarantorId } });
    const practice = settings().practice ?? { name: 'Billing office', address: [] };
    return h.sendHtml(reply, accountStatementPage(h.frame(req, reply), a, { today: today(), practice, dueDate: last?.due_date ?? addDays(today(), settings().policy.dueDays), level: last?.level }));
  });
  const entryRoute = (path: string, kind: NewEntry['kind']) =>
    p.post(`/accounts/:id/${path}`, { schema: { hide: true, params: Guarantor, body: formBody }, preHandler: pages.csrfProtection }, async (req, reply) => {
      if (!canChange(req.principal)) return h.sendHtml(reply, h.errorPage(h.frame(req, reply), 403, 'Your role cannot change accounts.'), 403);
      const b = req.body as Record<string, string | string[]>;
      const date = one(b.date) || today();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return reply.redirect(`/accounts/${req.params.id}?error=${encodeURIComponent('The date must be YYYY-MM-DD.')}`, 303);
      const r = await recordEntry(ctx.ledger.db, req.params.id, { kind, amount: one(b.amount), date, method: one(b.method) as NewEntry['method'], reason: one(b.reason) as NewEntry['reason'], reference: one(b.reference) || undefined }, { actor: req.principal!.actor, now: ctx.now() });
      if (!r.ok) return r.status === 404 ? h.sendHtml(reply, h.errorPage(h.frame(req, reply), 404, r.message), 404) : reply.redirect(`/accounts/${req.params.id}?error=${encodeURIComponent(r.message)}`, 303);
      await h.audit(req, `patient-${kind}`, { detail: { guarantor: req.params.id, entry: r.entryId, credit: r.summary.inCredit } });
      const text = `Recorded the ${kind}. Balance ${money(r.summary.balance)}${r.summary.inCredit ? ` — the account is in credit (${money(r.summary.credit)}); refund it or keep it for the next visit.` : '.'}`;
      return reply.redirect(`/accounts/${req.params.id}?done=${encodeURIComponent(text)}`, 303);
    });
  entryRoute('payment', 'payment');
  entryRoute('adjustment', 'adjustment');
  entryRoute('refund', 'refund');
}
