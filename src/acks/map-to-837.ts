/**
 * Maps 999 errors back to the 837 they answer: for each IK3/IK4, the claim (CLM01) and the field it hit.
 *
 * IK302 counts segments inside the transaction set (ST = 1), AK202 names the transaction set; with the
 * 837's loop tree we find that segment, its guide definition (for the field's name) and the claims it
 * belongs to: the enclosing 2300 claim, or — for an error above claim level (a subscriber, a billing
 * provider, the header) — every claim under the loop it sits in. A CTX*CLM01 business unit sent by the
 * receiver names the claim directly and wins.
 */
import { X12Reader } from '../guides/reader.js';
import type { LoopNode } from '../guides/walker.js';
import type { CompiledSegment } from '../guides/compile.js';
import { findSegment } from '../guides/tree.js';
import { element } from '../x12/elements.js';
import type { Acknowledgment999, ElementError, SegmentError, TransactionAck } from './model.js';

interface IndexedSegment {
  id: string;
  def?: CompiledSegment;
  /** Segment number in the 837 file. */
  segmentNumber: number;
  /** Innermost loop id. */
  loop: string;
  /** CLM01 of the claims the segment belongs to. */
  claims: readonly string[];
}

/** An 837's segments by transaction set control number (ST02) and position in the set (ST = 1). */
export type Index837 = Map<string, Map<number, IndexedSegment>>;

function claimsUnder(node: LoopNode, memo: Map<LoopNode, string[]>): string[] {
  const known = memo.get(node);
  if (known) return known;
  let out: string[] = [];
  if (node.id === '2300') {
    const clm = findSegment(node, 'CLM');
    out = clm ? [element(clm, 1)] : [];
  } else {
    for (const c of node.children) if (c.kind === 'loop') out = out.concat(claimsUnder(c, memo));
  }
  memo.set(node, out);
  return out;
}

/**
 * What the mapping needs of an 837 (issue 12, round 6): per transaction set (ST02) the positions (IK302)
 * the 999's segment errors name. An index made with it holds those segments only, however large the 837.
 */
export type Wanted837 = Map<string, Set<number>>;

/** Adds the positions one AK2 loop's segment errors name (call it for every transaction set acknowledged). */
export function want837Segments(wanted: Wanted837, t: Pick<TransactionAck, 'controlNumber' | 'segmentErrors'>): void {
  if (!t.segmentErrors.length) return;
  let positions = wanted.get(t.controlNumber);
  if (!positions) wanted.set(t.controlNumber, (positions = new Set()));
  for (const se of t.segmentErrors) positions.add(se.segmentPosition);
}

/** Indexes one 837 transaction set's tree (only the `positions` given, when given). */
export function indexTransaction(root: LoopNode, positions?: ReadonlySet<number>): Map<number, IndexedSegment> {
  const memo = new Map<LoopNode, string[]>();
  const out = new Map<number, IndexedSegment>();
  let first: number | undefined;
  const visit = (node: LoopNode, chain: LoopNode[]) => {
    const here = [...chain, node];
    // The claims a segment here belongs to: the nearest enclosing loop that holds any.
    let claims: readonly string[] = [];
    for (let i = here.length - 1; i >= 0; i--) {
      const c = claimsUnder(here[i], memo);
      if (c.length) {
        claims = c;
        break;
      }
    }
    for (const child of node.children) {
      if (child.kind === 'loop') visit(child, here);
      else {
        const s = child.segment;
        first ??= s.number;
        const position = s.number - first + 1;
        if (!positions || positions.has(position)) out.set(position, { id: s.id, def: child.def, segmentNumber: s.number, loop: node.id, claims });
      }
    }
  };
  visit(root, []);
  return out;
}

/** Reads an 837 (text or bytes) and indexes every transaction set in it (only the `wanted` segments, when given). */
export function index837(input: Buffer | string, wanted?: Wanted837): Index837 {
  const reader = new Index837Reader(wanted);
  reader.push(input);
  return reader.end();
}

/**
 * `index837` from the 837's chunks: one transaction set's tree at a time; with `wanted`, a transaction
 * set the 999 does not name is dropped unread and only the named segments are kept — the same answers for
 * every lookup `mapAcknowledgmentTo837` makes of a 999 whose errors made `wanted` (test/property/index-837.property.test.ts).
 */
export class Index837Reader {
  private readonly index: Index837 = new Map();
  private readonly reader: X12Reader;

  constructor(private readonly wanted?: Wanted837) {
    this.reader = new X12Reader({
      onTransaction: (root, ctx) => {
        const positions = this.wanted?.get(ctx.transaction.controlNumber);
        if (root && (!this.wanted || positions)) this.index.set(ctx.transaction.controlNumber, indexTransaction(root, positions));
      },
    });
  }

  push(chunk: Buffer | string): void {
    this.reader.push(chunk);
  }

  end(): Index837 {
    this.reader.end();
    return this.index;
  }
}

export interface MappedError {
  /** AK202 */
  transactionControlNumber: string;
  segmentId: string;
  /** IK302 */
  segmentPosition: number;
  /** Segment number in the 837 file, when found. */
  segmentNumber?: number;
  /** The loop the segment is in (from the 837, else IK303). */
  loop?: string;
  /** The claims hit: one CLM01 for a claim-level error, every claim below for a higher-level one. */
  claims: string[];
  /** "Claim Frequency Type Code (CLM05-3)" and the like; absent for a segment-level error. */
  field?: string;
  /** What is wrong, decoded: the IK403 text for an element, else the IK304 text. */
  problem: string;
  /** False when the segment at IK302 is not the IK301 segment (the 837 given is not the one acknowledged). */
  matched: boolean;
}

function fieldName(def: CompiledSegment | undefined, segmentId: string, e: ElementError): string {
  const ref = `${segmentId}${String(e.element).padStart(2, '0')}${e.component ? `-${e.component}` : ''}`;
  const el = def?.elements[e.element - 1];
  const name = e.component ? el?.components?.[e.component - 1]?.name : el?.name;
  return name ? `${name} (${ref})` : ref;
}

function mapSegmentError(controlNumber: string, se: SegmentError, segments: Map<number, IndexedSegment> | undefined): MappedError[] {
  const found = segments?.get(se.segmentPosition);
  const matched = !!found && found.id === se.segmentId;
  const claims = se.businessUnit?.name === 'CLM01' && se.businessUnit.value ? [se.businessUnit.value] : matched ? [...found!.claims] : [];
  const base = {
    transactionControlNumber: controlNumber,
    segmentId: se.segmentId,
    segmentPosition: se.segmentPosition,
    segmentNumber: matched ? found!.segmentNumber : undefined,
    loop: matched ? found!.loop : se.loop,
    claims,
    matched,
  };
  if (!se.elements.length) return [{ ...base, problem: se.description }];
  return se.elements.map((e) => ({ ...base, field: fieldName(matched ? found!.def : undefined, se.segmentId, e), problem: e.description }));
}

/** Every segment and element error of a 999, mapped to the 837 claims and fields it names. */
export function mapAcknowledgmentTo837(ack: Acknowledgment999, index: Index837): MappedError[] {
  return ack.transactions.flatMap((t) => t.segmentErrors.flatMap((se) => mapSegmentError(t.controlNumber, se, index.get(t.controlNumber))));
}
