/**
 * The fast path (the byte-level clean-segment pass, which vouches for segments without the detailed
 * checker) must give exactly the findings of the detailed path (`fastPath: false`: every segment checked
 * in detail) — on the samples as they are and on random single-byte corruptions of them (a byte replaced,
 * inserted or deleted), fed in random chunk sizes. If the fast pass ever vouched for a segment with a
 * problem, a finding would be missing and the reports would differ. The same for segments moved, repeated,
 * dropped or re-qualified: the loop each lands in (compiled match tables vs the loops' id maps) must agree.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allFindings, DEFAULT_UNITS, X12Reader, type LoopNode, type ReaderOptions } from '../../src/guides/index.js';
import { readRemittances, type RemittanceReadOptions } from '../../src/remits/read-remittances.js';
import { balancedClaimInCents } from '../../src/remits/balance-cents.js';
import { makeSegment } from '../../src/x12/tokenizer.js';
import { propertySeed } from '../helpers/property-seed.js';
import { amountSpoiled, byteSpliced, cutSegments, spoilSegments, type SegmentSpoil } from '../helpers/segment-cuts.js';
import { sampleFiles } from '../helpers/sample-files.js';

const ROOT = join(import.meta.dirname, '..', '..');

const samples = (): Array<[string, Buffer]> => sampleFiles(/\.(x12|835|837|999|277|277ca|ta1|edi)$/i);

/** Findings and statuses of a read, as comparable JSON. */
function verdict(bytes: Buffer, chunk: number, options: ReaderOptions): string {
  // With trees, the loop structure too: each segment's number under the loop it was placed in.
  const shape: string[] = [];
  const walk = (node: LoopNode): void => {
    shape.push(node.id);
    for (const c of node.children) c.kind === 'loop' ? walk(c) : shape.push(`${c.segment.number}${c.def ? '' : '?'}`);
    shape.push('/');
  };
  const reader = new X12Reader({ file: 'x', ...options, onTransaction: (root) => root && walk(root) });
  for (let at = 0; at < bytes.length; at += chunk) reader.push(bytes.subarray(at, at + chunk));
  const report = reader.end();
  const statuses = report.interchanges.map((ic) => ic.groups.map((g) => [g.status, ...g.transactions.map((t) => [t.status, t.findings.length, t.droppedFindings])]));
  return JSON.stringify({ findings: allFindings(report), statuses, shape: shape.join(' ') });
}

/** Bytes a corruption puts in: digits, letters, the usual delimiters, blanks, control and high bytes. */
const BYTES = [...'0123456789AZaz.-:*^~> '].map((c) => c.charCodeAt(0)).concat([0, 1, 9, 10, 13, 0x7f, 0x80, 0xc3, 0xe9, 0xff]);

describe('fast path = detailed path', () => {
  const inputs = samples();

  it('has samples of every kind to corrupt', () => {
    expect(inputs.length).toBeGreaterThan(20);
    expect(inputs.some(([name]) => name.endsWith('.835'))).toBe(true);
    expect(inputs.some(([name]) => name.endsWith('.837'))).toBe(true);
  });

  it('gives the same findings on every sample as it is', () => {
    for (const [name, bytes] of inputs) {
      expect(verdict(bytes, 1 << 20, {}), name).toBe(verdict(bytes, 1 << 20, { fastPath: false }));
      expect(verdict(bytes, 1 << 20, { buildTree: false }), name).toBe(verdict(bytes, 1 << 20, { fastPath: false, buildTree: false }));
    }
  });

  it('gives the same findings on random single-byte corruptions of the samples', () => {
    let differed = 0;
    fc.assert(
      fc.property(fc.nat(inputs.length - 1), fc.nat(), fc.constantFrom(...BYTES), fc.constantFrom('replace', 'insert', 'delete'), fc.integer({ min: 7, max: 4096 }), (which, at, byte, how, chunk) => {
        const [name, original] = inputs[which];
        const i = at % original.length;
        const mutated = byteSpliced(original, i, byte, how);
        const fast = verdict(mutated, chunk, {});
        const detailed = verdict(mutated, chunk, { fastPath: false });
        if (fast !== verdict(original, chunk, {})) differed++;
        expect(fast, `${name}: ${how} byte ${byte} at ${i}`).toBe(detailed);
      }),
      { numRuns: 1500, seed: propertySeed(20261207) },
    );
    // Most corruptions must change the verdict, or the test would prove nothing about faulty segments.
    expect(differed).toBeGreaterThan(600);
  });

  it('walks the struct-of-arrays batches (no segment objects) as the detailed path walks segment objects', () => {
    // With the fast path the reader hands plain segments inside a transaction set to the walker through a
    // cursor over the tokenizer's batch (reader.ts consume, walker.ts segmentAt); `fastPath: false` makes a
    // Segment object for every one and goes through the envelope reader. Validation without trees, and with
    // unit trees handed out claim by claim, on corruptions (a byte replaced, inserted or deleted; the file cut
    // short, so the envelope's "missing trailer" positions point after the last cursor segment; a second copy
    // appended) in random chunk sizes.
    const read = (bytes: Buffer, chunk: number, options: ReaderOptions): string => {
      const units: string[] = [];
      const shape = (node: LoopNode): string => `${node.id}(${node.children.map((c) => (c.kind === 'loop' ? shape(c) : `${c.segment.id}${c.segment.number}@${c.segment.offset}:${c.segment.elements.length}`)).join(' ')})`;
      const reader = new X12Reader({ file: 'x', ...options, onUnit: options.units ? (unit, path) => units.push(`${path.map((p) => p.id).join('/')}>${shape(unit)}`) : undefined });
      for (let at = 0; at < bytes.length; at += chunk) reader.push(bytes.subarray(at, at + chunk));
      const report = reader.end();
      const statuses = report.interchanges.map((ic) => [ic.closed, ic.ta1.length, ...ic.groups.map((g) => [g.status, g.closed, ...g.transactions.map((t) => [t.status, t.segmentCount, t.firstSegment, t.lastSegment, t.findings.length, t.droppedFindings])])]);
      return JSON.stringify({ findings: allFindings(report), statuses, segments: report.segmentCount, bytes: report.byteCount, units });
    };
    let differed = 0;
    fc.assert(
      fc.property(fc.nat(inputs.length - 1), fc.nat(), fc.constantFrom(...BYTES), fc.constantFrom('replace', 'insert', 'delete', 'truncate', 'append'), fc.integer({ min: 3, max: 4096 }), fc.boolean(), (which, at, byte, how, chunk, withUnits) => {
        const [name, original] = inputs[which];
        const i = at % original.length;
        const mutated = how === 'truncate' ? original.subarray(0, i) : how === 'append' ? Buffer.concat([original, original.subarray(0, i)]) : byteSpliced(original, i, byte, how);
        const options: ReaderOptions = withUnits ? { units: DEFAULT_UNITS, structureOnly: byte % 2 === 0 } : { buildTree: false };
        const batches = read(mutated, chunk, options);
        if (batches !== read(original, chunk, options)) differed++;
        expect(batches, `${name}: ${how} byte ${byte} at ${i}, chunk ${chunk}, units ${withUnits}`).toBe(read(mutated, chunk, { ...options, fastPath: false }));
      }),
      { numRuns: 1500, seed: propertySeed(20261207) },
    );
    expect(differed).toBeGreaterThan(600);
  });

  it('checks HL01/HL02 from the bytes as from the strings (out of sequence, leading zeros, a prefix of the parent, empty, missing)', () => {
    const text = readFileSync(join(ROOT, 'samples/x12/837P/cob-and-ambulance.valid.x12'), 'latin1');
    // The second claim's levels: HL*1**20*1, HL*2*1*22*1, HL*3*2*23*0. A parent numbered out of sequence keeps its
    // HL01 as a string; its child's HL02 is then compared with that string.
    const variants = ['HL*12*1*22*1~HL*13*1*23*0', 'HL*12*1*22*1~HL*13*12*23*0', 'HL*02*1*22*1~HL*3*0*23*0', 'HL*02*1*22*1~HL*3*02*23*0', 'HL*2*01*22*1~HL*3*2*23*0', 'HL*2**22*1~HL*3*2*23*0', 'HL*2*1*22*1~HL*3', 'HL*2*1*22*1~HL*3*21*23*0', 'HL*2*1*22*1~HL*03*2*23*0'];
    const at = text.lastIndexOf('HL*2*1*22*1~');
    const end = text.indexOf('~', text.indexOf('HL*3*2*23*0', at));
    expect(at).toBeGreaterThan(0);
    const codes = new Set<string>();
    for (const v of variants) {
      const bytes = Buffer.from(text.slice(0, at) + v + text.slice(end), 'latin1');
      const fast = verdict(bytes, 4096, { buildTree: false });
      expect(fast, v).toBe(verdict(bytes, 4096, { buildTree: false, fastPath: false }));
      for (const f of JSON.parse(fast).findings as Array<{ code: string }>) codes.add(f.code);
    }
    expect(codes).toContain('GUIDE-HL-SEQUENCE');
    expect(codes).toContain('GUIDE-HL-PARENT');
  });

  it('places segments in loops the same way when segments are moved, repeated, dropped or re-qualified', () => {
    // The fast path finds each segment's loop through the compiled match tables (loop-matcher.ts) with the
    // qualifier read from bytes; the detailed path through each loop's id map with the qualifier as a string.
    /** Qualifier values used across the guides (and a few no guide allows), for element 1 of a segment. */
    const QUALIFIERS = ['85', '87', 'IL', 'QC', 'PR', 'PE', '82', '77', 'DN', 'DK', '1P', 'PW', 'FA', 'D8', '472', '434', '573', '050', 'EA', 'F8', '6R', 'G1', '9F', 'LU', 'EI', 'CO', 'OA', 'PI', 'AU', 'I', 'B', 'T', '1', '2', '19', '22', '' , 'ZZZZZZZ', 'X'];
    /** A sample cut into segments (each with its terminator; blanks after a terminator go with the next one). */
    const cut = (bytes: Buffer): { parts: Buffer[]; elementSep: number } => ({ parts: cutSegments(bytes), elementSep: bytes[bytes.indexOf('ISA') + 3] });
    const cuts = inputs.map(([name, bytes]) => ({ name, ...cut(bytes) })).filter((c) => c.parts.length > 8);
    expect(cuts.length).toBeGreaterThan(20);
    let differed = 0;
    fc.assert(
      fc.property(fc.nat(cuts.length - 1), fc.nat(), fc.nat(), fc.constantFrom<SegmentSpoil>('move', 'repeat', 'drop', 'requalify'), fc.constantFrom(...QUALIFIERS), fc.integer({ min: 7, max: 4096 }), (which, at, to, how, qualifier, chunk) => {
        const { name, parts, elementSep } = cuts[which];
        const { out, i, j } = spoilSegments(parts, how, at, to, { qualifier, sep: elementSep });
        const mutated = Buffer.concat(out);
        const fast = verdict(mutated, chunk, {});
        if (fast !== verdict(Buffer.concat(parts), chunk, {})) differed++;
        expect(fast, `${name}: ${how} segment ${i} (to ${j}, qualifier ${qualifier})`).toBe(verdict(mutated, chunk, { fastPath: false }));
      }),
      { numRuns: 1200, seed: propertySeed(20261207) },
    );
    // Most of them must change the verdict (structure findings), or the test would prove nothing.
    expect(differed).toBeGreaterThan(600);
  });

  it('balances corrupted 835s from bytes exactly as the model path does', () => {
    // keepClaims: false without onClaim is x12gw validate's read: balanced claims are counted in cents
    // straight from the segments' bytes (balance-cents.ts); with onClaim every claim takes the model path.
    const remits = inputs.filter(([name]) => name.endsWith('.835'));
    expect(remits.length).toBeGreaterThan(3);
    const read = (bytes: Buffer, options: RemittanceReadOptions) => {
      const { report, remittances } = readRemittances(bytes, { file: 'x.835', ...options });
      return JSON.stringify({ findings: allFindings(report), remittances: remittances.map((r) => ({ balance: r.balance, reversals: r.reversals, claimCount: r.claimCount, findings: r.findings })) });
    };
    fc.assert(
      fc.property(fc.nat(remits.length - 1), fc.nat(), fc.constantFrom(...BYTES), fc.constantFrom('replace', 'insert', 'delete'), (which, at, byte, how) => {
        const [name, original] = remits[which];
        const i = at % original.length;
        const mutated = byteSpliced(original, i, byte, how);
        for (const structureOnly of [false, true]) {
          expect(read(mutated, { keepClaims: false, structureOnly }), `${name}: ${how} byte ${byte} at ${i}`).toBe(read(mutated, { keepClaims: false, structureOnly, onClaim: () => undefined }));
        }
      }),
      { numRuns: 800, seed: propertySeed(20261207) },
    );
  });

  it('reads amounts from bytes as from element strings (corruptions next to digits of 835 claims)', () => {
    const remits = inputs.filter(([name]) => name.endsWith('.835'));
    /** The unit with every segment remade from its element strings (the string path of balance-cents). */
    const fromStrings = (node: LoopNode): LoopNode => ({
      ...node,
      children: node.children.map((c) => (c.kind === 'loop' ? fromStrings(c) : { ...c, segment: makeSegment([...c.segment.elements], c.segment.number, c.segment.offset, c.segment.delimiters) })),
    });
    let compared = 0;
    let vouched = 0;
    fc.assert(
      fc.property(fc.nat(remits.length - 1), fc.nat(), fc.constantFrom(...BYTES), fc.constantFrom('replace', 'insert', 'delete'), (which, at, byte, how) => {
        const [name, original] = remits[which];
        // Where an amount could be: next to a digit or a decimal point.
        const { mutated, i } = amountSpoiled(original, at, byte, how);
        // Structure only: no element checks, so a bad amount reaches balance-cents with its bytes still at hand
        // (with element checks its segment is split by the detailed checker and read as strings).
        const reader = new X12Reader({
          structureOnly: true,
          units: { '835': ['2100'] },
          onUnit: (unit) => {
            const fromBytes = balancedClaimInCents(unit);
            compared++;
            if (fromBytes) vouched++;
            expect(fromBytes, `${name}: ${how} byte ${byte} at ${i}`).toEqual(balancedClaimInCents(fromStrings(unit)));
          },
        });
        reader.push(mutated);
        reader.end();
      }),
      { numRuns: 1500, seed: propertySeed(20261207) },
    );
    expect(compared).toBeGreaterThan(3000);
    expect(vouched).toBeGreaterThan(1000);
  });
});
