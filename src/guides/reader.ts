/**
 * The whole read: bytes → tokenizer → envelope checks → guide engine per transaction set.
 *
 * `X12Reader` is incremental (push chunks, then end) and keeps only summaries: per interchange, group and
 * transaction set the envelope data, the status and the findings (capped per transaction set). Loop
 * trees are handed to callbacks — the whole tree per transaction set, or with `units` one unit loop at a
 * time — so memory stays flat for files of any size. `readX12` / `readX12Stream` wrap it.
 */
import { EnvelopeReader, type EnvelopeContext } from '../x12/envelope-reader.js';
import { describePosition, type Finding, type Position } from '../x12/finding.js';
import { SCANNED, SegmentCursor, Tokenizer, type Segment, type SegmentBatch, type TokenizerOptions } from '../x12/tokenizer.js';
import type { CompiledGuide } from './compile.js';
import { checkSegmentElements } from './element-checks.js';
import { chooseGuide, guideById } from './registry.js';
import { GuideWalker, type FlatUnit, type LoopNode } from './walker.js';

export type AckStatus = 'A' | 'E' | 'R';

/** Bytes tokenized at a time (see push). */
const SLICE = 32 * 1024;

export interface TransactionSummary {
  /** ST01 */
  id: string;
  /** ST02 */
  controlNumber: string;
  /** ST03 (or GS08) */
  version: string;
  /** The guide it was read with ("837P"), if any. */
  guideId?: string;
  guideVersion?: string;
  /** Number of segments, ST and SE included. */
  segmentCount: number;
  /** First and last segment numbers in the file. */
  firstSegment: number;
  lastSegment: number;
  findings: Finding[];
  /** Findings not kept because of the cap (counted only). */
  droppedFindings: number;
  status: AckStatus;
}

export interface GroupSummary {
  functionalId: string;
  controlNumber: string;
  version: string;
  senderCode: string;
  receiverCode: string;
  transactions: TransactionSummary[];
  findings: Finding[];
  /** True when GE was present. */
  closed: boolean;
  status: AckStatus | 'P';
}

export interface InterchangeSummary {
  controlNumber: string;
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  /** ISA09 (YYMMDD) and ISA10 (HHMM) as sent. */
  date: string;
  time: string;
  ackRequested: boolean;
  usage: string;
  version: string;
  delimiters: Segment['delimiters'];
  groups: GroupSummary[];
  findings: Finding[];
  /** TA1 segments carried directly in the interchange. */
  ta1: Segment[];
  closed: boolean;
}

export interface ReadReport {
  file?: string;
  interchanges: InterchangeSummary[];
  /** Findings outside any interchange (no ISA, junk, empty file). */
  findings: Finding[];
  segmentCount: number;
  byteCount: number;
}

export interface TransactionContext {
  interchange: InterchangeSummary;
  group?: GroupSummary;
  transaction: TransactionSummary;
  guide?: CompiledGuide;
}

export interface ReaderOptions extends TokenizerOptions {
  /** Name for positions (the core never opens it). */
  file?: string;
  /** Unit loops per guide id, handed out one at a time (e.g. { "837P": ["2300"], "835": ["2100"] }). */
  units?: Record<string, readonly string[]>;
  onUnit?: (unit: LoopNode, path: readonly LoopNode[], ctx: TransactionContext) => void;
  /**
   * Unit loops per guide id handed flat to `onFlatUnit` instead of as trees to `onUnit` (walker.ts, FlatUnit:
   * no node per segment or loop; `tree()` makes the tree when asked). A unit that can hold another unit
   * still goes to `onUnit`.
   */
  flatUnits?: Record<string, readonly string[]>;
  /**
   * Guide ids whose loops above the flat units are recorded too (walker option `flatPath`): `path` then holds
   * `PathLoop`s, whose children are made only when read.
   */
  flatPaths?: readonly string[];
  /** Each flat unit as it closes; the view is valid only during the call. */
  onFlatUnit?: (unit: FlatUnit, path: readonly LoopNode[], ctx: TransactionContext) => void;
  /** Called when a transaction set ends with what is left of its tree (all of it without units). */
  onTransaction?: (root: LoopNode | undefined, ctx: TransactionContext) => void;
  /** Called for each finding as it is made. */
  onFinding?: (f: Finding) => void;
  /** Loop structure only, no element checks. */
  structureOnly?: boolean;
  /** Build no loop trees (validation only). Default true. */
  buildTree?: boolean;
  /** false: no fast paths (qualifiers read as strings, every segment to the detailed checker); same findings, for tests. */
  fastPath?: boolean;
  /** Findings kept per transaction set (the rest are counted). Default 1000. */
  maxFindingsPerTransaction?: number;
}

export function statusOf(findings: readonly Finding[], dropped = 0): AckStatus {
  if (dropped > 0 || findings.some((f) => f.severity === 'error')) return 'R';
  if (findings.some((f) => f.severity === 'warning')) return 'E';
  return 'A';
}

export class X12Reader {
  private readonly tokenizer: Tokenizer;
  private readonly envelope: EnvelopeReader;
  readonly report: ReadReport;
  private interchange?: InterchangeSummary;
  private group?: GroupSummary;
  private tx?: TransactionSummary;
  private walker?: GuideWalker;
  private guide?: CompiledGuide;
  private ctx?: EnvelopeContext;
  private readonly cap: number;
  /** The context every unit of the current transaction set is handed (made once per transaction set). */
  private unitContext?: TransactionContext;

  constructor(private readonly options: ReaderOptions = {}) {
    this.tokenizer = new Tokenizer(options);
    this.cap = options.maxFindingsPerTransaction ?? 1000;
    this.fast = options.fastPath !== false;
    this.report = { file: options.file, interchanges: [], findings: [], segmentCount: 0, byteCount: 0 };
    this.envelope = new EnvelopeReader(
      {
        interchangeStart: (ctx) => this.onInterchangeStart(ctx),
        interchangeEnd: (iea) => {
          if (this.interchange) this.interchange.closed = !!iea;
          this.interchange = undefined;
        },
        groupStart: (ctx) => this.onGroupStart(ctx),
        groupEnd: (ge) => {
          if (this.group) {
            this.group.closed = !!ge;
            this.group.status = groupStatus(this.group);
          }
          this.group = undefined;
        },
        transactionStart: (ctx) => this.onTransactionStart(ctx),
        transactionSegment: (s) => this.walker?.segment(s),
        transactionEnd: (se, ctx) => this.onTransactionEnd(se, ctx),
        interchangeSegment: (s) => this.onInterchangeSegment(s),
        finding: (f) => this.envelopeFinding(f),
      },
      options.file,
    );
  }

  push(chunk: Buffer | string): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.report.byteCount += bytes.length;
    // Tokenize in slices: the batch's chunk is then small, and segments made from it die young.
    for (let at = 0; at < bytes.length; at += SLICE) this.consume(this.tokenizer.pushBatch(bytes.subarray(at, Math.min(bytes.length, at + SLICE))));
  }

  end(): ReadReport {
    this.consume(this.tokenizer.endBatch());
    this.envelope.end();
    return this.report;
  }

  /** Walks the struct-of-arrays path: no segment object unless the walker needs one (see `consume`). */
  private readonly fast: boolean;
  private readonly cursor = new SegmentCursor();

  private consume(batch: SegmentBatch): void {
    const findings = batch.findings;
    const count = batch.count;
    const kinds = batch.kinds;
    const ids = batch.ids;
    const starts = batch.starts;
    const fast = this.fast;
    const cursor = this.cursor;
    this.report.segmentCount += count;
    // Tokenizer findings go in file order between the segments, so each lands in the envelope it is in.
    let next = 0;
    let lastViaCursor = false;
    for (let i = 0; i < count; i++) {
      if (next < findings.length) {
        const offset = batch.base + starts[i];
        while (next < findings.length && (findings[next].position.byteOffset ?? 0) <= offset) this.tokenizerFinding(findings[next++]);
      }
      // A plain segment inside a transaction set goes straight to the walker through the cursor: no object.
      if (fast && kinds[i] === SCANNED && !isEnvelopeId(ids[i]) && this.envelope.countTransactionSegment()) {
        lastViaCursor = true;
        const walker = this.walker;
        if (walker !== undefined) {
          cursor.fill(batch, i);
          walker.segmentAt(cursor);
        }
        continue;
      }
      lastViaCursor = false;
      this.envelope.accept(batch.segment(i));
    }
    // The envelope points findings at the end of the file after its last segment.
    if (lastViaCursor) this.envelope.noteLast(batch.segment(count - 1));
    while (next < findings.length) this.tokenizerFinding(findings[next++]);
  }

  private addFinding(f: Finding): void {
    if (this.options.file && !f.position.file) f.position.file = this.options.file;
    this.options.onFinding?.(f);
    if (this.tx) {
      if (this.tx.findings.length < this.cap) this.tx.findings.push(f);
      else this.tx.droppedFindings++;
    } else if (this.group) this.group.findings.push(f);
    else if (this.interchange) this.interchange.findings.push(f);
    else this.report.findings.push(f);
  }

  private tokenizerFinding(f: Finding): void {
    // Tokenizer findings know bytes and segment numbers only; add the envelope we are in.
    if (this.interchange) f.position.interchange = this.interchange.controlNumber;
    if (this.group) f.position.group = this.group.controlNumber;
    if (this.tx) f.position.transaction = this.tx.controlNumber;
    // An ISA problem belongs to the interchange it starts, which is not open yet: keep it aside.
    if (f.position.segmentId === 'ISA') {
      this.pendingIsa.push(f);
      return;
    }
    this.addFinding(f);
  }
  private pendingIsa: Finding[] = [];

  private envelopeFinding(f: Finding): void {
    this.addFinding(f);
  }

  private onInterchangeStart(ctx: EnvelopeContext): void {
    const ic = ctx.interchange!;
    const e = ic.isa.elements;
    this.interchange = {
      controlNumber: ic.controlNumber,
      senderQualifier: (e[5] ?? '').trim(),
      senderId: (e[6] ?? '').trim(),
      receiverQualifier: (e[7] ?? '').trim(),
      receiverId: (e[8] ?? '').trim(),
      date: e[9] ?? '',
      time: e[10] ?? '',
      ackRequested: ic.ackRequested,
      usage: ic.usage,
      version: ic.version,
      delimiters: ic.isa.delimiters,
      groups: [],
      findings: [],
      ta1: [],
      closed: false,
    };
    this.report.interchanges.push(this.interchange);
    for (const f of this.pendingIsa) {
      f.position.interchange = ic.controlNumber;
      this.addFinding(f);
    }
    this.pendingIsa = [];
  }

  private onGroupStart(ctx: EnvelopeContext): void {
    const g = ctx.group!;
    this.group = {
      functionalId: g.functionalId,
      controlNumber: g.controlNumber,
      version: g.version,
      senderCode: g.gs.elements[2] ?? '',
      receiverCode: g.gs.elements[3] ?? '',
      transactions: [],
      findings: [],
      closed: false,
      status: 'A',
    };
    this.interchange?.groups.push(this.group);
  }

  private onTransactionStart(ctx: EnvelopeContext): void {
    const t = ctx.transaction!;
    this.ctx = ctx;
    const st03 = t.st.elements[3] ?? '';
    this.tx = {
      id: t.id,
      controlNumber: t.controlNumber,
      version: t.version,
      segmentCount: 0,
      firstSegment: t.st.number,
      lastSegment: t.st.number,
      findings: [],
      droppedFindings: 0,
      status: 'A',
    };
    this.group?.transactions.push(this.tx);
    const choice = chooseGuide(t.id, st03, ctx.group?.version ?? '');
    if (choice.finding) {
      const f = choice.finding;
      f.position = this.position({ segmentNumber: t.st.number, byteOffset: t.st.offset, segmentId: 'ST', segmentInTransaction: 1, element: st03 ? 3 : 1 });
      this.addFinding(f);
    }
    this.guide = choice.guide;
    if (!this.guide) {
      this.walker = undefined;
      return;
    }
    this.tx.guideId = this.guide.map.id;
    this.tx.guideVersion = this.guide.map.version;
    const guide = this.guide;
    const units = this.options.units?.[guide.map.id];
    this.unitContext = undefined;
    this.walker = new GuideWalker(guide, () => this.position(), (f) => this.addFinding(f), {
      units,
      structureOnly: this.options.structureOnly,
      buildTree: this.options.buildTree,
      fastPath: this.options.fastPath,
      onUnit: this.options.onUnit ? this.unitHook : undefined,
      flatUnits: this.options.flatUnits?.[guide.map.id],
      onFlatUnit: this.options.onFlatUnit && this.options.flatUnits?.[guide.map.id] ? this.flatUnitHook : undefined,
      flatPath: this.options.flatPaths?.includes(guide.map.id) === true,
    });
    this.walker.start(t.st);
  }

  /** The walker's `onUnit`: one function for the whole read, the context made once per transaction set. */
  private readonly unitHook = (unit: LoopNode, path: readonly LoopNode[]): void => {
    this.options.onUnit!(unit, path, (this.unitContext ??= this.context()));
  };

  /** The walker's `onFlatUnit`, as `unitHook`. */
  private readonly flatUnitHook = (unit: FlatUnit, path: readonly LoopNode[]): void => {
    this.options.onFlatUnit!(unit, path, (this.unitContext ??= this.context()));
  };

  private context(): TransactionContext {
    return { interchange: this.interchange!, group: this.group, transaction: this.tx!, guide: this.guide };
  }

  private position(extra: Partial<Position> = {}): Position {
    const p: Position = {};
    if (this.options.file) p.file = this.options.file;
    if (this.interchange) p.interchange = this.interchange.controlNumber;
    if (this.group) p.group = this.group.controlNumber;
    if (this.tx) p.transaction = this.tx.controlNumber;
    return Object.assign(p, extra);
  }

  private onTransactionEnd(se: Segment | undefined, ctx: EnvelopeContext): void {
    const t = ctx.transaction!;
    const tx = this.tx!;
    // Envelope findings on SE were reported into ctx.transaction.findings and to addFinding already.
    const root = this.walker?.end(se);
    tx.segmentCount = t.segmentCount;
    tx.lastSegment = se?.number ?? tx.firstSegment + t.segmentCount - 1;
    tx.status = statusOf(tx.findings, tx.droppedFindings);
    this.options.onTransaction?.(root, this.context());
    this.tx = undefined;
    this.walker = undefined;
    this.guide = undefined;
  }

  private onInterchangeSegment(s: Segment): void {
    const ic = this.interchange!;
    ic.ta1.push(s);
    const ta1 = (() => {
      try {
        return guideById('TA1');
      } catch {
        return undefined;
      }
    })();
    const def = ta1?.root.children[0];
    if (def?.kind === 'segment') checkSegmentElements(s, def, () => this.position({ segmentNumber: s.number, byteOffset: s.offset, segmentId: 'TA1' }), (f) => this.addFinding(f));
  }
}

/** ISA, IEA, GS, GE, ST or SE (ids are 2-3 characters). */
function isEnvelopeId(id: string): boolean {
  return id.length === 2 ? id === 'GS' || id === 'GE' || id === 'ST' || id === 'SE' : id === 'ISA' || id === 'IEA';
}

function groupStatus(g: GroupSummary): AckStatus | 'P' {
  const accepted = g.transactions.filter((t) => t.status !== 'R').length;
  const groupErrors = g.findings.some((f) => f.severity === 'error');
  if (g.transactions.length === 0) return 'R';
  if (accepted === 0) return 'R';
  if (accepted < g.transactions.length) return 'P';
  if (groupErrors || g.transactions.some((t) => t.status === 'E')) return 'E';
  return 'A';
}

/** Reads a whole buffer or string. */
export function readX12(input: Buffer | string, options: ReaderOptions = {}): ReadReport {
  const reader = new X12Reader(options);
  reader.push(input);
  return reader.end();
}

/** Reads a stream of chunks (a Node Readable works) in flat memory. */
export async function readX12Stream(chunks: AsyncIterable<Buffer | string>, options: ReaderOptions = {}): Promise<ReadReport> {
  const reader = new X12Reader(options);
  for await (const chunk of chunks) reader.push(chunk);
  return reader.end();
}

/** Every finding of a report, in file order. */
export function allFindings(report: ReadReport): Finding[] {
  const out: Finding[] = [...report.findings];
  for (const ic of report.interchanges) {
    out.push(...ic.findings);
    for (const g of ic.groups) {
      out.push(...g.findings);
      for (const t of g.transactions) out.push(...t.findings);
    }
  }
  return out.sort((a, b) => (a.position.byteOffset ?? 0) - (b.position.byteOffset ?? 0));
}

/** True when nothing in the report is an error. */
export function isValid(report: ReadReport): boolean {
  return allFindings(report).every((f) => f.severity !== 'error') && report.interchanges.length > 0;
}

/**
 * How many error findings a report has, and the first `n` as position and code
 * (`out.837, segment 39, byte 1061, loop 2010BA, N401 [X12-ELEMENT-TOO-SHORT]`; never values): what
 * `x12gw generate` and the gateway say about an 837 of ours that our validator refuses.
 */
export function errorSummary(report: ReadReport, n = 3): { errors: number; first: string[] } {
  const errors = allFindings(report).filter((f) => f.severity === 'error');
  return { errors: errors.length, first: errors.slice(0, n).map((f) => `${describePosition(f.position)} [${f.code}]`) };
}
