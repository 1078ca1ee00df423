/**
 * Each loop's "which child starts with this segment" compiled once into a table, so the walker does not
 * look a segment id up in a map at every open loop nor re-derive each candidate's qualifier on every
 * segment.
 *
 * Segment ids get small numbers (codes) when a guide is compiled; `matchTable[code]` of a loop lists the
 * children whose first segment has that id, ascending, each with its definition, its qualifier's slot and
 * the qualifier's values as numeric keys (byte-keys.ts). Ids read from data never get a code (the table
 * cannot grow with a file's garbage): an id without a code is in no guide, so no loop has a child for it.
 */
import { keyedCodes, type KeyedCodes } from './byte-keys.js';
import type { CompiledLoop, CompiledSegment } from './compile.js';

/** A child of a loop that a segment id may start: a segment use, or a loop whose trigger has that id. */
export interface MatchCandidate {
  /** Index in the loop's children. */
  readonly index: number;
  /** The definition the segment must fit: the child itself, or the child loop's trigger. */
  readonly def: CompiledSegment;
  /** Which value the qualifier reads, element * 100 + component (0 when none is named); -1 without a qualifier. */
  readonly qualifierSlot: number;
  /** The element and component (1 when none is named) the qualifier reads. */
  readonly qualifierElement: number;
  readonly qualifierComponent: number;
  /** The qualifier's values as numeric keys (undefined without a qualifier). */
  readonly qualifierKeys: KeyedCodes | undefined;
}

const codes = new Map<string, number>();

/** The code of a segment id, given one if it has none yet (only compile.ts should call this: guide ids). */
export function registerSegmentId(id: string): number {
  let code = codes.get(id);
  if (code === undefined) {
    code = codes.size;
    codes.set(id, code);
  }
  return code;
}

/** The code of a segment id some compiled guide uses, or -1 (then no loop of any guide can start with it). */
export function segmentIdCode(id: string): number {
  return codes.get(id) ?? -1;
}

/** Builds `loop.matchTable` from its children (after `childIndex` is built). */
export function compileMatchTable(loop: CompiledLoop): Array<readonly MatchCandidate[] | undefined> {
  const table: Array<readonly MatchCandidate[] | undefined> = [];
  for (const [id, indices] of loop.childIndex) {
    const code = registerSegmentId(id);
    while (table.length <= code) table.push(undefined);
    table[code] = indices.map((index) => {
      const child = loop.children[index];
      const def = child.kind === 'segment' ? child : child.trigger;
      const q = def.qualifier;
      return {
        index,
        def,
        qualifierSlot: q === undefined ? -1 : q.element * 100 + (q.component ?? 0),
        qualifierElement: q?.element ?? 0,
        qualifierComponent: q?.component ?? 1,
        qualifierKeys: q === undefined ? undefined : (def.qualifierKeys ?? keyedCodes(def.qualifierValues!)),
      };
    });
  }
  return table;
}
