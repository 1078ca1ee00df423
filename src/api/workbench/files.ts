/**
 * Files as a biller opens them: the page (`/files/:id`), its download and readable report, and the same
 * for systems (`GET /v1/files/:id/raw` the bytes, `GET /v1/files/:id/report` the HTML report of an 835,
 * 277CA / 277, 999 or TA1). Downloads stream from disk; every open is audited by file id.
 * Registered by src/api/workbench/plugin.ts in one line.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { claimsOfFile, remittancesOfFile } from '../../ledger/file-links.js';
import type { FileRow } from '../../ledger/schema.js';
import { filePage } from '../web/file-pages.js';
import { statusPage } from '../web/error-pages.js';
import { requirePrincipal, viewerOf, type WorkbenchContext } from './context.js';
import { contentTypeOf, fileReportHtml, locateFileBytes, MAX_VIEW_BYTES, openFileBytes, readFileBytes, REPORT_KINDS } from './file-content.js';

const Params = z.object({ id: z.string().min(1).max(64) });
const Problem = z.object({ error: z.string(), message: z.string() });
const security = [{ bearer: [] }];

/** A name safe inside a Content-Disposition header. */
const downloadName = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120) || 'file';

export function fileRoutes(ctx: WorkbenchContext): FastifyPluginAsyncZod {
  return async (app) => {
    const audit = (req: FastifyRequest, action: string, fileId: string) => ctx.audit.record({ actor: req.principal!.actor, role: req.principal!.role, action, fileId });

    const sendBytes = (reply: FastifyReply, file: FileRow) => {
      const bytes = locateFileBytes(file);
      if (!bytes) return undefined;
      return reply
        .header('content-disposition', `attachment; filename="${downloadName(file.name)}"`)
        .header('content-length', String(bytes.size))
        .header('x-content-type-options', 'nosniff')
        .type(contentTypeOf(file.kind))
        .send(openFileBytes(bytes));
    };
    /** The report's HTML, 'none' when the kind has no report, 'gone' when the bytes are not kept, 'large' beyond the view limit. */
    const report = (file: FileRow): string | 'none' | 'gone' | 'large' => {
      if (!REPORT_KINDS.has(file.kind)) return 'none';
      const bytes = locateFileBytes(file);
      if (!bytes) return 'gone';
      if (bytes.size > MAX_VIEW_BYTES) return 'large';
      return fileReportHtml(file, readFileBytes(bytes)) ?? 'none';
    };
    const REPORT_PROBLEM = { none: 'this kind of file has no readable report (835, 277CA / 277, 999 and TA1 do)', gone: "the file's content is no longer kept", large: 'the file is too large for a report here; download it' } as const;

    // ------------------------------------------------------------------ API
    await app.register(async (api) => {
      const a = api.withTypeProvider<import('fastify-type-provider-zod').ZodTypeProvider>();
      a.addHook('onRequest', requirePrincipal());
      a.get('/v1/files/:id/raw', { schema: { tags: ['workbench'], summary: "The file's bytes as received or sent (streamed)", security, params: Params, response: { 404: Problem } } }, async (req, reply) => {
        const file = await ctx.ledger.getFile(req.params.id);
        if (!file) return reply.code(404).send({ error: 'not-found', message: 'no file with this id' });
        await audit(req, 'download-file', file.id);
        return sendBytes(reply, file) ?? reply.code(404).send({ error: 'gone', message: "the file's content is no longer kept" });
      });
      a.get('/v1/files/:id/report', { schema: { tags: ['workbench'], summary: 'The readable HTML report of an 835, 277CA / 277, 999 or TA1', security, params: Params, response: { 404: Problem, 409: Problem } } }, async (req, reply) => {
        const file = await ctx.ledger.getFile(req.params.id);
        if (!file) return reply.code(404).send({ error: 'not-found', message: 'no file with this id' });
        const r = report(file);
        if (r === 'none' || r === 'gone' || r === 'large') return reply.code(r === 'gone' ? 404 : 409).send({ error: r === 'gone' ? 'gone' : 'no-report', message: REPORT_PROBLEM[r] });
        await audit(req, 'view-file-report', file.id);
        return (reply as FastifyReply).type('text/html; charset=utf-8').send(r);
      });
    });

    // ------------------------------------------------------------------ pages
    await app.register(async (pages) => {
      const p = pages.withTypeProvider<import('fastify-type-provider-zod').ZodTypeProvider>();
      p.addHook('onRequest', async (req, reply) => {
        if (req.principal?.kind === 'session') return;
        return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 302);
      });
      const notFound = (reply: FastifyReply) => reply.code(404).type('text/html; charset=utf-8').send(statusPage(404));
      p.get('/files/:id', { schema: { hide: true, params: Params, querystring: z.object({ view: z.enum(['raw', 'loops']).optional().catch(undefined) }) } }, async (req, reply) => {
        const file = await ctx.ledger.getFile(req.params.id);
        if (!file) return notFound(reply);
        const bytes = locateFileBytes(file);
        const tooLarge = !!bytes && bytes.size > MAX_VIEW_BYTES;
        const [claims, remittances] = await Promise.all([claimsOfFile(ctx.ledger.db, file.id), remittancesOfFile(ctx.ledger.db, file.id)]);
        await audit(req, 'view-file', file.id);
        const frame = { viewer: viewerOf(req.principal!), csrf: reply.generateCsrf() };
        return reply.type('text/html; charset=utf-8').send(filePage(frame, { file, bytes: bytes && !tooLarge ? readFileBytes(bytes) : undefined, tooLarge, hasReport: REPORT_KINDS.has(file.kind), claims, remittances, view: req.query.view }));
      });
      p.get('/files/:id/download', { schema: { hide: true, params: Params } }, async (req, reply) => {
        const file = await ctx.ledger.getFile(req.params.id);
        if (!file) return notFound(reply);
        await audit(req, 'download-file', file.id);
        return sendBytes(reply, file) ?? notFound(reply);
      });
      p.get('/files/:id/report', { schema: { hide: true, params: Params } }, async (req, reply) => {
        const file = await ctx.ledger.getFile(req.params.id);
        if (!file) return notFound(reply);
        const r = report(file);
        if (r === 'none' || r === 'gone' || r === 'large') return notFound(reply);
        await audit(req, 'view-file-report', file.id);
        return reply.type('text/html; charset=utf-8').send(r);
      });
    });
  };
}
