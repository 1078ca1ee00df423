/** Claims: list with filters, and one claim with its timeline (every event, its source file and position). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CLAIM_STATES } from '../../ledger/lifecycle.js';
import { listClaimsMatching } from '../../ledger/workbench-queries.js';
import { CLAIM_SEARCH_PARAMS, readClaimSearch } from '../workbench/claim-search-filters.js';
import { visitFigures } from '../../ledger/visits.js';

/** The netted money of the claim's visit (original + replacements + voids; docs/accounting.md). */
export const VisitSummary = z.object({
  visitId: z.string(),
  claimIds: z.array(z.string()),
  currentClaimId: z.string(),
  state: z.enum(['open', 'rejected', 'paid', 'partially-paid', 'denied', 'reversed', 'voided']),
  charges: z.string(),
  insurancePaid: z.string(),
  adjustments: z.string(),
  patientResponsibility: z.string(),
  patientPaid: z.string(),
  patientDue: z.string(),
  balance: z.string(),
  credit: z.boolean(),
});

export const ClaimSummary = z.object({
  id: z.string(),
  claimId: z.string().describe('CLM01, the practice claim id'),
  state: z.enum(CLAIM_STATES),
  partnerId: z.string(),
  payerId: z.string(),
  claimType: z.string(),
  totalCharge: z.string(),
  serviceDate: z.string().nullable(),
  paid: z.string().nullable(),
  patientResponsibility: z.string().nullable(),
  payerClaimNumber: z.string().nullable(),
  patient: z.object({ last: z.string().nullable(), first: z.string().nullable() }).describe('the patient (2010CA), else the subscriber'),
  batchFileId: z.string(),
  updatedAt: z.string(),
});

const ClaimEvent = z.object({
  seq: z.number().int(),
  from: z.string().nullable(),
  to: z.string(),
  at: z.string(),
  sourceFileId: z.string().nullable(),
  sourceFile: z.string().nullable(),
  position: z.unknown().nullable(),
  detail: z.unknown().nullable(),
});

const Param = z.union([z.string(), z.array(z.string())]).optional();
const SearchQuery = z.object({
  ...(Object.fromEntries(CLAIM_SEARCH_PARAMS.map((p) => [p, Param])) as Record<(typeof CLAIM_SEARCH_PARAMS)[number], typeof Param>),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
}).describe('state (repeatable), payer, partner, provider (NPI), from / to (service dates), pcn (CLM01, or a prefix ending in *), patient ("Last" or "Last, First": prefixes, any case), memberId, dob, payerClaimNumber, amount, batch');
const FilterProblem = z.object({ error: z.literal('invalid-filter'), filter: z.string(), message: z.string(), problems: z.array(z.object({ filter: z.string(), message: z.string() })) });

const parse = (s: string | null) => (s ? (JSON.parse(s) as unknown) : null);

export const claimRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/claims',
    {
      schema: {
        tags: ['claims'],
        summary: 'Search claims; an invalid filter is a 400 naming it (`filter`)',
        security: [{ bearer: [] }],
        querystring: SearchQuery,
        response: { 200: z.object({ claims: z.array(ClaimSummary), limit: z.number(), offset: z.number() }), 400: FilterProblem },
      },
    },
    async (req, reply) => {
      const { limit, offset, ...params } = req.query;
      const { filter, problems } = readClaimSearch(params);
      if (problems.length) return reply.code(400).send({ error: 'invalid-filter', filter: problems[0].filter, message: problems[0].message, problems });
      const rows = await listClaimsMatching(app.deps.ledger.db, filter, { limit, offset });
      return { claims: rows.map(summary), limit, offset };
    },
  );

  app.get(
    '/v1/claims/:id',
    {
      schema: {
        tags: ['claims'],
        summary: 'One claim with its timeline',
        security: [{ bearer: [] }],
        params: z.object({ id: z.string().min(1).max(64) }),
        response: {
          200: ClaimSummary.extend({
            lines: z.array(z.object({ lineNumber: z.number(), lineControl: z.string().nullable(), procedureCode: z.string().nullable(), charge: z.string(), units: z.string().nullable() })),
            timeline: z.array(ClaimEvent),
            visit: VisitSummary.optional(),
          }),
          404: z.object({ error: z.string(), message: z.string() }),
        },
      },
    },
    async (req, reply) => {
      const claim = await app.deps.ledger.getClaim(req.params.id);
      if (!claim) return reply.code(404).send({ error: 'not-found', message: 'no claim with this id' });
      const names = new Map<string, string>();
      for (const e of claim.events) if (e.source_file_id && !names.has(e.source_file_id)) names.set(e.source_file_id, (await app.deps.ledger.getFile(e.source_file_id))?.name ?? '');
      return {
        ...summary(claim),
        lines: claim.lines.map((l) => ({ lineNumber: l.line_number, lineControl: l.line_control, procedureCode: l.procedure_code, charge: l.charge, units: l.units })),
        timeline: claim.events.map((e) => ({ seq: e.seq, from: e.from_state, to: e.to_state, at: e.at, sourceFileId: e.source_file_id, sourceFile: e.source_file_id ? (names.get(e.source_file_id) ?? null) : null, position: parse(e.position), detail: parse(e.detail) })),
        visit: await visitFigures(app.deps.ledger.db, claim.id),
      };
    },
  );
};

export function summary(c: { id: string; patient_control_number: string; state: (typeof CLAIM_STATES)[number]; partner_id: string; payer_id: string; claim_type: string; total_charge: string; service_date: string | null; paid_amount: string | null; patient_responsibility: string | null; payer_claim_number: string | null; batch_file_id: string; updated_at: string; patient_last?: string | null; patient_first?: string | null }) {
  return {
    id: c.id,
    claimId: c.patient_control_number,
    state: c.state,
    partnerId: c.partner_id,
    payerId: c.payer_id,
    claimType: c.claim_type,
    totalCharge: c.total_charge,
    serviceDate: c.service_date,
    paid: c.paid_amount,
    patientResponsibility: c.patient_responsibility,
    payerClaimNumber: c.payer_claim_number,
    patient: { last: c.patient_last ?? null, first: c.patient_first ?? null },
    batchFileId: c.batch_file_id,
    updatedAt: c.updated_at,
  };
}
