/**
 * GET /health: liveness and the ledger's reachability — public, so it answers nothing but that: no
 * counts, no table scans (one `SELECT 1`), cheap enough for a load balancer to call every second.
 * The detailed status (claim counts by state) is GET /v1/status, behind authentication (status.ts).
 */
import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    { logLevel: 'warn', schema: { tags: ['health'], summary: 'Liveness and ledger reachability (no data)', response: { 200: z.object({ status: z.literal('ok') }), 503: z.object({ status: z.literal('unavailable') }) } } },
    async (_req, reply) => {
      try {
        await sql`SELECT 1`.execute(app.deps.ledger.db);
        return { status: 'ok' as const };
      } catch {
        return reply.code(503).send({ status: 'unavailable' as const });
      }
    },
  );
};
