/**
 * 835 files → Remittance models, claim by claim.
 *
 * The guide engine hands out one 2100 claim payment at a time (units ['2100']) and drops it, so a
 * remittance of any size is read in flat memory: claims go to `onClaim` as they close, the check-level
 * totals are kept as running sums, and with `keepClaims: false` nothing per claim is kept at all.
 * Balancing findings are added to the transaction set's findings in the read report (so its status
 * becomes R when the money does not add up) and to the remittance.
 */
import { X12Reader, statusOf, type ReadReport, type ReaderOptions, type TransactionContext } from '../guides/reader.js';
import { FlatUnit, type LoopNode } from '../guides/walker.js';
import { findSegment, findSegments } from '../guides/tree.js';
import { element } from '../x12/elements.js';
import type { Finding, Position } from '../x12/finding.js';
import { addClaimToTotals, checkClaimBalance, checkPaymentBalance, newTotals, type BalanceContext, type PaymentTotals } from './balance.js';
import type { ClaimPayment, Remittance } from './model.js';
import { readClaimPayment, readUnitClaimPayment, type ClaimReadFacts, readProviderAdjustments, readProviderSummary, readRemittanceHeader } from './read-835.js';
import { ReversalPairing } from './reversals.js';
import { balancedUnitCents, vouchedClaim, vouchedClp } from './balance-cents.js';
import { amountOfCents } from './values.js';

export interface RemittanceReadOptions {
  /** Name for positions (never opened here). */
  file?: string;
  /** Keep each remittance's claims in `claims` (default true). False = stream them through `onClaim` only. */
  keepClaims?: boolean;
  /** Each claim payment as soon as it is read, with its remittance's header (claims not included). */
  onClaim?: (claim: ClaimPayment, remittance: RemittanceInProgress) => void;
  /** Each remittance when its transaction set ends. */
  onRemittance?: (remittance: Remittance) => void;
  /** Findings kept per transaction set (passed to the reader). */
  maxFindingsPerTransaction?: number;
  /** Skip the guide engine's element checks (loop structure and balancing only): faster, for trusted files. */
  structureOnly?: boolean;
}

/** What is known of a remittance while its claims are being read. */
export type RemittanceInProgress = Omit<Remittance, 'balance' | 'providerAdjustments' | 'findings'>;

interface State {
  header?: ReturnType<typeof readRemittanceHeader>;
  claims: ClaimPayment[];
  count: number;
  totals: PaymentTotals;
  /** CLP04 of the claims the balancing fast path counted, in cents (added to totals.claimsPaid at the end). */
  paidCents: number;
  pairing: ReversalPairing;
  summaries: Remittance['providerSummaries'];
  lastLx?: number;
  /** LX01 of that LX (the claims' header number), read once per LX. */
  lastHeaderNumber?: string;
  balance: BalanceContext;
  /** The view handed to onClaim, made once per transaction set and kept current. */
  view?: RemittanceInProgress;
}

const TRANSACTION = '835';
/** What readClaimPayment proved of the claim just read (one at a time). */
const FACTS: ClaimReadFacts = { balanced: false };
const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

/**
 * The 835 part of a read: give its `onUnit` / `onTransaction` to an X12Reader (or use `readRemittances`).
 * Other transaction sets pass through untouched, so it can share a reader with other collectors.
 */
export class RemittanceCollector {
  readonly remittances: Remittance[] = [];
  private state?: State;
  private readonly cap: number;

  constructor(private readonly options: RemittanceReadOptions = {}) {
    this.cap = options.maxFindingsPerTransaction ?? 1000;
  }

  /** Units to ask the reader for. */
  static readonly units: Record<string, readonly string[]> = { [TRANSACTION]: ['2100'] };

  /**
   * The same units handed flat (the reader's `flatUnits`/`onFlatUnit`): no tree is made for a claim payment.
   * For a read that keeps no claim model (`x12gw validate`), one that certainly balances is counted from its
   * bytes; any other, and every claim of a read that wants models, is read from the flat unit by the same
   * reader as a tree's (`readUnitClaimPayment`).
   */
  static readonly flatUnits: Record<string, readonly string[]> = RemittanceCollector.units;

  onUnit(unit: LoopNode, path: readonly LoopNode[], ctx: TransactionContext): void {
    if (ctx.guide?.map.id !== TRANSACTION || unit.id !== '2100') return;
    this.onClaimPayment(unit, undefined, path, ctx);
  }

  onFlatUnit(unit: FlatUnit, path: readonly LoopNode[], ctx: TransactionContext): void {
    if (ctx.guide?.map.id !== TRANSACTION || unit.id !== '2100') return;
    this.onClaimPayment(undefined, unit, path, ctx);
  }

  /** A 2100 claim payment, as its tree or flat (one of the two). */
  private onClaimPayment(tree: LoopNode | undefined, flat: FlatUnit | undefined, path: readonly LoopNode[], ctx: TransactionContext): void {
    const state = this.stateFor(ctx);
    state.header ??= readRemittanceHeader(path[0]);
    let header2000: LoopNode | undefined;
    for (let k = 0; k < path.length && !header2000; k++) if (path[k].id === '2000') header2000 = path[k];
    let headerNumber: string | undefined;
    const lx = header2000 && findSegment(header2000, 'LX');
    if (lx) {
      // The LX / TS3 summary is read once per 2000 loop, not once per claim.
      if (lx.number !== state.lastLx) {
        state.lastLx = lx.number;
        state.lastHeaderNumber = element(lx, 1);
        state.summaries.push(readProviderSummary(header2000!)!);
      }
      headerNumber = state.lastHeaderNumber;
    }
    if (this.options.keepClaims === false && !this.options.onClaim) {
      // Nobody sees this claim's model: when it certainly balances, count it in cents and build nothing.
      const paid = flat !== undefined ? balancedUnitCents(flat) : balancedUnitCents(FlatUnit.ofTree(tree!));
      if (!Number.isNaN(paid)) {
        // Paid amounts summed in cents, folded into the Decimal total when the transaction set ends.
        const next = state.paidCents + paid;
        if (Number.isSafeInteger(next)) state.paidCents = next;
        else {
          state.totals.claimsPaid = state.totals.claimsPaid.plus(amountOfCents(state.paidCents));
          state.paidCents = paid;
        }
        // A flat claim's CLP codes go to the pairing as bytes (strings only if a reversal needs them); a tree's as strings.
        if (flat !== undefined && vouchedClp.object === undefined) state.pairing.addCodes(vouchedClp, state.count);
        else state.pairing.add(vouchedClaim(paid) as unknown as ClaimPayment, state.count);
        state.count++;
        return;
      }
    }
    const claim = flat !== undefined ? readUnitClaimPayment(flat, headerNumber, FACTS) : readClaimPayment(tree!, headerNumber, FACTS);
    // Proven balanced in exact cents while reading: checkClaimBalance would find nothing.
    const findings = FACTS.balanced ? NO_FINDINGS : checkClaimBalance(claim, state.balance);
    for (const f of findings) this.addFinding(ctx, f);
    addClaimToTotals(state.totals, claim, findings);
    state.pairing.add(claim, state.count);
    state.count++;
    if (this.options.keepClaims !== false) state.claims.push(claim);
    if (this.options.onClaim) {
      state.view ??= this.inProgress(ctx, state);
      state.view.claimCount = state.count;
      this.options.onClaim(claim, state.view);
    }
  }

  onTransaction(root: LoopNode | undefined, ctx: TransactionContext): void {
    if (ctx.guide?.map.id !== TRANSACTION) return;
    const state = this.stateFor(ctx);
    this.state = undefined;
    if (!root) return;
    state.header ??= readRemittanceHeader(root);
    if (state.paidCents !== 0) state.totals.claimsPaid = state.totals.claimsPaid.plus(amountOfCents(state.paidCents));
    const plb = readProviderAdjustments(findSegments(root, 'PLB'));
    const { balance, finding } = checkPaymentBalance(state.header.payment, state.totals, plb, state.balance, state.header.position);
    if (finding) this.addFinding(ctx, finding);
    ctx.transaction.status = statusOf(ctx.transaction.findings, ctx.transaction.droppedFindings);
    const remittance: Remittance = {
      ...this.inProgress(ctx, state),
      providerAdjustments: plb,
      balance,
      findings: ctx.transaction.findings,
    };
    this.options.onRemittance?.(remittance);
    this.remittances.push(remittance);
  }

  private inProgress(ctx: TransactionContext, state: State): RemittanceInProgress {
    const { position, ...header } = state.header!;
    const r: RemittanceInProgress = {
      interchangeControlNumber: ctx.interchange.controlNumber,
      transactionControlNumber: ctx.transaction.controlNumber,
      version: ctx.transaction.version,
      ...header,
      providerSummaries: state.summaries,
      claims: state.claims,
      claimCount: state.count,
      reversals: state.pairing.pairs,
    };
    if (ctx.group) r.groupControlNumber = ctx.group.controlNumber;
    if (position) r.position = position;
    return r;
  }

  private stateFor(ctx: TransactionContext): State {
    if (!this.state) {
      const base: Position = {};
      if (this.options.file) base.file = this.options.file;
      base.interchange = ctx.interchange.controlNumber;
      if (ctx.group) base.group = ctx.group.controlNumber;
      base.transaction = ctx.transaction.controlNumber;
      this.state = { claims: [], count: 0, totals: newTotals(), paidCents: 0, pairing: new ReversalPairing(), summaries: [], balance: { base, firstSegment: ctx.transaction.firstSegment } };
    }
    return this.state;
  }

  private addFinding(ctx: TransactionContext, f: Finding): void {
    const tx = ctx.transaction;
    if (tx.findings.length < this.cap) tx.findings.push(f);
    else tx.droppedFindings++;
  }
}

export interface RemittanceReadResult {
  report: ReadReport;
  remittances: Remittance[];
}

function readerOptions(collector: RemittanceCollector, options: RemittanceReadOptions): ReaderOptions {
  return {
    file: options.file,
    units: RemittanceCollector.units,
    flatUnits: RemittanceCollector.flatUnits,
    maxFindingsPerTransaction: options.maxFindingsPerTransaction,
    structureOnly: options.structureOnly,
    onUnit: (u, p, c) => collector.onUnit(u, p, c),
    onFlatUnit: (u, p, c) => collector.onFlatUnit(u, p, c),
    onTransaction: (r, c) => collector.onTransaction(r, c),
  };
}

/** Reads a whole 835 buffer or string. */
export function readRemittances(input: Buffer | string, options: RemittanceReadOptions = {}): RemittanceReadResult {
  const collector = new RemittanceCollector(options);
  const reader = new X12Reader(readerOptions(collector, options));
  reader.push(input);
  return { report: reader.end(), remittances: collector.remittances };
}

/** Reads a stream of chunks (a Node Readable works). Use `keepClaims: false` and `onClaim` for huge files. */
export async function readRemittanceStream(chunks: AsyncIterable<Buffer | string>, options: RemittanceReadOptions = {}): Promise<RemittanceReadResult> {
  const collector = new RemittanceCollector(options);
  const reader = new X12Reader(readerOptions(collector, options));
  for await (const chunk of chunks) reader.push(chunk);
  return { report: reader.end(), remittances: collector.remittances };
}
