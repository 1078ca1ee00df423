/**
 * The practice switcher (issue 17): a user of several practices narrows the workbench to one of them, or
 * back to all of theirs. The choice is a cookie read by `authenticate` on every request and honoured only
 * when it names one of the user's practices (context.ts), so it can never widen what the user sees.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PRACTICE_COOKIE, type WorkbenchContext } from '../workbench/context.js';

const safeNext = (n: unknown) => (typeof n === 'string' && /^\/(?![/\\])/.test(n) && n.length < 500 ? n : '/');

export function practiceSwitchRoutes(ctx: WorkbenchContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/practice', { schema: { hide: true, body: z.object({ practice: z.string().max(64).default(''), next: z.string().max(500).optional(), _csrf: z.string().optional() }) } }, async (req, reply) => {
      const p = req.principal;
      if (p?.kind !== 'session') return reply.code(401).type('text/plain').send('sign in first');
      const chosen = req.body.practice;
      const next = safeNext(req.body.next ?? (typeof req.headers.referer === 'string' ? new URL(req.headers.referer, 'http://x').pathname : '/'));
      if (!chosen) {
        reply.clearCookie(PRACTICE_COOKIE, { path: '/' });
        return reply.redirect(next, 303);
      }
      // Not one of theirs: the same answer as an unknown practice (nothing to switch to).
      if (!p.practices.some((m) => m.practiceId === chosen)) return reply.code(404).type('text/plain').send('no such practice');
      reply.setCookie(PRACTICE_COOKIE, chosen, { path: '/', httpOnly: true, sameSite: 'strict', secure: ctx.options.secureCookies ?? req.protocol === 'https' });
      return reply.redirect(next, 303);
    });
  };
}
