/**
 * Patient accounts and deposits over the API (issue 11 items 4 and 5), zod on every route, bearer token
 * or session like the other /v1 routes (a session's change needs the x-csrf-token header). Tables also
 * come as CSV (`Accept: text/csv` or the `.csv` path).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { ADJUSTMENT_REASONS, PAYMENT_METHODS } from '../../accounts/patient-account.js';
import { accountsSettings } from '../../accounts/settings.js';
import { DEPOSIT_COLUMNS } from '../../accounts/deposit-file.js';
import { importDeposits, reconcileDeposits } from '../../ledger/deposits.js';
import { getAccount, importPatientPayments, listAccounts, recordEntry, runStatements, type NewEntry } from '../../ledger/patient-accounts.js';
import { requirePrincipal, wantsCsv, type WorkbenchContext } from './context.js';
import { accountsCsv, reconciliationCsv } from './accounts-csv.js';

const security = [{ bearer: [] }];
const GuarantorId = z.string().regex(/^G[0-9a-f]{16}$/, 'a guarantor id (G + 16 hex digits)');
const Money = z.string().regex(/^\d+(\.\d{1,2})?$/, 'an amount like 25.00');
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Problem = z.object({ error: z.string(), message: z.string() });
const Summary = z.object({ charges: z.string(), insurancePaid: z.string(), insuranceAdjustments: z.string(), patientResponsibility: z.string(), patientPayments: z.string(), patientAdjustments: z.string(), refunds: z.string(), balance: z.string(), due: z.string(), credit: z.string(), inCredit: z.boolean(), waitingForSecondary: z.string().optional() });
const Name = z.object({ last: z.string().nullable(), first: z.string().nullable() });
const LastStatement = z.object({ level: z.number().int(), date: z.string(), dueDate: z.string() });
const NextStatement = z.union([z.object({ send: z.literal(false), reason: z.string() }), z.object({ send: z.literal(true), level: z.number().int(), dueDate: z.string(), final: z.boolean() })]);
const AccountRow = z.object({ guarantorId: z.string(), guarantor: Name, claims: z.number().int(), summary: Summary, lastStatement: LastStatement.optional(), next: NextStatement, collections: z.boolean() });
const Total = z.object({ balance: z.string(), due: z.string(), credit: z.string() });
const EntryResult = z.object({ entryId: z.string(), summary: Summary, becameCredit: z.boolean() });
const AccountDetail = z.object({
  guarantorId: z.string(),
  guarantor: Name,
  summary: Summary,
  claims: z.array(z.object({ ledgerId: z.string(), claimId: z.string(), serviceDate: z.string().nullable(), patient: Name, charge: z.string(), insurancePaid: z.string(), insuranceAdjustments: z.string(), patientResponsibility: z.string(), waitingForSecondary: z.string().optional() })),
  entries: z.array(z.object({ id: z.string(), kind: z.string(), method: z.string().nullable(), reason: z.string().nullable(), amount: z.string(), date: z.string(), reference: z.string().nullable(), actor: z.string() })),
  statements: z.array(z.object({ id: z.string(), date: z.string(), level: z.number().int(), amountDue: z.string(), dueDate: z.string() })),
});
const ImportProblem = z.object({ code: z.string(), message: z.string(), position: z.object({ file: z.string().optional(), line: z.number().int().optional(), column: z.string().optional() }) });

export function accountsApiRoutes(ctx: WorkbenchContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('onRequest', requirePrincipal());
    app.addHook('preHandler', async (req, reply) => {
      if (req.principal?.kind === 'session' && req.method !== 'GET' && req.method !== 'HEAD') {
        let ok = false;
        app.csrfProtection(req, reply, () => (ok = true));
        if (!ok) return reply;
      }
    });
    const settings = () => ctx.options.accounts ?? accountsSettings(undefined);
    const today = () => ctx.now().toISOString().slice(0, 10);
    const audit = (req: FastifyRequest, action: string, detail: Record<string, unknown>) => ctx.audit.record({ actor: req.principal!.actor, role: req.principal!.role, action, detail });
    const csv = (reply: FastifyReply, name: string, body: string) => reply.header('content-disposition', `attachment; filename="${name}"`).type('text/csv; charset=utf-8').send(body);

    const listQuery = z.object({ all: z.enum(['yes', 'no']).default('no'), limit: z.coerce.number().int().min(1).max(100_000).default(1000), offset: z.coerce.number().int().min(0).default(0) });
    const list = async (req: FastifyRequest<{ Querystring: z.infer<typeof listQuery> }>, reply: FastifyReply) => {
      const result = await listAccounts(ctx.ledger.db, { today: today(), policy: settings().policy, all: req.query.all === 'yes' });
      await audit(req, wantsCsv(req) ? 'export' : 'view-accounts', { page: 'patient-accounts', rows: result.rows.length });
      if (wantsCsv(req)) return csv(reply, 'patient-accounts.csv', accountsCsv(result));
      return { total: result.rows.length, accounts: result.rows.slice(req.query.offset, req.query.offset + req.query.limit), grandTotal: result.grandTotal };
    };
    const listSchema = { tags: ['patient accounts'], security, querystring: listQuery, response: { 200: z.object({ total: z.number().int().describe('accounts in the list (the page is limit/offset of them)'), accounts: z.array(AccountRow), grandTotal: Total.describe('over all accounts, not only the page') }) } };
    app.get('/v1/patients', { schema: { ...listSchema, summary: 'Patient accounts per guarantor with the grand total (CSV with Accept: text/csv)' } }, list);
    app.get('/v1/patients.csv', { schema: { tags: ['patient accounts'], security, querystring: listQuery, summary: 'Patient accounts as CSV' } }, list);

    app.get('/v1/patients/collections', { schema: { tags: ['patient accounts'], security, summary: 'The collections hand-off list: accounts past the final notice by the configured days, unpaid', response: { 200: z.object({ accounts: z.array(AccountRow), grandTotal: Total }) } } }, async (req) => {
      const result = await listAccounts(ctx.ledger.db, { today: today(), policy: settings().policy });
      const rows = result.rows.filter((r) => r.collections);
      await audit(req, 'view-collections', { rows: rows.length });
      return { accounts: rows, grandTotal: { balance: sumOf(rows, 'balance'), due: sumOf(rows, 'due'), credit: sumOf(rows, 'credit') } };
    });

    app.post('/v1/patients/statement-runs', { schema: { tags: ['patient accounts'], security, summary: 'Run statements: each guarantor due one gets its next notice level (recorded)', body: z.object({}).strict().optional(), response: { 200: z.object({ runId: z.string(), statements: z.array(z.object({ guarantorId: z.string(), level: z.number().int(), amountDue: z.string(), dueDate: z.string(), final: z.boolean() })) }) } } }, async (req) => {
      const r = await runStatements(ctx.ledger.db, { today: today(), policy: settings().policy, actor: req.principal!.actor, now: ctx.now() });
      await audit(req, 'statement-run', { run: r.runId, statements: r.statements.length });
      return r;
    });

    app.get('/v1/patients/:id', { schema: { tags: ['patient accounts'], security, summary: 'One guarantor’s ledger: claims (charges, insurance paid, adjustments, patient responsibility), patient entries, statements, balance', params: z.object({ id: GuarantorId }), response: { 200: AccountDetail, 404: Problem } } }, async (req, reply) => {
      const a = await getAccount(ctx.ledger.db, req.params.id);
      if (!a) return reply.code(404).send({ error: 'not-found', message: 'No patient account with this id.' });
      await audit(req, 'view-account', { guarantor: a.guarantorId });
      return {
        guarantorId: a.guarantorId,
        guarantor: a.guarantor,
        summary: a.summary,
        claims: a.claims.map((c) => ({ ledgerId: c.claimLedgerId, claimId: c.claimId, serviceDate: c.serviceDate, patient: c.patient, charge: c.charge, insurancePaid: c.insurancePaid, insuranceAdjustments: c.insuranceAdjustments, patientResponsibility: c.patientResponsibility, ...(c.waitingForSecondary ? { waitingForSecondary: c.waitingForSecondary } : {}) })),
        entries: a.entries.map((e) => ({ id: e.id, kind: e.kind, method: e.method, reason: e.reason, amount: e.amount, date: e.entry_date, reference: e.reference, actor: e.actor })),
        statements: a.statements.map((s) => ({ id: s.id, date: s.statement_date, level: s.level, amountDue: s.amount_due, dueDate: s.due_date })),
      };
    });

    const entryRoute = (path: string, kind: NewEntry['kind'], body: z.ZodType<{ amount: string; date?: string; method?: (typeof PAYMENT_METHODS)[number]; reason?: (typeof ADJUSTMENT_REASONS)[number]; reference?: string }>, summary: string) =>
      app.post(`/v1/patients/:id/${path}`, { schema: { tags: ['patient accounts'], security, summary, params: z.object({ id: GuarantorId }), body, response: { 201: EntryResult, 400: Problem.extend({ code: z.string().optional() }), 404: Problem.extend({ code: z.string() }), 409: Problem.extend({ code: z.string() }) } } }, async (req, reply) => {
        const b = req.body;
        const r = await recordEntry(ctx.ledger.db, req.params.id, { kind, amount: b.amount, date: b.date ?? today(), method: b.method, reason: b.reason, reference: b.reference }, { actor: req.principal!.actor, now: ctx.now() });
        if (!r.ok) return reply.code(r.status).send({ error: r.status === 404 ? 'not-found' : 'refused', code: r.code, message: r.message });
        await audit(req, `patient-${kind}`, { guarantor: req.params.id, entry: r.entryId, credit: r.summary.inCredit });
        return reply.code(201).send({ entryId: r.entryId, summary: r.summary, becameCredit: r.becameCredit });
      });
    entryRoute('payments', 'payment', z.object({ amount: Money, method: z.enum(PAYMENT_METHODS), date: Day.optional(), reference: z.string().max(64).optional() }), 'Record a patient payment (more than the balance becomes a flagged credit)');
    entryRoute('adjustments', 'adjustment', z.object({ amount: Money, reason: z.enum(ADJUSTMENT_REASONS), date: Day.optional() }), 'Record a patient-side adjustment (hardship, small-balance write-off), at most the amount due');
    entryRoute('refunds', 'refund', z.object({ amount: Money, method: z.enum(PAYMENT_METHODS), date: Day.optional(), reference: z.string().max(64).optional() }), 'Refund an overpayment (at most the credit)');

    app.post('/v1/patient-payments', { schema: { tags: ['patient accounts'], security, summary: 'Import patient payments from CSV (date, claimId, amount, method[, reference])', body: z.object({ csv: z.string().min(1).max(5_000_000), fileName: z.string().max(200).optional() }), response: { 200: z.object({ recorded: z.number().int(), duplicates: z.number().int(), credits: z.number().int(), problems: z.array(ImportProblem) }), 400: z.object({ error: z.string(), message: z.string(), problems: z.array(ImportProblem).optional() }) } } }, async (req, reply) => {
      const r = await importPatientPayments(ctx.ledger.db, req.body.csv, { file: req.body.fileName, actor: req.principal!.actor, now: ctx.now() });
      await audit(req, 'patient-payment-import', { recorded: r.recorded, duplicates: r.duplicates, problems: r.problems.length });
      if (r.problems.some((p) => p.code === 'unknown-layout')) return reply.code(400).send({ error: 'unknown-layout', message: r.problems[0].message, problems: r.problems });
      return r;
    });

    app.post('/v1/deposits', { schema: { tags: ['deposits'], security, summary: 'Import a bank statement export (CSV default layout or mapped headers; BAI2)', body: z.object({ content: z.string().min(1).max(20_000_000), fileName: z.string().max(200).default('deposits'), format: z.enum(['csv', 'bai2']).optional(), mapping: z.object(Object.fromEntries(DEPOSIT_COLUMNS.map((c) => [c, z.string().max(100).optional()])) as Record<(typeof DEPOSIT_COLUMNS)[number], z.ZodOptional<z.ZodString>>).optional() }), response: { 200: z.object({ importId: z.string().optional(), format: z.string(), imported: z.number().int(), duplicates: z.number().int(), skipped: z.number().int() }), 400: z.object({ error: z.string(), message: z.string(), problems: z.array(ImportProblem).optional() }) } } }, async (req, reply) => {
      const r = await importDeposits(ctx.ledger.db, req.body.content, { fileName: req.body.fileName, actor: req.principal!.actor, now: ctx.now(), mapping: req.body.mapping, format: req.body.format });
      await audit(req, 'deposit-import', { format: r.format, imported: r.imported, duplicates: r.duplicates, problems: r.problems.length });
      if (r.problems.length) return reply.code(400).send({ error: r.problems[0].code, message: r.problems[0].message, problems: r.problems });
      return { importId: r.importId, format: r.format, imported: r.imported, duplicates: r.duplicates, skipped: r.skipped };
    });

    const recon = async (req: FastifyRequest, reply: FastifyReply) => {
      const v = await reconcileDeposits(ctx.ledger.db, { windowDays: settings().windowDays });
      await audit(req, wantsCsv(req) ? 'export' : 'view-deposits', { matched: v.matched.length, unmatchedEras: v.unmatchedEras.length, unmatchedDeposits: v.unmatchedDeposits.length });
      if (wantsCsv(req)) return csv(reply, 'deposit-reconciliation.csv', reconciliationCsv(v));
      const dep = (d: (typeof v.unmatchedDeposits)[number]) => ({ id: d.id, date: d.deposit_date, amount: d.amount, reference: d.reference, description: d.description });
      return { matched: v.matched.map((m) => ({ era: m.era, deposit: dep(m.deposit), by: m.by, difference: m.difference })), unmatchedEras: v.unmatchedEras, unmatchedDeposits: v.unmatchedDeposits.map(dep), totals: v.totals };
    };
    app.get('/v1/deposits/reconciliation', { schema: { tags: ['deposits'], security, summary: 'ERAs matched to deposits (trace first, then amount + date window), unmatched ERAs and deposits, differences to the cent' } }, recon);
    app.get('/v1/deposits/reconciliation.csv', { schema: { tags: ['deposits'], security, summary: 'The reconciliation as CSV' } }, recon);
  };
}


const sumOf = (rows: Array<{ summary: Record<'balance' | 'due' | 'credit', string> }>, k: 'balance' | 'due' | 'credit') => rows.reduce((s, r) => s.plus(r.summary[k]), new Decimal(0)).toFixed(2);
