/** GET /health: liveness and the ledger's reachability. No PHI, no auth. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    { schema: { tags: ['health'], summary: 'Liveness and ledger check', response: { 200: z.object({ status: z.literal('ok'), claims: z.number().int() }), 503: z.object({ status: z.literal('unavailable') }) } } },
    async (_req, reply) => {
      try {
        const counts = await app.deps.ledger.claimStateCounts();
        return { status: 'ok' as const, claims: Object.values(counts).reduce((a, b) => a + b, 0) };
      } catch {
        return reply.code(503).send({ status: 'unavailable' as const });
      }
    },
  );
};
