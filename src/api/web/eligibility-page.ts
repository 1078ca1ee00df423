/**
 * The billers' eligibility page (/eligibility) and its CSV (/eligibility.csv): each upcoming visit with
 * the payer's answer — coverage, plan, AAA rejections in words — and the patient estimate for its
 * scheduled procedures (src/eligibility/estimate.ts; the formula is on the page and in docs/eligibility.md).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
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

export function eligibilityPage(frame: Frame, visits: readonly VisitEligibility[]): string {
  return layout(
    { title: 'Eligibility', active: 'eligibility', viewer: frame.viewer, csrf: frame.csrf },
    html`<h1>Eligibility and patient estimates</h1>
<p class="muted">Appointments dropped in the gateway's <code>eligibility/</code> folder or sent to <code>POST /v1/eligibility</code> are asked about with a 270; the payer's 271 is shown here. Estimate per procedure: the remaining deductible first, then coinsurance on the rest, then the visit copay, capped by the out-of-pocket remaining. <a href="/eligibility.csv">Download CSV</a></p>
<p>${plural(visits.length, 'visit')}</p>
<div class="scroll"><table class="eligibility"><thead><tr><th scope="col">Appointment</th><th scope="col">Visit date</th><th scope="col">Payer</th><th scope="col">Coverage</th><th scope="col">Plan</th><th scope="col" class="num">Patient estimate</th><th scope="col">Procedures</th></tr></thead>
<tbody>${visits.map(
      (v) => html`<tr data-appointment="${v.appointmentId}"><td>${v.appointmentId}</td><td>${v.visitDate}</td><td>${v.payerId}</td><td>${coverageCell(v)}</td><td>${v.plan ?? '—'}</td><td class="num">${v.estimate ? money(v.estimate.patientTotal) : '—'}</td><td>${v.estimate ? v.estimate.lines.map((l) => html`<div>${l.code}: ${money(l.patient)} of ${money(l.charge)}${l.note ? html` <span class="muted">(${l.note})</span>` : ''}</div>`) : ''}</td></tr>`,
    )}</tbody></table></div>`,
  );
}

export async function registerEligibilityPages(pages: FastifyInstance, ctx: WorkbenchContext, h: PageHelpers): Promise<void> {
  const p = pages.withTypeProvider<ZodTypeProvider>();
  const Query = z.object({ limit: z.coerce.number().int().min(1).max(2000).default(500).catch(500) });
  p.get('/eligibility', { schema: { hide: true, querystring: Query } }, async (req, reply) => {
    const visits = (await ctx.ledger.eligibilityChecks({ limit: req.query.limit })).map((c) => visitEligibility(c));
    await h.audit(req, 'view-eligibility', { detail: { visits: visits.length } });
    return h.sendHtml(reply, eligibilityPage(h.frame(req, reply), visits));
  });
  p.get('/eligibility.csv', { schema: { hide: true } }, async (req, reply) => {
    const visits = (await ctx.ledger.eligibilityChecks({ limit: 5000 })).map((c) => visitEligibility(c));
    await h.audit(req, 'export-eligibility', { detail: { visits: visits.length } });
    return h.sendCsv(reply, 'eligibility.csv', eligibilityCsv(visits));
  });
}
