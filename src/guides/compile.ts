/**
 * Turns a guide map plus the dictionary into the structure the engine walks: every segment use knows
 * its element definitions (type, lengths, codes, usage) merged from both files; every loop knows its
 * parent and its trigger segment. Compiled once per guide and cached.
 */
import { keyedCodes, type KeyedCodes } from './byte-keys.js';
import { compileMatchTable, type MatchCandidate } from './loop-matcher.js';
import type { CleanPlan } from './clean-scan.js';
import type { Dictionary, ElementType, GuideMap, GuideUsage, LoopRule, Qualifier, SegmentRule, CodeList } from './map-schema.js';

export interface CompiledComponent {
  pos: number;
  name: string;
  usage: GuideUsage;
  type: ElementType;
  min: number;
  max: number;
  /** Allowed values (guide-listed codes, or an external code list's keys). */
  codes?: ReadonlySet<string>;
  /** `codes` as numeric keys, for look-ups straight from bytes (byte-keys.ts); filled on first use. */
  codeKeys?: KeyedCodes;
  /** Name of the external code list, when codes come from one. */
  codeList?: string;
  /** Skip the code check when this element / sibling component holds one of these values. */
  codesUnless?: { element?: number; component?: number; values: ReadonlySet<string> };
}

export interface CompiledElement extends CompiledComponent {
  /** Data element number or composite id. */
  ref: string;
  /** Standard requirement designator M/O/X. */
  req: 'M' | 'O' | 'X';
  repeat: number;
  /** For composites: every component slot of the composite (unused ones with usage N). */
  components?: CompiledComponent[];
}

/** An X12 syntax note parsed: "P0304" → { kind: 'P', positions: [3, 4] }. */
export interface SyntaxRule {
  kind: 'P' | 'R' | 'E' | 'C' | 'L';
  positions: number[];
  note: string;
}

export function parseSyntaxNote(note: string): SyntaxRule {
  const positions: number[] = [];
  for (let i = 1; i < note.length; i += 2) positions.push(Number(note.slice(i, i + 2)));
  return { kind: note[0] as SyntaxRule['kind'], positions, note };
}

export interface CompiledSegment {
  kind: 'segment';
  id: string;
  name: string;
  usage: GuideUsage;
  max: number;
  qualifier?: Qualifier;
  qualifierValues?: ReadonlySet<string>;
  /** `qualifierValues` as numeric keys, for matching straight from bytes (byte-keys.ts). */
  qualifierKeys?: KeyedCodes;
  /** The clean pass's compiled form of this definition (clean-scan.ts `cleanPlanOf`), made on first use. */
  cleanPlan?: CleanPlan;
  /** elements[i] describes element i+1; length = the dictionary's element count. */
  elements: CompiledElement[];
  syntax: string[];
  /** The syntax notes, parsed once. */
  syntaxRules: SyntaxRule[];
  /** Position among its parent's children. */
  index: number;
  parent: CompiledLoop;
  rule: SegmentRule;
}

export interface CompiledLoop {
  kind: 'loop';
  id: string;
  name: string;
  usage: GuideUsage;
  max: number;
  children: Array<CompiledSegment | CompiledLoop>;
  index: number;
  parent?: CompiledLoop;
  /** The segment that starts the loop (children[0]). */
  trigger: CompiledSegment;
  depth: number;
  /** Segment id → indices of the children that start with it (a segment, or a loop's trigger), ascending. */
  childIndex: Map<string, number[]>;
  /** `childIndex` compiled: segment id code (loop-matcher.ts) → the candidates, with their qualifiers' keys. */
  matchTable: Array<readonly MatchCandidate[] | undefined>;
  /** Indices of the children with usage R, ascending (the only ones a "required … missing" check looks at). */
  required: readonly number[];
  /** One 0 per child: copied for each loop instance's use counts. */
  zeroCounts: readonly number[];
  /**
   * For each child, the first index of its run: consecutive segment children with the same id (REF, REF,
   * REF…) sit at one position of the standard and may come in any order. A loop is a run of its own.
   */
  runStart: number[];
  /** For each child, the last index of its run. */
  runEnd: number[];
}

export interface CompiledGuide {
  map: GuideMap;
  /** A synthetic root loop (id "ST") holding the transaction set's structure. */
  root: CompiledLoop;
  /** Every segment id the guide uses anywhere. */
  segmentIds: ReadonlySet<string>;
  /** Loops by id (first occurrence). */
  loops: Map<string, CompiledLoop>;
}

const maxOf = (m: number | '>1') => (m === '>1' ? Number.POSITIVE_INFINITY : m);

export function compileGuide(map: GuideMap, dictionary: Dictionary, codeLists: Map<string, CodeList>): CompiledGuide {
  const segmentIds = new Set<string>();
  const loops = new Map<string, CompiledLoop>();
  const codesFor = (codes: string[] | undefined, codeList: string | undefined) => {
    if (codes) return new Set(codes);
    if (codeList) {
      const list = codeLists.get(codeList);
      if (list) return new Set(Object.keys(list.codes));
    }
    return undefined;
  };

  const compileSegment = (rule: SegmentRule, parent: CompiledLoop, index: number): CompiledSegment => {
    segmentIds.add(rule.id);
    const def = dictionary.segments[rule.id];
    if (!def) throw new Error(`guide ${map.id}: segment ${rule.id} is not in the dictionary`);
    const byPos = new Map(rule.elements.map((e) => [e.pos, e]));
    const elements: CompiledElement[] = def.elements.map((slot, i) => {
      const pos = i + 1;
      const g = byPos.get(pos);
      const composite = slot.ref.startsWith('C') ? dictionary.composites[slot.ref] : undefined;
      const simple = composite ? undefined : dictionary.elements[slot.ref];
      const base: CompiledElement = {
        pos,
        ref: slot.ref,
        req: slot.req,
        name: g?.name ?? composite?.name ?? simple?.name ?? slot.ref,
        usage: g?.usage ?? 'N',
        type: simple?.type ?? 'AN',
        min: g?.minLength ?? simple?.min ?? 0,
        max: g?.maxLength ?? simple?.max ?? 9999,
        repeat: g?.repeat ?? slot.repeat ?? 1,
        codes: codesFor(g?.codes, g?.codeList ?? (g?.codes ? undefined : simple?.codeList)),
        codeKeys: undefined,
        codeList: g?.codeList ?? (g?.codes ? undefined : simple?.codeList),
        codesUnless: g?.codesUnless ? { ...g.codesUnless, values: new Set(g.codesUnless.values) } : undefined,
      };
      if (composite) {
        const byComp = new Map((g?.components ?? []).map((c) => [c.pos, c]));
        base.components = composite.components.map((cslot, ci) => {
          const c = byComp.get(ci + 1);
          const cdef = dictionary.elements[cslot.ref];
          return {
            pos: ci + 1,
            name: c?.name ?? cdef?.name ?? cslot.ref,
            usage: c?.usage ?? 'N',
            type: cdef?.type ?? 'AN',
            min: c?.minLength ?? cdef?.min ?? 0,
            max: c?.maxLength ?? cdef?.max ?? 9999,
            codes: codesFor(c?.codes, c?.codeList ?? (c?.codes ? undefined : cdef?.codeList)),
            codeKeys: undefined as KeyedCodes | undefined,
            codeList: c?.codeList ?? (c?.codes ? undefined : cdef?.codeList),
            codesUnless: c?.codesUnless ? { ...c.codesUnless, values: new Set(c.codesUnless.values) } : undefined,
          };
        });
      }
      return base;
    });
    const qualifierValues = rule.qualifier ? new Set(rule.qualifier.values) : undefined;
    return {
      kind: 'segment',
      id: rule.id,
      name: rule.name,
      usage: rule.usage,
      max: maxOf(rule.max),
      qualifier: rule.qualifier,
      qualifierValues,
      qualifierKeys: qualifierValues ? keyedCodes(qualifierValues) : undefined,
      cleanPlan: undefined,
      elements,
      syntax: def.syntax ?? [],
      syntaxRules: (def.syntax ?? []).map(parseSyntaxNote),
      index,
      parent,
      rule,
    };
  };

  const compileLoop = (rule: LoopRule | { id: string; name: string; children: Array<SegmentRule | LoopRule> }, parent: CompiledLoop | undefined, index: number, depth: number): CompiledLoop => {
    const loop = {
      kind: 'loop',
      id: rule.id,
      name: rule.name,
      usage: 'usage' in rule ? rule.usage : 'R',
      max: 'max' in rule ? maxOf(rule.max) : 1,
      children: [],
      index,
      parent,
      depth,
    } as unknown as CompiledLoop;
    rule.children.forEach((child, i) => {
      loop.children.push(child.kind === 'segment' ? compileSegment(child, loop, i) : compileLoop(child, loop, i, depth + 1));
    });
    loop.trigger = loop.children[0] as CompiledSegment;
    loop.runStart = [];
    loop.runEnd = [];
    loop.children.forEach((child, i) => {
      const prev = loop.children[i - 1];
      const sameRun = i > 0 && child.kind === 'segment' && prev.kind === 'segment' && prev.id === child.id;
      loop.runStart.push(sameRun ? loop.runStart[i - 1] : i);
    });
    for (let i = loop.children.length - 1; i >= 0; i--) {
      const next = loop.runStart[i + 1];
      loop.runEnd[i] = i + 1 < loop.children.length && next === loop.runStart[i] ? loop.runEnd[i + 1] : i;
    }
    loop.childIndex = new Map();
    loop.children.forEach((child, i) => {
      const id = child.kind === 'segment' ? child.id : child.trigger.id;
      const list = loop.childIndex.get(id) ?? [];
      list.push(i);
      loop.childIndex.set(id, list);
    });
    loop.matchTable = compileMatchTable(loop);
    loop.required = loop.children.flatMap((child, i) => (child.usage === 'R' ? [i] : []));
    loop.zeroCounts = loop.children.map(() => 0);
    if (!loops.has(loop.id)) loops.set(loop.id, loop);
    return loop;
  };

  const root = compileLoop({ id: map.transactionSet === 'TA1' ? 'TA1' : 'ST', name: map.name, children: map.structure }, undefined, 0, 0);
  return { map, root, segmentIds, loops };
}
