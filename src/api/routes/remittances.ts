/** Remittances (posted 835s): list, one with claims, adjustments (CARC/RARC explained) and PLB; .csv and .html. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { describeRarc } from '../../remits/codes.js';
import { toCsv } from '../../gateway/outputs.js';
import { explainDenial } from '../../denials/explain.js';

const Remittance = z.object({
  id: z.string(),
  traceNumber: z.string(),
  payerKey: z.string(),
  payerName: z.string().nullable(),
  paymentAmount: z.string(),
  paymentMethod: z.string(),
  paymentDate: z.string().nullable(),
  balanced: z.boolean(),
  fileId: z.string(),
  createdAt: z.string(),
});

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const remittanceRoutes: FastifyPluginAsyncZod = async (app) => {
  const row = (r: { id: string; trace_number: string; payer_key: string; payer_name: string | null; payment_amount: string; payment_method: string; payment_date: string | null; balanced: number; file_id: string; created_at: string }) => ({
    id: r.id,
    traceNumber: r.trace_number,
    payerKey: r.payer_key,
    payerName: r.payer_name,
    paymentAmount: r.payment_amount,
    paymentMethod: r.payment_method,
    paymentDate: r.payment_date,
    balanced: r.balanced === 1,
    fileId: r.file_id,
    createdAt: r.created_at,
  });

  app.get(
    '/v1/remittances',
    {
      schema: {
        tags: ['remittances'],
        summary: 'List posted remittances',
        security: [{ bearer: [] }],
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), offset: z.coerce.number().int().min(0).default(0) }),
        response: { 200: z.object({ remittances: z.array(Remittance) }) },
      },
    },
    async (req) => ({ remittances: (await app.deps.ledger.listRemittances({ limit: req.query.limit, offset: req.query.offset })).map(row) }),
  );

  app.get(
    '/v1/remittances/:id',
    {
      schema: {
        tags: ['remittances'],
        summary: 'One remittance (append .csv or .html to the id for those formats)',
        security: [{ bearer: [] }],
        params: z.object({ id: z.string().min(1).max(80) }),
      },
    },
    async (req, reply) => {
      const m = /^(.+?)(\.csv|\.html)?$/.exec(req.params.id)!;
      const detail = await app.deps.ledger.getRemittance(m[1]);
      if (!detail) return reply.code(404).send({ error: 'not-found', message: 'no remittance with this id' });
      const remittanceDate = detail.remittance.payment_date ?? detail.remittance.created_at.slice(0, 10);
      // Issue 15: each adjustment carries the knowledge base's explanation (its remarks explained inside)
      // and next action; a line's adjustment reads that line's remarks, a claim-level one all the claim's.
      const remarksOf = (c: (typeof detail.claims)[number], line: number | null) => c.lines.filter((l) => line === null || l.line_number === line).flatMap((l) => (l.remarks ? (JSON.parse(l.remarks) as string[]) : []));
      const explained = (c: (typeof detail.claims)[number], a: (typeof detail.claims)[number]['adjustments'][number]) => {
        const x = explainDenial(a.group_code, a.reason_code, remarksOf(c, a.line_number), { remittanceDate });
        return { explanation: x.explanation, nextAction: { ...x.nextAction, text: x.nextActionText }, patientMayBeBilled: x.patientMayBeBilled, ...(x.deadline ? { deadline: x.deadline } : {}) };
      };
      const claims = detail.claims.map((c) => ({
        ledgerClaimId: c.claim_id,
        claimId: c.patient_control_number,
        status: c.status_code,
        outcome: c.outcome,
        billed: c.billed,
        paid: c.paid,
        patientResponsibility: c.patient_responsibility,
        payerClaimNumber: c.payer_claim_number,
        adjustments: c.adjustments.map((a) => ({ line: a.line_number, group: a.group_code, reason: a.reason_code, amount: a.amount, ...explained(c, a) })),
        remarks: c.lines.flatMap((l) => (l.remarks ? (JSON.parse(l.remarks) as string[]) : []).map((code) => ({ line: l.line_number, code, explanation: describeRarc(code) }))),
      }));
      const body = { ...row(detail.remittance), claims, providerAdjustments: detail.providerAdjustments.map((p) => ({ providerId: p.provider_id, reason: p.reason_code, reference: p.reference, amount: p.amount })) };
      if (m[2] === '.csv') {
        reply.type('text/csv; charset=utf-8');
        return toCsv(
          ['claimId', 'outcome', 'billed', 'paid', 'patientResponsibility', 'line', 'group', 'reason', 'amount', 'explanation'],
          claims.flatMap((c) => (c.adjustments.length ? c.adjustments : [undefined]).map((a) => [c.claimId, c.outcome, c.billed, c.paid, c.patientResponsibility, a?.line ?? '', a?.group ?? '', a?.reason ?? '', a?.amount ?? '', a?.explanation ?? ''])),
        );
      }
      if (m[2] === '.html') {
        reply.type('text/html; charset=utf-8');
        const rows = claims
          .map((c) => `<tr><td>${esc(c.claimId)}</td><td>${esc(c.outcome)}</td><td>${esc(c.billed)}</td><td>${esc(c.paid)}</td><td>${esc(c.patientResponsibility)}</td><td>${c.adjustments.map((a) => `${esc(a.group)}-${esc(a.reason)} ${esc(a.amount)} <small>${esc(a.explanation)}</small>`).join('<br>')}</td></tr>`)
          .join('\n');
        return `<!doctype html><html><head><meta charset="utf-8"><title>Remittance ${esc(body.traceNumber)}</title></head><body><h1>Remittance ${esc(body.traceNumber)}</h1><p>${esc(body.payerName)} paid ${esc(body.paymentAmount)} (${esc(body.paymentMethod)}), ${body.balanced ? 'balanced' : 'NOT balanced'}.</p><table border="1"><tr><th>claim</th><th>outcome</th><th>billed</th><th>paid</th><th>patient</th><th>adjustments</th></tr>\n${rows}</table></body></html>`;
      }
      return body;
    },
  );
};
