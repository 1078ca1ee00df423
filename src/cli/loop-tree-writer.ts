/**
 * `x12gw parse FILE` output: the loop tree of each transaction set as JSON, written while the file is
 * read. The guide engine hands out one unit loop at a time (a claim, a claim payment) with the chain of
 * loops above it and then drops it; this writer opens those loops in the JSON as they appear, writes
 * whatever the engine put before the unit, the unit itself, and closes loops when the chain moves on.
 * The text is what `JSON.stringify(records, null, 2)` of the whole trees would print, except that a
 * record's `status` and `findings` (known at the end of the transaction set) follow its `tree`.
 * Pure: pieces of text go to `emit`.
 */
import type { LoopNode, SegmentNode } from '../guides/walker.js';
import { segmentToJson, treeToJson } from '../guides/tree.js';
import { prettyJsonWriter, type PrettyJsonWriter } from '../text/pretty-json.js';

export interface LoopTreeWriter {
  /** A unit loop as the engine hands it out (`path`: the open loops above it, root first). `head` gives the record's first members. */
  unit(unit: LoopNode, path: readonly LoopNode[], head: () => Record<string, unknown>): void;
  /** The transaction set ended: `root` is what is left of its tree (all of it when no unit was handed out). */
  transaction(root: LoopNode | undefined, head: () => Record<string, unknown>, tail: Record<string, unknown>): void;
  end(): void;
}

export function loopTreeWriter(emit: (text: string) => void): LoopTreeWriter {
  let records = 0;
  let json: PrettyJsonWriter | undefined;
  /** Loops open in the output, root first. */
  let open: LoopNode[] = [];
  /** How many of a loop's current children have been written (units the engine dropped are not counted). */
  let written = new Map<LoopNode, number>();

  const startRecord = (head: Record<string, unknown>) => {
    emit(records === 0 ? '[\n' : ',\n');
    records++;
    json = prettyJsonWriter(emit);
    json.beginObject();
    for (const [key, value] of Object.entries(head)) json.value(value, key);
    return json;
  };
  const child = (c: SegmentNode | LoopNode) => json!.value(c.kind === 'segment' ? segmentToJson(c) : treeToJson(c));
  const writeUpTo = (node: LoopNode, end: number) => {
    let i = written.get(node) ?? 0;
    for (; i < end; i++) child(node.children[i]);
    written.set(node, i);
  };
  const openLoop = (node: LoopNode, key?: string) => {
    json!.beginObject(key);
    json!.value(node.id, 'loop');
    json!.value(node.name, 'name');
    json!.beginArray('children');
    written.set(node, 0);
    open.push(node);
  };
  /** Closes the innermost open loop; the engine has already closed it and dropped it from its parent. */
  const closeInnermost = () => {
    const node = open.pop()!;
    writeUpTo(node, node.children.length);
    json!.end();
    json!.end();
    written.delete(node);
    const parent = open[open.length - 1];
    if (parent) written.set(parent, written.get(parent)! - 1);
  };

  return {
    unit(unit, path, head) {
      if (!open.length) startRecord(head());
      let same = 0;
      while (same < open.length && same < path.length && open[same] === path[same]) same++;
      while (open.length > same) closeInnermost();
      for (let i = open.length; i < path.length; i++) {
        const node = path[i];
        if (i === 0) {
          openLoop(node, 'tree');
          continue;
        }
        // The new loop is the last child of its parent: write what came before it, then open it.
        const parent = path[i - 1];
        writeUpTo(parent, parent.children.length - 1);
        openLoop(node);
        written.set(parent, parent.children.length);
      }
      // The unit is the last child of the innermost loop (the engine drops it after this call).
      const last = path[path.length - 1];
      writeUpTo(last, last.children.length - 1);
      child(unit);
      written.set(last, last.children.length - 1);
    },
    transaction(root, head, tail) {
      if (!open.length) startRecord(head()).value(root ? treeToJson(root) : null, 'tree');
      else while (open.length) closeInnermost();
      for (const [key, value] of Object.entries(tail)) json!.value(value, key);
      json!.end();
      json = undefined;
      open = [];
      written = new Map();
    },
    end() {
      emit(records ? '\n]\n' : '[]\n');
    },
  };
}
