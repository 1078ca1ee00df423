/**
 * What the walker makes per loop instance (its frames) and per tree segment (the nodes it hands out) is made by
 * `new` of a class, not by an object literal (round 9 of issue 12). V8 keeps an allocation site per object
 * literal and, once most objects of a site are found alive at a scavenge, allocates every later object of that
 * site in the old generation: in about half of the cold 100 MB validations (frames) and a third of the
 * `x12gw validate` runs (tree nodes) the walk then ran a mark-compact every few MB and took 25–100 % more CPU.
 * Objects made by `new` have no allocation site. A GC mode cannot be asserted without timing, so this test
 * holds the cause: an object literal's prototype is Object.prototype, a class instance's is not.
 * The shapes stay those of the literals (same keys in the same order), which consumers may rely on.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { X12Reader } from '../../../src/guides/reader.js';
import type { LoopNode, SegmentNode } from '../../../src/guides/walker.js';

const sample = readFileSync(new URL('../../../samples/x12/837P/cob-and-ambulance.valid.x12', import.meta.url));

/** The walker's open frames, as the reader holds them (private: read for the test). */
const framesOf = (reader: X12Reader) => (reader as unknown as { walker?: { stack: object[] } }).walker?.stack ?? [];

const madeByNew = (o: object) => Object.getPrototypeOf(o) !== Object.prototype;

function everyNode(node: LoopNode, visit: (n: LoopNode | SegmentNode) => void): void {
  visit(node);
  for (const child of node.children) child.kind === 'loop' ? everyNode(child, visit) : visit(child);
}

describe('walker allocation sites', () => {
  it('makes its frames by new, for validation alone and with trees', () => {
    for (const buildTree of [false, true]) {
      const reader = new X12Reader({ buildTree, units: buildTree ? { '837P': ['2300'] } : undefined, onUnit: () => undefined });
      let frames = 0;
      // Small pushes: the walker is looked at with loops open at many points of the file.
      for (let at = 0; at < sample.length; at += 64) {
        reader.push(sample.subarray(at, at + 64));
        for (const frame of framesOf(reader)) {
          expect(madeByNew(frame)).toBe(true);
          frames++;
        }
      }
      reader.end();
      expect(frames).toBeGreaterThan(20);
    }
  });

  it('hands out tree nodes made by new, with the keys of the literals they replaced, in the same order', () => {
    let loops = 0;
    let segments = 0;
    const check = (n: LoopNode | SegmentNode) => {
      if (n.kind === 'loop') {
        loops++;
        expect(Object.keys(n)).toEqual(['kind', 'id', 'name', 'children']);
      } else {
        segments++;
        expect(Object.keys(n)).toEqual(n.def === undefined ? ['kind', 'segment'] : ['kind', 'segment', 'def']);
      }
      // The root is the walker's own too; every node of a valid file is made by new.
      expect(madeByNew(n)).toBe(true);
    };
    const reader = new X12Reader({ units: { '837P': ['2300'] }, onUnit: (unit) => everyNode(unit, check), onTransaction: (root) => root && everyNode(root, check) });
    reader.push(sample);
    reader.end();
    expect(loops).toBeGreaterThan(3);
    expect(segments).toBeGreaterThan(20);
  });
});
