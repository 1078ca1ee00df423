/**
 * Eligibility over the API (issue 14): POST /v1/eligibility records appointments as checks (the gateway
 * sends their 270s with its next cycle, exactly as for the eligibility/ drop folder); GET /v1/eligibility
 * lists the checks with coverage, benefits, AAA rejections in words and the per-visit patient estimate;
 * GET /v1/eligibility.csv is the same as CSV (src/text/csv.ts). Behind the bearer token (PHI).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Appointment } from '../../eligibility/model.js';
import { eligibilityCsv, visitEligibility } from '../../eligibility/visit-view.js';

export const EligibilityBody = z.object({
  /** The trading partner whose SFTP carries the 270s; default: the gateway's default partner. */
  partnerId: z.string().regex(/^[a-z0-9-]+$/).optional(),
  appointments: z.array(Appointment).min(1).max(1000),
});

const Rejection = z.object({ loop: z.string(), reason: z.string(), reasonText: z.string(), followUp: z.string(), followUpText: z.string() });
const EstimateLine = z.object({ code: z.string(), serviceType: z.string(), charge: z.string().optional(), deductible: z.string(), coinsurance: z.string(), copay: z.string(), patient: z.string(), note: z.string().optional() });
const Visit = z.object({
  appointmentId: z.string(),
  partnerId: z.string(),
  payerId: z.string(),
  visitDate: z.string(),
  state: z.string(),
  coverage: z.string().optional(),
  plan: z.string().optional(),
  memberId: z.string(),
  answeredMemberId: z.string().optional(),
  rejections: z.array(Rejection),
  messages: z.array(z.string()),
  answeredAt: z.string().optional(),
  benefits: z.array(z.object({ serviceType: z.string(), network: z.string(), copay: z.string().optional(), coinsurance: z.string().optional(), deductible: z.object({ total: z.string().optional(), remaining: z.string().optional() }), outOfPocket: z.object({ total: z.string().optional(), remaining: z.string().optional() }), serviceTypeName: z.string() })),
  estimate: z.object({ appointmentId: z.string(), coverage: z.string(), lines: z.array(EstimateLine), patientTotal: z.string(), insuranceTotal: z.string(), notes: z.array(z.string()) }).optional(),
});

export const eligibilityRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/v1/eligibility',
    {
      schema: {
        tags: ['eligibility'],
        summary: 'Ask about upcoming visits: appointments recorded as eligibility checks, sent as 270s with the next gateway cycle',
        security: [{ bearer: [] }],
        body: EligibilityBody,
        response: { 202: z.object({ partnerId: z.string(), added: z.array(z.string()), existing: z.array(z.string()) }), 503: z.object({ error: z.string(), message: z.string() }) },
      },
    },
    async (req, reply) => {
      const partnerId = req.body.partnerId ?? app.deps.defaultPartner;
      if (!partnerId) return reply.code(503).send({ error: 'no-partner', message: 'name the partnerId: this server has no default partner' });
      const r = await app.deps.ledger.recordEligibilityChecks(partnerId, req.body.appointments, 'api');
      req.log.info({ event: 'api.eligibility', partner: partnerId, added: r.added.length, existing: r.existing.length }, 'appointments recorded for eligibility');
      return reply.code(202).send({ partnerId, ...r });
    },
  );

  app.get(
    '/v1/eligibility',
    {
      schema: {
        tags: ['eligibility'],
        summary: 'Eligibility checks: coverage, benefits, AAA rejections in words, patient estimate per visit',
        security: [{ bearer: [] }],
        querystring: z.object({ appointmentId: z.string().max(50).optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) }),
        response: { 200: z.object({ visits: z.array(Visit) }) },
      },
    },
    async (req) => ({ visits: (await app.deps.ledger.eligibilityChecks({ appointmentId: req.query.appointmentId, limit: req.query.limit })).map((c) => visitEligibility(c)) }),
  );

  app.get(
    '/v1/eligibility.csv',
    { schema: { tags: ['eligibility'], summary: 'Eligibility checks and patient estimates as CSV (one row per scheduled procedure)', security: [{ bearer: [] }] } },
    async (_req, reply) => {
      const visits = (await app.deps.ledger.eligibilityChecks({ limit: 5000 })).map((c) => visitEligibility(c));
      return reply.header('content-disposition', 'attachment; filename="eligibility.csv"').type('text/csv; charset=utf-8').send(eligibilityCsv(visits));
    },
  );
};
