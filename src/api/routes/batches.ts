/**
 * POST /v1/batches: a claim batch written durably into the outbox. Three bodies are accepted:
 *  - our batch (application/json, same shape as an outbox file);
 *  - a FHIR R4 Bundle (application/fhir+json, or application/json with `resourceType: "Bundle"`);
 *  - a CSV export in the documented layout (text/csv).
 * FHIR and CSV are translated here too, to answer with the claims the translation leaves out (each with
 * its FHIR path or row and column, and the fix); the original is dropped into the outbox, where the
 * intake translates it the same way (src/gateway/intake-translate.ts). A body none of whose claims
 * translate is refused (422) and nothing is queued.
 */
import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dropBatch } from '../../gateway/outbox-drop.js';
import { isFhirResource } from '../../intake/index.js';
import { translateToBatch, type TranslatedBatch } from '../../intake/to-batch.js';

const BODY_LIMIT = 64 * 1024 * 1024;

export const BatchBody = z.object({
  batchId: z.string().regex(/^[A-Za-z0-9-]{1,30}$/).optional(),
  partnerId: z.string().optional(),
  claims: z.array(z.record(z.string(), z.unknown())).min(1).max(100_000),
});

/** A FHIR R4 Bundle (its content is checked by the translation, which names each problem by FHIR path). */
export const FhirBundleBody = z.looseObject({ resourceType: z.literal('Bundle') });

/** A CSV export (text/csv), one row per service line (docs/csv-intake.md). */
export const CsvBody = z.string().min(1);

const Problem = z.object({ claimId: z.string(), code: z.string(), field: z.string(), message: z.string(), fix: z.string() });

const problemsOf = (t: TranslatedBatch) => t.leftOut.flatMap((c) => c.findings.map((f) => ({ claimId: c.claimId, code: f.code, field: f.field, message: f.message, fix: f.fix })));

export const batchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));
  app.addContentTypeParser('application/fhir+json', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, body, done) => {
    try {
      done(null, JSON.parse(String(body)));
    } catch {
      const err = new Error('the body is not valid JSON') as Error & { statusCode: number };
      err.statusCode = 400;
      done(err, undefined);
    }
  });

  app.post(
    '/v1/batches',
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        tags: ['batches'],
        summary: 'Submit a claim batch, a FHIR R4 Bundle or a CSV export (queued through the outbox like a dropped file)',
        security: [{ bearer: [] }],
        body: z.union([BatchBody, FhirBundleBody, CsvBody]),
        response: {
          202: z.object({ file: z.string(), sha256: z.string(), claims: z.number().int(), format: z.enum(['claims', 'fhir', 'csv']), problems: z.array(Problem) }),
          422: z.object({ error: z.string(), message: z.string(), problems: z.array(Problem) }),
          503: z.object({ error: z.string(), message: z.string() }),
        },
      },
    },
    async (req, reply) => {
      const outbox = app.deps.outbox;
      if (!outbox) return reply.code(503).send({ error: 'no-outbox', message: 'this server does not accept batches' });
      const body = req.body;
      if (typeof body === 'string' || isFhirResource(body)) {
        const format = typeof body === 'string' ? 'csv' : 'fhir';
        // resourceType first, so the outbox knows the file for FHIR from its first bytes
        const text = typeof body === 'string' ? body : JSON.stringify({ resourceType: 'Bundle', ...(body as object) });
        const translated = translateToBatch(text, format, { csvHeaderMap: app.deps.csvHeaderMap, payerIdsByName: app.deps.payerIdsByName });
        const problems = problemsOf(translated);
        if (translated.claims === 0) {
          return reply.code(422).send({ error: 'no-claims', message: `no claim of the ${format === 'csv' ? 'CSV' : 'FHIR'} body could be translated; nothing was queued`, problems });
        }
        const sha = createHash('sha256').update(text).digest('hex');
        const name = `api-${format}-${sha.slice(0, 12)}.${format === 'csv' ? 'csv' : 'json'}`;
        dropBatch(outbox, name, text);
        req.log.info({ event: 'api.batch', file: name, format, claimCount: translated.claims, leftOut: translated.leftOut.length }, 'export accepted into the outbox');
        return reply.code(202).send({ file: name, sha256: sha, claims: translated.claims, format, problems });
      }
      const batch = body as z.infer<typeof BatchBody>;
      const text = JSON.stringify(batch);
      const sha = createHash('sha256').update(text).digest('hex');
      const name = `api-${batch.batchId ?? 'batch'}-${sha.slice(0, 12)}.json`;
      dropBatch(outbox, name, text);
      req.log.info({ event: 'api.batch', file: name, claimCount: batch.claims.length }, 'batch accepted into the outbox');
      return reply.code(202).send({ file: name, sha256: sha, claims: batch.claims.length, format: 'claims', problems: [] });
    },
  );
};
