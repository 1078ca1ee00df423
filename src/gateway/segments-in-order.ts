/**
 * A transaction set's segments in file order from a streaming read whose tree never grows: every loop of
 * the guide is a unit, so each loop is handed out (and dropped) as it closes; at each hand-out the
 * segments not yet seen — the closing loop's own and those of the open loops above it, none of them in a
 * loop closed before — are given in segment-number order, and at the end of the transaction set what is
 * left of its root. That is exactly the order of `flattenTree` over the whole tree, so a walk written for
 * a whole tree (`ClaimStatusScan`, `Ack999Scan` in read-responses.ts) gives the same result streamed.
 * Pure; give `units`, `unit` and `transaction` to an X12Reader.
 */
import type { TransactionContext } from '../guides/reader.js';
import { guideById } from '../guides/registry.js';
import type { LoopNode } from '../guides/walker.js';
import type { Segment } from '../x12/tokenizer.js';

const everyLoop = new Map<string, readonly string[]>();

export class SegmentsInOrder {
  /** Segment number of the last segment given (in this transaction set). */
  private seen = 0;

  constructor(
    private readonly onSegment: (s: Segment, ctx: TransactionContext) => void,
    private readonly onTransactionEnd: (ctx: TransactionContext) => void = () => {},
  ) {}

  /** X12Reader `units` making every loop of these guides a unit. */
  static units(...guideIds: string[]): Record<string, readonly string[]> {
    const out: Record<string, readonly string[]> = {};
    for (const id of guideIds) {
      if (!everyLoop.has(id)) everyLoop.set(id, [...guideById(id).loops.keys()].filter((l) => l !== 'ST'));
      out[id] = everyLoop.get(id)!;
    }
    return out;
  }

  unit(unit: LoopNode, path: readonly LoopNode[], ctx: TransactionContext): void {
    this.feed([...path, unit], ctx);
  }

  transaction(root: LoopNode | undefined, ctx: TransactionContext): void {
    if (root) this.feed([root], ctx);
    this.seen = 0;
    this.onTransactionEnd(ctx);
  }

  private feed(nodes: readonly LoopNode[], ctx: TransactionContext): void {
    const fresh: Segment[] = [];
    for (const node of nodes) {
      const children = node.children;
      for (let i = children.length - 1; i >= 0; i--) {
        const c = children[i]!;
        if (c.kind !== 'segment') continue;
        if (c.segment.number <= this.seen) break;
        fresh.push(c.segment);
      }
    }
    if (!fresh.length) return;
    fresh.sort((a, b) => a.number - b.number);
    for (const s of fresh) this.onSegment(s, ctx);
    this.seen = fresh[fresh.length - 1]!.number;
  }
}
