/** Files the gateway handled (batches in, 837s out, responses in) and responses that matched nothing. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const FileRow = z.object({ id: z.string(), direction: z.string(), partnerId: z.string().nullable(), name: z.string(), kind: z.string(), state: z.string(), size: z.number(), duplicateOf: z.string().nullable(), error: z.string().nullable(), createdAt: z.string(), updatedAt: z.string() });

export const responseRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/files',
    {
      schema: {
        tags: ['files'],
        summary: 'Files: claim batches (intake), 837s (out), responses (in), with their state',
        security: [{ bearer: [] }],
        querystring: z.object({ direction: z.enum(['intake', 'out', 'in']).optional(), state: z.string().optional() }),
        response: { 200: z.object({ files: z.array(FileRow) }) },
      },
    },
    async (req) => ({
      files: (await app.deps.ledger.listFiles({ direction: req.query.direction, state: req.query.state })).map((f) => ({
        id: f.id,
        direction: f.direction,
        partnerId: f.partner_id,
        name: f.name,
        kind: f.kind,
        state: f.state,
        size: f.size,
        duplicateOf: f.duplicate_of,
        error: f.error,
        createdAt: f.created_at,
        updatedAt: f.updated_at,
      })),
    }),
  );

  app.get(
    '/v1/unmatched',
    {
      schema: {
        tags: ['files'],
        summary: 'Response items that matched no claim or control number, and refused state changes (kept, never dropped)',
        security: [{ bearer: [] }],
        response: { 200: z.object({ unmatched: z.array(z.object({ id: z.string(), fileId: z.string(), kind: z.string(), reference: z.string(), reason: z.string(), createdAt: z.string() })) }) },
      },
    },
    async () => ({ unmatched: (await app.deps.ledger.listUnmatched()).map((u) => ({ id: u.id, fileId: u.file_id, kind: u.kind, reference: u.reference, reason: u.reason, createdAt: u.created_at })) }),
  );
};
