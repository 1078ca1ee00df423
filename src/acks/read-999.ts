/**
 * 999 and TA1 → Acknowledgment models, every code decoded to text.
 *
 * Wire shape of a 999 that rejects one 837 because of a bad element in a claim:
 *   AK1*HC*28*005010X222A1~  AK2*837*0001*005010X222A1~  IK3*CLM*22*2300*8~  CTX*CLM01:PCN1~
 *   IK4*5:3*1331*7*99~  IK5*R*5~  AK9*R*1*1*0~
 */
import { X12Reader, type InterchangeSummary, type ReadReport, type TransactionContext } from '../guides/reader.js';
import type { LoopNode } from '../guides/walker.js';
import { childLoops, findSegment, findSegments } from '../guides/tree.js';
import { component, components, element } from '../x12/elements.js';
import type { Segment } from '../x12/tokenizer.js';
import { describeCode } from '../remits/codes.js';
import { isoDate, opt } from '../remits/values.js';
import type { Acknowledgment999, ElementError, InterchangeAcknowledgment, SegmentError, TransactionAck } from './model.js';

const at = (s: Segment) => ({ segmentNumber: s.number, byteOffset: s.offset });
const int = (raw: string) => (/^\d+$/.test(raw) ? Number(raw) : undefined);
const coded = (list: string) => (code: string) => ({ code, description: describeCode(list, code) });

/** CTX: "CLM01:PCN1" business unit, or a situational trigger described as text. */
function contextText(s: Segment): string {
  const [name, ref] = components(s, 1);
  const where = [element(s, 2) && `segment ${element(s, 2)}`, element(s, 3) && `at position ${element(s, 3)}`, element(s, 4) && `loop ${element(s, 4)}`, element(s, 5) && `element ${component(s, 5, 1)}${component(s, 5, 2) ? '-' + component(s, 5, 2) : ''}`].filter(Boolean);
  return `${name}${ref ? ` (${ref})` : ''}${where.length ? `: ${where.join(', ')}` : ''}`;
}

const BUSINESS_UNITS = new Set(['TRN02', 'NM109', 'PATIENT NAME NM109', 'SUBSCRIBER NAME NM109', 'ENT01', 'SUBSCRIBER NUMBER REF02', 'CLM01']);

function readElementError(loop: LoopNode): ElementError {
  const ik4 = findSegment(loop, 'IK4')!;
  const code = element(ik4, 3);
  return {
    element: int(component(ik4, 1, 1)) ?? 0,
    component: int(component(ik4, 1, 2)),
    repetition: int(component(ik4, 1, 3)),
    reference: opt(element(ik4, 2)),
    code,
    description: describeCode('ack-element-error', code),
    badValue: opt(element(ik4, 4)),
    context: findSegments(loop, 'CTX').map(contextText),
  };
}

function readSegmentError(loop: LoopNode): SegmentError {
  const ik3 = findSegment(loop, 'IK3')!;
  const code = element(ik3, 4);
  const ctx = findSegments(loop, 'CTX');
  const unit = ctx.find((c) => BUSINESS_UNITS.has(component(c, 1, 1)));
  return {
    segmentId: element(ik3, 1),
    segmentPosition: int(element(ik3, 2)) ?? 0,
    loop: opt(element(ik3, 3)),
    code,
    description: describeCode('ack-segment-error', code),
    businessUnit: unit ? { name: component(unit, 1, 1), value: component(unit, 1, 2) } : undefined,
    context: ctx.filter((c) => c !== unit).map(contextText),
    elements: childLoops(loop, '2110').map(readElementError),
    position: at(ik3),
  };
}

/** One 2000 loop (AK2 … IK5). */
export function readTransactionAck(loop: LoopNode): TransactionAck {
  const ak2 = findSegment(loop, 'AK2');
  const ik5 = findSegment(loop, 'IK5');
  const status = ik5 ? element(ik5, 1) : '';
  return {
    transactionSet: ak2 ? element(ak2, 1) : '',
    controlNumber: ak2 ? element(ak2, 2) : '',
    version: ak2 ? opt(element(ak2, 3)) : undefined,
    status,
    statusDescription: describeCode('ack-transaction-status', status),
    accepted: status === 'A' || status === 'E',
    errors: ik5 ? [2, 3, 4, 5, 6].map((p) => element(ik5, p)).filter((c) => c !== '').map(coded('ack-transaction-error')) : [],
    segmentErrors: childLoops(loop, '2100').map(readSegmentError),
  };
}

/** The 999 part of a read; other transaction sets pass through untouched. */
export class AcknowledgmentCollector {
  readonly acks: Acknowledgment999[] = [];
  private transactions: TransactionAck[] = [];

  static readonly units: Record<string, readonly string[]> = { '999': ['2000'] };

  /**
   * `onTransactionAck` gets each AK2 loop as it is read, with the number of 999s read before it (its 999's
   * index in `acks`); with `keepTransactions: false` the 999s in `acks` have no `transactions` (flat memory:
   * a streamed report reads the file again for them, src/cli/commands/report.ts).
   */
  constructor(private readonly options: { onTransactionAck?: (t: TransactionAck, ackIndex: number) => void; keepTransactions?: boolean } = {}) {}

  onUnit(unit: LoopNode, _path: readonly LoopNode[], ctx: TransactionContext): void {
    if (ctx.guide?.map.id !== '999' || unit.id !== '2000') return;
    const t = readTransactionAck(unit);
    this.options.onTransactionAck?.(t, this.acks.length);
    if (this.options.keepTransactions !== false) this.transactions.push(t);
  }

  onTransaction(root: LoopNode | undefined, ctx: TransactionContext): void {
    if (ctx.guide?.map.id !== '999') return;
    const transactions = this.transactions;
    this.transactions = [];
    if (!root) return;
    const ak1 = findSegment(root, 'AK1');
    const ak9 = findSegment(root, 'AK9');
    const status = ak9 ? element(ak9, 1) : '';
    this.acks.push({
      interchangeControlNumber: ctx.interchange.controlNumber,
      groupControlNumber: ctx.group?.controlNumber,
      transactionControlNumber: ctx.transaction.controlNumber,
      acknowledgedGroup: { functionalId: ak1 ? element(ak1, 1) : '', controlNumber: ak1 ? element(ak1, 2) : '', version: ak1 ? opt(element(ak1, 3)) : undefined },
      transactions,
      groupStatus: status,
      groupStatusDescription: describeCode('ack-group-status', status),
      included: ak9 ? int(element(ak9, 2)) : undefined,
      received: ak9 ? int(element(ak9, 3)) : undefined,
      accepted: ak9 ? int(element(ak9, 4)) : undefined,
      groupErrors: ak9 ? [5, 6, 7, 8, 9].map((p) => element(ak9, p)).filter((c) => c !== '').map(coded('ack-group-error')) : [],
      findings: ctx.transaction.findings,
    });
  }
}

/** TA102 is YYMMDD: the century is inferred (00-69 → 20xx, 70-99 → 19xx). */
function ta1Date(raw: string): string | undefined {
  if (!/^\d{6}$/.test(raw)) return undefined;
  const yy = Number(raw.slice(0, 2));
  return isoDate(`${yy < 70 ? '20' : '19'}${raw}`);
}

/** The TA1 segments of a read report's interchanges. */
export function readInterchangeAcknowledgments(report: ReadReport): InterchangeAcknowledgment[] {
  return report.interchanges.flatMap((ic: InterchangeSummary) =>
    ic.ta1.map((s) => {
      const status = element(s, 4);
      const note = element(s, 5);
      return {
        carriedIn: ic.controlNumber,
        interchangeControlNumber: element(s, 1),
        date: ta1Date(element(s, 2)),
        time: opt(element(s, 3)),
        status,
        statusDescription: describeCode('ta1-status', status),
        accepted: status === 'A' || status === 'E',
        note,
        noteDescription: describeCode('ta1-note', note),
        position: at(s),
      };
    }),
  );
}

/** Reads a whole 999 / TA1 file. */
export function readAcknowledgments(input: Buffer | string, options: { file?: string } = {}): { report: ReadReport; acks: Acknowledgment999[]; ta1: InterchangeAcknowledgment[] } {
  const collector = new AcknowledgmentCollector();
  const reader = new X12Reader({ file: options.file, units: AcknowledgmentCollector.units, onUnit: (u, p, c) => collector.onUnit(u, p, c), onTransaction: (r, c) => collector.onTransaction(r, c) });
  reader.push(input);
  const report = reader.end();
  return { report, acks: collector.acks, ta1: readInterchangeAcknowledgments(report) };
}
