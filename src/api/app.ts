/**
 * The HTTP API as a Fastify plugin: `app` registers the route modules explicitly (issue 7's workbench
 * adds its own next to them); `buildServer` makes a Fastify instance with the zod type provider,
 * OpenAPI at /docs, redacting logger, one error handler. Tests call `buildServer(...).inject()`.
 */
import Fastify, { LogController, type FastifyPluginAsync, type FastifyReply } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { practiceScopedLedger, type Ledger } from '../ledger/ledger.js';
import { ALL_PRACTICES, runInScope } from '../ledger/tenant-scope.js';
import { bearerAuth } from './auth.js';
import { alertRoutes } from './routes/alerts.js';
import { batchRoutes } from './routes/batches.js';
import { claimRoutes } from './routes/claims.js';
import { healthRoutes } from './routes/health.js';
import { remittanceRoutes } from './routes/remittances.js';
import { responseRoutes } from './routes/responses.js';
import { statusRoutes } from './routes/status.js';
import { eligibilityRoutes } from './routes/eligibility.js';
import { statusPage, wantsHtmlPage } from './web/error-pages.js';
import { requirePrincipal, workbench, type WorkbenchOptions } from './workbench/plugin.js';

export interface ApiDeps {
  ledger: Ledger;
  /** Bearer tokens accepted on /v1 (PHI). */
  tokens: readonly string[];
  /** Outbox folder for POST /v1/batches (absent = batches refused). */
  outbox?: string;
  /** CSV bodies in another layout: their header → our column (the outbox's `intake.csvHeaderMap`). */
  csvHeaderMap?: Readonly<Record<string, string>>;
  /** FHIR payers without a payer id: the default partner's payer list by name (as the outbox reads them). */
  payerIdsByName?: Readonly<Record<string, string>>;
  /** Partner of POST /v1/eligibility when the body names none (the gateway's default partner). */
  defaultPartner?: string;
  /** Issue 7: the billers' workbench (pages, users, sessions, audit); absent = bearer tokens only. */
  workbench?: WorkbenchOptions;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: ApiDeps;
  }
}

/** Route modules behind the bearer token; issue 7 registers more with `registerProtected`. */
export const PROTECTED_ROUTES: FastifyPluginAsync[] = [claimRoutes, remittanceRoutes, batchRoutes, responseRoutes, statusRoutes, alertRoutes, eligibilityRoutes];

export function app(deps: ApiDeps, extraProtected: FastifyPluginAsync[] = []): FastifyPluginAsync {
  return async (instance) => {
    // The API and pages read the ledger only through the practice-scoped handle (docs/tenants.md).
    deps = { ...deps, ledger: practiceScopedLedger(deps.ledger) };
    instance.decorate('deps', deps);
    // Without the workbench the config's bearer tokens are the only principals: service-wide.
    if (!deps.workbench) instance.addHook('onRequest', (_req, _reply, done) => runInScope(ALL_PRACTICES, done));
    // Nothing this API answers may be kept by a browser or proxy cache (PHI): no-store unless a route
    // chose otherwise (the static assets).
    instance.addHook('onSend', async (_req, reply, payload) => {
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      return payload;
    });
    // The workbench goes first: its hooks (principal, security headers) must cover the routes below.
    if (deps.workbench) await instance.register(workbench({ ledger: deps.ledger, tokens: deps.tokens }, deps.workbench));
    await instance.register(healthRoutes);
    const auth = deps.workbench ? requirePrincipal() : bearerAuth(deps.tokens);
    await instance.register(async (scope) => {
      scope.addHook('onRequest', auth);
      for (const routes of [...PROTECTED_ROUTES, ...extraProtected]) await scope.register(routes);
    });
  };
}

export interface ServerOptions {
  deps: ApiDeps;
  logger?: Logger | false;
  extraProtected?: FastifyPluginAsync[];
}

export async function buildServer(options: ServerOptions) {
  const server = Fastify({
    loggerInstance: options.logger || undefined,
    logger: options.logger === false ? false : undefined,
    // Requests are logged by the hook below, at debug and by route pattern (a URL's query can hold a
    // patient's name or member id from a search).
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<ZodTypeProvider>();
  server.addHook('onResponse', async (req, reply) => {
    req.log.debug({ event: 'http.request', method: req.method, route: req.routeOptions.url ?? '(no route)', status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  const htmlStatus = (reply: FastifyReply, status: number) => reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(statusPage(status, Number(reply.getHeader('retry-after')) || undefined));
  server.setNotFoundHandler((req, reply) => (wantsHtmlPage(req) ? htmlStatus(reply, 404) : reply.code(404).send({ error: 'not-found', message: `no route ${req.method} ${req.url.split('?')[0]}` })));
  server.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    const pageStatus = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (wantsHtmlPage(req) && (pageStatus === 429 || pageStatus >= 500)) {
      if (pageStatus >= 500) req.log.error({ event: 'api.error', err: { message: err.message } }, 'request failed');
      return htmlStatus(reply, pageStatus);
    }
    if (hasZodFastifySchemaValidationErrors(err)) return reply.code(400).send({ error: 'bad-request', message: 'the request does not match the schema', issues: err.validation.map((v) => ({ path: v.instancePath, message: v.message })) });
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) {
      req.log.error({ event: 'api.error', err: { message: err.message } }, 'request failed');
      return reply.code(status).send({ error: 'internal', message: 'internal error' });
    }
    return reply.code(status).send({ error: 'request-error', message: err.message });
  });
  await server.register(swagger, {
    openapi: {
      info: { title: 'x12-gateway API', version: '0.1.0', description: 'Claims, remittances and batches of the X12 gateway. Everything under /v1 needs a bearer token.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  await server.register(swaggerUi, { routePrefix: '/docs' });
  await server.register(app(options.deps, options.extraProtected));
  return server;
}
