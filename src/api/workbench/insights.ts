/**
 * Insights: the denial rules learned from the practice's postings. REST (`/v1/insights/denial-rules`,
 * learn, accept, dismiss) and the workbench page (`/insights/denial-rules`, with form posts). Registered
 * by src/api/workbench/plugin.ts in one line. Audit entries name rule ids and counts only.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { decideDenialRule, learnAndStoreDenialRules, listDenialRules, type StoredDenialRule } from '../../ledger/denial-rules.js';
import { denialRulesPage } from '../web/insights-pages.js';
import { canChange, requirePrincipal, viewerOf, type WorkbenchContext } from './context.js';

const security = [{ bearer: [] }];
const Status = z.enum(['proposed', 'accepted', 'dismissed']);
const RuleSchema = z.object({
  id: z.string(),
  key: z.string(),
  kind: z.enum(['missing-modifier', 'diagnosis-procedure', 'prior-authorization']),
  payerId: z.string(),
  procedureCode: z.string(),
  modifier: z.string().optional(),
  diagnosis: z.string().optional(),
  description: z.string(),
  status: Status,
  severity: z.enum(['warning', 'error']),
  evidence: z.object({ lines: z.number().int(), denied: z.number().int(), rate: z.number(), contrastLines: z.number().int(), contrastRate: z.number(), claims: z.number().int(), remittanceIds: z.array(z.string()), carcs: z.array(z.string()), firstSeen: z.string(), lastSeen: z.string() }),
  learnedAt: z.string(),
  decidedAt: z.string().optional(),
  decidedBy: z.string().optional(),
});
const Problem = z.object({ error: z.string(), message: z.string() });
const Params = z.object({ id: z.string().regex(/^DR[0-9a-f]{16}$/) });
const Decision = z.object({ severity: z.enum(['warning', 'error']).optional() }).nullish();

const forApi = (r: StoredDenialRule) => ({ ...r, evidence: { ...r.evidence, deniedByRemittance: undefined } });

export function insightsRoutes(ctx: WorkbenchContext): FastifyPluginAsyncZod {
  return async (app) => {
    const db = ctx.ledger.db;
    const now = () => ctx.now().toISOString();
    const audit = (req: FastifyRequest, action: string, detail: Record<string, unknown>) => ctx.audit.record({ actor: req.principal!.actor, role: req.principal!.role, action, detail });
    const decide = async (req: FastifyRequest, id: string, action: 'accept' | 'dismiss', severity?: 'warning' | 'error') => {
      const rule = await decideDenialRule(db, id, { action, severity, by: req.principal!.actor, now: now() });
      if (rule) {
        await audit(req, `denial-rule-${action}`, { rule: id, severity: rule.severity });
        ctx.log({ event: `insights.denial-rule-${action}`, rule: id }, 'denial rule decided');
      }
      return rule;
    };

    // ------------------------------------------------------------------------ REST
    await app.register(async (api) => {
      api.addHook('onRequest', requirePrincipal());
      api.addHook('preHandler', async (req, reply) => {
        if (req.principal?.kind === 'session' && req.method !== 'GET' && req.method !== 'HEAD') {
          let ok = false;
          app.csrfProtection(req, reply, () => (ok = true));
          if (!ok) return reply;
        }
      });
      const r = api.withTypeProvider<import('fastify-type-provider-zod').ZodTypeProvider>();
      r.get('/v1/insights/denial-rules', { schema: { tags: ['insights'], summary: 'Denial rules learned from the practice’s 835s, with their evidence and status', security, querystring: z.object({ status: Status.optional() }), response: { 200: z.object({ rules: z.array(RuleSchema) }) } } }, async (req) => ({
        rules: (await listDenialRules(db, { status: req.query.status })).map(forApi),
      }));
      r.post('/v1/insights/denial-rules/learn', { schema: { tags: ['insights'], summary: 'Learn again from every posting (decisions are kept; a dismissed rule needs new evidence to come back)', security, response: { 200: z.object({ facts: z.number().int(), learned: z.number().int(), proposed: z.number().int() }) } } }, async (req) => {
        const result = await learnAndStoreDenialRules(db, { now: now() });
        await audit(req, 'denial-rules-learn', result);
        return result;
      });
      for (const action of ['accept', 'dismiss'] as const) {
        r.post(
          `/v1/insights/denial-rules/:id/${action}`,
          { schema: { tags: ['insights'], summary: action === 'accept' ? 'Accept a rule: new claims to its payer get a scrubber warning (or error) naming the evidence' : 'Dismiss a rule: it stays dismissed until enough new evidence arrives', security, params: Params, body: Decision, response: { 200: RuleSchema, 404: Problem } } },
          async (req, reply) => {
            const rule = await decide(req, req.params.id, action, req.body?.severity);
            return rule ? forApi(rule) : reply.code(404).send({ error: 'not-found', message: 'no denial rule has this id' });
          },
        );
      }
    });

    // ------------------------------------------------------------------------ page
    await app.register(async (pages) => {
      pages.addHook('onRequest', async (req, reply) => {
        if (req.principal?.kind === 'session') return;
        if (req.method === 'GET' || req.method === 'HEAD') return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 302);
        return reply.code(401).type('text/plain; charset=utf-8').send('Sign in first.');
      });
      const p = pages.withTypeProvider<import('fastify-type-provider-zod').ZodTypeProvider>();
      const frame = (req: FastifyRequest, reply: FastifyReply) => ({ viewer: viewerOf(req.principal!), csrf: reply.generateCsrf() });
      p.get('/insights/denial-rules', { schema: { hide: true, querystring: z.object({ status: Status.optional().catch(undefined) }) } }, async (req, reply) => {
        const rules = await listDenialRules(db);
        await audit(req, 'view-denial-rules', { rules: rules.length });
        return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(denialRulesPage(frame(req, reply), rules, req.query));
      });
      p.post('/insights/denial-rules/learn', { schema: { hide: true, body: z.object({ _csrf: z.string().optional() }) }, preHandler: app.csrfProtection }, async (req, reply) => {
        if (!canChange(req.principal)) return reply.code(403).type('text/plain; charset=utf-8').send('Your role cannot change anything.');
        const result = await learnAndStoreDenialRules(db, { now: now() });
        await audit(req, 'denial-rules-learn', result);
        return reply.redirect('/insights/denial-rules', 303);
      });
      for (const action of ['accept', 'dismiss'] as const) {
        p.post(
          `/insights/denial-rules/:id/${action}`,
          { schema: { hide: true, params: Params, body: z.object({ _csrf: z.string().optional(), severity: z.enum(['warning', 'error']).optional() }) }, preHandler: app.csrfProtection },
          async (req, reply) => {
            if (!canChange(req.principal)) return reply.code(403).type('text/plain; charset=utf-8').send('Your role cannot change anything.');
            const rule = await decide(req, req.params.id, action, req.body.severity);
            if (!rule) return reply.code(404).type('text/plain; charset=utf-8').send('No denial rule has this id.');
            return reply.redirect('/insights/denial-rules', 303);
          },
        );
      }
    });
  };
}
