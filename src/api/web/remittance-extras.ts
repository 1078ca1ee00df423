/**
 * Remittances as a biller works them: the list filtered by payer and payment date (a date that does not
 * exist is shown next to its field), one payment's claims as CSV, and the 835 it came in (download and
 * readable report, through the file routes of src/api/workbench/files.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isCalendarDate } from '../../claims/scrub/formats.js';
import { describeClaimStatus } from '../../remits/codes.js';
import type { WorkbenchContext } from '../workbench/context.js';
import { toCsv } from '../workbench/csv.js';
import type { PageHelpers } from './accounts-pages.js';
import { html, type Html } from './layout.js';

export interface RemittanceFilter {
  payer?: string;
  from?: string;
  to?: string;
}

/** Reads the payment-date range of the remittances list; problems name their field. */
export function readRemittanceDates(q: { from?: string; to?: string }): { from?: string; to?: string; problems: Array<{ filter: 'from' | 'to'; message: string }> } {
  const problems: Array<{ filter: 'from' | 'to'; message: string }> = [];
  const one = (name: 'from' | 'to', label: string) => {
    const v = q[name]?.trim();
    if (!v) return undefined;
    if (v.length > 10 || !isCalendarDate(v)) {
      problems.push({ filter: name, message: `${label}: ${/^\d{4}-\d{2}-\d{2}$/.test(v) ? 'that day does not exist in the calendar.' : 'write the date as YYYY-MM-DD.'}` });
      return undefined;
    }
    return v;
  };
  const from = one('from', 'Paid from');
  const to = one('to', 'Paid to');
  if (from && to && from > to) {
    problems.push({ filter: 'to', message: 'Paid to: the end of the date range is before its start.' });
    return { problems };
  }
  return { from, to, problems };
}

/** The payer and date fields of the remittances filter form, each with its problem next to it. */
export function remittanceFilterFields(q: RemittanceFilter, payers: Array<{ key: string; name: string | null }>, problems: Array<{ filter: string; message: string }>): Html {
  const date = (name: 'from' | 'to', label: string) => {
    const mine = problems.filter((p) => p.filter === name);
    return html`<label for="r-${name}">${label} <input id="r-${name}" name="${name}" type="date" value="${q[name] ?? ''}"${mine.length ? html` aria-invalid="true" aria-describedby="r-${name}-err"` : ''}>${mine.length ? html`<span class="field-error" id="r-${name}-err">${mine.map((p) => p.message).join(' ')}</span>` : ''}</label>`;
  };
  return html`<label for="r-payer">Payer <select id="r-payer" name="payer"><option value="">any</option>${payers.map((p) => html`<option value="${p.key}"${q.payer === p.key ? html` selected` : ''}>${p.name ?? p.key}</option>`)}</select></label>
${date('from', 'Paid from')}${date('to', 'to')}`;
}

/** Links from a remittance's page to its 835 and its claims as CSV. */
export const remittanceFileLinks = (remittanceId: string, fileId: string) =>
  html`<p class="actions noprint"><a class="button secondary" href="/files/${fileId}/download">Download the 835</a> <a class="button secondary" href="/files/${fileId}">Open the 835</a> <a class="button secondary" href="/files/${fileId}/report">Readable report</a> <a class="button secondary" href="/remittances/${remittanceId}/claims.csv">Claims of this payment (CSV)</a></p>`;

export const REMITTANCE_CLAIMS_CSV_HEADER = ['claim_id', 'patient_control_number', 'payer_claim_number', 'status_code', 'status', 'billed', 'paid', 'patient_responsibility', 'adjustments'] as const;

export async function registerRemittanceExtras(pages: FastifyInstance, ctx: WorkbenchContext, h: PageHelpers): Promise<void> {
  const p = pages.withTypeProvider<ZodTypeProvider>();
  p.get('/remittances/:id/claims.csv', { schema: { hide: true, params: z.object({ id: z.string().min(1).max(64) }) } }, async (req, reply) => {
    const detail = await ctx.ledger.getRemittance(req.params.id);
    if (!detail) return h.sendHtml(reply, h.errorPage(h.frame(req, reply), 404, 'No remittance with this id.'), 404);
    await h.audit(req, 'export', { detail: { page: 'remittance-claims', remittance: detail.remittance.id, rows: detail.claims.length } });
    const rows = detail.claims.map((c) => [c.claim_id ?? '', c.patient_control_number, c.payer_claim_number ?? '', c.status_code, describeClaimStatus(c.status_code), c.billed, c.paid, c.patient_responsibility, c.adjustments.map((a) => `${a.group_code}-${a.reason_code} ${a.amount}`).join('; ')]);
    return h.sendCsv(reply, `remittance-${detail.remittance.trace_number.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 40)}-claims.csv`, toCsv(REMITTANCE_CLAIMS_CSV_HEADER, rows));
  });
}
