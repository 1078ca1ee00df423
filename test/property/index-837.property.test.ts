/**
 * Issue 12, round 6: a 999's errors are mapped to the 837 it answers from an index of only the segments
 * the errors name (`index837(bytes, wanted)`, src/acks/map-to-837.ts), read in chunks, instead of an index
 * of every segment of the whole 837. Over the sample 837s (several transaction sets, renumbered), random
 * corruptions, random wanted positions (some in no transaction set, some past the end) and random
 * chunkings: every lookup the mapping makes gives the same answer as the whole index, and nothing else
 * is kept.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { index837, Index837Reader, type Wanted837 } from '../../src/acks/map-to-837.js';
import { chunksOf, corruptSegments } from '../helpers/stream-inputs.js';

const root = join(import.meta.dirname, '../..');
const samples = ['professional.837', 'institutional.837', 'fifty-lines.837', 'dental.837'].map((n) => readFileSync(join(root, 'samples/claims', n), 'latin1'));

/** The samples' transaction sets one after another in one interchange and group, ST02 0001, 0002, … */
function build(picks: number[]): string {
  const sets = picks.map((p, i) => {
    const lines = samples[p]!.trim().split('\n');
    const st = lines.findIndex((l) => l.startsWith('ST*'));
    const se = lines.findIndex((l) => l.startsWith('SE*'));
    const control = String(i + 1).padStart(4, '0');
    return [lines[st]!.replace(/^ST\*837\*\d+/, `ST*837*${control}`), ...lines.slice(st + 1, se), lines[se]!.replace(/\*\d+~$/, `*${control}~`)].join('\n');
  });
  const head = samples[0]!.split('\n').slice(0, 2).join('\n').replace(/005010X22\dA\d/, '005010X222A1');
  return `${head}\n${sets.join('\n')}\nGE*${sets.length}*201~\nIEA*1*000000101~\n`;
}

describe('the 837 index of the segments a 999 names = the whole index', () => {
  it('same answers for every wanted position, nothing else kept, over corrupted files and chunkings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(3), { minLength: 1, maxLength: 4 }),
        fc.array(fc.record({ kind: fc.constantFrom('drop', 'repeat', 'swap', 'empty-element', 'none'), at: fc.nat(), to: fc.nat() }), { maxLength: 2 }),
        fc.array(fc.record({ set: fc.integer({ min: 1, max: 5 }), position: fc.integer({ min: 1, max: 140 }) }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 900 }), { maxLength: 4 }),
        (picks, corruptions, wants, sizes) => {
          const bytes = Buffer.from(corruptSegments(build(picks), corruptions), 'latin1');
          const wanted: Wanted837 = new Map();
          for (const w of wants) {
            const key = String(w.set).padStart(4, '0');
            if (!wanted.has(key)) wanted.set(key, new Set());
            wanted.get(key)!.add(w.position);
          }
          const whole = index837(bytes);
          const reader = new Index837Reader(wanted);
          for (const c of chunksOf(bytes, sizes)) reader.push(c);
          const part = reader.end();
          for (const [st, positions] of wanted) for (const p of positions) expect(part.get(st)?.get(p)).toEqual(whole.get(st)?.get(p));
          for (const [st, segments] of part) {
            expect(wanted.has(st)).toBe(true);
            for (const p of segments.keys()) expect(wanted.get(st)!.has(p)).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  }, 120_000);
});
