/**
 * 277CA / 277 loop trees → ClaimStatusResponse, one claim status (2200D / 2200E) at a time.
 *
 * Wire shape of a claim rejected by the clearinghouse (277CA, loop 2200D):
 *   TRN*2*PCN1~  STC*A7:562:85*20240315*WQ*250~  REF*1K*CH0001~  DTP*472*RD8*20240301-20240301~
 */
import { X12Reader, type ReadReport, type TransactionContext } from '../guides/reader.js';
import type { LoopNode } from '../guides/walker.js';
import { childLoop, childLoops, findSegment, findSegments } from '../guides/tree.js';
import { components, element } from '../x12/elements.js';
import type { Segment } from '../x12/tokenizer.js';
import { describeCode } from '../remits/codes.js';
import { amountOf, isoDate, opt } from '../remits/values.js';
import type { ClaimStatus, ClaimStatusResponse, LevelStatus, LineStatus, NamedParty, Status, StatusCode, Verdict } from './model.js';

const GUIDES = new Set(['277CA', '277']);
const at = (s: Segment) => ({ segmentNumber: s.number, byteOffset: s.offset });

const REJECTED = new Set(['A3', 'A4', 'A6', 'A7', 'A8']);
const ACCEPTED = new Set(['A0', 'A1', 'A2', 'A5']);

/** The verdict of one status category code. */
export function verdictOfCategory(category: string): Verdict {
  if (REJECTED.has(category)) return 'rejected';
  if (ACCEPTED.has(category)) return 'accepted';
  if (/^[PR]/.test(category)) return 'pending';
  if (/^F/.test(category)) return 'finalized';
  return 'other';
}

/** Rejected if any status says so; otherwise the verdict of the first category. */
export function verdictOf(statuses: readonly Status[]): Verdict {
  const categories = statuses.flatMap((s) => s.codes.map((c) => c.category));
  if (categories.some((c) => REJECTED.has(c))) return 'rejected';
  return categories.length ? verdictOfCategory(categories[0]) : 'other';
}

function statusCode(parts: string[]): StatusCode | undefined {
  const [category = '', code = '', entity = '', ncpdp = ''] = parts;
  if (!category && !code) return undefined;
  const out: StatusCode = {
    category,
    categoryDescription: describeCode('claim-status-category', category),
    code,
    codeDescription: describeCode('claim-status', code),
  };
  if (entity) {
    out.entity = entity;
    out.entityDescription = describeCode('entity-identifier', entity);
  }
  if (ncpdp) out.ncpdpRejectCode = ncpdp;
  return out;
}

export function readStatus(s: Segment): Status {
  const codes = [1, 10, 11].map((pos) => statusCode(components(s, pos))).filter((c): c is StatusCode => c !== undefined);
  return {
    codes,
    effectiveDate: isoDate(element(s, 2)),
    action: opt(element(s, 3)),
    amount: amountOf(element(s, 4)),
    paidAmount: amountOf(element(s, 5)),
    message: opt(element(s, 12)),
  };
}

function readParty(nm1: Segment | undefined): NamedParty | undefined {
  if (!nm1) return undefined;
  return { role: element(nm1, 1), lastName: opt(element(nm1, 3)), firstName: opt(element(nm1, 4)), idQualifier: opt(element(nm1, 8)), id: opt(element(nm1, 9)) };
}

/** DTP*472*D8*20240301 or DTP*472*RD8*20240301-20240305 → from / to. */
function dateRange(dtp: Segment | undefined): { from?: string; to?: string } {
  if (!dtp) return {};
  const raw = element(dtp, 3);
  if (element(dtp, 2) === 'RD8' && raw.includes('-')) {
    const [a, b] = raw.split('-');
    return { from: isoDate(a), to: isoDate(b) };
  }
  const d = isoDate(raw);
  return { from: d, to: d };
}

function readLine(loop: LoopNode): LineStatus {
  const svc = findSegment(loop, 'SVC')!;
  const [qualifier = '', code = '', ...mods] = components(svc, 1);
  const statuses = findSegments(loop, 'STC').map(readStatus);
  const dates = dateRange(findSegment(loop, 'DTP'));
  const ref = findSegment(loop, 'REF', ['FJ']);
  return {
    procedure: { qualifier, code, modifiers: mods.slice(0, 4).filter((m) => m !== '') },
    charge: amountOf(element(svc, 2)),
    paid: amountOf(element(svc, 3)),
    revenueCode: opt(element(svc, 4)),
    units: opt(element(svc, 7)),
    lineControlNumber: ref ? opt(element(ref, 2)) : undefined,
    serviceDateFrom: dates.from,
    serviceDateTo: dates.to,
    statuses,
    verdict: verdictOf(statuses),
    position: at(svc),
  };
}

/** One 2200D / 2200E claim status loop. `path` holds the HL loops above it (2000A … 2000D/E). */
export function readClaimStatus(unit: LoopNode, path: readonly LoopNode[]): ClaimStatus {
  const trn = findSegment(unit, 'TRN')!;
  const ref = (q: string) => {
    const s = findSegment(unit, 'REF', [q]);
    return s ? opt(element(s, 2)) : undefined;
  };
  const statuses = findSegments(unit, 'STC').map(readStatus);
  const dates = dateRange(findSegment(unit, 'DTP'));
  const nameIn = (loopId: string, nameLoop: string) => {
    const hl = [...path].reverse().find((p) => p.id === loopId);
    const nm = hl ? childLoop(hl, nameLoop) : undefined;
    return readParty(nm ? findSegment(nm, 'NM1') : undefined);
  };
  const patientLevel = [...path].reverse().find((p) => p.id === '2000E' || p.id === '2000D');
  const patientName = patientLevel ? childLoop(patientLevel, patientLevel.id === '2000E' ? '2100E' : '2100D') : undefined;
  return {
    patientControlNumber: element(trn, 2),
    payerClaimControlNumber: ref('1K'),
    clearinghouseTraceNumber: ref('D9'),
    billType: ref('BLT'),
    patientAccountNumber: ref('EJ'),
    serviceDateFrom: dates.from,
    serviceDateTo: dates.to,
    patient: readParty(patientName ? findSegment(patientName, 'NM1') : undefined),
    provider: nameIn('2000C', '2100C'),
    payer: nameIn('2000A', '2100A'),
    statuses,
    verdict: verdictOf(statuses),
    amount: statuses.find((s) => s.amount)?.amount,
    lines: childLoops(unit, unit.id === '2200E' ? '2220E' : '2220D').map(readLine),
    position: at(trn),
  };
}

function readLevel(hl: LoopNode, level: LevelStatus['level']): LevelStatus | undefined {
  const nameLoop = childLoop(hl, level === 'provider' ? '2100C' : '2100B');
  const trace = childLoop(hl, level === 'provider' ? '2200C' : '2200B');
  if (!trace) return undefined;
  const trn = findSegment(trace, 'TRN');
  const qty = (q: string) => {
    const s = findSegment(trace, 'QTY', [q]);
    return s ? opt(element(s, 2)) : undefined;
  };
  const amt = (q: string) => {
    const s = findSegment(trace, 'AMT', [q]);
    return s ? amountOf(element(s, 2)) : undefined;
  };
  return {
    level,
    party: readParty(nameLoop ? findSegment(nameLoop, 'NM1') : undefined),
    trace: trn ? opt(element(trn, 2)) : undefined,
    statuses: findSegments(trace, 'STC').map(readStatus),
    acceptedQuantity: qty(level === 'provider' ? 'QA' : '90'),
    rejectedQuantity: qty(level === 'provider' ? 'QC' : 'AA'),
    acceptedAmount: amt('YU'),
    rejectedAmount: amt('YY'),
    position: trn ? at(trn) : undefined,
  };
}

interface State {
  response: ClaimStatusResponse;
  seenLevels: Set<number>;
  headerRead: boolean;
}

/** The 277CA / 277 part of a read; other transaction sets pass through untouched. */
export class ClaimStatusCollector {
  readonly responses: ClaimStatusResponse[] = [];
  private state?: State;

  static readonly units: Record<string, readonly string[]> = { '277CA': ['2200D'], '277': ['2200D', '2200E'] };

  /** `onClaim` gets each claim as it is read with its response so far (header read; `claims` empty with `keepClaims: false`). */
  constructor(private readonly options: { onClaim?: (claim: ClaimStatus, response: ClaimStatusResponse) => void; keepClaims?: boolean } = {}) {}

  onUnit(unit: LoopNode, path: readonly LoopNode[], ctx: TransactionContext): void {
    if (!GUIDES.has(ctx.guide?.map.id ?? '')) return;
    const state = this.stateFor(ctx);
    this.readHeader(state, path[0]);
    for (const p of path) this.readLevels(state, p);
    const claim = readClaimStatus(unit, path);
    this.options.onClaim?.(claim, state.response);
    if (this.options.keepClaims !== false) state.response.claims.push(claim);
  }

  onTransaction(root: LoopNode | undefined, ctx: TransactionContext): void {
    if (!GUIDES.has(ctx.guide?.map.id ?? '')) return;
    const state = this.stateFor(ctx);
    this.state = undefined;
    if (root) {
      this.readHeader(state, root);
      const walk = (node: LoopNode) => {
        this.readLevels(state, node);
        for (const c of node.children) if (c.kind === 'loop') walk(c);
      };
      walk(root);
    }
    state.response.levels.sort((a, b) => (a.position?.segmentNumber ?? 0) - (b.position?.segmentNumber ?? 0));
    this.responses.push(state.response);
  }

  private readHeader(state: State, root: LoopNode): void {
    if (state.headerRead) return;
    state.headerRead = true;
    const bht = findSegment(root, 'BHT');
    const r = state.response;
    if (bht) {
      r.reference = opt(element(bht, 3));
      r.date = isoDate(element(bht, 4));
      r.time = opt(element(bht, 5));
    }
    const source = childLoop(root, '2000A');
    if (!source) return;
    const name = childLoop(source, '2100A');
    r.source = readParty(name ? findSegment(name, 'NM1') : undefined);
    const receipt = childLoop(source, '2200A');
    if (receipt) {
      const dtp = (q: string) => {
        const s = findSegment(receipt, 'DTP', [q]);
        return s ? isoDate(element(s, 3)) : undefined;
      };
      r.receivedDate = dtp('050');
      r.processedDate = dtp('009');
    }
  }

  private readLevels(state: State, node: LoopNode): void {
    const level = node.id === '2000B' ? 'information-receiver' : node.id === '2000C' ? 'provider' : undefined;
    if (!level) return;
    const hl = findSegment(node, 'HL');
    if (!hl || state.seenLevels.has(hl.number)) return;
    state.seenLevels.add(hl.number);
    const status = readLevel(node, level);
    if (status) state.response.levels.push(status);
  }

  private stateFor(ctx: TransactionContext): State {
    if (!this.state) {
      const response: ClaimStatusResponse = {
        guide: ctx.guide!.map.id,
        interchangeControlNumber: ctx.interchange.controlNumber,
        groupControlNumber: ctx.group?.controlNumber,
        transactionControlNumber: ctx.transaction.controlNumber,
        levels: [],
        claims: [],
        findings: ctx.transaction.findings,
      };
      this.state = { response, seenLevels: new Set(), headerRead: false };
    }
    return this.state;
  }
}

/** Reads a whole 277CA / 277 file. */
export function readClaimStatuses(input: Buffer | string, options: { file?: string } = {}): { report: ReadReport; responses: ClaimStatusResponse[] } {
  const collector = new ClaimStatusCollector();
  const reader = new X12Reader({ file: options.file, units: ClaimStatusCollector.units, onUnit: (u, p, c) => collector.onUnit(u, p, c), onTransaction: (r, c) => collector.onTransaction(r, c) });
  reader.push(input);
  return { report: reader.end(), responses: collector.responses };
}
