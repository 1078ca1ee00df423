/**
 * What hooks receive from a walk with unit trees, held against an independent route, so that anything the
 * walker recycles (objects reused from one loop or unit to the next) cannot show. Issue 12, round 9 (trees2)
 * tried closed frames from a spare list and one `path` array refilled per unit: this test caught each fault
 * planted in that code (a path array not cut to length, a frame's `pos` or `emptied` not reset, a unit's loop
 * node reused); the code measured no gain and was dropped (docs/performance.md), the test stays for the next try.
 * Checked:
 * - a hook that keeps a unit, or the loop nodes of its path, sees them unchanged after every later unit
 *   (nothing handed out is recycled);
 * - each `path`, read during the call, is the chain of loops above the unit in the whole tree (a read without
 *   units, the independent route): the same ids and the same loop instances (their first segment's number);
 * - each unit is that whole tree's loop, segment for segment, and what is left of each transaction set's tree
 *   is the whole tree without its unit loops and the loops that held them;
 * - the findings and statuses are those of a read that builds no tree (no frame is recycled there).
 * On the samples and on random corruptions of them (moved, repeated, dropped, re-qualified segments, bytes),
 * fed in random chunk sizes.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allFindings, DEFAULT_UNITS, X12Reader, type LoopNode, type ReaderOptions } from '../../src/guides/index.js';
import { cutSegments, spoilSegments, type SegmentSpoil } from '../helpers/segment-cuts.js';
import { sampleFiles } from '../helpers/sample-files.js';
import { propertySeed } from '../helpers/property-seed.js';

const shape = (node: LoopNode): string => `${node.id}(${node.children.map((c) => (c.kind === 'loop' ? shape(c) : `${c.segment.number}${c.def ? '' : '?'}`)).join(' ')})`;
/** A loop instance by its id and the number of its first segment (the trigger, never dropped from it). */
const instance = (node: LoopNode): string => {
  const first = node.children[0];
  return `${node.id}@${first?.kind === 'segment' ? first.segment.number : '-'}`;
};

/** Findings and statuses of a read, as JSON. */
function verdict(report: ReturnType<X12Reader['end']>): string {
  const statuses = report.interchanges.map((ic) => ic.groups.map((g) => [g.status, ...g.transactions.map((t) => [t.status, t.segmentCount, t.findings.length, t.droppedFindings])]));
  return JSON.stringify({ findings: allFindings(report), statuses });
}

function feed(reader: X12Reader, bytes: Buffer, chunk: number) {
  for (let at = 0; at < bytes.length; at += chunk) reader.push(bytes.subarray(at, at + chunk));
  return reader.end();
}

/** Units as read with units: as seen during each call, and the kept objects looked at again after the read. */
function readUnits(bytes: Buffer, chunk: number, options: ReaderOptions = {}) {
  const seen: string[] = [];
  const roots: string[] = [];
  const kept: Array<{ unit: LoopNode; shape: string; nodes: LoopNode[]; instances: string }> = [];
  const reader = new X12Reader({
    file: 'x',
    units: DEFAULT_UNITS,
    ...options,
    onTransaction: (root) => roots.push(root ? shape(root) : '-'),
    onUnit: (unit, path) => {
      const s = `${path.map(instance).join('/')}>${shape(unit)}`;
      seen.push(s);
      kept.push({ unit, shape: shape(unit), nodes: [...path], instances: path.map(instance).join('/') });
    },
  });
  const report = feed(reader, bytes, chunk);
  const afterwards = kept.map((k) => `${k.nodes.map(instance).join('/')}>${shape(k.unit)}`);
  return { seen, afterwards, kept, roots, verdict: verdict(report) };
}

/** The same, from a whole tree (no units): each unit loop in the order it closes, with the loops above it. */
function unitsOfWholeTree(bytes: Buffer, chunk: number): { units: string[]; roots: string[]; verdict: string } {
  const units: string[] = [];
  const roots: string[] = [];
  const reader = new X12Reader({
    file: 'x',
    onTransaction: (root, ctx) => {
      const ids = new Set(DEFAULT_UNITS[ctx.guide?.map.id ?? ''] ?? []);
      const walk = (node: LoopNode, path: LoopNode[]) => {
        for (const c of node.children) if (c.kind === 'loop') walk(c, [...path, node]);
        if (path.length && ids.has(node.id)) units.push(`${path.map(instance).join('/')}>${shape(node)}`);
      };
      if (root && ids.size) walk(root, []);
      roots.push(root ? shapeLeft(root, ids, true)! : '-');
    },
  });
  return { units, roots, verdict: verdict(feed(reader, bytes, chunk)) };
}

/**
 * The shape of what a read with units leaves of a loop: unit loops are dropped, and so is every loop that
 * held one (undefined: dropped), as WalkerOptions.units says; the transaction set's own loop stays.
 */
function shapeLeft(node: LoopNode, units: ReadonlySet<string>, root = false): string | undefined {
  let held = false;
  const parts: string[] = [];
  for (const c of node.children) {
    if (c.kind === 'segment') parts.push(`${c.segment.number}${c.def ? '' : '?'}`);
    else if (units.has(c.id)) held = true;
    else {
      const inner = shapeLeft(c, units);
      if (inner === undefined) held = true;
      else parts.push(inner);
    }
  }
  return held && !root ? undefined : `${node.id}(${parts.join(' ')})`;
}

const QUALIFIERS = ['85', '87', 'IL', 'QC', 'PR', 'PE', 'DK', 'D8', '472', 'CO', 'OA', '1', '2', '22', '', 'X'];
const BYTES = [...'0123456789AZ*~:'].map((c) => c.charCodeAt(0)).concat([0, 0xe9]);

describe('what onUnit hooks get is the whole tree\'s, and stays as it was handed out', () => {
  const inputs = sampleFiles(/\.(x12|835|837|277|277ca|edi)$/i)
    .map(([name, bytes]) => ({ name, parts: cutSegments(bytes) }))
    .filter((c) => c.parts.length > 8);

  function check(bytes: Buffer, chunk: number, label: string): number {
    const units = readUnits(bytes, chunk);
    const whole = unitsOfWholeTree(bytes, chunk);
    // Kept units and path nodes are what they were during their call.
    expect(units.afterwards, label).toEqual(units.seen);
    // Each path and unit is the whole tree's.
    expect(units.seen, label).toEqual(whole.units);
    // What is left of each transaction set's tree: unit loops and the loops that held them dropped, nothing else.
    expect(units.roots, label).toEqual(whole.roots);
    // Same findings as without units, and as without any tree (no frame recycled there).
    expect(units.verdict, label).toBe(whole.verdict);
    expect(units.verdict, label).toBe(verdict(feed(new X12Reader({ file: 'x', buildTree: false }), bytes, chunk)));
    return units.seen.length;
  }

  it('on every sample: many units, with paths of different lengths', () => {
    let total = 0;
    const depths = new Set<number>();
    for (const { name, parts } of inputs) {
      const bytes = Buffer.concat(parts);
      total += check(bytes, 1 << 20, name);
      for (const k of readUnits(bytes, 1 << 20).kept) depths.add(k.nodes.length);
    }
    expect(inputs.length).toBeGreaterThan(20);
    expect(total).toBeGreaterThan(100);
    // Paths shorter than an earlier one (a stale entry left in a reused array would show).
    expect(depths.size).toBeGreaterThan(2);
  });

  it('hands a hook fresh units and nodes: several units of one transaction set are distinct objects', () => {
    const { parts } = inputs.find((c) => /837p/i.test(c.name) && readUnits(Buffer.concat(c.parts), 1 << 20).kept.length > 1) ?? inputs[0];
    const { kept } = readUnits(Buffer.concat(parts), 1 << 20);
    expect(kept.length).toBeGreaterThan(1);
    expect(new Set(kept.map((k) => k.unit)).size).toBe(kept.length);
  });

  it('on random corruptions of the samples', () => {
    let units = 0;
    fc.assert(
      fc.property(
        fc.nat(inputs.length - 1),
        fc.nat(),
        fc.nat(),
        fc.constantFrom<SegmentSpoil>('move', 'repeat', 'drop', 'requalify', 'byte', 'moves'),
        fc.constantFrom(...QUALIFIERS),
        fc.constantFrom(...BYTES),
        fc.integer({ min: 7, max: 4096 }),
        (which, at, to, how, qualifier, byte, chunk) => {
          const { name, parts } = inputs[which];
          const { out, i, j } = spoilSegments(parts, how, at, to, { qualifier, byte });
          units += check(Buffer.concat(out), chunk, `${name}: ${how} segment ${i} (to ${j}, qualifier ${qualifier}, byte ${byte}), chunk ${chunk}`);
        },
      ),
      { numRuns: 800, seed: propertySeed(20261208) },
    );
    expect(units).toBeGreaterThan(1000);
  });
});
