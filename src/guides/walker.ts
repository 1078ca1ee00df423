/**
 * The guide engine's state machine: segments of one transaction set in, loop structure out.
 *
 * For each segment it looks for the definition that fits — forward in the current loop, then in each
 * enclosing loop (which closes the inner ones), a loop being entered when its first segment fits — and
 * checks what the guide requires on the way: skipped required segments and loops, segments and loops
 * over their maximum use, unexpected and out-of-order segments, and every element of each segment.
 *
 * It builds a loop tree as it goes. With `units` set (e.g. ["2300"] for claims, ["2100"] for 835 claim
 * payments), each such loop is handed to `onUnit` as soon as it closes and then dropped, so a transaction
 * set of any size is walked in flat memory. With `flatUnits` a unit is not built as a tree at all: its segments
 * are recorded (`FlatUnit`: file order, loop depth, definition, bytes) and the view goes to `onFlatUnit`.
 */
import type { Position } from '../x12/finding.js';
import { fieldOf, scannedOf, ScannedSegment, SegmentCursor, textOf, type Segment } from '../x12/tokenizer.js';
import type { Delimiters } from '../x12/delimiters.js';
import { segmentClean, segmentCleanBytes } from './clean-scan.js';
import type { CompiledGuide, CompiledLoop, CompiledSegment } from './compile.js';
import { checkSegmentElements, type FindingSink } from './element-checks.js';
import { loadDictionary } from './load.js';
import { byteKey, hasKey, MAX_KEY_LENGTH } from './byte-keys.js';
import { flatMatcherOf, segmentIdCode, segmentIdCodeOf, type FlatMatcher } from './loop-matcher.js';

export interface SegmentNode {
  kind: 'segment';
  segment: Segment;
  /** The guide's definition it matched; absent for an unexpected segment (kept so nothing is lost). */
  def?: CompiledSegment;
}

export interface LoopNode {
  kind: 'loop';
  /** Guide loop id ("2300"); "ST" for the transaction set itself. */
  id: string;
  name: string;
  children: Array<SegmentNode | LoopNode>;
}

export interface WalkerOptions {
  /** Loop ids handed out one at a time as they close (and then dropped from the tree). */
  units?: readonly string[];
  /** Called for each unit loop when it closes. `path` is the chain of open loops above it (root first); read it now, it changes later. */
  onUnit?: (unit: LoopNode, path: readonly LoopNode[]) => void;
  /**
   * Unit loops (of `units`) handed flat to `onFlatUnit` instead of as trees: no node is made for their
   * segments and loops (see FlatUnit). A unit whose loop can hold another unit loop is still handed as a tree.
   */
  flatUnits?: readonly string[];
  /** Called for each flat unit when it closes; the view is the walker's and is valid only during the call. */
  onFlatUnit?: (unit: FlatUnit, path: readonly LoopNode[]) => void;
  /**
   * With `flatUnits`, the loops above them are not built as trees either (when every unit loop of the guide is
   * flat): their segments are recorded like a unit's, and `path` holds a `PathLoop` for each, whose `children`
   * (the tree the walker would have built) are made only when read. A reader that needs only a few facts of
   * those loops reads them from the record (`PathLoop.record`, `start`).
   */
  flatPath?: boolean;
  /** Skip element-level checks (loop structure only). */
  structureOnly?: boolean;
  /** Build no tree at all (validation only): memory stays flat without units. Default true. */
  buildTree?: boolean;
  /**
   * The fast paths (default true): qualifiers matched straight from the segment's bytes, and the clean-
   * segment pass vouching for segments. false reads qualifiers as strings and sends every segment to the
   * detailed checker: the findings must be the same, only slower (test/property/fast-path compares them).
   */
  fastPath?: boolean;
}

/**
 * One open loop instance. A class, not an object literal: V8 tracks an allocation site per object literal
 * and, when a few early frames happen to survive a scavenge, decides to allocate every later one straight
 * in the old generation ("pretenuring"); the walk then ran a mark-compact every ~6 MB of dead frames
 * (issue 12 round 9: the "slow GC mode" of validation, ~25 % more CPU). Objects made by `new` have no
 * allocation site, so frames stay young and die in the scavenger.
 */
class Frame {
  declare readonly loop: CompiledLoop;
  declare readonly node: LoopNode;
  /** Where this loop instance's use count per child starts in the walker's `counts` (children.length entries). */
  declare readonly base: number;
  /** The loop's match table in typed arrays (loop-matcher.ts), for the cursor's search. */
  declare readonly matcher: FlatMatcher;
  /** Index of the last child matched in this loop instance. */
  declare pos: number;
  /** This loop held unit loops that were handed out; drop it when it closes. */
  declare emptied: boolean;
  /** HL01 of the HL that started this loop, for checking the children's HL02 (a number n stands for String(n)). */
  declare hlId: string | number | undefined;

  constructor(loop: CompiledLoop, node: LoopNode, base: number, matcher: FlatMatcher) {
    this.loop = loop;
    this.node = node;
    this.base = base;
    this.matcher = matcher;
    this.pos = 0;
    this.emptied = false;
    this.hlId = undefined;
  }
}

/** The value a qualifier looks at: element `element` (its first component unless `component` says otherwise). */
function qualifierValue(segment: Segment, element: number, component: number | undefined): string {
  const v = fieldOf(segment, element);
  const sep = segment.delimiters.component;
  if (component !== undefined) return v.split(sep)[component - 1] ?? '';
  const at = v.indexOf(sep);
  return at < 0 ? v : v.slice(0, at);
}

/** qualifierKeyOf's answer for an empty (or absent) value. */
const EMPTY_QUALIFIER = -1;
/** qualifierKeyOf's answer for a value too long for a numeric key: read it as a string. */
const LONG_QUALIFIER = -2;

/**
 * The numeric key (byte-keys.ts) of the value `qualifierValue` reads, straight from the segment's bytes
 * bytes[start, end): no string is made. EMPTY_QUALIFIER or LONG_QUALIFIER when it has no key.
 */
function qualifierKeyOf(bytes: Uint8Array, start: number, end: number, sep: number, comp: number, element: number, component: number): number {
  let from = start;
  for (let i = 0; i < element; i++) {
    while (from < end && bytes[from] !== sep) from++;
    if (from >= end) return EMPTY_QUALIFIER;
    from++;
  }
  let to = from;
  while (to < end && bytes[to] !== sep) to++;
  for (let c = 1; c < component; c++) {
    while (from < to && bytes[from] !== comp) from++;
    if (from >= to) return EMPTY_QUALIFIER;
    from++;
  }
  let stop = from;
  while (stop < to && bytes[stop] !== comp) stop++;
  if (stop === from) return EMPTY_QUALIFIER;
  const key = byteKey(bytes, from, stop);
  return key < 0 ? LONG_QUALIFIER : key;
}

/**
 * `qualifierKeyOf` for the first component of element `element` (component 1, the usual qualifier), in one
 * pass: the key is summed while the value is scanned (a value longer than MAX_KEY_LENGTH is LONG_QUALIFIER
 * whatever its sum). Same answer as `qualifierKeyOf(..., element, 1)`: test/property/engine-cursor-search.
 */
function firstComponentKey(bytes: Uint8Array, start: number, end: number, sep: number, comp: number, element: number): number {
  let i = start;
  for (let e = 0; e < element; e++) {
    while (i < end && bytes[i] !== sep) i++;
    if (i >= end) return EMPTY_QUALIFIER;
    i++;
  }
  const from = i;
  let key = 1;
  for (; i < end; i++) {
    const c = bytes[i];
    if (c === sep || c === comp) break;
    key = key * 256 + c;
  }
  const length = i - from;
  return length === 0 ? EMPTY_QUALIFIER : length > MAX_KEY_LENGTH ? LONG_QUALIFIER : key;
}

function qualifierMatches(segment: Segment, def: CompiledSegment): boolean {
  const q = def.qualifier;
  if (!q) return true;
  return def.qualifierValues!.has(qualifierValue(segment, q.element, q.component));
}

/** Every qualifier value that selects some use of `id` among the loop's children. */
function allowedQualifiers(loop: CompiledLoop, id: string): string[] {
  const out: string[] = [];
  for (const i of loop.childIndex.get(id) ?? []) {
    const child = loop.children[i];
    const def = child.kind === 'segment' ? child : child.trigger;
    for (const v of def.qualifierValues ?? []) if (!out.includes(v)) out.push(v);
  }
  return out;
}

/**
 * A tree's nodes are made by `new` (round 9), for the reason `Frame` is: an object literal has an allocation
 * site, and V8 moved a site whose early objects survived a scavenge to the old generation for good; in about
 * a third of `x12gw validate` runs on a 100 MB file every later node was then made there and a mark-compact
 * ran every few MB (~57 instead of ~12, twice the CPU). Same fields in the same order as the literals.
 */
class SegmentUse implements SegmentNode {
  declare readonly kind: 'segment';
  declare readonly segment: Segment;
  declare readonly def: CompiledSegment;
  constructor(segment: Segment, def: CompiledSegment) {
    this.kind = 'segment';
    this.segment = segment;
    this.def = def;
  }
}

/**
 * An empty array whose elements kind is already "objects", never written: a loop node's `children` is its
 * `slice()`. An array literal (`[]`, or `new Array()`) has an allocation site like an object literal, and the
 * children arrays' site was the one still tenured in about a quarter of the 835 `x12gw validate` runs (5 of 22
 * slow with `[]`, 0 of 10 with the slice, same CPU otherwise); `Array.of()` has no site either but made `parse`
 * 15–25 % slower.
 */
const NO_CHILDREN: Array<SegmentNode | LoopNode> = [undefined as unknown as SegmentNode];
NO_CHILDREN.pop();

class LoopInstance implements LoopNode {
  declare readonly kind: 'loop';
  declare readonly id: string;
  declare readonly name: string;
  declare readonly children: Array<SegmentNode | LoopNode>;
  constructor(id: string, name: string) {
    this.kind = 'loop';
    this.id = id;
    this.name = name;
    this.children = NO_CHILDREN.slice();
  }
}

/** A loop as a flat unit names it: the guide's loop, or a tree's loop node (`FlatUnit.ofTree`). */
type LoopName = Pick<LoopNode, 'id' | 'name'>;

/** FlatUnit entry flags. */
const FROM_BYTES = 1;
const OPENS_LOOP = 2;

/**
 * One unit loop as its segments in file order, each with the depth of the loop it belongs to (0 = the unit
 * loop, 1 = a loop inside it, …), the guide's definition it matched (undefined for an unexpected segment)
 * and, for a loop's first segment, that loop. This is exactly what the tree of the unit holds (`tree()`
 * builds that tree, equal to the one the walker would have built), without an object per segment or loop:
 * a segment the reader gave as bytes is kept as its chunk and byte range. The walker's view is reused unit
 * after unit: read it inside `onFlatUnit`, keep `tree()` or `segmentAt(i)`, never the view.
 */
export class FlatUnit {
  count = 0;
  /** Per entry: FROM_BYTES | OPENS_LOOP. */
  private flags = new Uint8Array(64);
  private levels = new Int32Array(64);
  /** Per entry from bytes: byte start, byte end, segment number, file offset (stride 4). */
  private nums = new Float64Array(256);
  /** Per entry from bytes: its index in `buffers`/`delims` (a new entry only when the chunk or delimiters change). */
  private chunks = new Int32Array(64);
  private defs: Array<CompiledSegment | undefined> = [];
  /** Per entry not from bytes: the segment object. */
  private objects: Array<Segment | undefined> = [];
  /** Per entry that opens a loop: the loop. */
  private loops: Array<LoopName | undefined> = [];
  /** The chunks and delimiters of the entries from bytes: [0, chunkCount) is this unit's (the rest is stale). */
  private buffers: Buffer[] = [];
  private delims: Delimiters[] = [];
  private chunkCount = 0;
  private lastBuffer: Buffer | undefined;
  private lastDelims: Delimiters | undefined;
  /** Entries given as objects in this unit (reset clears them only when there are some). */
  private objectCount = 0;
  /** For a view made over a tree: that tree. */
  private made?: LoopNode;
  /** Bumped by every change (a `PathLoop` keeps the children it made until the record changes). */
  version = 0;

  /** The unit loop's id. */
  get id(): string {
    return this.loops[0]!.id;
  }

  private slot(): number {
    this.version++;
    const i = this.count++;
    if (i === this.flags.length) {
      const n = i * 2;
      const grow = <T extends Uint8Array | Int32Array | Float64Array>(a: T, size: number): T => {
        const b = new (a.constructor as new (n: number) => T)(size);
        b.set(a);
        return b;
      };
      this.flags = grow(this.flags, n);
      this.levels = grow(this.levels, n);
      this.chunks = grow(this.chunks, n);
      this.nums = grow(this.nums, n * 4);
    }
    return i;
  }

  /** Records a segment the reader gave as bytes (the cursor's current segment). */
  addCursor(cursor: SegmentCursor, def: CompiledSegment | undefined, level: number, opens: LoopName | undefined): void {
    const i = this.slot();
    if (cursor.bytes !== this.lastBuffer || cursor.delimiters !== this.lastDelims) {
      this.lastBuffer = cursor.bytes;
      this.lastDelims = cursor.delimiters;
      this.buffers[this.chunkCount] = cursor.bytes;
      this.delims[this.chunkCount] = cursor.delimiters;
      this.chunkCount++;
    }
    this.chunks[i] = this.chunkCount - 1;
    const k = i * 4;
    const nums = this.nums;
    nums[k] = cursor.byteStart;
    nums[k + 1] = cursor.byteEnd;
    nums[k + 2] = cursor.number;
    nums[k + 3] = cursor.offset;
    this.levels[i] = level;
    this.defs[i] = def;
    if (opens !== undefined) {
      this.flags[i] = FROM_BYTES | OPENS_LOOP;
      this.loops[i] = opens;
    } else this.flags[i] = FROM_BYTES;
  }

  /** Records a segment given as an object. */
  addObject(segment: Segment, def: CompiledSegment | undefined, level: number, opens: LoopName | undefined): void {
    const i = this.slot();
    this.levels[i] = level;
    this.defs[i] = def;
    this.objects[i] = segment;
    this.objectCount++;
    if (opens !== undefined) {
      this.flags[i] = OPENS_LOOP;
      this.loops[i] = opens;
    } else this.flags[i] = 0;
  }

  /** Empties the view for the next unit (drops its references to segment objects; chunk slots are reused). */
  reset(): void {
    if (this.objectCount > 0) {
      for (let i = 0; i < this.count; i++) if ((this.flags[i] & FROM_BYTES) === 0) this.objects[i] = undefined;
      this.objectCount = 0;
    }
    // Loops are the guide's (kept anyway); the chunk slots are overwritten by the next unit.
    this.version++;
    this.count = 0;
    this.chunkCount = 0;
    this.lastBuffer = undefined;
    this.lastDelims = undefined;
  }

  /** Drops the entries from n on (a loop that closed emptied, as the tree pops its node). */
  truncate(n: number): void {
    if (this.objectCount > 0) {
      for (let i = n; i < this.count; i++) {
        if ((this.flags[i] & FROM_BYTES) !== 0) continue;
        this.objects[i] = undefined;
        this.objectCount--;
      }
    }
    let last = -1;
    for (let i = n - 1; i >= 0; i--) {
      if ((this.flags[i] & FROM_BYTES) !== 0) {
        last = this.chunks[i];
        break;
      }
    }
    this.version++;
    this.count = n;
    this.chunkCount = last + 1;
    this.lastBuffer = last >= 0 ? this.buffers[last] : undefined;
    this.lastDelims = last >= 0 ? this.delims[last] : undefined;
  }

  /**
   * The end of the loop entry s opens: its entries are [s, endOf(s)), up to the next entry of a shallower loop
   * or the next loop opened at the same depth. Its own segments are those of the range at its level.
   */
  endOf(s: number): number {
    const level = this.levels[s];
    const n = this.count;
    let j = s + 1;
    while (j < n) {
      const l = this.levels[j];
      if (l < level || (l === level && (this.flags[j] & OPENS_LOOP) !== 0)) break;
      j++;
    }
    return j;
  }

  /** Segment i's id. */
  idAt(i: number): string {
    const def = this.defs[i];
    return def !== undefined ? def.id : this.objects[i]!.id;
  }

  /** The depth of the loop segment i belongs to (0 = the unit loop). */
  levelAt(i: number): number {
    return this.levels[i];
  }

  /** The loop segment i opens (it is that loop's first segment), or undefined. */
  opensAt(i: number): LoopName | undefined {
    return (this.flags[i] & OPENS_LOOP) !== 0 ? this.loops[i] : undefined;
  }

  /** The guide's definition segment i matched (undefined for an unexpected segment). */
  defAt(i: number): CompiledSegment | undefined {
    return this.defs[i];
  }

  /** Segment i's object when it was given as one; undefined when it is held as bytes (`bytesAt`). */
  objectAt(i: number): Segment | undefined {
    return (this.flags[i] & FROM_BYTES) !== 0 ? undefined : this.objects[i];
  }

  /** The chunk holding segment i (held as bytes): the segment is bytesAt(i)[startAt(i), endAt(i)). */
  bytesAt(i: number): Buffer {
    return this.buffers[this.chunks[i]];
  }

  startAt(i: number): number {
    return this.nums[i * 4];
  }

  endAt(i: number): number {
    return this.nums[i * 4 + 1];
  }

  /** Segment i's number in the interchange and byte offset in the file (as its object would give them). */
  numberAt(i: number): number {
    const o = this.objectAt(i);
    return o !== undefined ? o.number : this.nums[i * 4 + 2];
  }

  offsetAt(i: number): number {
    const o = this.objectAt(i);
    return o !== undefined ? o.offset : this.nums[i * 4 + 3];
  }

  delimitersAt(i: number): Delimiters {
    const o = this.objectAt(i);
    return o !== undefined ? o.delimiters : this.delims[this.chunks[i]];
  }

  /** Segment i as the object the tree holds (made now when it is held as bytes, as the cursor would have). */
  segmentAt(i: number): Segment {
    const o = this.objectAt(i);
    if (o !== undefined) return o;
    const k = i * 4;
    const n = this.nums;
    return new ScannedSegment(this.idAt(i), this.bytesAt(i), n[k], n[k + 1], false, n[k + 2], n[k + 3], this.delims[this.chunks[i]]);
  }

  /** The unit's tree, as the walker builds it without `flatUnits` (a new tree each call). */
  tree(): LoopNode {
    if (this.made) return this.made;
    return this.build(0, this.count);
  }

  /** The tree of the loop entry s opens (entries [s, endOf(s))), as the walker builds it (a new tree each call). */
  loopTree(s: number): LoopNode {
    return this.build(s, this.endOf(s));
  }

  private build(s: number, end: number): LoopNode {
    const open: LoopNode[] = [];
    const base = this.levels[s];
    for (let i = s; i < end; i++) {
      const def = this.defs[i];
      const segment = this.segmentAt(i);
      const node: SegmentNode = def !== undefined ? new SegmentUse(segment, def) : { kind: 'segment', segment };
      const level = this.levels[i] - base;
      const loop = this.opensAt(i);
      if (loop !== undefined) {
        const l = new LoopInstance(loop.id, loop.name);
        l.children.push(node);
        open.length = level;
        if (level > 0) open[level - 1].children.push(l);
        open.push(l);
      } else {
        open.length = level + 1;
        open[level].children.push(node);
      }
    }
    return open[0];
  }

  /** A view over a unit's tree (its segments as objects): the same entries the walker records for it. */
  static ofTree(unit: LoopNode): FlatUnit {
    const view = new FlatUnit();
    const add = (loop: LoopNode, level: number): void => {
      let first = true;
      for (const c of loop.children) {
        if (c.kind === 'segment') {
          view.addObject(c.segment, c.def, level, first ? loop : undefined);
          first = false;
        } else add(c, level + 1);
      }
    };
    add(unit, 0);
    view.made = unit;
    return view;
  }
}

/**
 * A loop above a flat unit (walker option `flatPath`): its segments are in the walker's path record, from
 * entry `start` on; `children` is the tree the walker would have built, made when read (and again only
 * once the record changed). One per loop instance, as a tree node is.
 */
export class PathLoop implements LoopNode {
  declare readonly kind: 'loop';
  declare readonly id: string;
  declare readonly name: string;
  declare readonly record: FlatUnit;
  declare readonly start: number;
  private made: Array<SegmentNode | LoopNode> | undefined;
  private madeAt: number;
  constructor(id: string, name: string, record: FlatUnit, start: number) {
    this.kind = 'loop';
    this.id = id;
    this.name = name;
    this.record = record;
    this.start = start;
    this.made = undefined;
    this.madeAt = -1;
  }

  get children(): Array<SegmentNode | LoopNode> {
    if (this.made === undefined || this.madeAt !== this.record.version) {
      this.made = this.record.loopTree(this.start).children;
      this.madeAt = this.record.version;
    }
    return this.made;
  }

  toJSON(): LoopNode {
    return { kind: 'loop', id: this.id, name: this.name, children: this.children };
  }
}

/** The node of every inner loop's frame when no tree is built (never read: nothing is pushed to it or handed out). */
const UNSEEN_NODE: LoopNode = Object.freeze({ kind: 'loop', id: '', name: '', children: Object.freeze([]) as unknown as Array<SegmentNode | LoopNode> });

/** A segment as the walker takes it: an object, or the reader's cursor over a struct-of-arrays batch. */
type Walked = Segment | SegmentCursor;
/** What a position needs of a segment. */
type Placed = Pick<Segment, 'id' | 'number' | 'offset'>;

/** The segment as an object (the cursor's is made once per segment, only when asked for). */
const objectOf = (segment: Walked): Segment => (segment instanceof SegmentCursor ? segment.toSegment() : segment);

const fits = (segment: Segment, def: CompiledSegment) => def.id === segment.id && qualifierMatches(segment, def);

export class GuideWalker {
  private stack: Frame[] = [];
  /**
   * The open loops' use counts per child, one row per frame, stacked as the frames are (a frame's row is
   * counts[base, base + children)): no array per loop instance (round 7; the 837P's 2300 and 2400 rows are
   * ~60–90 entries each, most of what a claim allocated). It starts small and doubles as loops nest.
   */
  private counts = new Int32Array(64);
  private countsTop = 0;
  private readonly units: ReadonlySet<string>;
  private segmentInTransaction = 0;
  private lastHl = 0;
  /** The segment being walked (a cursor only while it is; `end` reads it before the reader moves the cursor on). */
  private current?: Walked;
  private readonly tree: boolean;
  private readonly fast: boolean;
  private readonly structureOnly: boolean;
  /** The unit loops handed flat (`flatUnits` that hold no unit loop), and the view they are recorded into. */
  private readonly flatIds: ReadonlySet<string>;
  private readonly flat = new FlatUnit();
  /** Stack index of the open flat unit's frame, -1 when none is open. */
  private flatBase = -1;
  /** The loops above flat units recorded instead of built (`flatPath`), and the record of the outermost open one. */
  private readonly pathIds: ReadonlySet<string>;
  private readonly pathRecord = new FlatUnit();
  /** Stack index of the outermost open recorded loop above flat units, -1 when none is open. */
  private pathBase = -1;

  constructor(
    readonly guide: CompiledGuide,
    private readonly position: () => Position,
    private readonly sink: FindingSink,
    private readonly options: WalkerOptions = {},
  ) {
    this.units = new Set(options.units ?? []);
    this.tree = options.buildTree !== false;
    this.fast = options.fastPath !== false;
    this.structureOnly = options.structureOnly === true;
    this.flatIds = this.tree && options.onFlatUnit ? flatCapable(guide.root, this.units, options.flatUnits ?? []) : new Set();
    this.pathIds = options.flatPath ? pathCapable(guide.root, this.units, this.flatIds) : new Set();
  }

  /** The root of the tree (the transaction set). */
  get root(): LoopNode | undefined {
    return this.stack[0]?.node;
  }

  private where(segment: Placed | undefined, loop: string | undefined, extra: Partial<Position> = {}): Position {
    const p = this.position();
    if (segment) {
      p.segmentNumber = segment.number;
      p.byteOffset = segment.offset;
      p.segmentId = segment.id;
    }
    p.segmentInTransaction = this.segmentInTransaction;
    // Header and trailer segments belong to no loop (999 IK303 stays empty for them).
    if (loop && loop !== this.guide.root.id) p.loop = loop;
    return Object.assign(p, extra);
  }

  private newFrame(loop: CompiledLoop, ownNode = this.tree, made?: LoopNode): Frame {
    const base = this.countsTop;
    const top = base + loop.children.length;
    if (top > this.counts.length) {
      const grown = new Int32Array(Math.max(top, this.counts.length * 2));
      grown.set(this.counts.subarray(0, base));
      this.counts = grown;
    }
    this.counts.fill(0, base, top);
    this.countsTop = top;
    // Without a tree only the root's node is ever seen (the reader hands it to onTransaction): inner loops share one.
    const node = made ?? (ownNode ? new LoopInstance(loop.id, loop.name) : UNSEEN_NODE);
    return new Frame(loop, node, base, flatMatcherOf(loop));
  }

  /** A frame for a loop recorded in the path record from entry `at`: a PathLoop node when it is a loop above flat units. */
  private newPathFrame(loop: CompiledLoop, at: number): Frame {
    return this.newFrame(loop, false, this.pathIds.has(loop.id) ? new PathLoop(loop.id, loop.name, this.pathRecord, at) : undefined);
  }

  /** Starts the walk with the ST segment. */
  start(st: Segment): void {
    const root = this.guide.root;
    this.countsTop = 0;
    this.pathBase = -1;
    this.pathRecord.reset();
    const frame = this.newFrame(root, true);
    this.stack = [frame];
    this.segmentInTransaction = 1;
    this.current = st;
    const first = root.children[0];
    if (first.kind === 'segment' && first.id === st.id) {
      this.counts[frame.base] = 1;
      if (this.tree) frame.node.children.push(new SegmentUse(st, first));
      this.checkElements(st, first);
    } else {
      frame.pos = -1;
      this.segment(st);
    }
  }

  /** A segment after ST. */
  segment(segment: Segment): void {
    this.segmentInTransaction++;
    this.current = segment;
    if (this.fast) this.matchCompiled(segment);
    else this.matchByMap(segment);
  }

  /**
   * A segment after ST from the reader's struct-of-arrays batch (fast path only): matched and, when clean,
   * checked from the batch's bytes through the cursor; an object is made only for a tree node, an HL, a
   * long qualifier, a finding's detail or the detailed checker.
   */
  segmentAt(cursor: SegmentCursor): void {
    this.segmentInTransaction++;
    this.current = cursor;
    this.matchCursor(cursor);
  }

  /**
   * `matchCompiled` for the reader's cursor (the path nearly every segment takes): the same search, written
   * for one type of segment so its reads stay monomorphic, the qualifier read from the cursor's bytes.
   * test/property/engine-cursor-search.property.test.ts holds it to `matchCompiled` on segment objects.
   */
  private matchCursor(cursor: SegmentCursor): void {
    const code = segmentIdCodeOf(cursor.idNumber, cursor.id);
    if (code >= 0) {
      const stack = this.stack;
      let cachedSlot = -1;
      let cachedKey = LONG_QUALIFIER;
      let cachedValue = '';
      for (let depth = stack.length - 1; depth >= 0; depth--) {
        const frame = stack[depth];
        const m = frame.matcher;
        if (code >= m.count) continue;
        let k = m.starts[code];
        const stop = m.starts[code + 1];
        if (k === stop) continue;
        // The first child the segment may match (as runFrom).
        const pos = frame.pos;
        const from = pos < 1 ? (depth === 0 ? Math.max(pos, 0) : 1) : m.runStart[pos];
        for (; k < stop; k++) {
          const index = m.index[k];
          if (index < from) continue;
          const slot = m.slot[k];
          if (slot >= 0) {
            if (slot !== cachedSlot) {
              cachedSlot = slot;
              const d = cursor.delimiters;
              const component = m.component[k];
              cachedKey =
                component === 1
                  ? firstComponentKey(cursor.bytes, cursor.byteStart, cursor.byteEnd, d.element.charCodeAt(0), d.component.charCodeAt(0), m.element[k])
                  : qualifierKeyOf(cursor.bytes, cursor.byteStart, cursor.byteEnd, d.element.charCodeAt(0), d.component.charCodeAt(0), m.element[k], component);
              cachedValue = cachedKey === LONG_QUALIFIER ? qualifierValue(cursor.toSegment(), m.element[k], m.candidates[k].def.qualifier!.component) : '';
            }
            const c = m.candidates[k];
            if (cachedKey >= 0 ? !hasKey(c.qualifierKeys!, cachedKey) : !c.def.qualifierValues!.has(cachedValue)) continue;
          }
          this.enterCursor(depth, index, cursor);
          return;
        }
      }
    }
    this.unmatched(cursor);
  }

  /** `enter` for a cursor (see matchCursor). */
  private enterCursor(depth: number, i: number, cursor: SegmentCursor): void {
    const frame = this.stack[depth];
    const child = frame.loop.children[i];
    this.closeAbove(depth);
    this.advance(frame, i, cursor);
    if (child.kind === 'segment') {
      if (this.flatBase >= 0) this.flat.addCursor(cursor, child, depth - this.flatBase, undefined);
      else if (this.pathBase >= 0) this.pathRecord.addCursor(cursor, child, depth - this.pathBase, undefined);
      else if (this.tree) frame.node.children.push(new SegmentUse(cursor.toSegment(), child));
      this.checkCursor(cursor, child);
    } else if (this.flatBase >= 0 || this.flatIds.has(child.id)) {
      // Inside a flat unit (or opening one): recorded, no node.
      const inner = this.newFrame(child, false);
      this.counts[inner.base] = 1;
      if (this.flatBase < 0) this.flatBase = this.stack.length;
      this.flat.addCursor(cursor, child.trigger, this.stack.length - this.flatBase, child);
      this.stack.push(inner);
      this.checkCursor(cursor, child.trigger);
    } else if (this.pathBase >= 0 || this.pathIds.has(child.id)) {
      // Above a flat unit (or inside such a loop): recorded; a loop above flat units gets a PathLoop node.
      if (this.pathBase < 0) this.pathBase = this.stack.length;
      const at = this.pathRecord.count;
      this.pathRecord.addCursor(cursor, child.trigger, this.stack.length - this.pathBase, child);
      const inner = this.newPathFrame(child, at);
      this.counts[inner.base] = 1;
      this.stack.push(inner);
      this.checkCursor(cursor, child.trigger);
    } else {
      const inner = this.newFrame(child);
      this.counts[inner.base] = 1;
      if (this.tree) {
        inner.node.children.push(new SegmentUse(cursor.toSegment(), child.trigger));
        frame.node.children.push(inner.node);
      }
      this.stack.push(inner);
      this.checkCursor(cursor, child.trigger);
    }
  }

  /** `checkElements` for a cursor (see matchCursor). */
  private checkCursor(cursor: SegmentCursor, def: CompiledSegment): void {
    if (cursor.id === 'HL') this.checkHl(cursor, def);
    if (this.structureOnly) return;
    // (The reader sends cursors only on the fast path; a walker without it checks every segment in detail, as checkElements does.)
    if (!this.fast) return this.detailedCheck(cursor.toSegment(), def);
    if (segmentCleanBytes(cursor.bytes, cursor.byteStart, cursor.byteEnd, def, cursor.delimiters)) return;
    this.detailedCheck(cursor.toSegment(), def);
  }

  /**
   * Finds the child the segment starts — forward in the innermost open loop, then in each enclosing one —
   * through each loop's compiled match table (loop-matcher.ts), reading the qualifier as a numeric key
   * straight from the segment's bytes (once per element/component asked, whatever the number of loops).
   */
  private matchCompiled(segment: Walked): void {
    const code = segment instanceof SegmentCursor ? segmentIdCodeOf(segment.idNumber, segment.id) : segmentIdCode(segment.id);
    if (code >= 0) {
      const stack = this.stack;
      const scanned = segment instanceof SegmentCursor ? segment : scannedOf(segment);
      const bytes = scanned?.bytes;
      let cachedSlot = -1;
      let cachedKey = LONG_QUALIFIER;
      let cachedValue = '';
      for (let depth = stack.length - 1; depth >= 0; depth--) {
        const frame = stack[depth];
        const candidates = frame.loop.matchTable[code];
        if (candidates === undefined) continue;
        const from = this.runFrom(frame, depth);
        for (let k = 0; k < candidates.length; k++) {
          const c = candidates[k];
          if (c.index < from) continue;
          if (c.qualifierSlot >= 0) {
            if (c.qualifierSlot !== cachedSlot) {
              cachedSlot = c.qualifierSlot;
              const d = segment.delimiters;
              cachedKey = bytes === undefined ? LONG_QUALIFIER : qualifierKeyOf(bytes, scanned!.byteStart, scanned!.byteEnd, d.element.charCodeAt(0), d.component.charCodeAt(0), c.qualifierElement, c.qualifierComponent);
              cachedValue = cachedKey === LONG_QUALIFIER ? qualifierValue(objectOf(segment), c.qualifierElement, c.def.qualifier!.component) : '';
            }
            if (cachedKey >= 0 ? !hasKey(c.qualifierKeys!, cachedKey) : !c.def.qualifierValues!.has(cachedValue)) continue;
          }
          this.enter(depth, c.index, segment);
          return;
        }
      }
    }
    this.unmatched(segment);
  }

  /**
   * The same search without the compiled tables (`fastPath: false`): the loop's id map and each child's
   * qualifier read as a string. test/property/fast-path compares the two.
   */
  private matchByMap(segment: Segment): void {
    const stack = this.stack;
    let cachedSlot = -1;
    let cachedValue = '';
    for (let depth = stack.length - 1; depth >= 0; depth--) {
      const frame = stack[depth];
      const candidates = frame.loop.childIndex.get(segment.id);
      if (candidates === undefined) continue;
      const children = frame.loop.children;
      const from = this.runFrom(frame, depth);
      for (let k = 0; k < candidates.length; k++) {
        const i = candidates[k];
        if (i < from) continue;
        const child = children[i];
        const def = child.kind === 'segment' ? child : child.trigger;
        const q = def.qualifier;
        if (q !== undefined) {
          const slot = q.element * 100 + (q.component ?? 0);
          if (slot !== cachedSlot) {
            cachedSlot = slot;
            cachedValue = qualifierValue(segment, q.element, q.component);
          }
          if (!def.qualifierValues!.has(cachedValue)) continue;
        }
        this.enter(depth, i, segment);
        return;
      }
    }
    this.unmatched(segment);
  }

  /** The first child index a segment may match in `frame`: the start of the current run (same-position segments may come in any order). */
  private runFrom(frame: Frame, depth: number): number {
    return frame.pos < 1 ? (depth === 0 ? Math.max(frame.pos, 0) : 1) : frame.loop.runStart[frame.pos];
  }

  /** The segment matched child i of the loop open at `depth`: closes the loops above, enters a child loop. */
  private enter(depth: number, i: number, segment: Walked): void {
    const frame = this.stack[depth];
    const child = frame.loop.children[i];
    this.closeAbove(depth);
    this.advance(frame, i, segment);
    if (child.kind === 'segment') {
      if (this.flatBase >= 0) this.flat.addObject(objectOf(segment), child, depth - this.flatBase, undefined);
      else if (this.pathBase >= 0) this.pathRecord.addObject(objectOf(segment), child, depth - this.pathBase, undefined);
      else if (this.tree) frame.node.children.push(new SegmentUse(objectOf(segment), child));
      this.checkElements(segment, child);
    } else if (this.flatBase >= 0 || this.flatIds.has(child.id)) {
      const inner = this.newFrame(child, false);
      this.counts[inner.base] = 1;
      if (this.flatBase < 0) this.flatBase = this.stack.length;
      this.flat.addObject(objectOf(segment), child.trigger, this.stack.length - this.flatBase, child);
      this.stack.push(inner);
      this.checkElements(segment, child.trigger);
    } else if (this.pathBase >= 0 || this.pathIds.has(child.id)) {
      if (this.pathBase < 0) this.pathBase = this.stack.length;
      const at = this.pathRecord.count;
      this.pathRecord.addObject(objectOf(segment), child.trigger, this.stack.length - this.pathBase, child);
      const inner = this.newPathFrame(child, at);
      this.counts[inner.base] = 1;
      this.stack.push(inner);
      this.checkElements(segment, child.trigger);
    } else {
      const inner = this.newFrame(child);
      this.counts[inner.base] = 1;
      if (this.tree) {
        inner.node.children.push(new SegmentUse(objectOf(segment), child.trigger));
        frame.node.children.push(inner.node);
      }
      this.stack.push(inner);
      this.checkElements(segment, child.trigger);
    }
  }

  /** Ends the transaction set with its SE (or undefined when the trailer is missing). Returns the root node. */
  end(se: Segment | undefined): LoopNode | undefined {
    if (se) this.segment(se);
    else if (this.current) this.current = { id: '', elements: [''], number: this.current.number + 1, offset: this.current.offset, delimiters: this.current.delimiters };
    this.closeAbove(0);
    const root = this.stack[0];
    if (root) this.reportMissingAfter(root, root.pos, this.current, true);
    return root?.node;
  }

  /** Moves `frame` to child i, reporting skipped required children and use over the maximum. */
  private advance(frame: Frame, i: number, segment: Placed): void {
    if (i > frame.pos) {
      // Missing required siblings are reported once their run is left: members of the run of i (and of
      // the current run, when staying in it) may still come.
      const loop = frame.loop;
      const leaving = frame.pos < 0 || i > loop.runEnd[frame.pos];
      const from = leaving ? (frame.pos < 0 ? 0 : loop.runStart[frame.pos]) : frame.pos + 1;
      this.reportMissingBetween(frame, from, loop.runStart[i], segment);
    }
    frame.pos = i;
    const child = frame.loop.children[i];
    const n = ++this.counts[frame.base + i];
    if (n > child.max) {
      const isLoop = child.kind === 'loop';
      this.sink({
        code: isLoop ? 'GUIDE-LOOP-OVER-MAXIMUM' : 'GUIDE-SEGMENT-OVER-MAXIMUM',
        severity: 'error',
        snip: 2,
        message: isLoop
          ? `Loop ${child.id} (${child.name}) occurs ${n} times here; the guide allows ${child.max}.`
          : `${child.id} (${child.name}) occurs ${n} times here; the guide allows ${child.max}.`,
        position: this.where(segment, isLoop ? child.id : frame.loop.id),
        ack: { segment: isLoop ? '4' : '5' },
      });
    }
    if (child.usage === 'N') {
      this.sink({
        code: 'GUIDE-SEGMENT-NOT-USED',
        severity: 'error',
        snip: 2,
        message: `${child.kind === 'loop' ? 'Loop ' + child.id : child.id} (${child.name}) is not used in this guide.`,
        position: this.where(segment, child.kind === 'loop' ? child.id : frame.loop.id),
        ack: { segment: 'I4' },
      });
    }
  }

  private reportMissingBetween(frame: Frame, from: number, to: number, at: Placed | undefined): void {
    const lo = Math.max(from, 0);
    if (this.fast) {
      // Only the required children can be missing: walk the loop's compiled list of them, not every child.
      const required = frame.loop.required;
      for (let r = 0; r < required.length; r++) {
        const j = required[r];
        if (j >= to) break;
        if (j >= lo && this.counts[frame.base + j] === 0) this.reportMissing(frame, j, at);
      }
    } else {
      const children = frame.loop.children;
      for (let j = lo; j < to; j++) if (children[j].usage === 'R' && this.counts[frame.base + j] === 0) this.reportMissing(frame, j, at);
    }
  }

  /** Required child j of the frame's loop did not occur. */
  private reportMissing(frame: Frame, j: number, at: Placed | undefined): void {
    const c = frame.loop.children[j];
    const trigger = c.kind === 'segment' ? c : c.trigger;
    this.sink({
      code: c.kind === 'loop' ? 'GUIDE-LOOP-REQUIRED-MISSING' : 'GUIDE-SEGMENT-REQUIRED-MISSING',
      severity: 'error',
      snip: 2,
      message:
        c.kind === 'loop'
          ? `Required loop ${c.id} (${c.name}) is missing from loop ${frame.loop.id}.`
          : `Required segment ${c.id} (${c.name}) is missing from ${frame.loop.depth === 0 ? 'the transaction set' : 'loop ' + frame.loop.id}.`,
      position: this.where(at, frame.loop.id, { segmentId: trigger.id }),
      ack: { segment: '3' },
    });
  }

  private reportMissingAfter(frame: Frame, pos: number, at: Placed | undefined, isRoot = false): void {
    const end = frame.loop.children.length - (isRoot ? 1 : 0);
    // At the root the SE is the last child; its absence is an envelope finding already.
    this.reportMissingBetween(frame, pos < 0 ? 0 : frame.loop.runStart[pos], isRoot ? end : frame.loop.children.length, at);
  }

  /** Closes every frame above `depth`. */
  private closeAbove(depth: number): void {
    const stack = this.stack;
    while (stack.length - 1 > depth) {
      const frame = stack.pop()!;
      this.reportMissingAfter(frame, frame.pos, this.current);
      // Its use counts are free again (loops close in the order they opened, innermost first).
      this.countsTop = frame.base;
      const parent = stack[stack.length - 1];
      if (!this.tree) continue;
      if (stack.length === this.flatBase) {
        // The flat unit closed (loops inside it made no node and are never emptied).
        this.flatBase = -1;
        this.options.onFlatUnit!(this.flat, stack.map((f) => f.node));
        this.flat.reset();
        parent.emptied = true;
      } else if (this.pathBase >= 0 && stack.length >= this.pathBase) {
        // A recorded loop closed: one that held units is dropped from the record (as the tree pops its node);
        // the outermost one, when it held none, becomes its parent's tree node now.
        const start = frame.node instanceof PathLoop ? frame.node.start : -1;
        if (frame.emptied) {
          this.pathRecord.truncate(start);
          parent.emptied = true;
        }
        if (stack.length === this.pathBase) {
          if (!frame.emptied) parent.node.children.push(this.pathRecord.loopTree(start));
          this.pathRecord.reset();
          this.pathBase = -1;
        }
      } else if (this.units.has(frame.loop.id)) {
        this.options.onUnit?.(frame.node, stack.map((f) => f.node));
        parent.node.children.pop();
        parent.emptied = true;
      } else if (frame.emptied) {
        parent.node.children.pop();
        parent.emptied = true;
      }
    }
  }

  private unmatched(walked: Walked): void {
    const segment = objectOf(walked);
    const top = this.stack[this.stack.length - 1];
    // A segment whose id fits a definition in the current loop but whose qualifier does not: take it as
    // that segment with a bad qualifier, rather than tearing down the loop structure.
    if (top) {
      const children = top.loop.children;
      for (let i = Math.max(top.pos, 1); i < children.length; i++) {
        const c = children[i];
        if (c.kind !== 'segment' || c.id !== segment.id || !c.qualifier) continue;
        const q = c.qualifier;
        this.sink({
          code: 'GUIDE-QUALIFIER-NOT-ALLOWED',
          severity: 'error',
          snip: 2,
          message: `${segment.id}${String(q.element).padStart(2, '0')}${q.component ? '-' + q.component : ''} qualifier is not one this guide allows in ${top.loop.depth === 0 ? 'the transaction set header' : 'loop ' + top.loop.id} (allowed: ${allowedQualifiers(top.loop, segment.id).slice(0, 20).join(', ')}).`,
          position: this.where(segment, top.loop.id, { element: q.element, ...(q.component ? { component: q.component } : {}) }),
          ack: { segment: '8', element: '7' },
        });
        this.advance(top, i, segment);
        if (this.flatBase >= 0) this.flat.addObject(segment, c, this.stack.length - 1 - this.flatBase, undefined);
        else if (this.pathBase >= 0) this.pathRecord.addObject(segment, c, this.stack.length - 1 - this.pathBase, undefined);
        else if (this.tree) top.node.children.push(new SegmentUse(segment, c));
        const { qualifier: _q, ...rest } = c;
        void _q;
        this.checkElements(segment, { ...rest, elements: c.elements.map((e) => (e.pos === q.element ? { ...e, codes: undefined, components: e.components?.map((x) => ({ ...x, codes: undefined })) } : e)) } as CompiledSegment);
        return;
      }
    }
    let code = 'GUIDE-SEGMENT-UNEXPECTED';
    let ik304 = '2';
    let message = `${segment.id} is not expected at this point of the transaction set (loop ${top?.loop.id ?? '?'}).`;
    const dictionary = loadDictionary();
    if (!/^[A-Z0-9]{2,3}$/.test(segment.id) || !dictionary.segments[segment.id]) {
      code = 'GUIDE-SEGMENT-UNRECOGNIZED';
      ik304 = '1';
      message = `Segment id${/^[A-Z0-9]{2,3}$/.test(segment.id) ? ' ' + segment.id : ''} is not a known X12 segment.`;
    } else if (!this.guide.segmentIds.has(segment.id)) {
      code = 'GUIDE-SEGMENT-NOT-IN-GUIDE';
      ik304 = '2';
      message = `${segment.id} is not used anywhere in the ${this.guide.map.id} guide (${this.guide.map.version}).`;
    } else if (this.fitsEarlier(segment)) {
      code = 'GUIDE-SEGMENT-OUT-OF-ORDER';
      ik304 = '7';
      message = `${segment.id} is out of order: the guide places it earlier in loop ${this.fitsEarlier(segment)}.`;
    }
    this.sink({ code, severity: 'error', snip: code === 'GUIDE-SEGMENT-UNRECOGNIZED' ? 1 : 2, message, position: this.where(segment, top?.loop.id), ack: { segment: ik304 } });
    if (this.flatBase >= 0) this.flat.addObject(segment, undefined, this.stack.length - 1 - this.flatBase, undefined);
    else if (this.pathBase >= 0) this.pathRecord.addObject(segment, undefined, this.stack.length - 1 - this.pathBase, undefined);
    else if (this.tree) top?.node.children.push({ kind: 'segment', segment });
  }

  /** The loop id where the segment would have fit earlier in an open loop, if any. */
  private fitsEarlier(segment: Segment): string | undefined {
    for (let depth = this.stack.length - 1; depth >= 0; depth--) {
      const frame = this.stack[depth];
      for (let i = 0; i < frame.pos; i++) {
        const c = frame.loop.children[i];
        if (fits(segment, c.kind === 'segment' ? c : c.trigger)) return frame.loop.id;
      }
    }
    return undefined;
  }

  private checkElements(walked: Walked, def: CompiledSegment): void {
    if (walked.id === 'HL') this.checkHl(walked, def);
    if (this.options.structureOnly) return;
    // The fast pass vouches for most segments (DTP D8/RD8 dates included); the detailed checker explains the rest.
    if (!this.fast) return this.detailedCheck(objectOf(walked), def);
    if (walked instanceof SegmentCursor) {
      if (segmentCleanBytes(walked.bytes, walked.byteStart, walked.byteEnd, def, walked.delimiters)) return;
      return this.detailedCheck(walked.toSegment(), def);
    }
    const segment = walked;
    const scanned = scannedOf(segment);
    const bytes = scanned?.bytes;
    if (bytes !== undefined ? segmentCleanBytes(bytes, scanned!.byteStart, scanned!.byteEnd, def, segment.delimiters) : segmentClean(textOf(segment), def, segment.delimiters)) return;
    this.detailedCheck(segment, def);
  }

  private detailedCheck(segment: Segment, def: CompiledSegment): void {
    checkSegmentElements(segment, def, () => this.where(segment, def.parent.depth === 0 ? undefined : def.parent.id), this.sink);
  }

  /** HL01 counts up from 1; HL02 names the HL of the enclosing hierarchical loop. */
  private checkHl(segment: Walked, def: CompiledSegment): void {
    if (this.fast && segment instanceof SegmentCursor && this.hlCleanFromBytes(segment, def)) return;
    const id = fieldOf(segment, 1);
    const parent = fieldOf(segment, 2);
    const loop = def.parent.id;
    if (id !== String(this.lastHl + 1)) {
      this.sink({ code: 'GUIDE-HL-SEQUENCE', severity: 'error', snip: 2, message: `HL01 must count up by one from 1; expected ${this.lastHl + 1} here.`, position: this.where(segment, loop, { element: 1 }), ack: { segment: '8', element: 'I12' } });
    }
    const n = Number(id);
    if (Number.isInteger(n)) this.lastHl = n;
    const stack = this.stack;
    const top = stack[stack.length - 1];
    const own = top && top.loop === def.parent ? top : undefined;
    let enclosing: string | undefined;
    for (let i = stack.length - (own ? 2 : 1); i >= 0; i--) {
      const hlId = stack[i].hlId;
      if (hlId !== undefined) {
        enclosing = String(hlId);
        break;
      }
    }
    if (parent && parent !== enclosing) {
      this.sink({
        code: 'GUIDE-HL-PARENT',
        severity: 'error',
        snip: 2,
        message: enclosing ? `HL02 names parent HL ${parent}, but this level sits under HL ${enclosing}.` : `HL02 names parent HL ${parent}, but this level has no parent level.`,
        position: this.where(segment, loop, { element: 2 }),
        ack: { segment: '8', element: 'I12' },
      });
    }
    if (own) own.hlId = id;
  }

  /**
   * The usual HL checked from the cursor's bytes, without a string: HL01 is the next number and HL02 is empty
   * or names the enclosing level. Returns false (nothing done) for anything else, which `checkHl` then reads
   * as strings and reports: the outcome is the same, only the clean case is faster.
   */
  private hlCleanFromBytes(cursor: SegmentCursor, def: CompiledSegment): boolean {
    const expected = this.lastHl + 1;
    if (!(expected >= 1 && expected <= 1e15 && Number.isInteger(expected))) return false;
    const bytes = cursor.bytes;
    const end = cursor.byteEnd;
    const sep = cursor.delimiters.element.charCodeAt(0);
    let a = cursor.byteStart;
    while (a < end && bytes[a] !== sep) a++;
    if (a >= end) return false;
    a++;
    let b = a;
    while (b < end && bytes[b] !== sep) b++;
    if (!digitsAre(bytes, a, b, expected)) return false;
    // HL02, when present, must name the enclosing level.
    const p = b < end ? b + 1 : end;
    let q = p;
    while (q < end && bytes[q] !== sep) q++;
    const stack = this.stack;
    const top = stack[stack.length - 1];
    const own = top && top.loop === def.parent ? top : undefined;
    if (q > p) {
      let enclosing: string | number | undefined;
      for (let i = stack.length - (own ? 2 : 1); i >= 0; i--) {
        if (stack[i].hlId !== undefined) {
          enclosing = stack[i].hlId;
          break;
        }
      }
      if (enclosing === undefined) return false;
      if (typeof enclosing === 'number') {
        if (!digitsAre(bytes, p, q, enclosing)) return false;
      } else {
        if (q - p !== enclosing.length) return false;
        for (let k = 0; k < enclosing.length; k++) if (bytes[p + k] !== enclosing.charCodeAt(k)) return false;
      }
    }
    this.lastHl = expected;
    if (own) own.hlId = expected;
    return true;
  }

}

/** Are bytes[a, b) the decimal digits of n (a positive integer below 2^53, no sign or leading zero)? */
function digitsAre(bytes: Uint8Array, a: number, b: number, n: number): boolean {
  let v = n;
  let i = b - 1;
  do {
    if (i < a || bytes[i] !== 48 + (v % 10)) return false;
    v = Math.floor(v / 10);
    i--;
  } while (v > 0);
  return i < a;
}

/**
 * The `flatUnits` that may be handed flat: unit loops of the guide none of whose descendant loops is a unit
 * (a unit inside a unit is handed out on its own as a tree node, which a flat record does not do).
 */
function flatCapable(root: CompiledLoop, units: ReadonlySet<string>, flat: readonly string[]): Set<string> {
  const out = new Set<string>();
  const holdsUnit = (loop: CompiledLoop): boolean => loop.children.some((c) => c.kind === 'loop' && (units.has(c.id) || holdsUnit(c)));
  const visit = (loop: CompiledLoop): void => {
    for (const c of loop.children) {
      if (c.kind !== 'loop') continue;
      if (units.has(c.id) && flat.includes(c.id) && !holdsUnit(c)) out.add(c.id);
      visit(c);
    }
  };
  visit(root);
  // A loop id used at two places in the guide is flat only when neither place holds a unit.
  const blocked = new Set<string>();
  const check = (loop: CompiledLoop): void => {
    for (const c of loop.children) {
      if (c.kind !== 'loop') continue;
      if (out.has(c.id) && holdsUnit(c)) blocked.add(c.id);
      check(c);
    }
  };
  check(root);
  for (const id of blocked) out.delete(id);
  return out;
}

/**
 * The loops that may be recorded above flat units (`flatPath`): the loops (not the root) that hold a flat unit
 * loop — none when a unit loop of the guide is not flat (a tree unit's path must be trees: it is in them).
 */
function pathCapable(root: CompiledLoop, units: ReadonlySet<string>, flat: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  let allFlat = true;
  const visit = (loop: CompiledLoop): boolean => {
    let holds = false;
    for (const c of loop.children) {
      if (c.kind !== 'loop') continue;
      if (units.has(c.id) && !flat.has(c.id)) allFlat = false;
      if (flat.has(c.id)) holds = true;
      if (visit(c)) holds = true;
    }
    if (holds && loop !== root) out.add(loop.id);
    return holds;
  };
  visit(root);
  return allFlat ? out : new Set();
}
