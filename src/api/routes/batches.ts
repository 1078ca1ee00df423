/** POST /v1/batches: a claim batch (same shape as an outbox file) written durably into the outbox. */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dropBatch } from '../../gateway/outbox-drop.js';

export const BatchBody = z.object({
  batchId: z.string().regex(/^[A-Za-z0-9-]{1,30}$/).optional(),
  partnerId: z.string().optional(),
  claims: z.array(z.record(z.string(), z.unknown())).min(1).max(100_000),
});

export const batchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/v1/batches',
    {
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags: ['batches'],
        summary: 'Submit a claim batch (queued through the outbox like a dropped file)',
        security: [{ bearer: [] }],
        body: BatchBody,
        response: { 202: z.object({ file: z.string(), sha256: z.string(), claims: z.number().int() }), 503: z.object({ error: z.string(), message: z.string() }) },
      },
    },
    async (req, reply) => {
      const outbox = app.deps.outbox;
      if (!outbox) return reply.code(503).send({ error: 'no-outbox', message: 'this server does not accept batches' });
      const text = JSON.stringify(req.body);
      const sha = createHash('sha256').update(text).digest('hex');
      const name = `api-${req.body.batchId ?? 'batch'}-${sha.slice(0, 12)}.json`;
      dropBatch(outbox, name, text);
      req.log.info({ event: 'api.batch', file: name, claimCount: req.body.claims.length }, 'batch accepted into the outbox');
      return reply.code(202).send({ file: name, sha256: sha, claims: req.body.claims.length });
    },
  );
};
