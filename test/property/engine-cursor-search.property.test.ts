/**
 * The walker's search for the reader's cursor (issue 12, round 8: walker.ts `matchCursor`, `enterCursor`,
 * `checkCursor` over each loop's match table laid out flat in typed arrays, loop-matcher.ts
 * `flatMatcherOf`; the qualifier key read in one pass, `firstComponentKey`) must place every segment exactly as the search over
 * segment objects does (`matchCompiled`, `enter`, `checkElements`: the same tables as objects, kept as the
 * oracle). The oracle run is the same reader with the walker's `segmentAt` sent through `segment()` with
 * the cursor's Segment object. Compared: every finding in order, statuses, and the unit trees handed out
 * (each segment's number under the loop it landed in), on the samples with segments moved, repeated,
 * dropped or re-qualified and bytes corrupted, under several delimiter sets, fed in random chunk sizes.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allFindings, DEFAULT_UNITS, X12Reader, type LoopNode, type ReaderOptions } from '../../src/guides/index.js';
import { GuideWalker } from '../../src/guides/walker.js';
import type { SegmentCursor } from '../../src/x12/tokenizer.js';
import { cutSegments, spoilSegments, type SegmentSpoil } from '../helpers/segment-cuts.js';
import { sampleFiles } from '../helpers/sample-files.js';
import { propertySeed } from '../helpers/property-seed.js';



const samples = (): Array<[string, Buffer]> => sampleFiles(/\.(x12|835|837|277|277ca|edi)$/i);

/** Delimiter sets (element, repetition, component, terminator): the usual one, and others a partner may send. */
const DELIMITER_SETS = ['*^:~', '|!>&', '+{}\'', '\x1d\x1f\x1e\x1c', '#@\\$'];

/**
 * The file with its delimiters swapped for another set: each old delimiter byte and its new one trade
 * places everywhere (a permutation of bytes), so the structure is the same whatever the data holds.
 */
function redelimit(bytes: Buffer, set: string): Buffer {
  const isa = bytes.indexOf('ISA');
  if (isa < 0 || bytes.length < isa + 106) return bytes;
  const old = [bytes[isa + 3], bytes[isa + 82], bytes[isa + 104], bytes[isa + 105]];
  const wanted = [...set].map((c) => c.charCodeAt(0));
  const map = new Uint8Array(256).map((_, i) => i);
  for (let k = 0; k < 4; k++) {
    const a = old[k];
    const b = wanted[k];
    // Make a's image b, and whatever mapped to b now maps to a's old image.
    const ib = map.indexOf(b);
    const imageA = map[a];
    map[a] = b;
    map[ib] = imageA;
  }
  const out = Buffer.from(bytes);
  for (let i = 0; i < out.length; i++) out[i] = map[out[i]];
  return out;
}

const QUALIFIERS = ['85', '87', 'IL', 'QC', 'PR', 'PE', '82', '77', 'DN', 'DK', 'PW', 'D8', '472', '434', '573', '050', 'EA', '6R', 'G1', '9F', 'EI', 'CO', 'OA', 'PI', 'I', 'B', '1', '2', '22', '', 'ZZZZZZZ', 'X'];
const BYTES = [...'0123456789AZ.-:*^~ '].map((c) => c.charCodeAt(0)).concat([0, 13, 0x80, 0xe9]);

/** Findings, statuses and unit trees of a read, as JSON; `oracle` routes the cursor's segments through the object search. */
function read(bytes: Buffer, chunk: number, options: ReaderOptions, oracle: boolean): string {
  const units: string[] = [];
  const shape = (node: LoopNode): string => `${node.id}(${node.children.map((c) => (c.kind === 'loop' ? shape(c) : `${c.segment.number}${c.def ? '' : '?'}`)).join(' ')})`;
  const proto = GuideWalker.prototype as unknown as { segmentAt(cursor: SegmentCursor): void; segment(s: unknown): void };
  const own = proto.segmentAt;
  if (oracle) proto.segmentAt = function (this: typeof proto, cursor: SegmentCursor) { this.segment(cursor.toSegment()); };
  try {
    const reader = new X12Reader({ file: 'x', ...options, onUnit: options.units ? (unit, path) => units.push(`${path.map((p) => p.id).join('/')}>${shape(unit)}`) : undefined });
    for (let at = 0; at < bytes.length; at += chunk) reader.push(bytes.subarray(at, at + chunk));
    const report = reader.end();
    const statuses = report.interchanges.map((ic) => ic.groups.map((g) => [g.status, ...g.transactions.map((t) => [t.status, t.segmentCount, t.findings.length, t.droppedFindings])]));
    return JSON.stringify({ findings: allFindings(report), statuses, units });
  } finally {
    proto.segmentAt = own;
  }
}

describe('the cursor search = the object search', () => {
  const inputs = samples()
    .map(([name, bytes]) => ({ name, parts: cutSegments(bytes) }))
    .filter((c) => c.parts.length > 8);

  it('has samples to mutate, and the oracle really takes the other path', () => {
    expect(inputs.length).toBeGreaterThan(20);
    // The oracle's walker sees segment objects only: matchCursor is never called in it.
    const proto = GuideWalker.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
    const matchCursor = proto.matchCursor;
    let calls = 0;
    proto.matchCursor = function (this: unknown, ...args: unknown[]) {
      calls++;
      return matchCursor.apply(this, args);
    };
    try {
      const bytes = Buffer.concat(inputs[0].parts);
      read(bytes, 4096, { buildTree: false }, true);
      expect(calls).toBe(0);
      read(bytes, 4096, { buildTree: false }, false);
      expect(calls).toBeGreaterThan(5);
    } finally {
      proto.matchCursor = matchCursor;
    }
  });

  it('gives the same findings and loops on every sample under every delimiter set', () => {
    const accepted = new Map<string, number>();
    for (const { name, parts } of inputs) {
      for (const set of DELIMITER_SETS) {
        const bytes = redelimit(Buffer.concat(parts), set);
        for (const options of [{ buildTree: false }, { units: DEFAULT_UNITS }] as ReaderOptions[]) {
          const cursor = read(bytes, 1 << 20, options, false);
          expect(cursor, `${name} ${JSON.stringify(set)}`).toBe(read(bytes, 1 << 20, options, true));
          accepted.set(set, (accepted.get(set) ?? 0) + (cursor.match(/"A"/g)?.length ?? 0));
        }
      }
    }
    // The other delimiter sets are read as the usual one: as many transaction sets accepted under each.
    expect(accepted.get('*^:~')).toBeGreaterThan(20);
    for (const set of DELIMITER_SETS) expect(accepted.get(set), JSON.stringify(set)).toBe(accepted.get('*^:~'));
  });

  it('gives the same findings and loops when segments are moved, repeated, dropped, re-qualified or bytes corrupted', () => {
    let differed = 0;
    let valid = 0;
    fc.assert(
      fc.property(
        fc.nat(inputs.length - 1),
        fc.nat(),
        fc.nat(),
        fc.constantFrom<SegmentSpoil>('move', 'repeat', 'drop', 'requalify', 'byte', 'moves'),
        fc.constantFrom(...QUALIFIERS),
        fc.constantFrom(...BYTES),
        fc.constantFrom(...DELIMITER_SETS),
        fc.integer({ min: 7, max: 4096 }),
        fc.boolean(),
        (which, at, to, how, qualifier, byte, set, chunk, withUnits) => {
          const { name, parts } = inputs[which];
          const { out, i, j } = spoilSegments(parts, how, at, to, { qualifier, byte });
          const mutated = redelimit(Buffer.concat(out), set);
          const options: ReaderOptions = withUnits ? { units: DEFAULT_UNITS } : { buildTree: false };
          const cursor = read(mutated, chunk, options, false);
          if (cursor !== read(redelimit(Buffer.concat(parts), set), chunk, options, false)) differed++;
          if (!cursor.includes('"R"')) valid++;
          expect(cursor, `${name}: ${how} segment ${i} (to ${j}, qualifier ${qualifier}, byte ${byte}), delimiters ${JSON.stringify(set)}, chunk ${chunk}`).toBe(read(mutated, chunk, options, true));
        },
      ),
      // Fixed seed: how many mutations change the verdict varies with the seed; the equality does not.
      { numRuns: 1200, seed: propertySeed(20261207) },
    );
    // Most mutations must change the verdict (structure findings), some must not, or the test would prove little.
    expect(differed).toBeGreaterThan(600);
    expect(valid).toBeGreaterThan(50);
  });
});
