/**
 * The billers' workbench as one Fastify plugin, registered by src/api/app.ts before the other routes.
 * It is not encapsulated (skip-override) so that what it sets up applies to the whole app: security
 * headers (helmet), cookies, form bodies, CSRF, login rate limiting, the principal of each request
 * (bearer token or session), and the audit of claim views through the older /v1/claims/:id route.
 */
import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsync } from 'fastify';
import type { Ledger } from '../../ledger/ledger.js';
import { NO_PRACTICE, runInScope } from '../../ledger/tenant-scope.js';
import { practiceSwitchRoutes } from '../web/practice-switch.js';
import { webRoutes } from '../web/routes.js';
import { apiRoutes } from './api.js';
import { accountsApiRoutes } from './accounts-api.js';
import { createContext, type WorkbenchContext, type WorkbenchOptions } from './context.js';
import { fileRoutes } from './files.js';
import { insightsRoutes } from './insights.js';
import { practiceUserRoutes } from './practice-users.js';

export type { WorkbenchOptions } from './context.js';
export { requirePrincipal } from './context.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function workbench(deps: { ledger: Ledger; tokens: readonly string[] }, options: WorkbenchOptions = {}): FastifyPluginAsync & { context?: WorkbenchContext } {
  const ctx = createContext(deps.ledger, deps.tokens, options);
  const plugin: FastifyPluginAsync = async (app) => {
    await app.register(cookie, { secret: options.cookieSecret ?? randomBytes(32).toString('hex') });
    await app.register(formbody, { bodyLimit: 256 * 1024 });
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
          'upgrade-insecure-requests': options.secureCookies ? [] : null,
        },
      },
      strictTransportSecurity: options.secureCookies ? undefined : false,
    });
    await app.register(rateLimit, { global: false });
    await app.register(csrf, { cookieOpts: { signed: true, httpOnly: true, sameSite: 'strict', path: '/', secure: options.secureCookies ?? 'auto' as never } });
    app.addHook('onRequest', async (req) => {
      req.principal = await ctx.authenticate(req);
    });
    // The rest of the request runs in the principal's practice scope (docs/tenants.md): every ledger
    // query of every route and page is filtered by it; no principal sees no practice's data.
    app.addHook('onRequest', (req, _reply, done) => runInScope(req.principal?.scope ?? NO_PRACTICE, done));
    // Every state-changing request made with a session cookie needs the CSRF token (form field _csrf or
    // header x-csrf-token), whatever route it is for — the runtime's /v1 routes (POST /v1/batches) too.
    // Bearer tokens are not sent by browsers on their own and stay CSRF-free.
    app.addHook('preHandler', async (req, reply) => {
      if (req.principal?.kind !== 'session' || SAFE_METHODS.has(req.method)) return;
      let ok = false;
      app.csrfProtection(req, reply, () => (ok = true)); // synchronous with the cookie secret
      if (!ok) return reply;
    });
    // Views of a claim through the runtime's JSON route are audited like the page.
    app.addHook('onResponse', async (req, reply) => {
      const m = /^\/v1\/claims\/([A-Za-z0-9]+)$/.exec(req.url.split('?')[0]);
      if (m && req.method === 'GET' && reply.statusCode === 200 && req.principal) await ctx.audit.record({ actor: req.principal.actor, role: req.principal.role, action: 'view', claimId: m[1], detail: { api: true } });
    });
    await app.register(webRoutes(ctx));
    await app.register(apiRoutes(ctx));
    await app.register(accountsApiRoutes(ctx));
    await app.register(insightsRoutes(ctx));
    await app.register(fileRoutes(ctx));
    await app.register(practiceSwitchRoutes(ctx));
    await app.register(practiceUserRoutes(ctx));
  };
  (plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
  return Object.assign(plugin, { context: ctx });
}
