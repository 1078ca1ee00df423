/**
 * GET /v1/alerts (issue 14): the alerts people must see — timely filing approaching / passed, silent after
 * an inquiry, and other kinds — newest first, with each claim's CLM01 and state and each delivery's
 * progress (webhook, e-mail). Ids, codes and dates only: no patient data.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALERT_KIND_PATTERN, listAlerts } from '../../ledger/alerts.js';

const Delivery = z.object({
  id: z.string().describe('the stable delivery id (X-X12GW-Delivery header)'),
  channel: z.string().describe('webhook | email'),
  state: z.string().describe('pending | delivered | skipped'),
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  deliveredAt: z.string().nullable(),
  lastError: z.string().nullable(),
});

export const AlertSchema = z.object({
  id: z.string(),
  kind: z.string().describe('timely-filing-approaching | timely-filing-passed | silent-after-inquiry | another kebab-case kind'),
  idempotencyKey: z.string().describe('kind:claim:due date — raising the same alert again is a no-op'),
  claimId: z.string().nullable().describe('the ledger claim id (/v1/claims/:id)'),
  patientControlNumber: z.string().nullable().describe('CLM01, the practice claim id'),
  claimState: z.string().nullable(),
  partnerId: z.string().nullable(),
  payerId: z.string().nullable(),
  dueDate: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  deliveries: z.array(Delivery),
});

export const alertRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/alerts',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Alerts: claims near or past their timely-filing limit, silent after an inquiry, and other kinds (authenticated)',
        security: [{ bearer: [] }],
        querystring: z.object({
          kind: z.string().regex(ALERT_KIND_PATTERN).optional(),
          claim: z.string().min(1).max(64).optional().describe('only the alerts of this ledger claim id'),
          open: z.enum(['true', 'false']).optional().describe('true: only alerts whose claim is not settled (paid, partially paid, denied, reversed)'),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: z.object({ total: z.number().int(), alerts: z.array(AlertSchema) }) },
      },
    },
    async (req) => {
      const q = req.query;
      const r = await listAlerts(app.deps.ledger.db, { kind: q.kind, claimId: q.claim, openOnly: q.open === 'true', limit: q.limit, offset: q.offset });
      return { total: r.total, alerts: r.items };
    },
  );
};
