/**
 * Loop trees: flattening back to segments (for writing and round trips) and a JSON form for people and
 * scripts. The JSON form keeps every segment and element, so it can be turned back into X12.
 */
import type { Segment } from '../x12/tokenizer.js';
import { structureSegment, type ElementValue } from '../x12/writer.js';
import type { LoopNode, SegmentNode } from './walker.js';

export interface SegmentJson {
  segment: string;
  /** The guide's name for this use of the segment; absent for a segment the guide does not expect here. */
  name?: string;
  /** Segment number in the file. */
  number: number;
  /** Element 1 first; composites as arrays of components, repetitions as { repeat: [...] }. */
  elements: ElementValue[];
}

export interface LoopJson {
  loop: string;
  name: string;
  children: Array<LoopJson | SegmentJson>;
}

/** The segments of a tree, in order. */
export function* flattenTree(node: LoopNode): Generator<Segment> {
  for (const child of node.children) {
    if (child.kind === 'segment') yield child.segment;
    else yield* flattenTree(child);
  }
}

export function segmentToJson(node: SegmentNode): SegmentJson {
  const s = structureSegment(node.segment);
  const out: SegmentJson = { segment: s.id, number: node.segment.number, elements: s.elements };
  if (node.def) out.name = node.def.name;
  return out;
}

export function treeToJson(node: LoopNode): LoopJson {
  return {
    loop: node.id,
    name: node.name,
    children: node.children.map((c) => (c.kind === 'segment' ? segmentToJson(c) : treeToJson(c))),
  };
}

/** Finds the first segment with `id` (and, optionally, element 1 among `qualifiers`) directly in `node`. */
export function findSegment(node: LoopNode, id: string, qualifiers?: readonly string[]): Segment | undefined {
  for (const c of node.children) {
    if (c.kind === 'segment' && c.segment.id === id && (!qualifiers || qualifiers.includes(c.segment.elements[1] ?? ''))) return c.segment;
  }
  return undefined;
}

/** All segments with `id` directly in `node`. */
export function findSegments(node: LoopNode, id: string, qualifiers?: readonly string[]): Segment[] {
  const out: Segment[] = [];
  for (const c of node.children) {
    if (c.kind === 'segment' && c.segment.id === id && (!qualifiers || qualifiers.includes(c.segment.elements[1] ?? ''))) out.push(c.segment);
  }
  return out;
}

/** Child loops with `id` directly in `node`. */
export function childLoops(node: LoopNode, id: string): LoopNode[] {
  const out: LoopNode[] = [];
  for (const c of node.children) if (c.kind === 'loop' && c.id === id) out.push(c);
  return out;
}

/** The first child loop with `id` directly in `node`. */
export function childLoop(node: LoopNode, id: string): LoopNode | undefined {
  for (const c of node.children) if (c.kind === 'loop' && c.id === id) return c;
  return undefined;
}
