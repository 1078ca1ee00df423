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

/** Codes by the tokenizer's id number (tokenizer.ts `idNumbers`), plus one; 0 = not resolved yet. */
let codesByIdNumber = new Int32Array(256);

/**
 * `segmentIdCode` for an id the tokenizer numbered (`SegmentCursor.idNumber`, -1 when it has none): an
 * array read once the id is known. Only ids that have a code are remembered (a code, once given, never
 * changes; an id without one may get one when another guide is compiled, so it is asked again).
 */
export function segmentIdCodeOf(idNumber: number, id: string): number {
  if (idNumber >= 0 && idNumber < codesByIdNumber.length) {
    const known = codesByIdNumber[idNumber];
    if (known !== 0) return known - 1;
  }
  return rememberIdCode(idNumber, id);
}

function rememberIdCode(idNumber: number, id: string): number {
  const code = codes.get(id) ?? -1;
  if (code >= 0 && idNumber >= 0) {
    if (idNumber >= codesByIdNumber.length) {
      const grown = new Int32Array(Math.max(idNumber + 1, codesByIdNumber.length * 2));
      grown.set(codesByIdNumber);
      codesByIdNumber = grown;
    }
    codesByIdNumber[idNumber] = code + 1;
  }
  return code;
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

/**
 * A loop's match table laid out flat in typed arrays (issue 12, round 8): the candidates of code c are
 * entries [starts[c], starts[c + 1]) of the parallel arrays, in the same order as `matchTable[c]`. The
 * walker's search per open loop then reads a few contiguous numbers instead of following a chain of
 * objects (frame → loop → table → list → candidate) per candidate, which the profile showed as its cost:
 * ~1.4 open loops and ~1.7 candidates are looked at per segment, but each look was a string of dependent
 * loads. Codes at or beyond `count` (given after the loop's guide was compiled) have no candidates.
 */
export interface FlatMatcher {
  readonly count: number;
  readonly starts: Int32Array;
  /** The candidate's index among the loop's children. */
  readonly index: Int32Array;
  /** MatchCandidate.qualifierSlot / qualifierElement / qualifierComponent. */
  readonly slot: Int32Array;
  readonly element: Int32Array;
  readonly component: Int32Array;
  /** The candidates themselves (for their keys and definitions), same order. */
  readonly candidates: readonly MatchCandidate[];
  /** The loop's runStart, as numbers in a typed array. */
  readonly runStart: Int32Array;
}

/** The match table with its flat form kept on it (made on first use). */
type TableWithFlat = Array<readonly MatchCandidate[] | undefined> & { flatMatcher?: FlatMatcher };

/** The flat form of `loop.matchTable` (built once per loop, kept on the table). */
export function flatMatcherOf(loop: CompiledLoop): FlatMatcher {
  const table = loop.matchTable as TableWithFlat;
  return (table.flatMatcher ??= flatten(table, loop.runStart));
}

function flatten(table: ReadonlyArray<readonly MatchCandidate[] | undefined>, runStart: readonly number[]): FlatMatcher {
  const count = table.length;
  const starts = new Int32Array(count + 1);
  const candidates: MatchCandidate[] = [];
  for (let code = 0; code < count; code++) {
    starts[code] = candidates.length;
    for (const c of table[code] ?? []) candidates.push(c);
  }
  starts[count] = candidates.length;
  const n = candidates.length;
  const index = new Int32Array(n), slot = new Int32Array(n), element = new Int32Array(n), component = new Int32Array(n);
  candidates.forEach((c, k) => {
    index[k] = c.index;
    slot[k] = c.qualifierSlot;
    element[k] = c.qualifierElement;
    component[k] = c.qualifierComponent;
  });
  return { count, starts, index, slot, element, component, candidates, runStart: Int32Array.from(runStart) };
}
