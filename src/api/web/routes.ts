/**
 * The workbench's pages: login/logout (public), and behind a session every page with PHI. GET pages
 * record a view in the audit log; form posts need the CSRF token; lists page with limit/offset and export
 * CSV at the same path + ".csv".
 */
import { alertKindsByClaim, listAlerts } from '../../ledger/alerts.js';
import { alertsPage, alertsSection } from './alerts-page.js';
import { existsSync, readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CLAIM_STATES, type ClaimState } from '../../ledger/lifecycle.js';
import { readRemittances } from '../../remits/read-remittances.js';
import { remittanceHtml } from '../../remits/report.js';
import { describePlbReason } from '../../remits/codes.js';
import { addShares, ZERO_SHARE } from '../../billing-rules/balances.js';
import { visitFigures } from '../../ledger/visits.js';
import { changeClaim, reprocessFile } from '../workbench/actions.js';
import { CLAIM_SEARCH_PARAMS, readClaimSearch } from '../workbench/claim-search-filters.js';
import { claimView } from '../workbench/claim-view.js';
import { canChange, SESSION_COOKIE, viewerOf, type WorkbenchContext } from '../workbench/context.js';
import { agingCsv, filesCsv, remittancesCsv } from '../workbench/csv.js';
import { balancesCsvStream, claimsCsvStream, sendCsvExport, worklistCsvStream } from '../workbench/exports.js';
import { agingClaims, agingReport, balanceRows, worklist } from '../workbench/views.js';
import { FAVICON_SVG, formatZip, html, layout, money, plural, raw, WORKBENCH_CSS, WORKBENCH_JS, when } from './layout.js';
import { guarantorIdOfClaim } from '../../ledger/patient-accounts.js';
import { registerAccountPages } from './accounts-pages.js';
import { registerDepositPages } from './deposits-pages.js';
import { agingPage, auditPage, balancesPage, claimPage, claimsPage, dashboardPage, errorPage, filesPage, loginPage, remittancesPage, statementPage, type Frame } from './pages.js';
import { triagedWorklistPage } from './worklist-page.js';
import { statusFollowUps } from '../workbench/status-followups.js';
import { appealPage } from './appeal-page.js';
import { AppealChangeSchema, appealLetter, changeAppeal, TriageChangeSchema } from '../workbench/appeal.js';
import { setTriage } from '../../ledger/claim-followup.js';
import { chartJsBundle, DENIAL_CHARTS_JS, denialAnalyticsSection } from './denial-analytics-page.js';
import { denialAnalytics } from '../../ledger/denial-analytics.js';
import { parseTriage } from '../../billing-rules/triage.js';
import { registerLockoutPages } from './lockout-pages.js';
import { registerEligibilityPages } from './eligibility-page.js';
import { readRemittanceDates, registerRemittanceExtras, remittanceFileLinks, remittanceFilterFields } from './remittance-extras.js';
import { clearSignInFailures, isAccountLocked, recordSignInFailure } from '../../ledger/account-lockouts.js';

const Paging = { limit: z.coerce.number().int().min(1).max(500).catch(50).default(50), offset: z.coerce.number().int().min(0).max(10_000_000).catch(0).default(0) };
const OptText = z.string().max(100).optional().catch(undefined);
/** Triage filters are checked by parseTriage, which names an invalid one (never dropped). */
const TriageText = z.string().max(2000).optional();
const OptDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined);
const States = z.union([z.string(), z.array(z.string())]).optional().transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((s): s is ClaimState => (CLAIM_STATES as readonly string[]).includes(s)));
const SearchParam = z.union([z.string(), z.array(z.string())]).optional();
const blank = (s: string | undefined) => (s ? s : undefined);

const safeNext = (n: unknown) => (typeof n === 'string' && /^\/(?![/\\])/.test(n) && n.length < 500 ? n : '/');

export function webRoutes(ctx: WorkbenchContext): FastifyPluginAsyncZod {
  return async (app) => {
    const frame = (req: FastifyRequest, reply: FastifyReply): Frame => ({ viewer: viewerOf(req.principal!), csrf: reply.generateCsrf() });
    const audit = (req: FastifyRequest, action: string, extra: { claimId?: string; fileId?: string; detail?: Record<string, unknown> } = {}) => ctx.audit.record({ actor: req.principal!.actor, role: req.principal!.role, action, ...extra });
    const sendHtml = (reply: FastifyReply, body: string, status = 200) => reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
    const sendCsv = (reply: FastifyReply, name: string, body: string) => reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="${name}"`).type('text/csv; charset=utf-8').send(body);

    // ---------------------------------------------------------------- public: assets, login, logout
    app.get('/assets/workbench.css', { schema: { hide: true } }, async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'max-age=300').send(WORKBENCH_CSS));
    app.get('/assets/workbench.js', { schema: { hide: true } }, async (_req, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'max-age=300').send(WORKBENCH_JS));
    // Issue 15: the dashboard's denial charts (chart.js is versioned with the install: a long cache).
    app.get('/assets/chart.umd.min.js', { schema: { hide: true } }, async (_req, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(chartJsBundle()));
    app.get('/assets/denial-charts.js', { schema: { hide: true } }, async (_req, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'max-age=300').send(DENIAL_CHARTS_JS));

    for (const path of ['/favicon.svg', '/favicon.ico']) app.get(path, { schema: { hide: true } }, async (_req, reply) => reply.type('image/svg+xml').header('cache-control', 'max-age=86400').send(FAVICON_SVG));

    app.get('/login', { schema: { hide: true, querystring: z.object({ next: z.string().max(500).optional().catch(undefined) }) } }, async (req, reply) => {
      if (req.principal?.kind === 'session') return reply.redirect(safeNext(req.query.next));
      return sendHtml(reply, loginPage({ csrf: reply.generateCsrf(), next: safeNext(req.query.next) }));
    });

    app.post(
      '/login',
      {
        schema: { hide: true, body: z.object({ username: z.string().max(100).default(''), password: z.string().max(1000).default(''), next: z.string().max(500).optional(), _csrf: z.string().optional() }) },
        config: { rateLimit: { max: ctx.options.loginAttemptsPerMinute ?? 10, timeWindow: 60_000 } },
        preHandler: app.csrfProtection,
      },
      async (req, reply) => {
        // Per account as well as per IP: an account with too many recent failures is refused from anywhere.
        const lockedMs = req.body.username ? ctx.loginLimiter.retryAfterMs(req.body.username) : 0;
        if (lockedMs > 0) {
          await ctx.audit.record({ actor: 'anonymous', role: '-', action: 'login-locked', detail: { username: req.body.username.slice(0, 64) } });
          ctx.log({ event: 'workbench.login-locked', retryAfterS: Math.ceil(lockedMs / 1000) }, 'sign-in refused: too many failures for this account');
          reply.header('retry-after', String(Math.ceil(lockedMs / 1000)));
          return sendHtml(reply, loginPage({ csrf: reply.generateCsrf(), next: safeNext(req.body.next), error: 'Too many failed sign-ins for this account. Try again later.' }), 429);
        }
        // Durable lockout (account-lockouts.ts): a locked account is refused, right password or not, until an admin unlocks it.
        if (req.body.username && (await isAccountLocked(ctx.ledger.db, req.body.username))) {
          await ctx.audit.record({ actor: 'anonymous', role: '-', action: 'login-locked-out', detail: { username: req.body.username.slice(0, 64) } });
          ctx.log({ event: 'workbench.login-locked-out' }, 'sign-in refused: account locked');
          return sendHtml(reply, loginPage({ csrf: reply.generateCsrf(), next: safeNext(req.body.next), error: 'This account is locked after repeated failed sign-ins. Ask an administrator to unlock it.' }), 423);
        }
        const user = req.body.username ? await ctx.users.authenticate(req.body.username, req.body.password) : undefined;
        if (req.body.username) (user ? ctx.loginLimiter.succeeded : ctx.loginLimiter.failed)(req.body.username);
        if (req.body.username && user) await clearSignInFailures(ctx.ledger.db, req.body.username);
        if (req.body.username && !user && (await recordSignInFailure(ctx.ledger.db, req.body.username, { lockAfter: ctx.options.loginLockoutAfter ?? 20, now: ctx.now().toISOString() }))) {
          await ctx.audit.record({ actor: 'anonymous', role: '-', action: 'account-locked', detail: { username: req.body.username.slice(0, 64) } });
          ctx.log({ event: 'workbench.account-locked' }, 'account locked after repeated failed sign-ins');
        }
        if (!user) {
          await ctx.audit.record({ actor: 'anonymous', role: '-', action: 'login-failed', detail: { username: req.body.username.slice(0, 64) } });
          ctx.log({ event: 'workbench.login-failed' }, 'sign-in refused');
          return sendHtml(reply, loginPage({ csrf: reply.generateCsrf(), next: safeNext(req.body.next), error: 'The user name or password is not right.' }), 401);
        }
        const session = await ctx.users.createSession(user.id);
        reply.setCookie(SESSION_COOKIE, session, { httpOnly: true, sameSite: 'strict', secure: ctx.options.secureCookies ?? req.protocol === 'https', path: '/' });
        await ctx.audit.record({ actor: user.username, role: user.role, action: 'login' });
        ctx.log({ event: 'workbench.login', userId: user.id }, 'signed in');
        return reply.redirect(safeNext(req.body.next), 303);
      },
    );

    app.post('/logout', { schema: { hide: true }, preHandler: app.csrfProtection }, async (req, reply) => {
      const cookie = req.cookies[SESSION_COOKIE];
      if (cookie) await ctx.users.endSession(cookie);
      if (req.principal) await ctx.audit.record({ actor: req.principal.actor, role: req.principal.role, action: 'logout' });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.redirect('/login', 303);
    });

    // ---------------------------------------------------------------- everything below needs a user
    await app.register(async (pages: FastifyInstance) => {
      pages.addHook('onRequest', async (req, reply) => {
        if (req.principal) return;
        if (req.method === 'GET' || req.method === 'HEAD') return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 302);
        return reply.code(401).type('text/plain; charset=utf-8').send('Sign in first.');
      });
      const p = pages.withTypeProvider<import('fastify-type-provider-zod').ZodTypeProvider>();

      p.get('/', { schema: { hide: true } }, async (req, reply) => {
        const [dash, wl, aging, denials, openAlerts] = await Promise.all([ctx.queries.dashboard(), ctx.queries.worklist({ limit: 1, offset: 0 }), agingReport(ctx), denialAnalytics(ctx.ledger.db), listAlerts(ctx.ledger.db, { openOnly: true, limit: 5 })]);
        await audit(req, 'view-dashboard');
        return sendHtml(reply, dashboardPage(frame(req, reply), { ...dash, worklist: wl.total, alarms: aging.totals.alarms }, html`${alertsSection(openAlerts)}${denialAnalyticsSection(denials)}`));
      });

      // Issue 14: alerts (timely filing, silent after inquiry, other kinds), open ones first.
      p.get('/alerts', { schema: { hide: true, querystring: z.object({ all: z.string().max(5).optional().catch(undefined), ...Paging }) } }, async (req, reply) => {
        const all = !!req.query.all;
        const list = await listAlerts(ctx.ledger.db, { openOnly: !all, limit: req.query.limit, offset: req.query.offset });
        await audit(req, 'view-alerts', { detail: { results: list.total } });
        return sendHtml(reply, alertsPage(frame(req, reply), { all, limit: req.query.limit, offset: req.query.offset }, list));
      });

      // The claim search reads its filters itself (claim-search-filters.ts): an invalid one is shown next to
      // its field, never dropped to list every claim.
      const claimsQuery = z.object({ ...Object.fromEntries(CLAIM_SEARCH_PARAMS.map((k) => [k, SearchParam])), ...Paging }).passthrough();
      const readClaimsQuery = (query: Record<string, unknown>) => readClaimSearch(Object.fromEntries(CLAIM_SEARCH_PARAMS.map((k) => [k, query[k]])));
      p.get('/claims', { logLevel: 'warn', schema: { hide: true, querystring: claimsQuery } }, async (req, reply) => {
        const q = req.query as Record<string, unknown> & { limit: number; offset: number };
        const { filter, values, problems } = readClaimsQuery(q);
        const [result, payers] = await Promise.all([problems.length ? { rows: [], total: 0 } : ctx.queries.searchClaims({ ...filter, limit: q.limit, offset: q.offset }), ctx.queries.payers()]);
        await audit(req, 'search', { detail: { page: 'claims', filters: Object.keys(filter).filter((k) => k !== 'state'), invalid: problems.map((p) => p.filter), results: result.total } });
        return sendHtml(reply, claimsPage(frame(req, reply), { ...values, limit: q.limit, offset: q.offset }, payers, result, problems), problems.length ? 400 : 200);
      });
      p.get('/claims.csv', { logLevel: 'warn', schema: { hide: true, querystring: claimsQuery } }, async (req, reply) => {
        const { filter, problems } = readClaimsQuery(req.query as Record<string, unknown>);
        if (problems.length) return reply.code(400).type('text/plain; charset=utf-8').send(problems.map((p) => p.message).join('\n'));
        await audit(req, 'export', { detail: { page: 'claims' } });
        return sendCsvExport(ctx, reply, 'claims.csv', 'claims', (n) => claimsCsvStream(ctx, filter, n));
      });

      const renderClaim = async (req: FastifyRequest, reply: FastifyReply, id: string, form?: Parameters<typeof claimPage>[2], status = 200) => {
        const view = await claimView(ctx, id, req.principal);
        if (!view) return sendHtml(reply, errorPage(frame(req, reply), 404, 'No claim with this id.'), 404);
        return sendHtml(reply, claimPage(frame(req, reply), view, form), status);
      };
      p.get('/claims/:id', { schema: { hide: true, params: z.object({ id: z.string().min(1).max(64) }), querystring: z.object({ done: z.string().max(64).optional().catch(undefined) }) } }, async (req, reply) => {
        await audit(req, 'view', { claimId: req.params.id });
        return renderClaim(req, reply, req.params.id, req.query.done ? { values: {}, errors: [], notice: `Sent for processing as claim ${req.query.done}. Its 837 and the answers to it appear in the timeline as they arrive.` } : undefined);
      });

      const formBody = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
      const changeRoute = (kind: 'resubmit' | 'void') =>
        p.post(`/claims/:id/${kind}`, { schema: { hide: true, params: z.object({ id: z.string().min(1).max(64) }), body: formBody }, preHandler: pages.csrfProtection }, async (req, reply) => {
          const body = req.body as Record<string, string | string[]>;
          const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
          const edits: Record<string, string> = {};
          for (const [k, v] of Object.entries(body)) if (k.startsWith('f:')) edits[k.slice(2)] = one(v);
          const version = Number(one(body.version));
          const result = await changeClaim(ctx, req.principal, req.params.id, kind, { version: Number.isInteger(version) ? version : -1, edits, reason: one(body.reason), confirmed: one(body.confirm) === 'yes' });
          if (result.ok) return reply.redirect(`/claims/${result.claimId}?done=${result.newClaimId}`, 303);
          if (result.status === 403) return sendHtml(reply, errorPage(frame(req, reply), 403, result.message), 403);
          return renderClaim(req, reply, req.params.id, { values: edits, errors: result.fieldErrors ?? [], message: result.message }, result.status);
        });
      changeRoute('resubmit');
      changeRoute('void');

      // Issue 15: the appeal letter (print) and its tracking; issue 16: triage of a worklist claim.
      const Id = z.object({ id: z.string().min(1).max(64) });
      p.get('/claims/:id/appeal', { schema: { hide: true, params: Id, querystring: z.object({ saved: z.string().max(10).optional().catch(undefined) }) } }, async (req, reply) => {
        const letter = await appealLetter(ctx, req.params.id, canChange(req.principal));
        if (!letter) return sendHtml(reply, errorPage(frame(req, reply), 404, 'No denial of this claim calls for an appeal.'), 404);
        await audit(req, 'view-appeal', { claimId: req.params.id });
        return sendHtml(reply, appealPage(frame(req, reply), letter, req.query.saved ? { ok: true, text: 'The appeal is saved.' } : undefined, ctx.now().toISOString().slice(0, 10)));
      });
      p.post('/claims/:id/appeal', { schema: { hide: true, params: Id, body: formBody }, preHandler: pages.csrfProtection }, async (req, reply) => {
        if (!canChange(req.principal)) return sendHtml(reply, errorPage(frame(req, reply), 403, `The ${req.principal!.role} role cannot change anything.`), 403);
        const letter = await appealLetter(ctx, req.params.id, true);
        if (!letter) return sendHtml(reply, errorPage(frame(req, reply), 404, 'No denial of this claim calls for an appeal.'), 404);
        const body = req.body as Record<string, string | string[]>;
        const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
        const parsed = AppealChangeSchema.safeParse({ argument: one(body.argument), status: one(body.status) || undefined, answer: one(body.answer) || undefined });
        if (!parsed.success) return sendHtml(reply, appealPage(frame(req, reply), letter, { ok: false, text: 'The argument is up to 8000 characters; the status is drafted, sent or answered.' }), 400);
        const r = await changeAppeal(ctx, letter, parsed.data, req.principal!.actor);
        if (!r.ok) return sendHtml(reply, appealPage(frame(req, reply), letter, { ok: false, text: r.message }), 409);
        await audit(req, 'appeal', { claimId: req.params.id, detail: { status: r.appeal.status, deadline: r.appeal.deadline } });
        return reply.redirect(`/claims/${req.params.id}/appeal?saved=1`, 303);
      });

      const worklistQuery = z.object({ state: States, payer: OptText, minAgeDays: TriageText, dueWithinDays: TriageText, mine: TriageText, assignee: TriageText, sort: TriageText, dir: TriageText, minAmount: TriageText, maxAmount: TriageText, reason: TriageText, ...Paging });
      p.get('/worklist', { schema: { hide: true, querystring: worklistQuery } }, async (req, reply) => {
        const q = req.query;
        // Issue 16: triage; an invalid filter is shown next to it (and lists nothing), never dropped.
        const me = req.principal!.actor.split(' (')[0];
        const triage = parseTriage({ ...q, assignee: q.mine ? me : q.assignee }, ctx.now().toISOString().slice(0, 10));
        const payers = await ctx.queries.payers();
        const result = triage.errors.length ? { total: 0, totalCharge: '0.00', items: [] } : await worklist(ctx, { state: q.state, payerId: blank(q.payer), limit: q.limit, offset: q.offset, ...triage.filter });
        await audit(req, 'view-worklist', { detail: { results: result.total } });
        const alertKinds = await alertKindsByClaim(ctx.ledger.db, result.items.map((i) => i.id));
        const followUps = await statusFollowUps(ctx);
        return sendHtml(reply, triagedWorklistPage(frame(req, reply), { ...q, payer: blank(q.payer) }, payers, result, triage.errors, { me, mayChange: canChange(req.principal) }, alertKinds, followUps), triage.errors.length ? 400 : 200);
      });
      p.post('/worklist/:id/triage', { schema: { hide: true, params: z.object({ id: z.string().min(1).max(64) }), body: formBody }, preHandler: pages.csrfProtection }, async (req, reply) => {
        if (!canChange(req.principal)) return sendHtml(reply, errorPage(frame(req, reply), 403, `The ${req.principal!.role} role cannot change anything.`), 403);
        const body = req.body as Record<string, string | string[]>;
        const one = (v: string | string[] | undefined) => ((Array.isArray(v) ? v[0] : v) ?? '').trim() || null;
        const parsed = TriageChangeSchema.safeParse({ assignee: one(body.assignee), note: one(body.note), followUp: one(body.followUp) });
        if (!parsed.success) return sendHtml(reply, errorPage(frame(req, reply), 400, 'The assignee is a user name, the note up to 2000 characters, the follow-up a date (YYYY-MM-DD).'), 400);
        const claim = await ctx.ledger.db.selectFrom('claims').select('id').where('id', '=', req.params.id).executeTakeFirst();
        if (!claim) return sendHtml(reply, errorPage(frame(req, reply), 404, 'No claim with this id.'), 404);
        const row = await setTriage(ctx.ledger.db, req.params.id, { assignee: parsed.data.assignee ?? null, note: parsed.data.note ?? null, followUp: parsed.data.followUp ?? null, actor: req.principal!.actor, at: ctx.now().toISOString() });
        await audit(req, 'triage', { claimId: req.params.id, detail: { assignee: row.assignee, followUp: row.follow_up } });
        return reply.redirect('/worklist', 303);
      });
      p.get('/worklist.csv', { schema: { hide: true, querystring: worklistQuery } }, async (req, reply) => {
        await audit(req, 'export', { detail: { page: 'worklist' } });
        const triage = parseTriage({ ...req.query, assignee: req.query.mine ? req.principal!.actor.split(' (')[0] : req.query.assignee }, ctx.now().toISOString().slice(0, 10));
        if (triage.errors.length) return reply.code(400).type('text/plain; charset=utf-8').send(triage.errors.map((e) => `${e.filter}: ${e.message}`).join('\n'));
        const { sort: _s, dir: _d, dueOnOrBefore: _due, ...filters } = triage.filter;
        return sendCsvExport(ctx, reply, 'worklist.csv', 'worklist', (n) => worklistCsvStream(ctx, { state: req.query.state, payerId: blank(req.query.payer), ...filters }, n));
      });

      const remitQuery = z.object({ balanced: z.enum(['yes', 'no', '']).optional().catch(undefined), payer: OptText, from: z.string().max(100).optional().catch(undefined), to: z.string().max(100).optional().catch(undefined), ...Paging });
      p.get('/remittances', { schema: { hide: true, querystring: remitQuery } }, async (req, reply) => {
        const q = req.query;
        const dates = readRemittanceDates(q);
        const [result, payers] = await Promise.all([
          dates.problems.length ? { total: 0, rows: [] } : ctx.queries.remittances({ balanced: q.balanced ? q.balanced === 'yes' : undefined, payer: blank(q.payer), from: dates.from, to: dates.to, limit: q.limit, offset: q.offset }),
          ctx.queries.remittancePayers(),
        ]);
        await audit(req, 'view-remittances', { detail: { results: result.total } });
        return sendHtml(reply, remittancesPage(frame(req, reply), q, result, remittanceFilterFields(q, payers, dates.problems), dates.problems.length > 0), dates.problems.length ? 400 : 200);
      });
      p.get('/remittances.csv', { schema: { hide: true, querystring: remitQuery } }, async (req, reply) => {
        const dates = readRemittanceDates(req.query);
        if (dates.problems.length) return reply.code(400).type('text/plain; charset=utf-8').send(dates.problems.map((x) => x.message).join('\n'));
        const result = await ctx.queries.remittances({ balanced: req.query.balanced ? req.query.balanced === 'yes' : undefined, payer: blank(req.query.payer), from: dates.from, to: dates.to, limit: 100_000, offset: 0 });
        await audit(req, 'export', { detail: { page: 'remittances', rows: result.rows.length } });
        return sendCsv(reply, 'remittances.csv', remittancesCsv(result.rows));
      });
      p.get('/remittances/:id', { schema: { hide: true, params: z.object({ id: z.string().min(1).max(64) }) } }, async (req, reply) => {
        const detail = await ctx.ledger.getRemittance(req.params.id);
        if (!detail) return sendHtml(reply, errorPage(frame(req, reply), 404, 'No remittance with this id.'), 404);
        await audit(req, 'view-remittance', { fileId: detail.remittance.file_id, detail: { remittance: detail.remittance.id, claims: detail.claims.length } });
        const sum = (xs: string[]) => xs.reduce((s, x) => s.plus(x), new Decimal(0));
        const paid = sum(detail.claims.map((c) => c.paid));
        const plb = sum(detail.providerAdjustments.map((x) => x.amount));
        const patient = sum(detail.claims.map((c) => c.patient_responsibility));
        const billed = sum(detail.claims.map((c) => c.billed));
        const r = detail.remittance;
        // Each claim payment next to its visit's netted money (a reversal and the payment it cancels net to 0).
        const visits = new Map<string, Awaited<ReturnType<typeof visitFigures>>>();
        for (const c of detail.claims) if (c.claim_id && !visits.has(c.claim_id)) visits.set(c.claim_id, await visitFigures(ctx.ledger.db, c.claim_id));
        const file = await ctx.ledger.getFile(r.file_id);
        let report = '';
        if (file?.local_path && existsSync(file.local_path)) {
          try {
            const { remittances } = readRemittances(readFileSync(file.local_path), { file: file.name });
            const mine = remittances.filter((x) => x.trace.number === r.trace_number);
            if (mine.length) report = embedReport(remittanceHtml(mine, { title: `Remittance ${r.trace_number}` }));
          } catch {
            report = '';
          }
        }
        const f = frame(req, reply);
        return sendHtml(
          reply,
          layout(
            { title: `Remittance ${r.trace_number}`, active: 'remittances', viewer: f.viewer, csrf: f.csrf },
            html`<h1>Remittance ${r.trace_number}</h1>
<p>${r.payer_name ?? r.payer_key} · ${r.payment_method} · ${r.payment_date ?? ''} · posted ${when(r.created_at)} · ${r.balanced ? html`<span class="badge good">balanced</span>` : html`<span class="badge bad">NOT balanced</span>`}</p>
${remittanceFileLinks(r.id, r.file_id)}
<section aria-labelledby="ledger-h"><h2 id="ledger-h">In the ledger</h2>
<div class="cards ledger-totals">
<div class="card"><span class="label">Payment (BPR02)</span><span class="value" data-ledger="payment">${money(r.payment_amount)}</span></div>
<div class="card"><span class="label">Claims paid (Σ CLP04)</span><span class="value" data-ledger="claims-paid">${money(paid.toFixed(2))}</span></div>
<div class="card"><span class="label">Provider adjustments (Σ PLB)</span><span class="value" data-ledger="plb">${money(plb.toFixed(2))}</span></div>
<div class="card"><span class="label">Billed (Σ CLP03)</span><span class="value" data-ledger="billed">${money(billed.toFixed(2))}</span></div>
<div class="card"><span class="label">Patient responsibility (Σ CLP05)</span><span class="value" data-ledger="patient">${money(patient.toFixed(2))}</span></div>
</div>
<p class="muted">Payment = claims paid − provider adjustments: ${money(paid.toFixed(2))} − ${money(plb.toFixed(2))} = ${money(paid.minus(plb).toFixed(2))}.</p>
${detail.providerAdjustments.length ? html`<h3>Provider-level adjustments (PLB) explained</h3><ul>${detail.providerAdjustments.map((x) => html`<li>${x.reason_code}: ${describePlbReason(x.reason_code)} — ${money(x.amount)} ${x.amount.startsWith('-') ? '(added to the payment)' : '(taken from the payment)'}${x.reference ? ` · ref ${x.reference}` : ''}</li>`)}</ul>` : ''}
<table class="remit-claims"><caption>Claims in this payment</caption><thead><tr><th scope="col">Claim (CLP01)</th><th scope="col">Outcome</th><th scope="col" class="num">Billed</th><th scope="col" class="num">Paid</th><th scope="col" class="num">Patient</th><th scope="col">Payer claim no.</th><th scope="col">Visit (netted)</th><th scope="col" class="num">Visit paid</th><th scope="col" class="num">Visit patient due</th></tr></thead>
<tbody>${detail.claims.map((c) => {
              const v = c.claim_id ? visits.get(c.claim_id) : undefined;
              return html`<tr data-claim="${c.claim_id ?? ''}"><td>${c.claim_id ? html`<a href="/claims/${c.claim_id}">${c.patient_control_number}</a>` : html`${c.patient_control_number} <span class="badge bad">unmatched</span>`}</td><td>${c.outcome ?? '—'}</td><td class="num">${money(c.billed)}</td><td class="num">${money(c.paid)}</td><td class="num">${money(c.patient_responsibility)}</td><td>${c.payer_claim_number ?? ''}</td><td data-visit-state>${v?.state ?? '—'}</td><td class="num" data-visit-paid>${v ? money(v.insurancePaid) : '—'}</td><td class="num" data-visit-due>${v ? money(v.patientDue) : '—'}</td></tr>`;
            })}</tbody>
<tfoot><tr><td colspan="2">${plural(detail.claims.length, 'claim')}</td><td class="num">${money(billed.toFixed(2))}</td><td class="num">${money(paid.toFixed(2))}</td><td class="num">${money(patient.toFixed(2))}</td><td colspan="4"></td></tr></tfoot></table></section>
<section aria-labelledby="report-h"><h2 id="report-h">Remittance report</h2>${report ? raw(report) : html`<p class="muted">The 835 file is no longer on disk; the ledger’s figures above are complete.</p>`}</section>`,
          ),
        );
      });

      const agingQuery = z.object({ payer: OptText, bucket: z.enum(['0-30', '31-60', '61-90', '90+', '']).optional().catch(undefined), alarm: z.enum(['any', 'no-999', 'no-277CA', 'no-835', '']).optional().catch(undefined), ...Paging });
      const agingFilter = (q: z.infer<typeof agingQuery>) => ({ payer: blank(q.payer), bucket: blank(q.bucket), alarm: blank(q.alarm) });
      p.get('/aging', { schema: { hide: true, querystring: agingQuery } }, async (req, reply) => {
        const q = req.query;
        const report = await agingReport(ctx);
        const list = await agingClaims(ctx, report, agingFilter(q), q.limit, q.offset);
        await audit(req, 'view-aging', { detail: { outstanding: report.totals.count } });
        return sendHtml(reply, agingPage(frame(req, reply), { ...q, ...agingFilter(q) }, report, list.claims, list.total));
      });
      p.get('/aging.csv', { schema: { hide: true, querystring: agingQuery } }, async (req, reply) => {
        const list = await agingClaims(ctx, await agingReport(ctx), agingFilter(req.query));
        await audit(req, 'export', { detail: { page: 'aging', rows: list.claims.length } });
        return sendCsv(reply, 'aging.csv', agingCsv(list.claims));
      });

      const balQuery = z.object({ view: z.enum(['patients', 'claims']).catch('patients').default('patients'), ...Paging });
      p.get('/balances', { schema: { hide: true, querystring: balQuery } }, async (req, reply) => {
        const q = req.query;
        const claims = q.view === 'claims' ? await balanceRows(ctx, { limit: q.limit, offset: q.offset }) : undefined;
        const patients = q.view === 'patients' ? await ctx.queries.patientsOwing({ limit: q.limit, offset: q.offset }) : undefined;
        await audit(req, 'view-balances', { detail: { view: q.view } });
        return sendHtml(reply, balancesPage(frame(req, reply), q, claims, patients));
      });
      p.get('/balances.csv', { schema: { hide: true, querystring: balQuery } }, async (req, reply) => {
        await audit(req, 'export', { detail: { page: 'balances' } });
        return sendCsvExport(ctx, reply, 'patient-balances.csv', 'balances', (n) => balancesCsvStream(ctx, n));
      });
      p.get('/balances/statement', { schema: { hide: true, querystring: z.object({ claim: z.string().min(1).max(64) }) } }, async (req, reply) => {
        const ids = await ctx.queries.statementClaims(req.query.claim);
        if (!ids.length) return sendHtml(reply, errorPage(frame(req, reply), 404, 'This patient owes nothing on record.'), 404);
        const { rows } = await balanceRows(ctx, { limit: 1000, offset: 0, claimIds: ids });
        const first = await ctx.ledger.db.selectFrom('claims').select(['data', 'member_id', 'patient_last', 'patient_first']).where('id', '=', ids[0]).executeTakeFirstOrThrow();
        const data = JSON.parse(first.data) as { billingProvider?: { name?: string; address?: { line1?: string; city?: string; state?: string; postalCode?: string } }; subscriber?: { memberId?: string; name?: { last?: string; first?: string }; address?: { line1?: string; city?: string; state?: string; postalCode?: string } }; patient?: { name?: { last?: string; first?: string }; address?: { line1?: string; city?: string; state?: string; postalCode?: string } } };
        const addr = (a?: { line1?: string; city?: string; state?: string; postalCode?: string }) => (a ? [a.line1 ?? '', `${a.city ?? ''}, ${a.state ?? ''} ${formatZip(a.postalCode)}`.trim()] : []);
        const who = data.patient ?? data.subscriber;
        await audit(req, 'statement', { claimId: req.query.claim, detail: { claims: ids } });
        return sendHtml(
          reply,
          statementPage(frame(req, reply), {
            at: ctx.now().toISOString(),
            practice: { name: data.billingProvider?.name ?? 'Billing office', address: addr(data.billingProvider?.address) },
            patient: { name: [who?.name?.first, who?.name?.last].filter(Boolean).join(' '), memberId: data.subscriber?.memberId ?? null, address: addr(who?.address ?? data.subscriber?.address) },
            rows,
            total: rows.reduce((s, r) => addShares(s, r.share), ZERO_SHARE),
            account: { href: `/accounts/${guarantorIdOfClaim(first)}/statement`, phone: ctx.options.accounts?.practice?.phone },
          }),
        );
      });

      const filesQuery = z.object({ direction: z.enum(['intake', 'out', 'in', '']).optional().catch(undefined), state: OptText, id: OptText, done: OptText, error: OptText, ...Paging });
      p.get('/files', { schema: { hide: true, querystring: filesQuery } }, async (req, reply) => {
        const q = req.query;
        const result = q.id ? await ctx.ledger.getFile(q.id).then((f) => ({ total: f ? 1 : 0, rows: f ? [f] : [] })) : await ctx.queries.files({ direction: blank(q.direction) as 'in' | undefined, state: blank(q.state), limit: q.limit, offset: q.offset });
        await audit(req, 'view-files', { detail: { results: result.total } });
        const notice = q.done ? { ok: true, text: `File ${q.done} was put back into the inbox; the gateway reads it again on its next cycle.` } : q.error ? { ok: false, text: q.error } : undefined;
        return sendHtml(reply, filesPage(frame(req, reply), { ...q, direction: blank(q.direction), state: blank(q.state) }, result, canChange(req.principal), notice));
      });
      p.get('/files.csv', { schema: { hide: true, querystring: filesQuery } }, async (req, reply) => {
        const result = await ctx.queries.files({ direction: blank(req.query.direction) as 'in' | undefined, state: blank(req.query.state), limit: 100_000, offset: 0 });
        await audit(req, 'export', { detail: { page: 'files', rows: result.rows.length } });
        return sendCsv(reply, 'files.csv', filesCsv(result.rows));
      });
      p.post('/files/:id/reprocess', { schema: { hide: true, params: z.object({ id: z.string().min(1).max(64) }) }, preHandler: pages.csrfProtection }, async (req, reply) => {
        const r = await reprocessFile(ctx, req.principal, req.params.id);
        if (r.ok) return reply.redirect(`/files?done=${encodeURIComponent(r.fileId)}`, 303);
        if (r.status === 403) return sendHtml(reply, errorPage(frame(req, reply), 403, r.message), 403);
        return reply.redirect(`/files?error=${encodeURIComponent(r.message.slice(0, 90))}`, 303);
      });

      // Issue 11: patient accounts and deposits (src/api/web/accounts-pages.ts, deposits-pages.ts).
      const helpers = { frame, audit, sendHtml, sendCsv, errorPage };
      await registerAccountPages(pages, ctx, helpers);
      await registerDepositPages(pages, ctx, helpers);
      await registerLockoutPages(pages, ctx, helpers);
      await registerRemittanceExtras(pages, ctx, helpers);
      await registerEligibilityPages(pages, ctx, helpers);

      p.get('/audit', { schema: { hide: true, querystring: z.object({ claim: OptText, actor: OptText, before: z.coerce.number().int().positive().optional().catch(undefined) }) } }, async (req, reply) => {
        if (req.principal!.role !== 'admin') return sendHtml(reply, errorPage(frame(req, reply), 403, 'Only administrators can read the audit log.'), 403);
        const rows = await ctx.audit.list({ claimId: blank(req.query.claim), actor: blank(req.query.actor), before: req.query.before, limit: 100 });
        return sendHtml(reply, auditPage(frame(req, reply), req.query, rows));
      });
    });
  };
}

/** The remittance report's body and its style sheet scoped to `.report` (it was written as a page). */
export function embedReport(page: string): string {
  const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? '';
  const body = /<body>([\s\S]*?)<\/body>/.exec(page)?.[1] ?? '';
  // The page has its own h1: the report's headings move one level down (one h1 per page).
  const demoted = body.replace(/<(\/?)h([1-5])\b/g, (_m, slash: string, n: string) => `<${slash}h${Number(n) + 1}`);
  return `<style>${scopeCss(style, '.report')}</style><div class="report">${demoted}</div>`;
}

/** Prefixes every selector with `scope` (`body` becomes the scope itself); handles one level of @media. */
export function scopeCss(css: string, scope: string): string {
  let out = '';
  let i = 0;
  while (i < css.length) {
    const open = css.indexOf('{', i);
    if (open < 0) break;
    const head = css.slice(i, open).trim();
    if (head.startsWith('@')) {
      // find the matching close of the block
      let depth = 1;
      let j = open + 1;
      while (j < css.length && depth > 0) {
        if (css[j] === '{') depth++;
        else if (css[j] === '}') depth--;
        j++;
      }
      out += `${head}{${scopeCss(css.slice(open + 1, j - 1), scope)}}`;
      i = j;
      continue;
    }
    const close = css.indexOf('}', open);
    const selectors = head
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => (s === 'body' ? scope : `${scope} ${s}`))
      .join(',');
    out += `${selectors}{${css.slice(open + 1, close)}}`;
    i = close + 1;
  }
  return out;
}
