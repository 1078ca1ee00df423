/**
 * The follow-up step of the gateway cycle (issue 14, item 2): claims past their partner's silence
 * threshold get a 276 claim-status inquiry — one file per partner per cycle, one transaction set per
 * payer — recorded in the ledger with its control numbers and bytes before anything is sent. The spool
 * and upload steps that follow send it like an 837, exactly once: a crash after the commit leaves a
 * `generated` file that the next cycle spools and uploads, and the claims it asks about are not asked
 * about again (they have an inquiry within `reinquireDays`).
 */
import { Claim } from '../claims/model.js';
import { SILENCE_WORDS, statusFollowupOf } from '../claims/status/thresholds.js';
import { build276 } from '../claims/status/write-276.js';
import { raiseAlert } from '../ledger/alerts.js';
import { claimDataOf } from '../ledger/generation-queue.js';
import { sha256 } from '../ledger/ledger-context.js';
import { claimsDueForInquiry, silentAfterInquiry, silentAfterInquiryPage, type ClaimKey, type DueClaim, type InquiryKey, type SilentClaim } from '../ledger/status-inquiries.js';
import type { RuntimeContext } from './context.js';
import { outboundFileName, type GatewayPartnerProfile } from './partners.js';

export interface InquiryReport {
  /** 276 files recorded this cycle. */
  files: number;
  /** Claims asked about. */
  claims: number;
}

const settingsOf = (ctx: RuntimeContext) => (partnerId: string) => {
  const p = ctx.partners.get(partnerId);
  return p ? statusFollowupOf(p) : undefined;
};

/**
 * Claim rows one run reads per partner at most (issue 12: with a million claims awaiting an answer, reading
 * them all on every poll starved the event loop). A run stops earlier once it has found the partner's
 * `maxClaimsPerFile` due claims; the next run goes on from where it stopped (`scan` below) and wraps around.
 */
export const FOLLOWUP_ROW_BUDGET = 10_000;

/** Each runtime's resume points (partner id → the last claim passed), kept in memory between runs. */
const scans = new WeakMap<object, Map<string, ClaimKey | undefined>>();
const scanOf = (ctx: RuntimeContext) => {
  let scan = scans.get(ctx);
  if (!scan) scans.set(ctx, (scan = new Map()));
  return scan;
};

/** Records this cycle's 276s (the spool and upload steps send them). */
export async function inquireSilentClaims(ctx: RuntimeContext, o: { rowBudget?: number; pageSize?: number } = {}): Promise<InquiryReport> {
  const now = ctx.now();
  // Several instances on one PostgreSQL: only the partner's leader asks (no claim is asked about twice).
  const partnerIds: string[] = [];
  for (const id of ctx.partners.keys()) if (!ctx.leadership || (await ctx.leadership.holds(id))) partnerIds.push(id);
  const due = await claimsDueForInquiry(ctx.ledger.db, settingsOf(ctx), partnerIds, now, {
    want: (id) => ctx.partners.get(id)!.limits.maxClaimsPerFile,
    rowBudget: o.rowBudget ?? FOLLOWUP_ROW_BUDGET,
    pageSize: o.pageSize,
    cursors: scanOf(ctx),
  });
  const report: InquiryReport = { files: 0, claims: 0 };
  const byPartner = new Map<string, DueClaim[]>();
  for (const d of due) byPartner.set(d.partnerId, [...(byPartner.get(d.partnerId) ?? []), d]);
  for (const [partnerId, all] of byPartner) {
    const partner = ctx.partners.get(partnerId)!;
    const candidates = all.slice(0, partner.limits.maxClaimsPerFile);
    const data = await claimDataOf(ctx.ledger.db, candidates.map((d) => d.claimId));
    // A stored claim the claim model cannot read (one stored by an older version) is left out, so it does not
    // hold up the partner's other inquiries, with an `inquiry-unwritable` alert (once) so a person follows it
    // up another way; the log names its ledger id only and warns when the alert is new.
    const picked: DueClaim[] = [];
    const claims: Array<{ id: string; claim: Claim }> = [];
    for (let k = 0; k < candidates.length; k++) {
      const d = candidates[k];
      const parsed = readStoredClaim(data[k]);
      if (parsed) {
        picked.push(d);
        claims.push({ id: d.claimId, claim: parsed });
        continue;
      }
      const { created } = await raiseAlert(ctx.ledger.db, { kind: 'inquiry-unwritable', claimId: d.claimId, partnerId, payerId: d.payerId, note: `No 276 sent (${SILENCE_WORDS[d.reason]}): the claim's stored data no longer fits the claim model. Follow it up with the payer another way.`, now: now.toISOString() });
      if (created) ctx.log.warn({ event: 'status.inquiry-skipped', claimId: d.claimId, partner: partnerId, reason: 'claim-unreadable' }, 'claim left out of the 276: its stored data does not read as a claim');
      else ctx.log.debug({ event: 'status.inquiry-skipped', claimId: d.claimId, partner: partnerId, reason: 'claim-unreadable' }, 'claim still left out of the 276');
    }
    if (picked.length === 0) continue;
    const ids = picked.map((d) => d.claimId);
    const numbersOf = await payerClaimNumbers(ctx, ids);
    const recorded = await ctx.ledger.recordStatusInquiry({
      partnerId,
      inquiryKey: `276:${partnerId}:${now.toISOString()}:${sha256(ids.join(',')).slice(0, 16)}`,
      items: picked.map((d) => ({ claimId: d.claimId, payerId: d.payerId, reason: d.reason })),
      onReserved: () => ctx.crash('inquiry-reserved'),
      build: (numbers, traces) => {
        const file = build276(partner, claims.map((c) => ({ claimId: c.id, claim: c.claim, trace: traces[c.id], payerClaimNumber: numbersOf.get(c.id) })), numbers);
        return { text: file.text, fileName: outboundFileName(partner, { isa13: numbers.interchange, kind: '276', date: numbers.date, time: numbers.time }), transactions: file.transactions };
      },
    });
    ctx.crash('inquiry-committed');
    report.files++;
    report.claims += ids.length;
    ctx.log.info({ event: 'status.inquiry', fileId: recorded.fileId, partner: partnerId, isa13: recorded.interchangeControl, claimCount: ids.length, reasons: countBy(picked.map((d) => d.reason)) }, '276 claim-status inquiry recorded');
  }
  return report;
}

function readStoredClaim(data: string): Claim | undefined {
  try {
    const r = Claim.safeParse(JSON.parse(data));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

async function payerClaimNumbers(ctx: RuntimeContext, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await ctx.ledger.db.selectFrom('claims').select(['id', 'payer_claim_number']).where('id', 'in', ids.slice(i, i + 500)).execute();
    for (const r of rows) if (r.payer_claim_number) out.set(r.id, r.payer_claim_number);
  }
  return out;
}

const countBy = (xs: string[]) => xs.reduce<Record<string, number>>((acc, x) => ((acc[x] = (acc[x] ?? 0) + 1), acc), {});

/** Claims with no answer N days after their inquiry, by the runtime's partners' settings (for the worklist and alerts). */
export function silentClaims(ctx: Pick<RuntimeContext, 'ledger' | 'partners' | 'now'>): Promise<SilentClaim[]> {
  return silentAfterInquiry(ctx.ledger.db, ctx.now(), (id) => {
    const p: GatewayPartnerProfile | undefined = ctx.partners.get(id);
    return p ? statusFollowupOf(p) : undefined;
  });
}

/** Open inquiries one alerts scan reads at most (the rest are read by the next scans, then it starts over). */
export const SILENCE_SCAN_ROW_BUDGET = 5_000;

/** Each runtime's resume point in the open inquiries, kept in memory between alerts scans. */
const silenceScans = new WeakMap<object, { after?: InquiryKey }>();

/**
 * The claims silent after inquiry among the next `rowBudget` open inquiries from where the last scan of this
 * runtime stopped (wrapping to the oldest after the newest): what one alerts scan raises. An alert is raised
 * once per inquiry, so a lap of scans over a large backlog raises each once, and later laps nothing new.
 */
export async function silentClaimsPage(ctx: Pick<RuntimeContext, 'ledger' | 'partners' | 'now'>, o: { rowBudget?: number; pageSize?: number } = {}): Promise<SilentClaim[]> {
  let scan = silenceScans.get(ctx);
  if (!scan) silenceScans.set(ctx, (scan = {}));
  const budget = o.rowBudget ?? SILENCE_SCAN_ROW_BUDGET;
  const now = ctx.now();
  const settings = (id: string) => {
    const p: GatewayPartnerProfile | undefined = ctx.partners.get(id);
    return p ? statusFollowupOf(p) : undefined;
  };
  const out: SilentClaim[] = [];
  let read = 0;
  let startedAtBeginning = scan.after === undefined;
  while (read < budget) {
    const page = await silentAfterInquiryPage(ctx.ledger.db, now, settings, { after: scan.after, rows: Math.min(o.pageSize ?? 1_000, budget - read) });
    read += page.read;
    for (const c of page.claims) if (!out.some((x) => x.claimId === c.claimId)) out.push(c);
    scan.after = page.next;
    if (page.next) continue;
    // The end: a scan that started mid-way goes on from the oldest (the alert is raised once either way).
    if (startedAtBeginning) break;
    startedAtBeginning = true;
  }
  return out;
}
