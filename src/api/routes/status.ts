/** GET /v1/status: the detailed status (claims by state) that /health no longer shows publicly. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

export const statusRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/status',
    {
      schema: {
        tags: ['health'],
        summary: 'Detailed status: claim counts by state (authenticated)',
        security: [{ bearer: [] }],
        response: { 200: z.object({ status: z.literal('ok'), claims: z.number().int(), byState: z.record(z.string(), z.number().int()) }) },
      },
    },
    async () => {
      const byState = await app.deps.ledger.claimStateCounts();
      return { status: 'ok' as const, claims: Object.values(byState).reduce((a, b) => a + b, 0), byState };
    },
  );
};
