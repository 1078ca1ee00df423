/**
 * The ledger side of denial prevention: the facts the learner reads (posted 835 claims joined to the
 * claims we sent), and the learned rules with the decisions people take on them (table denial_rules,
 * migration 0014-denial-rules). Functions that take the Kysely `db`; the learning itself is pure
 * (src/denials/learn.ts). No claim contents are logged or stored here beyond codes and ids.
 */
import { Decimal } from 'decimal.js';
import type { Kysely } from 'kysely';
import { learnDenialRules, reconcileRules, type ClaimFact, type LearnOptions, type LearnedRule, type RuleDecision, type RuleEvidence, type RuleKind, type RuleStatus } from '../denials/learn.js';
import type { AcceptedRule } from '../denials/rule-edits.js';
import type { LedgerDatabase } from './schema.js';

export interface DenialRulesTable {
  id: string;
  rule_key: string;
  kind: string;
  payer_id: string;
  procedure_code: string;
  modifier: string | null;
  diagnosis: string | null;
  description: string;
  /** RuleEvidence as JSON. */
  evidence: string;
  status: string;
  severity: string;
  /** { remittanceIds, denied } the rule was dismissed on, as JSON. */
  dismissed_evidence: string | null;
  learned_at: string;
  decided_at: string | null;
  decided_by: string | null;
}

type Db = Kysely<LedgerDatabase & { denial_rules: DenialRulesTable }>;
const rulesDb = (db: Kysely<LedgerDatabase>): Db => db as unknown as Db;

export interface StoredDenialRule extends LearnedRule {
  status: RuleStatus;
  severity: 'warning' | 'error';
  learnedAt: string;
  decidedAt?: string;
  decidedBy?: string;
}

/** Denial statuses of CLP02 that are not adjudications of the claim (22 = reversal of a previous payment). */
const NOT_ADJUDICATIONS = new Set(['22']);

interface ClaimData {
  payer?: { id?: string };
  priorAuthorization?: string;
  diagnoses?: Array<string | { code?: string }>;
  renderingProvider?: { npi?: string };
  billingProvider?: { npi?: string };
  lines?: Array<{ procedureCode?: string; modifiers?: string[]; lineControlNumber?: string }>;
}

/**
 * How many claim payments one learning run reads at most: the latest ones (by the remittance's arrival).
 * Learning runs in the gateway after postings go quiet; reading every claim payment of the ledger (with
 * each claim's data) grew with the ledger and killed a gateway with a 96 MiB heap after it posted a 50 MB
 * 835 of 210,000 claim payments (issue 12, round 6). Payer policies change, so the latest window is also
 * the evidence that matters.
 */
export const DENIAL_FACTS_WINDOW = 20_000;
/** Claim payments whose details (claim data, lines, adjustments) are read per query. */
const FACTS_PAGE = 500;

/**
 * One fact per posted 835 claim matched to a claim we sent (the latest `window` of them): its payer, codes,
 * prior authorization, and per line whether it was denied (paid nothing with a CO, PI or OA adjustment) and
 * its CARCs. Read a page at a time, so memory is the window's facts, not the ledger's claims.
 */
export async function denialFacts(db: Kysely<LedgerDatabase>, options: { window?: number } = {}): Promise<ClaimFact[]> {
  const window = options.window ?? DENIAL_FACTS_WINDOW;
  const latest = await db
    .selectFrom('remittance_claims as rc')
    .innerJoin('claims as c', 'c.id', 'rc.claim_id')
    .innerJoin('remittances as r', 'r.id', 'rc.remittance_id')
    .select('rc.id as rcId')
    .where('rc.status_code', 'not in', [...NOT_ADJUDICATIONS])
    .orderBy('r.created_at', 'desc')
    .orderBy('rc.id', 'desc')
    .limit(window)
    .execute();
  const facts: ClaimFact[] = [];
  for (let i = 0; i < latest.length; i += FACTS_PAGE) {
    const ids = latest.slice(i, i + FACTS_PAGE).map((r) => r.rcId);
    const adjudicated = await db
      .selectFrom('remittance_claims as rc')
      .innerJoin('claims as c', 'c.id', 'rc.claim_id')
      .innerJoin('remittances as r', 'r.id', 'rc.remittance_id')
      .select(['rc.id as rcId', 'rc.remittance_id as remittanceId', 'rc.status_code as status', 'c.id as claimId', 'c.payer_id as payerId', 'c.data as data', 'r.payment_date as paymentDate', 'r.created_at as createdAt'])
      .where('rc.id', 'in', ids)
      .execute();
    const lines = new Map<string, Array<{ line_number: number; line_control: string | null; procedure_code: string | null; paid: string }>>();
    const adjustments = new Map<string, Array<{ line_number: number | null; group_code: string; reason_code: string }>>();
    for (const l of await db.selectFrom('remittance_lines').select(['remittance_claim_id', 'line_number', 'line_control', 'procedure_code', 'paid']).where('remittance_claim_id', 'in', ids).execute()) push(lines, l.remittance_claim_id, l);
    for (const a of await db.selectFrom('adjustments').select(['remittance_claim_id', 'line_number', 'group_code', 'reason_code']).where('remittance_claim_id', 'in', ids).execute()) push(adjustments, a.remittance_claim_id, a);
    for (const fact of factsOf(adjudicated, lines, adjustments)) facts.push(fact);
  }
  return facts;
}

function factsOf(
  adjudicated: Array<{ rcId: string; remittanceId: string; claimId: string; payerId: string; data: string; paymentDate: string | null; createdAt: string }>,
  lines: Map<string, Array<{ line_number: number; line_control: string | null; procedure_code: string | null; paid: string }>>,
  adjustments: Map<string, Array<{ line_number: number | null; group_code: string; reason_code: string }>>,
): ClaimFact[] {
  return adjudicated.map((r) => {
    const data = JSON.parse(r.data) as ClaimData;
    const claimLines = data.lines ?? [];
    const adj = adjustments.get(r.rcId) ?? [];
    return {
      claimId: r.claimId,
      payerId: r.payerId,
      remittanceId: r.remittanceId,
      date: (r.paymentDate ?? r.createdAt).slice(0, 10),
      providerNpi: data.renderingProvider?.npi ?? data.billingProvider?.npi,
      diagnoses: (data.diagnoses ?? []).map((d) => (typeof d === 'string' ? d : (d.code ?? ''))).filter(Boolean),
      priorAuthorization: Boolean(data.priorAuthorization),
      lines: (lines.get(r.rcId) ?? []).map((l) => {
        const sent = claimLines.find((c) => c.lineControlNumber && c.lineControlNumber === l.line_control) ?? claimLines[l.line_number - 1];
        const lineAdj = adj.filter((a) => a.line_number === l.line_number);
        return {
          procedureCode: l.procedure_code ?? sent?.procedureCode ?? '',
          modifiers: sent?.modifiers ?? [],
          denied: new Decimal(l.paid).isZero() && lineAdj.some((a) => a.group_code !== 'PR'),
          carcs: [...new Set(lineAdj.filter((a) => a.group_code !== 'PR').map((a) => a.reason_code))],
        };
      }),
    };
  });
}


function push<T>(m: Map<string, T[]>, k: string, v: T) {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function toStored(row: DenialRulesTable): StoredDenialRule {
  return {
    id: row.id,
    key: row.rule_key,
    kind: row.kind as RuleKind,
    payerId: row.payer_id,
    procedureCode: row.procedure_code,
    ...(row.modifier !== null ? { modifier: row.modifier } : {}),
    ...(row.diagnosis !== null ? { diagnosis: row.diagnosis } : {}),
    description: row.description,
    evidence: JSON.parse(row.evidence) as RuleEvidence,
    status: row.status as RuleStatus,
    severity: row.severity === 'error' ? 'error' : 'warning',
    learnedAt: row.learned_at,
    ...(row.decided_at ? { decidedAt: row.decided_at } : {}),
    ...(row.decided_by ? { decidedBy: row.decided_by } : {}),
  };
}

function decisionOf(row: DenialRulesTable): RuleDecision {
  const dismissed = row.dismissed_evidence ? (JSON.parse(row.dismissed_evidence) as { remittanceIds: string[]; denied: number }) : undefined;
  return { id: row.id, status: row.status as RuleStatus, dismissedRemittanceIds: dismissed?.remittanceIds, dismissedDenied: dismissed?.denied };
}

/**
 * Learns from every posting and stores the result: new rules are proposed; known rules get fresh evidence
 * and keep their decision (a dismissed one is proposed again only on enough new evidence, see
 * reconcileRules). Rules no longer learned are left as they are. Returns the counts.
 */
export async function learnAndStoreDenialRules(db: Kysely<LedgerDatabase>, options: { now: string; learn?: Partial<LearnOptions> }): Promise<{ facts: number; learned: number; proposed: number }> {
  const facts = await denialFacts(db);
  const learned = learnDenialRules(facts, options.learn);
  const d = rulesDb(db);
  return d.transaction().execute(async (trx) => {
    const existing = new Map((await trx.selectFrom('denial_rules').selectAll().execute()).map((r) => [r.id, r]));
    const reconciled = reconcileRules(learned, [...existing.values()].map(decisionOf), options.learn);
    let proposed = 0;
    for (const rule of reconciled) {
      const before = existing.get(rule.id);
      const evidence = JSON.stringify(rule.evidence);
      if (rule.status === 'proposed') proposed++;
      if (!before) {
        await trx
          .insertInto('denial_rules')
          .values({ id: rule.id, rule_key: rule.key, kind: rule.kind, payer_id: rule.payerId, procedure_code: rule.procedureCode, modifier: rule.modifier ?? null, diagnosis: rule.diagnosis ?? null, description: rule.description, evidence, status: 'proposed', severity: 'warning', dismissed_evidence: null, learned_at: options.now, decided_at: null, decided_by: null })
          .execute();
      } else {
        // A dismissed rule that new evidence brings back is proposed again (its dismissal stays on record in decided_*).
        await trx.updateTable('denial_rules').set({ evidence, description: rule.description, status: rule.status, learned_at: options.now }).where('id', '=', rule.id).execute();
      }
    }
    return { facts: facts.length, learned: learned.length, proposed };
  });
}

export async function listDenialRules(db: Kysely<LedgerDatabase>, filter: { status?: RuleStatus; payerId?: string } = {}): Promise<StoredDenialRule[]> {
  let q = rulesDb(db).selectFrom('denial_rules').selectAll();
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.payerId) q = q.where('payer_id', '=', filter.payerId);
  return (await q.orderBy('payer_id').orderBy('rule_key').execute()).map(toStored);
}

export async function getDenialRule(db: Kysely<LedgerDatabase>, id: string): Promise<StoredDenialRule | undefined> {
  const row = await rulesDb(db).selectFrom('denial_rules').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toStored(row) : undefined;
}

/** Accept (as a scrubber warning or error) or dismiss (remembering the evidence dismissed). Undefined when there is no such rule. */
export async function decideDenialRule(db: Kysely<LedgerDatabase>, id: string, decision: { action: 'accept' | 'dismiss'; severity?: 'warning' | 'error'; by?: string; now: string }): Promise<StoredDenialRule | undefined> {
  const d = rulesDb(db);
  const row = await d.selectFrom('denial_rules').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const evidence = JSON.parse(row.evidence) as RuleEvidence;
  await d
    .updateTable('denial_rules')
    .set(
      decision.action === 'accept'
        ? { status: 'accepted', severity: decision.severity ?? 'warning', dismissed_evidence: null, decided_at: decision.now, decided_by: decision.by ?? null }
        : { status: 'dismissed', dismissed_evidence: JSON.stringify({ remittanceIds: evidence.remittanceIds, denied: evidence.denied }), decided_at: decision.now, decided_by: decision.by ?? null },
    )
    .where('id', '=', id)
    .execute();
  return getDenialRule(db, id);
}

/** The accepted rules, as the scrubber takes them (src/denials/rule-edits.ts). */
export async function acceptedDenialRules(db: Kysely<LedgerDatabase>): Promise<AcceptedRule[]> {
  return (await listDenialRules(db, { status: 'accepted' })).map((r) => ({ id: r.id, kind: r.kind, payerId: r.payerId, procedureCode: r.procedureCode, modifier: r.modifier, diagnosis: r.diagnosis, description: r.description, evidence: r.evidence, severity: r.severity }));
}
