/**
 * From a response file's bytes to what the ledger posts: detect the kind (TA1, 999, 277CA/277, 835),
 * read it with the guide engine, and turn it into the ledger's posting shapes. Pure (no I/O): the inbox
 * processor hands in bytes and gets values or findings back.
 */
import { Decimal } from 'decimal.js';
import { readRemittances } from '../remits/read-remittances.js';
import { readClaimStatuses } from '../acks/read-277.js';
import { statusAnswersOf, type StatusAnswer } from '../acks/status-answers.js';
import type { EligibilityAnswer } from '../eligibility/model.js';
import { readEligibilityResponses } from '../eligibility/read-271.js';
import { allFindings, readX12, type ReadReport } from '../guides/reader.js';
import { flattenTree } from '../guides/tree.js';
import type { LoopNode } from '../guides/walker.js';
import { component, element } from '../x12/elements.js';
import type { Finding } from '../x12/finding.js';
import type { Segment } from '../x12/tokenizer.js';
import type { Ack999Item, Ack999Posting, ClaimStatusPosting, RemittancePosting, Ta1Posting } from '../ledger/posting-types.js';
import type { ClaimPaymentPosting, RemittanceHeaderPosting } from '../ledger/remittance-postings.js';
import type { ClaimPayment, Remittance } from '../remits/model.js';

export type ResponseKind = 'TA1' | '999' | '277CA' | '277' | '835' | '271' | '837' | 'unknown';

/** The kind of an X12 file from its envelope (GS01 / ST01 / a bare TA1). Cheap: looks at the text only. */
export function detectKind(text: string): ResponseKind {
  const head = text.slice(0, 4096);
  if (!head.startsWith('ISA') || head.length < 106) return 'unknown';
  const el = head[3];
  const seg = head[105];
  const segments = head.split(seg).map((s) => s.trim());
  const gs = segments.find((s) => s.startsWith(`GS${el}`));
  const st = segments.find((s) => s.startsWith(`ST${el}`));
  if (!gs) return segments.some((s) => s.startsWith(`TA1${el}`)) ? 'TA1' : 'unknown';
  const fid = gs.split(el)[1];
  const st01 = st?.split(el)[1];
  const st03 = st?.split(el)[3] ?? gs.split(el)[8] ?? '';
  if (fid === 'FA' || st01 === '999') return '999';
  if (fid === 'HP' || st01 === '835') return '835';
  if (fid === 'HN' || st01 === '277') return st03.includes('X214') ? '277CA' : '277';
  if (fid === 'HB' || st01 === '271') return '271';
  if (fid === 'HC' || st01 === '837') return '837';
  return 'unknown';
}

/** Order in which a batch of responses is posted, so a claim's states move forward. */
export const KIND_ORDER: Record<ResponseKind, number> = { TA1: 0, '999': 1, '277CA': 2, '277': 3, '835': 4, '271': 5, '837': 9, unknown: 9 };

export type ParsedResponse =
  | { kind: 'TA1'; postings: Ta1Posting[]; report: ReadReport }
  | { kind: '999'; posting: Ack999Posting; report: ReadReport }
  | { kind: '277CA'; posting: ClaimStatusPosting; report: ReadReport }
  /** A 277 (005010X212) answering our 276: one answer per claim status loop. */
  | { kind: '277'; answers: StatusAnswer[]; report: ReadReport }
  | { kind: '835'; postings: RemittancePosting[]; report: ReadReport; balanced: boolean }
  | { kind: '271'; answers: EligibilityAnswer[]; report: ReadReport };

export interface ParseFailure {
  kind: ResponseKind;
  /** Why the file cannot be posted (codes, positions; never data values). */
  findings: Array<Pick<Finding, 'code' | 'message' | 'position' | 'severity'>>;
}

export const fatal = (report: ReadReport) => report.interchanges.length === 0 || allFindings(report).some((f) => f.severity === 'error' && f.snip === 1);

export function failure(kind: ResponseKind, report: ReadReport | undefined, code: string, message: string): ParseFailure {
  const findings = report ? allFindings(report).filter((f) => f.severity === 'error').slice(0, 50) : [];
  return { kind, findings: findings.length ? findings : [{ code, message, position: {}, severity: 'error' }] };
}

export function parseResponse(bytes: Buffer, file: string): ParsedResponse | ParseFailure {
  const text = bytes.toString('latin1');
  const kind = detectKind(text);
  if (kind === 'unknown' || kind === '837') return failure(kind, undefined, 'RESPONSE-UNKNOWN', kind === '837' ? 'an 837 claim file is not a response; it does not belong in the inbox' : 'not an X12 response the gateway reads (no ISA envelope, or not TA1/999/277CA/277/835/271)');
  if (kind === 'TA1') return ta1Result(readX12(bytes, { file }));
  if (kind === '999') {
    const scan = new Ack999Scan();
    const report = readX12(bytes, {
      file,
      buildTree: true,
      onTransaction: (root) => {
        if (root) for (const s of flattenTree(root)) scan.segment(s);
        scan.transactionEnd();
      },
    });
    return ack999Result(report, scan.groups);
  }
  if (kind === '277') {
    const { report, responses } = readClaimStatuses(bytes, { file });
    if (fatal(report)) return failure(kind, report, '277-UNREADABLE', 'the 277 cannot be read');
    return { kind, answers: statusAnswersOf(responses), report };
  }
  if (kind === '277CA') {
    const claims: ClaimStatusPosting['claims'] = [];
    const report = readX12(bytes, {
      file,
      buildTree: true,
      onTransaction: (root, ctx) => {
        if (root) claims.push(...claimStatuses(root, ctx.transaction.controlNumber));
      },
    });
    if (fatal(report)) return failure(kind, report, '277-UNREADABLE', 'the 277 cannot be read');
    return { kind, posting: { claims }, report };
  }
  if (kind === '271') {
    const { answers, report } = readEligibilityResponses(bytes, file);
    if (fatal(report) || answers.length === 0) return failure(kind, report, '271-UNREADABLE', 'the 271 cannot be read (broken envelope or no subscriber/dependent answer)');
    return { kind, answers, report };
  }
  const { report, remittances } = readRemittances(bytes, { file });
  if (fatal(report) || remittances.length === 0) return failure(kind, report, '835-UNREADABLE', 'the 835 cannot be read (broken envelope or no claim payment)');
  let balanced = true;
  const postings: RemittancePosting[] = remittances.map((r) => {
    if (r.balance && !r.balance.balanced) balanced = false;
    return { ...remittanceHeaderOf(r), claims: r.claims.map((c) => claimPostingOf(c, r)) };
  });
  return { kind: '835', postings, report, balanced };
}

const money = (d: unknown) => new Decimal(String(d ?? 0)).toFixed(2);

/** TRN03 (or the payer's id or name): with TRN02, what makes an 835 the same 835. */
export const payerKeyOf = (r: Pick<Remittance, 'trace' | 'payer'>): string => r.trace.originatorId || r.payer.id || r.payer.name;

/** An 835's check-level posting (BPR/TRN, payer, PLB): everything but its claim payments. */
export function remittanceHeaderOf(r: Remittance): RemittanceHeaderPosting {
  return {
    payerKey: payerKeyOf(r),
    traceNumber: r.trace.number,
    paymentAmount: money(r.payment.amount),
    paymentMethod: r.payment.method,
    paymentDate: r.payment.date ?? null,
    productionDate: r.productionDate ?? null,
    payerName: r.payer.name,
    payerId: r.payer.references.find((x) => x.qualifier === '2U')?.value ?? r.payer.id ?? null,
    providerAdjustments: r.providerAdjustments.map((p) => ({ providerId: p.providerId, reason: p.reason, reference: p.reference, amount: money(p.amount) })),
  };
}

/** One claim payment (CLP loop) as the ledger posts it. */
export function claimPostingOf(c: ClaimPayment, r: Pick<Remittance, 'transactionControlNumber'>): ClaimPaymentPosting {
  return {
    patientControlNumber: c.patientControlNumber,
    statusCode: c.status,
    billed: money(c.billed),
    paid: money(c.paid),
    patientResponsibility: money(c.patientResponsibilityAmount ?? 0),
    payerClaimNumber: c.payerClaimControlNumber,
    adjustments: c.adjustments.map((a) => ({ group: a.group, reason: a.reason, amount: money(a.amount), quantity: a.quantity })),
    lines: c.lines.map((l, i) => ({
      lineNumber: i + 1,
      lineControl: l.lineControlNumber,
      procedureQualifier: l.procedure.qualifier,
      procedureCode: l.procedure.code,
      modifiers: l.procedure.modifiers,
      units: l.units,
      charge: money(l.charge),
      paid: money(l.paid),
      adjustments: l.adjustments.map((a) => ({ group: a.group, reason: a.reason, amount: money(a.amount), quantity: a.quantity })),
      remarks: l.remarks.map((m) => m.code),
    })),
    remarks: c.adjudication && 'remarks' in c.adjudication ? ((c.adjudication as { remarks?: Array<{ code: string }> }).remarks ?? []).map((m) => m.code) : [],
    position: c.position ? { segmentNumber: c.position.segmentNumber, transaction: r.transactionControlNumber } : { transaction: r.transactionControlNumber },
  };
}

/** A 999 read (whole or streamed) as the ledger posts it, or why it cannot be posted. */
export function ack999Result(report: ReadReport, groups: Ack999Posting['groups'], groupCount = groups.length): ParsedResponse | ParseFailure {
  if (fatal(report) || groupCount === 0) return failure('999', report, '999-UNREADABLE', 'the 999 cannot be read (no AK1 / broken envelope)');
  return { kind: '999', posting: { groups }, report };
}

/** A TA1 file's postings (its TA1 segments) from its read report, or why it cannot be posted. */
export function ta1Result(report: ReadReport): ParsedResponse | ParseFailure {
  if (report.interchanges.length === 0) return failure('TA1', report, 'TA1-UNREADABLE', 'the TA1 envelope cannot be read');
  const postings: Ta1Posting[] = [];
  for (const ic of report.interchanges)
    for (const s of ic.ta1) postings.push({ interchangeControl: element(s, 1), status: (element(s, 4) || 'R') as 'A' | 'E' | 'R', note: element(s, 5), position: { segmentNumber: s.number } });
  if (postings.length === 0) return failure('TA1', report, 'TA1-MISSING', 'the interchange holds no TA1 segment');
  return { kind: 'TA1', postings, report };
}

/**
 * The 999 walk over its segments in file order (every 999 transaction set of the file, one after
 * another): AK1 opens a group, AK2 a transaction set verdict, IK5 / IK3 fill it, AK9 closes the group's
 * status. Whole tree (`parseResponse`) and streamed read (src/gateway/ack-stream.ts) share it.
 *
 * With `onItem` the walk also hands out the 999 as items in file order (`Ack999Item`, for posting in
 * chunks): a verdict once it can no longer change (at the next AK2 or the end of the transaction set),
 * a group after its last verdict — the same list `ack999Items` makes of `groups`. With `keep: false` the
 * groups are not kept (only counted): memory stays flat however many transaction sets the 999 answers.
 */
export class Ack999Scan {
  readonly groups: Ack999Posting['groups'] = [];
  /** Groups (AK1) seen, kept or not. */
  groupCount = 0;
  private group: OpenGroup | undefined;
  private tx: { groupControl: string; transaction: Ack999Posting['groups'][number]['transactions'][number] } | undefined;
  /** Groups ended while the verdict before them could still change: handed out after it. */
  private ended: OpenGroup[] = [];

  constructor(private readonly options: { keep?: boolean; onItem?: (item: Ack999Item) => void } = {}) {}

  /** A new transaction set: the walk starts again (as the whole read does per tree). */
  transactionEnd(): void {
    this.closeVerdict();
    if (this.group) this.endGroup(this.group);
    this.group = undefined;
  }

  segment(s: Segment): void {
    if (s.id === 'AK1') {
      if (this.group) {
        if (this.tx) this.ended.push(this.group);
        else this.endGroup(this.group);
      }
      const posting: Ack999Posting['groups'][number] = { groupControl: element(s, 2), status: 'A', transactions: [], position: { segmentNumber: s.number } };
      this.group = { posting, verdicts: 0 };
      this.groupCount++;
      if (this.options.keep !== false) this.groups.push(posting);
    } else if (s.id === 'AK2' && this.group) {
      this.closeVerdict();
      const transaction: Ack999Posting['groups'][number]['transactions'][number] = { controlNumber: element(s, 2), status: 'A', errorCodes: [], position: { segmentNumber: s.number } };
      this.tx = { groupControl: this.group.posting.groupControl, transaction };
      this.group.verdicts++;
      if (this.options.keep !== false) this.group.posting.transactions.push(transaction);
    } else if (s.id === 'IK5' && this.tx) {
      const tx = this.tx.transaction;
      tx.status = element(s, 1) as typeof tx.status;
      tx.errorCodes = [...[2, 3, 4, 5, 6].map((i) => element(s, i)).filter(Boolean), ...(tx.errorCodes ?? [])];
    } else if (s.id === 'IK3' && this.tx) this.tx.transaction.errorCodes!.push(`IK3:${element(s, 1)}:${element(s, 4)}`);
    else if (s.id === 'AK9' && this.group) this.group.posting.status = element(s, 1) as typeof this.group.posting.status;
  }

  /** The verdict under way can no longer change: handed out, then the groups that ended after it. */
  private closeVerdict(): void {
    const tx = this.tx;
    this.tx = undefined;
    if (tx) this.options.onItem?.({ kind: 'transaction', groupControl: tx.groupControl, transaction: tx.transaction });
    const ended = this.ended;
    this.ended = [];
    for (const g of ended) this.endGroup(g);
  }

  private endGroup(g: OpenGroup): void {
    this.options.onItem?.({ kind: 'group', groupControl: g.posting.groupControl, status: g.posting.status, transactions: g.verdicts, position: g.posting.position });
  }
}

/** A 999 group being walked: its posting and how many verdicts (AK2) it has had (kept or not). */
type OpenGroup = { posting: Ack999Posting['groups'][number]; verdicts: number };

/** Per-claim statuses of a 277CA / 277 tree: the 2200D loops under HL*PT (TRN*2 = CLM01). */
export function claimStatuses(root: LoopNode, transaction: string): ClaimStatusPosting['claims'] {
  const scan = new ClaimStatusScan(transaction);
  const out: ClaimStatusPosting['claims'] = [];
  for (const s of flattenTree(root)) {
    const done = scan.segment(s);
    if (done) out.push(done);
  }
  const last = scan.end();
  if (last) out.push(last);
  return out;
}

/**
 * The claim status walk over one transaction set's segments in file order, one segment at a time: a
 * claim (TRN*2 under an HL at level PT or 23, its first STC, its REF*1K) is given back once it can no
 * longer change — at the next HL or claim TRN, or at `end()` — and only if it has a status category.
 * `claimStatuses` (whole tree) and the streamed 277CA posting (src/gateway/claim-status-stream.ts) share it.
 */
export class ClaimStatusScan {
  private level = '';
  private current: ClaimStatusPosting['claims'][number] | undefined;

  constructor(private readonly transaction: string) {}

  segment(s: Segment): ClaimStatusPosting['claims'][number] | undefined {
    if (s.id === 'HL') {
      const done = this.end();
      this.level = element(s, 3);
      return done;
    }
    const current = this.current;
    if (s.id === 'TRN' && element(s, 1) === '2' && (this.level === 'PT' || this.level === '23')) {
      const done = this.end();
      this.current = { patientControlNumber: element(s, 2), category: '', statusCode: '', outcome: 'pending', position: { segmentNumber: s.number, transaction: this.transaction } };
      return done;
    }
    if (s.id === 'STC' && current && !current.category) {
      const category = component(s, 1, 1);
      current.category = category;
      current.statusCode = component(s, 1, 2);
      current.entity = component(s, 1, 3) || undefined;
      const amount = element(s, 4);
      if (/^-?\d+(\.\d+)?$/.test(amount)) current.totalCharge = amount;
      current.outcome = outcomeOfCategory(category, element(s, 3));
    } else if (s.id === 'REF' && current && element(s, 1) === '1K') current.payerClaimNumber = element(s, 2);
    return undefined;
  }

  /** The claim under way, if it has a category (the walk is then at its start again, level kept). */
  end(): ClaimStatusPosting['claims'][number] | undefined {
    const done = this.current;
    this.current = undefined;
    return done?.category ? done : undefined;
  }
}

/** STC01-1 claim status category → the ledger state it means. */
export function outcomeOfCategory(category: string, actionCode = ''): 'payer-accepted' | 'payer-rejected' | 'pending' {
  if (actionCode === 'U' || /^A[3-8]$/.test(category) || category === 'E0' || category === 'E1' || category === 'D0') return 'payer-rejected';
  if (/^A[0-2]$/.test(category) || /^F/.test(category)) return 'payer-accepted';
  return 'pending';
}
