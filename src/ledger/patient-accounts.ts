/**
 * Patient accounts in the ledger (issue 11 item 4): functions over the Kysely db; the rules are in
 * src/accounts/patient-account.ts.
 *
 * The guarantor is the subscriber (the patient when the patient is the subscriber, the subscriber when
 * the patient is a dependent): claims are grouped by the subscriber's member id (`claims.member_id`,
 * migration 0008), or by the patient name columns when a claim has no member id. The guarantor id is a
 * hash of that identity, so URLs and logs never carry a member id or a name.
 */
import { practiceForNewRows } from './tenant-scope.js';
import { createHash, randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { sql, type Kysely } from 'kysely';
import { readCsv, headerKey } from '../accounts/csv-read.js';
import { cents, parseDay, parseMoney } from '../accounts/money.js';
import { ADJUSTMENT_REASONS, checkEntry, dueForCollections, nextStatement, PAYMENT_METHODS, summarizeAccount, type AccountEntry, type AccountSummary, type AdjustmentReason, type ClaimMoney, type EntryKind, type LastStatement, type PaymentMethod, type StatementDecision, type StatementPolicy } from '../accounts/patient-account.js';
import { accountsDb, type PatientEntriesTable, type PatientStatementsTable } from './accounts-schema.js';
import type { LedgerDatabase } from './schema.js';
import { allSecondaryClaims } from './secondary-claims.js';
import { workbenchDb } from './workbench-schema.js';

export function guarantorIdFor(memberId: string | null, last: string | null, first: string | null): string {
  const identity = memberId ? `m:${memberId}` : `n:${last ?? ''}|${first ?? ''}`;
  return 'G' + createHash('sha256').update(identity).digest('hex').slice(0, 16);
}

/** The guarantor id of a claim row (its patient columns, migration 0008). */
export const guarantorIdOfClaim = (c: { member_id: string | null; patient_last: string | null; patient_first: string | null }) => guarantorIdFor(c.member_id, c.member_id ? null : c.patient_last, c.member_id ? null : c.patient_first);

export interface PatientLedgerClaim extends ClaimMoney {
  guarantorId: string;
  patient: { last: string | null; first: string | null };
}

/** Who a guarantor id stands for: a subscriber's member id, or (claims without one) the patient name columns. */
export type GuarantorIdentity = { memberId: string } | { memberId: null; last: string | null; first: string | null };

/**
 * THE one place the patient ledger reads a claim's charges, insurance paid, insurance adjustments and
 * patient responsibility. `claims.paid_amount` / `claims.patient_responsibility` hold the visit's netted
 * figures (visits.ts: originals, replacements, voids and reversals netted as the payer nets them) on the
 * visit's current claim only; superseded claims carry NULL and are left out here, so a replaced visit
 * is never listed twice. Nothing else in the accounts reads claim money.
 */
export async function claimMoneyForPatientLedger(ledgerDb: Kysely<LedgerDatabase>, filter: { guarantor?: GuarantorIdentity } = {}): Promise<PatientLedgerClaim[]> {
  let q = ledgerDb
    .selectFrom('claims')
    .select(['id', 'patient_control_number', 'service_date', 'total_charge', 'paid_amount', 'patient_responsibility', 'patient_last', 'patient_first', 'member_id'])
    .where('patient_responsibility', 'is not', null);
  const g = filter.guarantor;
  if (g?.memberId) q = q.where('member_id', '=', g.memberId);
  else if (g && g.memberId === null) q = q.where('member_id', 'is', null).where('patient_last', g.last === null ? 'is' : '=', g.last).where('patient_first', g.first === null ? 'is' : '=', g.first);
  const rows = await q.orderBy('service_date').orderBy('id').execute();
  const chains = await nextPayerChains(ledgerDb, rows.map((r) => r.id));
  const ids = new Map<string, string>();
  const idOf = (r: (typeof rows)[number]) => {
    const key = `${r.member_id ?? ''}\u0000${r.member_id ? '' : `${r.patient_last ?? ''}\u0000${r.patient_first ?? ''}`}`;
    let id = ids.get(key);
    if (!id) ids.set(key, (id = guarantorIdOfClaim(r)));
    return id;
  };
  // A next payer's claim is listed as part of the claim that caused it, never on its own.
  return rows.filter((r) => !chains.absorbed.has(r.id)).map((r) => {
    const charge = new Decimal(r.total_charge);
    const chain = chains.of.get(r.id);
    const paid = new Decimal(r.paid_amount ?? 0).plus(chain?.laterPaid ?? 0);
    const lastPr = new Decimal(chain?.patientResponsibility ?? r.patient_responsibility ?? 0);
    const pr = chain?.pending ? new Decimal(0) : lastPr;
    return {
      claimLedgerId: r.id,
      claimId: r.patient_control_number,
      serviceDate: r.service_date,
      charge: cents(charge),
      insurancePaid: cents(paid),
      insuranceAdjustments: cents(charge.minus(paid).minus(lastPr)),
      patientResponsibility: cents(pr),
      ...(chain?.pending && !lastPr.isZero() ? { waitingForSecondary: cents(lastPr) } : {}),
      guarantorId: idOf(r),
      patient: { last: r.patient_last, first: r.patient_first },
    };
  });
}

const ANSWERED = ['paid', 'partially-paid', 'denied'];
/** Workbench actions (claim_actions) that send a claim again as a new claim. */
const RESUBMISSIONS = ['resubmit-original', 'resubmit-replacement'];

/**
 * For each claim that caused a next payer's claim (src/ledger/secondary-claims.ts): what the later payers
 * paid, the patient responsibility the last answer left, and whether a later payer has still to answer
 * (then the earlier answer's patient responsibility waits: not billed). `absorbed`: the next payers' claims.
 */
async function nextPayerChains(ledgerDb: Kysely<LedgerDatabase>, claimIds: readonly string[]): Promise<{ of: Map<string, { laterPaid: Decimal; patientResponsibility: string | null; pending: boolean }>; absorbed: Set<string> }> {
  const of = new Map<string, { laterPaid: Decimal; patientResponsibility: string | null; pending: boolean }>();
  const absorbed = new Set<string>();
  const all = await allSecondaryClaims(ledgerDb);
  if (all.length === 0) return { of, absorbed };
  const next = new Map(all.map((s) => [s.source_claim_id, s.claim_id]));
  for (const s of all) absorbed.add(s.claim_id);
  // A next payer's claim a person resubmitted (a held one completed, a rejected one corrected) carries on as
  // the claim the resubmission created: follow it (and its own resubmissions) and count it in the chain too.
  const resubmittedAs = new Map<string, string>();
  for (let frontier = [...absorbed]; frontier.length; ) {
    const found: string[] = [];
    for (let i = 0; i < frontier.length; i += 500) {
      const actions = await workbenchDb(ledgerDb).selectFrom('claim_actions').select(['claim_id', 'new_claim_id']).where('claim_id', 'in', frontier.slice(i, i + 500)).where('action', 'in', RESUBMISSIONS).where('new_claim_id', 'is not', null).execute();
      for (const a of actions) {
        if (absorbed.has(a.new_claim_id!)) continue;
        resubmittedAs.set(a.claim_id, a.new_claim_id!);
        absorbed.add(a.new_claim_id!);
        found.push(a.new_claim_id!);
      }
    }
    frontier = found;
  }
  const claims = new Map<string, { state: string; paid_amount: string | null; patient_responsibility: string | null }>();
  const ids = [...absorbed];
  for (let i = 0; i < ids.length; i += 500) for (const c of await ledgerDb.selectFrom('claims').select(['id', 'state', 'paid_amount', 'patient_responsibility']).where('id', 'in', ids.slice(i, i + 500)).execute()) claims.set(c.id, c);
  for (const id of claimIds) {
    let at = next.get(id);
    if (!at) continue;
    const chain = { laterPaid: new Decimal(0), patientResponsibility: null as string | null, pending: false };
    while (at) {
      const carriedOn = resubmittedAs.get(at);
      if (carriedOn) {
        at = carriedOn;
        continue;
      }
      const c = claims.get(at);
      if (!c || !ANSWERED.includes(c.state)) {
        chain.pending = true;
        break;
      }
      chain.laterPaid = chain.laterPaid.plus(c.paid_amount ?? 0);
      chain.patientResponsibility = c.patient_responsibility;
      at = next.get(at);
    }
    of.set(id, chain);
  }
  return { of, absorbed };
}

/** The identity behind a guarantor id (a scan of the distinct identities of adjudicated claims), or undefined. */
export async function resolveGuarantor(ledgerDb: Kysely<LedgerDatabase>, guarantorId: string): Promise<GuarantorIdentity | undefined> {
  const members = await ledgerDb.selectFrom('claims').select('member_id').distinct().where('member_id', 'is not', null).where('patient_responsibility', 'is not', null).execute();
  for (const m of members) if (guarantorIdFor(m.member_id, null, null) === guarantorId) return { memberId: m.member_id! };
  const names = await ledgerDb.selectFrom('claims').select(['patient_last', 'patient_first']).distinct().where('member_id', 'is', null).where('patient_responsibility', 'is not', null).execute();
  for (const n of names) if (guarantorIdFor(null, n.patient_last, n.patient_first) === guarantorId) return { memberId: null, last: n.patient_last, first: n.patient_first };
  return undefined;
}

/** The guarantors' (subscribers') names, read from one claim of each (JSON, so only for the guarantors shown). */
export async function guarantorNames(ledgerDb: Kysely<LedgerDatabase>, claimOf: ReadonlyMap<string, string>): Promise<Map<string, { last: string | null; first: string | null }>> {
  const out = new Map<string, { last: string | null; first: string | null }>();
  const byClaim = new Map([...claimOf].map(([g, c]) => [c, g]));
  const ids = [...byClaim.keys()];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await ledgerDb
      .selectFrom('claims')
      .select(['id', 'patient_last', 'patient_first'])
      .select([sql<string | null>`json_extract(data, '$.subscriber.name.last')`.as('sub_last'), sql<string | null>`json_extract(data, '$.subscriber.name.first')`.as('sub_first')])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(byClaim.get(r.id)!, { last: r.sub_last ?? r.patient_last, first: r.sub_first ?? r.patient_first });
  }
  return out;
}

export type EntryRow = PatientEntriesTable;
export type StatementRow = PatientStatementsTable;

export interface AccountListRow {
  guarantorId: string;
  guarantor: { last: string | null; first: string | null };
  claims: number;
  summary: AccountSummary;
  lastStatement?: LastStatement & { dueDate: string };
  /** What a statement run today would send: the next notice level, or why nothing. */
  next: StatementDecision;
  collections: boolean;
}

export interface AccountsList {
  rows: AccountListRow[];
  /** Σ of the rows' balances (credits negative), Σ due, Σ credits. */
  grandTotal: { balance: string; due: string; credit: string };
}

const asEntry = (e: EntryRow): AccountEntry => ({ kind: e.kind as EntryKind, amount: e.amount, date: e.entry_date });
const byGuarantor = <T extends { guarantor_id: string }>(rows: T[]) => {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const list = m.get(r.guarantor_id);
    if (list) list.push(r);
    else m.set(r.guarantor_id, [r]);
  }
  return m;
};
const lastOf = (statements: StatementRow[] | undefined) => statements?.reduce<StatementRow | undefined>((a, s) => (!a || s.statement_date > a.statement_date || (s.statement_date === a.statement_date && s.level > a.level) ? s : a), undefined);
const paidSince = (entries: EntryRow[] | undefined, day: string | undefined) => !!day && (entries ?? []).some((e) => e.kind === 'payment' && e.entry_date >= day);

/** Every guarantor with claims adjudicated or entries; `all: false` keeps those with a balance (due or credit). */
export async function listAccounts(ledgerDb: Kysely<LedgerDatabase>, options: { today: string; policy: StatementPolicy; all?: boolean }): Promise<AccountsList> {
  const db = accountsDb(ledgerDb);
  const [claims, entries, statements] = await Promise.all([claimMoneyForPatientLedger(ledgerDb), db.selectFrom('patient_entries').selectAll().execute(), db.selectFrom('patient_statements').selectAll().execute()]);
  const claimsOf = new Map<string, PatientLedgerClaim[]>();
  for (const c of claims) {
    const list = claimsOf.get(c.guarantorId);
    if (list) list.push(c);
    else claimsOf.set(c.guarantorId, [c]);
  }
  const entriesOf = byGuarantor(entries);
  const statementsOf = byGuarantor(statements);
  const rows: AccountListRow[] = [];
  for (const id of new Set([...claimsOf.keys(), ...entriesOf.keys()])) {
    const cs = claimsOf.get(id) ?? [];
    const es = entriesOf.get(id) ?? [];
    const summary = summarizeAccount(cs, es.map(asEntry));
    if (!options.all && new Decimal(summary.balance).isZero()) continue;
    const last = lastOf(statementsOf.get(id));
    const lastStatement = last ? { level: last.level, date: last.statement_date, dueDate: last.due_date } : undefined;
    const cycle = { due: summary.due, last: lastStatement, paidSinceLast: paidSince(es, last?.statement_date), today: options.today };
    rows.push({ guarantorId: id, guarantor: { last: null, first: null }, claims: cs.length, summary, lastStatement, next: nextStatement(cycle, options.policy), collections: dueForCollections(cycle, options.policy) });
  }
  const names = await guarantorNames(ledgerDb, new Map(rows.flatMap((r) => (claimsOf.get(r.guarantorId)?.length ? [[r.guarantorId, claimsOf.get(r.guarantorId)![0].claimLedgerId] as [string, string]] : []))));
  for (const r of rows) r.guarantor = names.get(r.guarantorId) ?? r.guarantor;
  rows.sort((a, b) => (a.guarantor.last ?? '').localeCompare(b.guarantor.last ?? '') || (a.guarantor.first ?? '').localeCompare(b.guarantor.first ?? '') || a.guarantorId.localeCompare(b.guarantorId));
  const total = (k: 'balance' | 'due' | 'credit') => cents(rows.reduce((s, r) => s.plus(r.summary[k]), new Decimal(0)));
  return { rows, grandTotal: { balance: total('balance'), due: total('due'), credit: total('credit') } };
}

export interface AccountDetail {
  guarantorId: string;
  guarantor: { last: string | null; first: string | null };
  claims: PatientLedgerClaim[];
  entries: EntryRow[];
  statements: StatementRow[];
  summary: AccountSummary;
}

export async function getAccount(ledgerDb: Kysely<LedgerDatabase>, guarantorId: string): Promise<AccountDetail | undefined> {
  const db = accountsDb(ledgerDb);
  const identity = await resolveGuarantor(ledgerDb, guarantorId);
  const [claims, entries, statements] = await Promise.all([
    identity ? claimMoneyForPatientLedger(ledgerDb, { guarantor: identity }) : Promise.resolve([]),
    db.selectFrom('patient_entries').selectAll().where('guarantor_id', '=', guarantorId).orderBy('entry_date').orderBy('created_at').execute(),
    db.selectFrom('patient_statements').selectAll().where('guarantor_id', '=', guarantorId).orderBy('statement_date').orderBy('level').execute(),
  ]);
  if (!claims.length && !entries.length) return undefined;
  const names = claims.length ? await guarantorNames(ledgerDb, new Map([[guarantorId, claims[0].claimLedgerId]])) : new Map();
  return { guarantorId, guarantor: names.get(guarantorId) ?? { last: null, first: null }, claims, entries, statements, summary: summarizeAccount(claims, entries.map(asEntry)) };
}

export interface NewEntry {
  kind: EntryKind;
  amount: string;
  /** YYYY-MM-DD */ date: string;
  method?: PaymentMethod;
  reason?: AdjustmentReason;
  reference?: string;
}

export type RecordResult = { ok: true; entryId: string; summary: AccountSummary; becameCredit: boolean; duplicate?: boolean } | { ok: false; status: 400 | 404 | 409; code: string; message: string };

/** Records a payment, adjustment or refund after checking it against the account (in one transaction). */
export async function recordEntry(ledgerDb: Kysely<LedgerDatabase>, guarantorId: string, entry: NewEntry, meta: { actor: string; now: Date; importKey?: string }): Promise<RecordResult> {
  const amount = parseMoney(entry.amount);
  if (!amount) return { ok: false, status: 400, code: 'bad-amount', message: 'The amount is not a money amount (e.g. 25.00).' };
  if (entry.kind !== 'adjustment' && !(PAYMENT_METHODS as readonly string[]).includes(entry.method ?? '')) return { ok: false, status: 400, code: 'bad-method', message: `The method must be one of ${PAYMENT_METHODS.join(', ')}.` };
  if (entry.kind === 'adjustment' && !(ADJUSTMENT_REASONS as readonly string[]).includes(entry.reason ?? '')) return { ok: false, status: 400, code: 'bad-reason', message: `The reason must be one of ${ADJUSTMENT_REASONS.join(', ')}.` };
  return accountsDb(ledgerDb)
    .transaction()
    .execute(async (tx) => {
      if (meta.importKey) {
        const seen = await tx.selectFrom('patient_entries').select('id').where('import_key', '=', meta.importKey).executeTakeFirst();
        if (seen) {
          const account = await getAccount(tx as unknown as Kysely<LedgerDatabase>, guarantorId);
          return { ok: true as const, entryId: seen.id, summary: account!.summary, becameCredit: false, duplicate: true };
        }
      }
      const account = await getAccount(tx as unknown as Kysely<LedgerDatabase>, guarantorId);
      if (!account) return { ok: false as const, status: 404 as const, code: 'not-found', message: 'No patient account with this id.' };
      const check = checkEntry(account.claims, account.entries.map(asEntry), { kind: entry.kind, amount: cents(amount), date: entry.date });
      if (!check.ok) return { ok: false as const, status: 409 as const, code: check.code, message: check.message };
      const id = 'P' + randomUUID().replace(/-/g, '').slice(0, 20);
      // The entry belongs to the practice of the patient's claims (docs/tenants.md).
      const latest = account.claims.at(-1)?.claimLedgerId;
      const owner = latest ? await tx.selectFrom('claims').select('practice_id').where('id', '=', latest).executeTakeFirst() : undefined;
      await tx
        .insertInto('patient_entries')
        .values({ id, practice_id: owner?.practice_id ?? practiceForNewRows(), guarantor_id: guarantorId, kind: entry.kind, method: entry.kind === 'adjustment' ? null : entry.method!, reason: entry.kind === 'adjustment' ? entry.reason! : null, amount: cents(amount), entry_date: entry.date, reference: entry.reference?.slice(0, 64) || null, actor: meta.actor, import_key: meta.importKey ?? null, created_at: meta.now.toISOString() })
        .execute();
      return { ok: true as const, entryId: id, summary: check.after, becameCredit: check.becomesCredit };
    });
}

export interface PaymentImportProblem {
  code: string;
  message: string;
  position: { file?: string; line: number; column?: string };
}

export interface PaymentImportResult {
  recorded: number;
  duplicates: number;
  /** Payments that left the account in credit (flagged on the account). */
  credits: number;
  problems: PaymentImportProblem[];
}

/**
 * Patient payments from a CSV: `date, claimId, amount, method` and an optional `reference`; `claimId` is
 * the CLM01 of any claim of the guarantor. The same line imported again (same file content and line)
 * is a no-op. Unknown layout → one problem naming the columns expected and found.
 */
export async function importPatientPayments(ledgerDb: Kysely<LedgerDatabase>, text: string, meta: { file?: string; actor: string; now: Date }): Promise<PaymentImportResult> {
  const { header, rows } = readCsv(text);
  const keys = header.map(headerKey);
  const need = ['date', 'claimid', 'amount', 'method'];
  const missing = need.filter((k) => !keys.includes(k));
  const result: PaymentImportResult = { recorded: 0, duplicates: 0, credits: 0, problems: [] };
  if (missing.length) {
    result.problems.push({ code: 'unknown-layout', message: `Unknown patient payment CSV layout: expected the columns date, claimId, amount, method (and optionally reference); found ${header.map((h) => `"${h}"`).join(', ') || 'nothing'}.`, position: { file: meta.file, line: 1 } });
    return result;
  }
  const col = (cells: string[], k: string) => (cells[keys.indexOf(k)] ?? '').trim();
  const guarantorOf = async (pcn: string) => {
    const c = await ledgerDb.selectFrom('claims').select(['member_id', 'patient_last', 'patient_first']).where('patient_control_number', '=', pcn).where('patient_responsibility', 'is not', null).executeTakeFirst();
    return c ? guarantorIdOfClaim(c) : undefined;
  };
  const fileKey = createHash('sha256').update(text).digest('hex').slice(0, 24);
  for (const { line, cells } of rows) {
    const at = (column: string) => ({ file: meta.file, line, column });
    const date = parseDay(col(cells, 'date'));
    const guarantorId = await guarantorOf(col(cells, 'claimid'));
    const method = col(cells, 'method').toLowerCase();
    if (!date) result.problems.push({ code: 'bad-date', message: 'The date is not YYYY-MM-DD or MM/DD/YYYY.', position: at('date') });
    if (!guarantorId) result.problems.push({ code: 'unknown-claim', message: 'No adjudicated claim has this claim id (CLM01).', position: at('claimId') });
    if (!date || !guarantorId) continue;
    const r = await recordEntry(ledgerDb, guarantorId, { kind: 'payment', amount: col(cells, 'amount'), date, method: method as PaymentMethod, reference: keys.includes('reference') ? col(cells, 'reference') : undefined }, { actor: meta.actor, now: meta.now, importKey: `${fileKey}:${line}` });
    if (!r.ok) result.problems.push({ code: r.code, message: r.message, position: at(r.code === 'bad-method' ? 'method' : 'amount') });
    else if (r.duplicate) result.duplicates++;
    else {
      result.recorded++;
      if (r.summary.inCredit) result.credits++;
    }
  }
  return result;
}

export interface StatementRunResult {
  runId: string;
  statements: Array<{ guarantorId: string; level: number; amountDue: string; dueDate: string; final: boolean }>;
}

/** Each guarantor's practice: that of its newest adjudicated claim (statements are stamped with it). */
async function guarantorPractices(ledgerDb: Kysely<LedgerDatabase>): Promise<Map<string, string | null>> {
  const rows = await ledgerDb.selectFrom('claims').select(['member_id', 'patient_last', 'patient_first', 'practice_id']).where('patient_responsibility', 'is not', null).orderBy('created_at').execute();
  return new Map(rows.map((r) => [guarantorIdOfClaim(r), r.practice_id]));
}

/** A statement run on `today`: every guarantor whose cycle says so gets the next notice, recorded. */
export async function runStatements(ledgerDb: Kysely<LedgerDatabase>, options: { today: string; policy: StatementPolicy; actor: string; now: Date }): Promise<StatementRunResult> {
  const db = accountsDb(ledgerDb);
  return db.transaction().execute(async (tx) => {
    const list = await listAccounts(tx as unknown as Kysely<LedgerDatabase>, { today: options.today, policy: options.policy });
    const runId = 'S' + randomUUID().replace(/-/g, '').slice(0, 20);
    const statements: StatementRunResult['statements'] = [];
    for (const row of list.rows) {
      const d = row.next;
      if (d.send) statements.push({ guarantorId: row.guarantorId, level: d.level, amountDue: row.summary.due, dueDate: d.dueDate, final: d.final });
    }
    const practiceOf = statements.length ? await guarantorPractices(tx as unknown as Kysely<LedgerDatabase>) : new Map<string, string | null>();
    await tx.insertInto('statement_runs').values({ id: runId, practice_id: practiceForNewRows(), run_date: options.today, actor: options.actor, statements: statements.length, created_at: options.now.toISOString() }).execute();
    for (const s of statements) {
      await tx
        .insertInto('patient_statements')
        .values({ id: 'N' + randomUUID().replace(/-/g, '').slice(0, 20), practice_id: practiceOf.get(s.guarantorId) ?? practiceForNewRows(), run_id: runId, guarantor_id: s.guarantorId, statement_date: options.today, level: s.level, amount_due: s.amountDue, due_date: s.dueDate, created_at: options.now.toISOString() })
        .execute();
    }
    return { runId, statements };
  });
}
