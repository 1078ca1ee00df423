/**
 * The billers' eligibility page (/eligibility) and its CSV (/eligibility.csv): each upcoming visit with
 * the payer's answer — coverage, plan, AAA rejections in words — and the patient estimate for its
 * scheduled procedures (src/eligibility/estimate.ts; the formula is on the page and in docs/eligibility.md).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Claim } from '../../claims/model.js';
import { appointmentFromClaim } from '../../eligibility/from-claim.js';
import { Appointment } from '../../eligibility/model.js';
import { eligibilityCsv, visitEligibility, type VisitEligibility } from '../../eligibility/visit-view.js';
import type { WorkbenchContext } from '../workbench/context.js';
import type { PageHelpers } from './accounts-pages.js';
import { html, layout, money, plural } from './layout.js';
import type { Frame } from './pages.js';

function coverageCell(v: VisitEligibility) {
  if (v.rejections.length) return html`<span class="badge error">rejected</span> ${v.rejections.map((r) => html`<span data-reason="${r.reason}">${r.reasonText} (${r.reason}); ${r.followUpText.toLowerCase()}</span>`)}`;
  if (!v.coverage) return html`<span class="muted">waiting for the payer (${v.state})</span>`;
  return html`<span class="badge ${v.coverage === 'active' ? 'ok' : 'warn'}">${v.coverage}</span>${v.answeredMemberId && v.answeredMemberId !== v.memberId ? html` <span class="notice error">member id on file differs</span>` : ''}`;
}

export function eligibilityPage(frame: Frame, visits: readonly VisitEligibility[], notice?: { ok: boolean; text: string }): string {
  return layout(
    { title: 'Eligibility', active: 'eligibility', viewer: frame.viewer, csrf: frame.csrf },
    html`<h1>Eligibility and patient estimates</h1>
<p class="muted">Appointments dropped in the gateway's <code>eligibility/</code> folder or sent to <code>POST /v1/eligibility</code> are asked about with a 270; the payer's 271 is shown here. Estimate per procedure: the remaining deductible first, then coinsurance on the rest, then the visit copay, capped by the out-of-pocket remaining. <a href="/eligibility.csv">Download CSV</a></p>
${notice ? html`<p class="notice ${notice.ok ? 'ok' : 'error'}" role="${notice.ok ? 'status' : 'alert'}">${notice.text}</p>` : ''}
<form class="noprint" method="post" action="/eligibility/check-claim"><input type="hidden" name="_csrf" value="${frame.csrf}"><label for="elig-claim">Check eligibility for the patient of claim (gateway claim id or patient control number)</label> <input id="elig-claim" name="claim" required maxlength="64"> <button type="submit">Check eligibility</button></form>
<p>${plural(visits.length, 'visit')}</p>
<div class="scroll"><table class="eligibility"><thead><tr><th scope="col">Appointment</th><th scope="col">Visit date</th><th scope="col">Payer</th><th scope="col">Coverage</th><th scope="col">Plan</th><th scope="col" class="num">Patient estimate</th><th scope="col">Procedures</th></tr></thead>
<tbody>${visits.map(
      (v) => html`<tr data-appointment="${v.appointmentId}"><td>${v.appointmentId}</td><td>${v.visitDate}</td><td>${v.payerId}</td><td>${coverageCell(v)}</td><td>${v.plan ?? '—'}</td><td class="num">${v.estimate ? money(v.estimate.patientTotal) : '—'}</td><td>${v.estimate ? v.estimate.lines.map((l) => html`<div>${l.code}: ${money(l.patient)} of ${money(l.charge)}${l.note ? html` <span class="muted">(${l.note})</span>` : ''}</div>`) : ''}</td></tr>`,
    )}</tbody></table></div>`,
  );
}

export async function registerEligibilityPages(pages: FastifyInstance, ctx: WorkbenchContext, h: PageHelpers): Promise<void> {
  const p = pages.withTypeProvider<ZodTypeProvider>();
  const Query = z.object({ limit: z.coerce.number().int().min(1).max(2000).default(500).catch(500), done: z.string().max(200).optional().catch(undefined), error: z.string().max(200).optional().catch(undefined) });
  p.get('/eligibility', { schema: { hide: true, querystring: Query } }, async (req, reply) => {
    const visits = (await ctx.ledger.eligibilityChecks({ limit: req.query.limit })).map((c) => visitEligibility(c));
    await h.audit(req, 'view-eligibility', { detail: { visits: visits.length } });
    const notice = req.query.done ? { ok: true, text: req.query.done } : req.query.error ? { ok: false, text: req.query.error } : undefined;
    return h.sendHtml(reply, eligibilityPage(h.frame(req, reply), visits, notice));
  });
  // The workbench's button: ask the payer about a claim's patient (the claim's payer, provider, member id,
  // first service date and procedures); the gateway sends the 270 with its next cycle.
  p.post('/eligibility/check-claim', { schema: { hide: true, body: z.object({ claim: z.string().trim().min(1).max(64), _csrf: z.string().optional() }) }, preHandler: pages.csrfProtection }, async (req, reply) => {
    const back = (key: 'done' | 'error', text: string) => reply.redirect(`/eligibility?${key}=${encodeURIComponent(text)}`, 303);
    const byNumber = await ctx.ledger.db.selectFrom('claims').select('id').where('patient_control_number', '=', req.body.claim).orderBy('created_at', 'desc').executeTakeFirst();
    const row = await ctx.ledger.getClaim(byNumber?.id ?? req.body.claim);
    if (!row) return back('error', 'No claim has that id or patient control number.');
    const parsed = Claim.safeParse(JSON.parse(row.data));
    if (!parsed.success) return back('error', 'The claim has no usable claim data to ask with.');
    const serviceDate = row.service_date ?? ctx.now().toISOString().slice(0, 10);
    const appointment = Appointment.safeParse(appointmentFromClaim(parsed.data, { serviceDate, appointmentId: `CLM-${row.id.slice(0, 20)}-${ctx.now().toISOString().slice(0, 10)}` }));
    if (!appointment.success) return back('error', `The claim cannot be asked about: ${appointment.error.issues.map((i) => i.path.join('.')).join(', ')} missing or invalid.`);
    const r = await ctx.ledger.recordEligibilityChecks(row.partner_id, [appointment.data], `workbench:${req.principal?.actor ?? ''}`);
    await h.audit(req, 'check-eligibility', { detail: { claim: row.id, added: r.added.length } });
    ctx.options.kick?.();
    return back('done', r.added.length ? 'Eligibility check queued: the 270 goes out with the next gateway cycle.' : 'This patient was already asked about today.');
  });
  p.get('/eligibility.csv', { schema: { hide: true } }, async (req, reply) => {
    const visits = (await ctx.ledger.eligibilityChecks({ limit: 5000 })).map((c) => visitEligibility(c));
    await h.audit(req, 'export-eligibility', { detail: { visits: visits.length } });
    return h.sendCsv(reply, 'eligibility.csv', eligibilityCsv(visits));
  });
}
