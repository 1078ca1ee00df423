/**
 * The workbench's REST API (same app as the pages, zod on every route, in the OpenAPI at /docs). Tables
 * come as CSV with `Accept: text/csv` or the `.csv` path. Bearer tokens (systems) or a session cookie
 * (then unsafe methods need the x-csrf-token header).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CLAIM_STATES } from '../../ledger/lifecycle.js';
import { AGING_BUCKETS } from '../../billing-rules/aging.js';
import { changeClaim, reprocessFile, type ActionResult } from './actions.js';
import { requirePrincipal, wantsCsv, type WorkbenchContext } from './context.js';
import { agingCsv, filesCsv, remittancesCsv } from './csv.js';
import { balancesCsvStream, claimsCsvStream, sendCsvExport, worklistCsvStream } from './exports.js';
import { agingClaims, agingReport, balanceRows, worklist } from './views.js';
import { parseTriage } from '../../billing-rules/triage.js';
import { denialAnalytics } from '../../ledger/denial-analytics.js';
import { setTriage } from '../../ledger/claim-followup.js';
import { AppealChangeSchema, appealLetter, changeAppeal, TriageChangeSchema } from './appeal.js';

const security = [{ bearer: [] }];
const Problem = z.object({ error: z.string(), message: z.string() });
const Paging = { limit: z.coerce.number().int().min(1).max(1000).default(100), offset: z.coerce.number().int().min(0).default(0) };
const StateList = z.union([z.enum(CLAIM_STATES), z.array(z.enum(CLAIM_STATES))]).optional().transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]));

const ReasonSchema = z.object({
  source: z.string(),
  code: z.string(),
  text: z.string(),
  fix: z.string(),
  field: z.string().optional(),
  fieldLabel: z.string().optional(),
  nextAction: z.string().optional().describe('835 denials: correct-and-resubmit | send-to-secondary | bill-patient | appeal | request-records | check-eligibility | write-off | none'),
  deadline: z.object({ kind: z.string(), days: z.number().int(), dueDate: z.string().optional() }).optional(),
});
const TriageQuery = { minAgeDays: z.string().max(20).optional(), dueWithinDays: z.string().max(20).optional(), mine: z.enum(['true', 'false', '1', '0']).optional(), assignee: z.string().max(100).optional(), sort: z.string().max(20).optional(), dir: z.string().max(10).optional(), minAmount: z.string().max(20).optional(), maxAmount: z.string().max(20).optional(), reason: z.string().max(20).optional() };
const WorklistItemSchema = z.object({
  id: z.string(),
  claimId: z.string().describe('CLM01'),
  state: z.enum(CLAIM_STATES),
  payerId: z.string(),
  partnerId: z.string(),
  patient: z.object({ last: z.string().nullable(), first: z.string().nullable() }),
  serviceDate: z.string().nullable(),
  totalCharge: z.string(),
  paid: z.string().nullable(),
  updatedAt: z.string(),
  reasons: z.array(ReasonSchema),
  assignee: z.string().nullable().optional(),
  note: z.string().nullable().optional(),
  followUp: z.string().nullable().optional(),
  appeal: z.object({ status: z.string(), deadline: z.string().nullable() }).optional(),
});
const Counts = z.object(Object.fromEntries(AGING_BUCKETS.map((b) => [b.id, z.number().int()])) as Record<(typeof AGING_BUCKETS)[number]['id'], z.ZodNumber>);
const Amounts = z.object(Object.fromEntries(AGING_BUCKETS.map((b) => [b.id, z.string()])) as Record<(typeof AGING_BUCKETS)[number]['id'], z.ZodString>);
const AgingClaimSchema = z.object({ id: z.string(), claimId: z.string(), payerId: z.string(), partnerId: z.string(), state: z.enum(CLAIM_STATES), totalCharge: z.string(), serviceDate: z.string().nullable(), sentAt: z.string().nullable(), days: z.number().int(), bucket: z.string(), alarm: z.string().optional() });
const ShareSchema = z.object({ deductible: z.string(), coinsurance: z.string(), copay: z.string(), nonCovered: z.string(), total: z.string() });
const BalanceSchema = z.object({ id: z.string(), claimId: z.string(), patient: z.object({ last: z.string().nullable(), first: z.string().nullable() }), memberId: z.string().nullable(), providerName: z.string().nullable(), payerId: z.string(), serviceDate: z.string().nullable(), state: z.enum(CLAIM_STATES), totalCharge: z.string(), paid: z.string().nullable(), patientResponsibility: z.string(), share: ShareSchema });
const FieldErrorSchema = z.object({ field: z.string(), label: z.string(), code: z.string(), message: z.string(), fix: z.string() });
const ActionOk = z.object({ action: z.string(), claimId: z.string(), newClaimId: z.string(), frequency: z.string(), version: z.number().int() });
const ActionProblem = Problem.extend({ code: z.string().optional(), version: z.number().int().optional(), fieldErrors: z.array(FieldErrorSchema).optional() });

export function apiRoutes(ctx: WorkbenchContext): FastifyPluginAsyncZod {
  return async (app) => {
    const guard = requirePrincipal();
    app.addHook('onRequest', guard);
    // A browser session may call the API too; then a change needs the CSRF token (header x-csrf-token):
    // checked for every route by the workbench plugin (plugin.ts).
    const csv = (reply: FastifyReply, name: string, body: string) => reply.header('content-disposition', `attachment; filename="${name}"`).type('text/csv; charset=utf-8').send(body);
    const who = (req: FastifyRequest) => req.principal!;
    const audit = (req: FastifyRequest, action: string, extra: { claimId?: string; fileId?: string; detail?: Record<string, unknown> } = {}) => ctx.audit.record({ actor: who(req).actor, role: who(req).role, action, ...extra });

    const worklistQuery = z.object({ state: StateList, payer: z.string().optional(), ...TriageQuery, ...Paging });
    for (const path of ['/v1/worklist', '/v1/worklist.csv']) {
      app.get(path, { schema: { tags: ['workbench'], summary: 'Rejected and denied claims that need a person, with the reason and the field to fix (CSV: Accept text/csv or .csv)', security, querystring: worklistQuery, response: { 200: z.object({ total: z.number().int(), totalCharge: z.string(), items: z.array(WorklistItemSchema) }), 400: Problem.extend({ filters: z.array(z.object({ filter: z.string(), message: z.string() })) }) } } }, async (req, reply) => {
        const q = req.query;
        // Issue 16: an invalid filter is a 400 naming it, never dropped.
        const triage = parseTriage({ ...q, assignee: q.mine === 'true' || q.mine === '1' ? who(req).actor.split(' (')[0] : q.assignee }, ctx.now().toISOString().slice(0, 10));
        if (triage.errors.length) return reply.code(400).send({ error: 'bad-request', message: triage.errors.map((e) => `${e.filter}: ${e.message}`).join(' '), filters: triage.errors });
        const { sort: _s, dir: _d, dueOnOrBefore: _due, ...filters } = triage.filter;
        if (wantsCsv(req)) {
          await audit(req, 'export', { detail: { api: true, page: 'worklist' } });
          return sendCsvExport(ctx, reply, 'worklist.csv', 'worklist', (n) => worklistCsvStream(ctx, { state: q.state, payerId: q.payer, ...filters }, n));
        }
        const result = await worklist(ctx, { state: q.state, payerId: q.payer, limit: q.limit, offset: q.offset, ...triage.filter });
        await audit(req, 'view-worklist', { detail: { api: true, results: result.total } });
        return result;
      });
    }

    const Figure = z.object({ key: z.string(), claims: z.number().int(), amount: z.string() });
    app.get('/v1/denial-analytics', { schema: { tags: ['workbench'], summary: 'Denial analytics of the dashboard: denials by reason, payer, procedure, provider and week; dollars at risk; first-pass acceptance; days in A/R (definitions in docs/denials.md)', security, response: { 200: z.object({ byReason: z.array(Figure), byPayer: z.array(Figure), byProcedure: z.array(Figure), byProvider: z.array(Figure), byWeek: z.array(Figure), atRisk: z.object({ claims: z.number().int(), amount: z.string() }), firstPass: z.object({ answered: z.number().int(), accepted: z.number().int(), rate: z.string() }), daysInAR: z.object({ claims: z.number().int(), days: z.number().int(), average: z.string() }) }) } } }, async (req) => {
      await audit(req, 'view-dashboard', { detail: { api: true, page: 'denial-analytics' } });
      return denialAnalytics(ctx.ledger.db);
    });

    // Issue 15: the appeal of a denied claim (letter facts and tracking); issue 16: triage of a worklist claim.
    const IdParams = z.object({ id: z.string().min(1).max(64) });
    app.get('/v1/claims/:id/appeal', { schema: { tags: ['workbench'], summary: 'The appeal letter facts of a denied claim (payer, claim number, dates, amounts, CARC/RARC in words, documents) and the appeal status', security, params: IdParams } }, async (req, reply) => {
      const letter = await appealLetter(ctx, req.params.id, true);
      if (!letter) return reply.code(404).send({ error: 'not-found', message: 'no denial of this claim calls for an appeal' });
      await audit(req, 'view-appeal', { claimId: req.params.id, detail: { api: true } });
      const { mayChange: _m, ...out } = letter;
      return out;
    });
    app.put('/v1/claims/:id/appeal', { schema: { tags: ['workbench'], summary: 'Save the biller’s argument and/or move the appeal to sent or answered (never back)', security, params: IdParams, body: AppealChangeSchema } }, async (req, reply) => {
      const letter = await appealLetter(ctx, req.params.id, true);
      if (!letter) return reply.code(404).send({ error: 'not-found', message: 'no denial of this claim calls for an appeal' });
      const r = await changeAppeal(ctx, letter, req.body, who(req).actor);
      if (!r.ok) return reply.code(409).send({ error: 'conflict', message: r.message });
      await audit(req, 'appeal', { claimId: req.params.id, detail: { api: true, status: r.appeal.status, deadline: r.appeal.deadline } });
      return r.appeal;
    });
    app.put('/v1/worklist/:id/triage', { schema: { tags: ['workbench'], summary: 'Assign a worklist claim to a user, with a note and a follow-up date (null clears)', security, params: IdParams, body: TriageChangeSchema } }, async (req, reply) => {
      const claim = await ctx.ledger.db.selectFrom('claims').select('id').where('id', '=', req.params.id).executeTakeFirst();
      if (!claim) return reply.code(404).send({ error: 'not-found', message: 'no claim with this id' });
      const row = await setTriage(ctx.ledger.db, req.params.id, { assignee: req.body.assignee ?? null, note: req.body.note ?? null, followUp: req.body.followUp ?? null, actor: who(req).actor, at: ctx.now().toISOString() });
      await audit(req, 'triage', { claimId: req.params.id, detail: { api: true, assignee: row.assignee, followUp: row.follow_up } });
      return { claimId: row.claim_id, assignee: row.assignee, note: row.note, followUp: row.follow_up, updatedAt: row.updated_at, updatedBy: row.updated_by };
    });

    const respond = async (reply: FastifyReply, r: ActionResult) => (r.ok ? reply.code(202).send({ action: r.action, claimId: r.claimId, newClaimId: r.newClaimId, frequency: r.frequency, version: r.version }) : reply.code(r.status).send({ error: r.status === 409 ? 'conflict' : r.status === 422 ? 'unprocessable' : r.status === 403 ? 'forbidden' : 'not-found', code: r.code, message: r.message, version: r.version, fieldErrors: r.fieldErrors }));
    app.post(
      '/v1/claims/:id/resubmit',
      {
        schema: {
          tags: ['workbench'],
          summary: 'Correct and resubmit a rejected or denied claim: re-scrubbed; frequency 7 with the payer claim number when adjudicated, else a new original. `version` is the optimistic lock.',
          security,
          params: z.object({ id: z.string().min(1).max(64) }),
          body: z.object({ version: z.number().int().min(0), edits: z.record(z.string().regex(/^\$[.[]/), z.string().max(200)).default({}) }),
          response: { 202: ActionOk, 403: ActionProblem, 404: ActionProblem, 409: ActionProblem, 422: ActionProblem },
        },
      },
      async (req, reply) => respond(reply, await changeClaim(ctx, who(req), req.params.id, 'resubmit', req.body)),
    );
    app.post(
      '/v1/claims/:id/void',
      {
        schema: { tags: ['workbench'], summary: 'Void a claim the payer holds (frequency 8 with its claim number)', security, params: z.object({ id: z.string().min(1).max(64) }), body: z.object({ version: z.number().int().min(0), reason: z.string().max(500).optional(), confirm: z.boolean().optional() }), response: { 202: ActionOk, 403: ActionProblem, 404: ActionProblem, 409: ActionProblem, 422: ActionProblem } },
      },
      async (req, reply) => respond(reply, await changeClaim(ctx, who(req), req.params.id, 'void', { version: req.body.version, reason: req.body.reason, confirmed: req.body.confirm === true })),
    );

    const agingQuery = z.object({ payer: z.string().optional(), bucket: z.enum(['0-30', '31-60', '61-90', '90+']).optional(), alarm: z.enum(['any', 'no-999', 'no-277CA', 'no-835']).optional(), ...Paging });
    for (const path of ['/v1/aging', '/v1/aging.csv']) {
      app.get(
        path,
        {
          schema: {
            tags: ['workbench'],
            summary: 'Outstanding claims (A/R aging) by payer in 0-30 / 31-60 / 61-90 / 90+ day buckets, with overdue alarms; `claims` is the filtered, paged follow-up list (CSV: the whole list)',
            security,
            querystring: agingQuery,
            response: { 200: z.object({ at: z.string(), payers: z.array(z.object({ payerId: z.string(), counts: Counts, amounts: Amounts, count: z.number().int(), amount: z.string(), alarms: z.number().int() })), totals: z.object({ counts: Counts, amounts: Amounts, count: z.number().int(), amount: z.string(), alarms: z.number().int() }), alarms: z.record(z.string(), z.number().int()), total: z.number().int(), claims: z.array(AgingClaimSchema) }) },
          },
        },
        async (req, reply) => {
          const q = req.query;
          const r = await agingReport(ctx);
          const asCsv = wantsCsv(req);
          const list = await agingClaims(ctx, r, q, asCsv ? undefined : q.limit, asCsv ? 0 : q.offset);
          await audit(req, asCsv ? 'export' : 'view-aging', { detail: { api: true, outstanding: r.totals.count } });
          if (asCsv) return csv(reply, 'aging.csv', agingCsv(list.claims));
          return { at: r.at, payers: r.payers, totals: r.totals, alarms: r.alarms, total: list.total, claims: list.claims };
        },
      );
    }

    for (const path of ['/v1/patient-balances', '/v1/patient-balances.csv']) {
      app.get(path, { schema: { tags: ['workbench'], summary: 'What patients owe after insurance, per claim: deductible, coinsurance, copay, non-covered', security, querystring: z.object(Paging), response: { 200: z.object({ total: z.number().int(), sum: z.string(), shareTotal: ShareSchema, rows: z.array(BalanceSchema) }) } } }, async (req, reply) => {
        if (wantsCsv(req)) {
          await audit(req, 'export', { detail: { api: true, page: 'balances' } });
          return sendCsvExport(ctx, reply, 'patient-balances.csv', 'balances', (n) => balancesCsvStream(ctx, n));
        }
        const r = await balanceRows(ctx, { limit: req.query.limit, offset: req.query.offset });
        await audit(req, 'view-balances', { detail: { api: true, results: r.total } });
        return r;
      });
    }

    app.get('/v1/claims.csv', { logLevel: 'warn', schema: { tags: ['workbench'], summary: 'Claims as CSV (same filters as /v1/claims, plus provider and pcn)', security, querystring: z.object({ state: StateList, payer: z.string().optional(), partner: z.string().optional(), provider: z.string().optional(), from: z.string().optional(), to: z.string().optional(), pcn: z.string().optional() }) } }, async (req, reply) => {
      const q = req.query;
      await audit(req, 'export', { detail: { api: true, page: 'claims' } });
      return sendCsvExport(ctx, reply, 'claims.csv', 'claims', (n) => claimsCsvStream(ctx, { state: q.state, payerId: q.payer, partnerId: q.partner, provider: q.provider, from: q.from, to: q.to, pcn: q.pcn }, n));
    });
    app.get('/v1/remittances.csv', { schema: { tags: ['workbench'], summary: 'Remittances (checks / EFTs) as CSV', security } }, async (req, reply) => {
      const r = await ctx.queries.remittances({ limit: 100_000, offset: 0 });
      await audit(req, 'export', { detail: { api: true, page: 'remittances', rows: r.rows.length } });
      return csv(reply, 'remittances.csv', remittancesCsv(r.rows));
    });
    app.get('/v1/files.csv', { schema: { tags: ['workbench'], summary: 'Files in and out as CSV', security, querystring: z.object({ direction: z.enum(['intake', 'out', 'in']).optional(), state: z.string().optional() }) } }, async (req, reply) => {
      const r = await ctx.queries.files({ direction: req.query.direction, state: req.query.state, limit: 100_000, offset: 0 });
      return csv(reply, 'files.csv', filesCsv(r.rows));
    });
    app.post(
      '/v1/files/:id/reprocess',
      { schema: { tags: ['workbench'], summary: 'Put a quarantined response back into the inbox to be read again', security, params: z.object({ id: z.string().min(1).max(64) }), response: { 202: z.object({ fileId: z.string() }), 403: Problem, 404: Problem, 409: Problem, 503: Problem } } },
      async (req, reply) => {
        const r = await reprocessFile(ctx, who(req), req.params.id);
        if (r.ok) return reply.code(202).send({ fileId: r.fileId });
        return reply.code(r.status).send({ error: 'refused', message: r.message });
      },
    );

    app.get('/v1/dashboard', { schema: { tags: ['workbench'], summary: 'Dashboard figures: claims by state today and this month, money, rates, files, last contact', security } }, async () => ctx.queries.dashboard());

    app.get('/v1/audit', { schema: { tags: ['workbench'], summary: 'The audit log (admins only), newest first', security, querystring: z.object({ claim: z.string().optional(), actor: z.string().optional(), before: z.coerce.number().int().optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }) } }, async (req, reply) => {
      if (who(req).role !== 'admin') return reply.code(403).send({ error: 'forbidden', message: 'only administrators can read the audit log' });
      return { entries: await ctx.audit.list({ claimId: req.query.claim, actor: req.query.actor, before: req.query.before, limit: req.query.limit }) };
    });

    // Server-sent events: every claim state change (ids and states only), polled from the event log.
    const streams = new Set<() => void>();
    app.addHook('onClose', async () => {
      for (const end of streams) end();
    });
    app.get('/v1/events', { schema: { tags: ['workbench'], summary: 'Server-sent events: `claim` for each claim state change ({ seq, claimId, from, to, at }); Last-Event-ID resumes', security } }, async (req, reply) => {
      const resume = Number(req.headers['last-event-id']);
      let last = Number.isInteger(resume) && resume > 0 ? resume : await ctx.queries.lastEventSeq();
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-content-type-options': 'nosniff' });
      res.write(`retry: 3000\n: connected\n\n`);
      let busy = false;
      let beat = 0;
      const tick = async () => {
        if (busy) return;
        busy = true;
        try {
          const events = await ctx.queries.eventsAfter(last);
          for (const e of events) {
            res.write(`id: ${e.seq}\nevent: claim\ndata: ${JSON.stringify({ seq: e.seq, claimId: e.claim_id, from: e.from_state, to: e.to_state, at: e.at })}\n\n`);
            last = e.seq;
          }
          if (++beat % 15 === 0) res.write(': ping\n\n');
        } catch {
          end();
        } finally {
          busy = false;
        }
      };
      const timer = setInterval(() => void tick(), ctx.options.eventsPollMs ?? 1000);
      const end = () => {
        clearInterval(timer);
        streams.delete(end);
        if (!res.writableEnded) res.end();
      };
      streams.add(end);
      req.raw.on('close', end);
    });
  };
}
