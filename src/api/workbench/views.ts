/**
 * View models shared by the pages, the JSON API and the CSV exports: worklist items with their reasons,
 * the aging report, patient balances. Built from the ledger queries and the pure rules in src/billing-rules.
 */
import { createHash } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { ClaimState } from '../../ledger/lifecycle.js';
import { AGING_BUCKETS, ALARM_TEXT, alarmFor, bucketOf, daysBetween, type AlarmKind, type BucketId } from '../../billing-rules/aging.js';
import { addShares, patientShare, ZERO_SHARE, type PatientShare } from '../../billing-rules/balances.js';
import { ackReason, claimStatusReason, interchangeReason, scrubReasons, unexplainedRemittanceReason, type Reason } from '../../billing-rules/reasons.js';
import { denialReasons } from '../../denials/reasons.js';
import type { ExplainOptions } from '../../denials/explain.js';
import { byDeadline, dueDateOf, type TriageFilter } from '../../billing-rules/triage.js';
import { followupsOf } from '../../ledger/claim-followup.js';
import { scrubAsStored } from '../../billing-rules/resubmit.js';
import { fieldLabel } from '../../billing-rules/fields.js';
import type { WorkbenchContext } from './context.js';
import type { BalanceExportRow } from '../../ledger/export-queries.js';
import { worklistKeyPages, worklistRowsByIds, type WorklistRow } from '../../ledger/workbench-queries.js';

export interface WorklistItem {
  id: string;
  claimId: string;
  state: ClaimState;
  payerId: string;
  partnerId: string;
  patient: { last: string | null; first: string | null };
  serviceDate: string | null;
  totalCharge: string;
  paid: string | null;
  updatedAt: string;
  reasons: Reason[];
  /** Triage (migration 0015): who works on it, a note, when to look again. */
  assignee?: string | null;
  note?: string | null;
  followUp?: string | null;
  /** The appeal, when one was drafted: drafted / sent / answered, and its deadline. */
  appeal?: { status: string; deadline: string | null };
}

/**
 * Why a claim needs a person. 835 denials and reductions come from the denial knowledge base, with the
 * payer's deadlines (partner profile `denialDeadlines`) and the remittance date in `denial`.
 */
export function reasonsFor(state: ClaimState, data: string, lastDetail: Record<string, unknown>, adjustments: Array<{ group: string; reason: string; amount: string }>, remarks: string[], today: string, denial: ExplainOptions = {}): Reason[] {
  switch (state) {
    case 'scrub-rejected': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch {
        parsed = {};
      }
      const held = lastDetail.held as { reason?: string; missing?: Array<{ field: string; message: string }> } | undefined;
      if (held) return heldSecondaryReasons(held);
      if (typeof lastDetail.duplicateOf === 'string')
        return [{ source: 'intake', code: 'DUPLICATE-CLAIM', text: `Already sent as claim ${lastDetail.duplicateOf} (same billing provider, patient control number, payer, service dates and charges): this copy was not sent.`, fix: 'Nothing to send: work on the earlier claim. To change what the payer has, send a replacement (frequency 7) from it.' }];
      const r = scrubReasons(scrubAsStored(parsed, today));
      return r.length ? r : [{ source: 'scrubber', code: String((lastDetail.codes as string[] | undefined)?.join(',') ?? 'SCRUB'), text: 'The scrubber rejected this claim.', fix: 'Open the claim, correct it and resubmit.' }];
    }
    case 'interchange-rejected':
      return [interchangeReason(lastDetail as { ta1?: string; note?: string })];
    case 'ack-rejected':
      return [ackReason(lastDetail as { ik5?: string; errors?: string[] })];
    case 'payer-rejected':
      return [claimStatusReason(lastDetail as { category?: string; status?: string; entity?: string })];
    case 'denied':
    case 'partially-paid':
    {
      const r = denialReasons(adjustments, remarks, denial);
      return r.length ? r : [unexplainedRemittanceReason(state)];
    }
    default:
      return [];
  }
}

/** A next payer's claim held after an 835 (src/ledger/secondary-claims.ts): why, and the fields to complete. */
export function heldSecondaryReasons(held: { reason?: string; missing?: Array<{ field: string; message: string }> }): Reason[] {
  if (held.reason === 'forwarded')
    return [{ source: 'cob', code: 'SECONDARY-HELD', text: 'The primary payer forwarded the claim to the next payer itself (crossover, CLP02 19-21): the secondary claim built from its 835 is held so the next payer does not get the claim twice.', fix: 'Wait for the next payer\'s answer to the crossover; resubmit this claim as a new original only if that payer says it never received it.' }];
  if (held.reason === 'partner-hold' || !held.missing?.length)
    return [{ source: 'cob', code: 'SECONDARY-HELD', text: 'A secondary claim built from the primary payer\'s 835, held for review (partner setting secondaryClaims: hold).', fix: 'Check the claim to the next payer; resubmit it as a new original to send it.' }];
  return held.missing.map((m) => ({
    source: 'cob',
    code: 'SECONDARY-INCOMPLETE',
    text: m.message,
    fix: m.field.startsWith('$.answer') ? 'Compare the 835 with the claim; correct what the payer answered against, then resubmit to the next payer.' : 'Complete the field below (from the patient\'s insurance card), then resubmit as a new original.',
    field: m.field,
    ...(m.field.startsWith('$.answer') ? {} : { fieldLabel: fieldLabel(m.field) }),
  }));
}

export async function worklist(ctx: WorkbenchContext, f: { state?: ClaimState[]; payerId?: string; limit: number; offset: number } & Partial<TriageFilter>): Promise<{ total: number; totalCharge: string; items: WorklistItem[] }> {
  const { sort, ...rest } = f;
  // Issue 16: the deadline is not a column; its sort and filter are computed for the filtered set.
  if (sort === 'deadline' || f.dueOnOrBefore !== undefined) return worklistByDeadline(ctx, f);
  const { total, totalCharge, rows } = await ctx.queries.worklist({ ...rest, sort });
  return { total, totalCharge, items: await withFollowups(ctx, rows) };
}

async function withFollowups(ctx: WorkbenchContext, rows: WorklistRow[]): Promise<WorklistItem[]> {
  const today = ctx.now().toISOString().slice(0, 10);
  const followups = await followupsOf(ctx.ledger.db, rows.map((r) => r.id));
  return rows.map((r) => {
    const x = followups.get(r.id);
    return { ...worklistItem(r, today, ctx), assignee: x?.triage?.assignee ?? null, note: x?.triage?.note ?? null, followUp: x?.triage?.follow_up ?? null, ...(x?.appeal ? { appeal: { status: x.appeal.status, deadline: x.appeal.deadline } } : {}) };
  });
}

interface DeadlineKey {
  id: string;
  due?: string;
  cents: number;
  served: string;
  payer: string;
  updated: string;
}

/** Sorts on the other triage orders, for a deadline-filtered set held as keys (the claim id breaks ties). */
function byTriageSort(sort: TriageFilter['sort'], dir: 'asc' | 'desc'): (a: DeadlineKey, b: DeadlineKey) => number {
  if (sort === 'deadline') return byDeadline(dir);
  const pick = (k: DeadlineKey): string | number => (sort === 'amount' ? k.cents : sort === 'age' ? k.served : sort === 'payer' ? k.payer : k.updated);
  return (a, b) => {
    const x = pick(a);
    const y = pick(b);
    if (x !== y) return (x < y ? -1 : 1) * (dir === 'asc' ? 1 : -1);
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

/**
 * The worklist sorted or filtered by deadline: the filtered set's keys are read in pages, each page's
 * deadlines computed (the knowledge base and the payer's windows), only the keys kept; then sorted and
 * the one page asked for read in full. Totals are of the deadline-filtered set, in exact cents.
 */
async function worklistByDeadline(ctx: WorkbenchContext, f: { state?: ClaimState[]; payerId?: string; limit: number; offset: number } & Partial<TriageFilter>) {
  const today = ctx.now().toISOString().slice(0, 10);
  const { sort = 'updated', dir = 'desc', limit, offset, dueOnOrBefore, ...filter } = f;
  const keys: DeadlineKey[] = [];
  for await (const ids of worklistKeyPages(ctx.ledger.db, filter)) {
    for (const r of await worklistRowsByIds(ctx.ledger.db, ids)) {
      const due = dueDateOf(worklistItem(r, today, ctx).reasons);
      if (dueOnOrBefore !== undefined && (due === undefined || due > dueOnOrBefore)) continue;
      keys.push({ id: r.id, due, cents: new Decimal(r.total_charge).times(100).toNumber(), served: r.service_date ?? r.created_at, payer: r.payer_id, updated: r.updated_at });
    }
  }
  keys.sort(byTriageSort(sort, dir));
  const page = keys.slice(offset, offset + limit).map((k) => k.id);
  const totalCents = keys.reduce((s, k) => s + k.cents, 0);
  return { total: keys.length, totalCharge: new Decimal(totalCents).div(100).toFixed(2), items: await withFollowups(ctx, await worklistRowsByIds(ctx.ledger.db, page)) };
}

/** The denial options of one claim: its payer's deadlines and the date of the remittance that denied it. */
export function denialOptions(ctx: Pick<WorkbenchContext, 'deadlinesFor'> | undefined, partnerId: string, payerId: string, remittanceDate: string | null | undefined): ExplainOptions {
  const deadlines = ctx?.deadlinesFor(partnerId, payerId);
  return { ...(deadlines ? { deadlines } : {}), ...(remittanceDate ? { remittanceDate: remittanceDate.slice(0, 10) } : {}) };
}

/** One worklist row as the pages, the API and the CSV show it. */
export function worklistItem(r: WorklistRow, today: string, ctx?: Pick<WorkbenchContext, 'deadlinesFor'>): WorklistItem {
  return {
    id: r.id,
    claimId: r.patient_control_number,
    state: r.state,
    payerId: r.payer_id,
    partnerId: r.partner_id,
    patient: { last: r.patient_last, first: r.patient_first },
    serviceDate: r.service_date,
    totalCharge: r.total_charge,
    paid: r.paid_amount,
    updatedAt: r.updated_at,
    reasons: reasonsFor(r.state, r.data, r.lastDetail, r.adjustments, r.remarks, today, denialOptions(ctx, r.partner_id, r.payer_id, r.remittanceDate)),
  };
}

export interface AgingClaim {
  id: string;
  claimId: string;
  payerId: string;
  partnerId: string;
  state: ClaimState;
  totalCharge: string;
  serviceDate: string | null;
  sentAt: string | null;
  days: number;
  bucket: BucketId;
  alarm?: AlarmKind;
}

export interface AgingReport {
  at: string;
  buckets: typeof AGING_BUCKETS;
  payers: Array<{ payerId: string; counts: Record<BucketId, number>; amounts: Record<BucketId, string>; count: number; amount: string; alarms: number }>;
  totals: { counts: Record<BucketId, number>; amounts: Record<BucketId, string>; count: number; amount: string; alarms: number };
  alarms: Record<AlarmKind, number>;
  /** Groups of claims with the same 837, payer, partner and state (oldest first), for the follow-up list. */
  groups: AgingGroup[];
}

export interface AgingGroup {
  ts: string;
  payerId: string;
  partnerId: string;
  state: ClaimState;
  sentAt: string;
  days: number;
  bucket: BucketId;
  alarm?: AlarmKind;
  count: number;
}

export interface AgingFilter {
  payer?: string;
  bucket?: string;
  alarm?: string;
}

const emptyCounts = () => Object.fromEntries(AGING_BUCKETS.map((b) => [b.id, 0])) as Record<BucketId, number>;

export async function agingReport(ctx: WorkbenchContext): Promise<AgingReport> {
  const at = ctx.now();
  const rows = await ctx.queries.outstandingGroups();
  const payerCents = new Map<string, { counts: Record<BucketId, number>; cents: Record<BucketId, number>; alarms: number }>();
  const alarms: Record<AlarmKind, number> = { 'no-999': 0, 'no-277CA': 0, 'no-835': 0 };
  const thresholds = new Map<string, ReturnType<WorkbenchContext['thresholdsFor']>>();
  const groups: AgingGroup[] = [];
  for (const r of rows) {
    const days = daysBetween(r.sent_at, at);
    const bucket = bucketOf(days);
    let t = thresholds.get(r.partner_id);
    if (!t) thresholds.set(r.partner_id, (t = ctx.thresholdsFor(r.partner_id)));
    const alarm = alarmFor(r.state, days, t);
    groups.push({ ts: r.ts, payerId: r.payer_id, partnerId: r.partner_id, state: r.state, sentAt: r.sent_at, days, bucket, alarm, count: r.n });
    let p = payerCents.get(r.payer_id);
    if (!p) payerCents.set(r.payer_id, (p = { counts: emptyCounts(), cents: emptyCounts(), alarms: 0 }));
    p.counts[bucket] += r.n;
    p.cents[bucket] += r.cents;
    if (alarm) {
      p.alarms += r.n;
      alarms[alarm] += r.n;
    }
  }
  groups.sort((a, b) => a.sentAt.localeCompare(b.sentAt) || a.ts.localeCompare(b.ts) || a.state.localeCompare(b.state) || a.payerId.localeCompare(b.payerId));
  const dec = (c: number) => new Decimal(c).div(100).toFixed(2);
  const totalCounts = emptyCounts();
  const totalCents = emptyCounts();
  let totalAlarms = 0;
  const payers = [...payerCents.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([payerId, p]) => {
      for (const b of AGING_BUCKETS) {
        totalCounts[b.id] += p.counts[b.id];
        totalCents[b.id] += p.cents[b.id];
      }
      totalAlarms += p.alarms;
      const cents = AGING_BUCKETS.reduce((s, b) => s + p.cents[b.id], 0);
      return { payerId, counts: p.counts, amounts: Object.fromEntries(AGING_BUCKETS.map((b) => [b.id, dec(p.cents[b.id])])) as Record<BucketId, string>, count: AGING_BUCKETS.reduce((s, b) => s + p.counts[b.id], 0), amount: dec(cents), alarms: p.alarms };
    });
  return {
    at: at.toISOString(),
    buckets: AGING_BUCKETS,
    payers,
    totals: { counts: totalCounts, amounts: Object.fromEntries(AGING_BUCKETS.map((b) => [b.id, dec(totalCents[b.id])])) as Record<BucketId, string>, count: AGING_BUCKETS.reduce((s, b) => s + totalCounts[b.id], 0), amount: dec(AGING_BUCKETS.reduce((s, b) => s + totalCents[b.id], 0)), alarms: totalAlarms },
    alarms,
    groups,
  };
}

/**
 * One page of the follow-up list (oldest first), or all of it (`limit` undefined): only the claims of
 * the groups that overlap the page are read.
 */
export async function agingClaims(ctx: WorkbenchContext, report: AgingReport, f: AgingFilter, limit?: number, offset = 0): Promise<{ total: number; claims: AgingClaim[] }> {
  const groups = report.groups.filter((g) => (!f.payer || g.payerId === f.payer) && (!f.bucket || g.bucket === f.bucket) && (!f.alarm || (f.alarm === 'any' ? !!g.alarm : g.alarm === f.alarm)));
  const total = groups.reduce((s, g) => s + g.count, 0);
  const end = limit === undefined ? total : offset + limit;
  const wanted: AgingGroup[] = [];
  let skip = 0;
  let seen = 0;
  for (const g of groups) {
    if (seen + g.count > offset && seen < end) {
      if (!wanted.length) skip = offset - seen;
      wanted.push(g);
    }
    seen += g.count;
    if (seen >= end) break;
  }
  const rows = await ctx.queries.outstandingClaims([...new Set(wanted.map((g) => g.ts))]);
  const claims: AgingClaim[] = [];
  for (const g of wanted) {
    for (const r of rows) {
      if (r.transaction_set_id !== g.ts || r.state !== g.state || r.payer_id !== g.payerId || r.partner_id !== g.partnerId) continue;
      claims.push({ id: r.id, claimId: r.patient_control_number, payerId: r.payer_id, partnerId: r.partner_id, state: r.state, totalCharge: r.total_charge, serviceDate: r.service_date, sentAt: g.sentAt, days: g.days, bucket: g.bucket, alarm: g.alarm });
    }
  }
  return { total, claims: claims.slice(Math.max(0, skip), Math.max(0, skip) + (end - offset)) };
}

/** "123.45" → 12345 exactly (two-decimal text; no floating point involved). */
export function toCents(amount: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!m) return Math.round(new Decimal(amount).times(100).toNumber());
  const v = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -v : v;
}

export { ALARM_TEXT };

export interface BalanceRow {
  id: string;
  claimId: string;
  patient: { last: string | null; first: string | null };
  memberId: string | null;
  providerName: string | null;
  payerId: string;
  serviceDate: string | null;
  state: ClaimState;
  totalCharge: string;
  paid: string | null;
  patientResponsibility: string;
  share: PatientShare;
}

export async function balanceRows(ctx: WorkbenchContext, f: { limit: number; offset: number; claimIds?: string[] }): Promise<{ total: number; sum: string; rows: BalanceRow[]; shareTotal: PatientShare }> {
  const { total, sum, rows } = await ctx.queries.patientBalanceClaims(f);
  const out = rows.map(balanceRow);
  return { total, sum, rows: out, shareTotal: out.reduce((s, r) => addShares(s, r.share), ZERO_SHARE) };
}

/** One claim with a patient balance as the pages, the API and the CSV show it. */
export function balanceRow(r: BalanceExportRow): BalanceRow {
  return {
    id: r.id,
    claimId: r.patient_control_number,
    patient: { last: r.patient_last, first: r.patient_first },
    memberId: r.member_id,
    providerName: r.provider_name,
    payerId: r.payer_id,
    serviceDate: r.service_date,
    state: r.state,
    totalCharge: r.total_charge,
    paid: r.paid_amount,
    patientResponsibility: r.patient_responsibility ?? '0.00',
    share: patientShare(r.adjustments),
  };
}

/** An opaque handle for links (never the member id itself in a URL). */
export const handleOf = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);
