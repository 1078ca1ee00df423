/**
 * Deposits page (issue 11 item 5): import a bank statement export (CSV or BAI2, pasted), and see the
 * 835 payments matched to deposits, the unmatched ERAs and the unmatched deposits, with the difference
 * to the cent (CSV at /deposits.csv).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEPOSIT_COLUMNS, type DepositMapping } from '../../accounts/deposit-file.js';
import { accountsSettings } from '../../accounts/settings.js';
import { importDeposits, reconcileDeposits, type ReconciliationView } from '../../ledger/deposits.js';
import { reconciliationCsv } from '../workbench/accounts-csv.js';
import { canChange, type WorkbenchContext } from '../workbench/context.js';
import type { PageHelpers } from './accounts-pages.js';
import { html, layout, money } from './layout.js';
import type { Frame } from './pages.js';

export function depositsPage(frame: Frame, v: ReconciliationView, o: { mayChange: boolean; windowDays: number; notice?: { ok: boolean; text: string } }): string {
  const diff = (d: string) => html`<span class="${d === '0.00' ? '' : 'badge warn'}" data-difference>${money(d)}</span>`;
  return layout(
    { title: 'Deposits', active: 'deposits', viewer: frame.viewer, csrf: frame.csrf },
    html`<h1>Deposits and ERAs</h1><p class="muted">Each 835 payment (BPR/TRN) matched to a bank deposit: first by the trace number in the deposit’s reference, then by the same amount within ${String(o.windowDays)} days. A deposit matches one ERA at most.</p>
${o.notice ? html`<p class="notice ${o.notice.ok ? 'ok' : 'error'}" role="${o.notice.ok ? 'status' : 'alert'}">${o.notice.text}</p>` : ''}
<div class="cards"><div class="card"><span class="label">Matched</span><span class="value" data-count="matched">${String(v.matched.length)}</span></div><div class="card"><span class="label">Difference on matched</span><span class="value" data-total="difference">${money(v.totals.matchedDifference)}</span></div><div class="card"><span class="label">Unmatched ERAs</span><span class="value" data-count="unmatched-eras">${String(v.unmatchedEras.length)} · ${money(v.totals.unmatchedEras)}</span></div><div class="card"><span class="label">Unmatched deposits</span><span class="value" data-count="unmatched-deposits">${String(v.unmatchedDeposits.length)} · ${money(v.totals.unmatchedDeposits)}</span></div></div>
<p class="actions"><a class="button secondary" href="/deposits.csv">CSV</a></p>
${o.mayChange
  ? html`<details class="noprint"${v.matched.length + v.unmatchedDeposits.length === 0 ? html` open` : ''}><summary>Import a bank statement</summary><form method="post" action="/deposits/import" aria-label="Import deposits"><input type="hidden" name="_csrf" value="${frame.csrf}">
<label>File name <input name="fileName" value="bank-statement" maxlength="200"></label> <label>Format <select name="format"><option value="">detect</option><option value="csv">CSV</option><option value="bai2">BAI2</option></select></label><br>
<label>Bank statement (CSV with date, amount, reference[, description], or BAI2)<br><textarea name="content" rows="6" cols="90" required></textarea></label><br>
<fieldset><legend>CSV headers, if the bank names them differently</legend>${DEPOSIT_COLUMNS.map((c) => html`<label>${c} <input name="map:${c}" size="14"></label> `)}</fieldset>
<button type="submit">Import deposits</button></form></details>`
  : ''}
<section aria-labelledby="m-h"><h2 id="m-h">Matched</h2><table class="matched"><thead><tr><th scope="col">Trace (TRN02)</th><th scope="col">Payer</th><th scope="col">ERA date</th><th scope="col" class="num">ERA amount</th><th scope="col">Deposit date</th><th scope="col" class="num">Deposit amount</th><th scope="col">Matched by</th><th scope="col" class="num">Difference</th></tr></thead>
<tbody>${v.matched.length ? v.matched.map((m) => html`<tr><td><a href="/remittances/${m.era.id}">${m.era.traceNumber}</a></td><td>${m.era.payerName ?? ''}</td><td>${m.era.date ?? '—'}</td><td class="num">${money(m.era.amount)}</td><td>${m.deposit.deposit_date}</td><td class="num">${money(m.deposit.amount)}</td><td>${m.by === 'trace' ? 'trace number' : 'amount and date'}</td><td class="num">${diff(m.difference)}</td></tr>`) : html`<tr><td colspan="8" class="muted">None.</td></tr>`}</tbody></table></section>
<section aria-labelledby="ue-h"><h2 id="ue-h">ERAs without a deposit</h2><table class="unmatched-eras"><thead><tr><th scope="col">Trace (TRN02)</th><th scope="col">Payer</th><th scope="col">Method</th><th scope="col">Date</th><th scope="col" class="num">Amount</th></tr></thead>
<tbody>${v.unmatchedEras.length ? v.unmatchedEras.map((e) => html`<tr><td><a href="/remittances/${e.id}">${e.traceNumber}</a></td><td>${e.payerName ?? ''}</td><td>${e.paymentMethod}</td><td>${e.date ?? '—'}</td><td class="num">${money(e.amount)}</td></tr>`) : html`<tr><td colspan="5" class="muted">None.</td></tr>`}</tbody></table></section>
<section aria-labelledby="ud-h"><h2 id="ud-h">Deposits without an ERA</h2><table class="unmatched-deposits"><thead><tr><th scope="col">Date</th><th scope="col">Reference</th><th scope="col">Description</th><th scope="col" class="num">Amount</th></tr></thead>
<tbody>${v.unmatchedDeposits.length ? v.unmatchedDeposits.map((d) => html`<tr><td>${d.deposit_date}</td><td>${d.reference}</td><td>${d.description}</td><td class="num">${money(d.amount)}</td></tr>`) : html`<tr><td colspan="4" class="muted">None.</td></tr>`}</tbody></table></section>`,
  );
}

export async function registerDepositPages(pages: FastifyInstance, ctx: WorkbenchContext, h: PageHelpers): Promise<void> {
  const p = pages.withTypeProvider<ZodTypeProvider>();
  const windowDays = () => (ctx.options.accounts ?? accountsSettings(undefined)).windowDays;
  const Q = z.object({ done: z.string().max(300).optional().catch(undefined), error: z.string().max(600).optional().catch(undefined) });
  p.get('/deposits', { schema: { hide: true, querystring: Q } }, async (req, reply) => {
    const v = await reconcileDeposits(ctx.ledger.db, { windowDays: windowDays() });
    await h.audit(req, 'view-deposits', { detail: { matched: v.matched.length, unmatchedEras: v.unmatchedEras.length, unmatchedDeposits: v.unmatchedDeposits.length } });
    const notice = req.query.done ? { ok: true, text: req.query.done } : req.query.error ? { ok: false, text: req.query.error } : undefined;
    return h.sendHtml(reply, depositsPage(h.frame(req, reply), v, { mayChange: canChange(req.principal), windowDays: windowDays(), notice }));
  });
  p.get('/deposits.csv', { schema: { hide: true } }, async (req, reply) => {
    const v = await reconcileDeposits(ctx.ledger.db, { windowDays: windowDays() });
    await h.audit(req, 'export', { detail: { page: 'deposits', rows: v.matched.length + v.unmatchedEras.length + v.unmatchedDeposits.length } });
    return h.sendCsv(reply, 'deposit-reconciliation.csv', reconciliationCsv(v));
  });
  p.post('/deposits/import', { schema: { hide: true, body: z.record(z.string(), z.union([z.string(), z.array(z.string())])) }, preHandler: pages.csrfProtection }, async (req, reply) => {
    if (!canChange(req.principal)) return h.sendHtml(reply, h.errorPage(h.frame(req, reply), 403, 'Your role cannot import deposits.'), 403);
    const b = req.body as Record<string, string | string[]>;
    const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
    const mapping: DepositMapping = {};
    for (const c of DEPOSIT_COLUMNS) if (one(b[`map:${c}`]).trim()) mapping[c] = one(b[`map:${c}`]).trim();
    const format = one(b.format);
    const r = await importDeposits(ctx.ledger.db, one(b.content), { fileName: one(b.fileName).trim() || 'bank-statement', actor: req.principal!.actor, now: ctx.now(), mapping, format: format === 'csv' || format === 'bai2' ? format : undefined });
    await h.audit(req, 'deposit-import', { detail: { format: r.format, imported: r.imported, duplicates: r.duplicates, problems: r.problems.length } });
    if (r.problems.length) return reply.redirect(`/deposits?error=${encodeURIComponent(r.problems.slice(0, 3).map((x) => `${x.position.line ? `line ${x.position.line}: ` : ''}${x.message}`).join(' ').slice(0, 590))}`, 303);
    return reply.redirect(`/deposits?done=${encodeURIComponent(`Imported ${r.imported} deposit(s) (${r.format}); ${r.duplicates} already imported, ${r.skipped} debit(s) skipped.`)}`, 303);
  });
}
