/**
 * The 835's claim payment models read from the flat unit (issue 12 round 13, branch models3): the walker hands
 * each 2100 flat (`flatUnits`/`onFlatUnit`, walker.ts `FlatUnit`) and `readUnitClaimPayment` reads the model
 * from it; `readClaimPayment(tree)` is the same reader over `FlatUnit.ofTree(tree)`. Compared here:
 * - each claim payment read flat against the same claim read from the tree the walker builds without
 *   `flatUnits` (models field for field, Decimals by value, key order, descriptions, positions; the balance
 *   proof; a throw for a throw), and against the reference reader that shares no code with it
 *   (remits-model-reference.ts: a look-up per field over split segments);
 * - the collector (`RemittanceCollector`) flat against trees: the read report (findings, statuses) and the
 *   remittances (claims kept, totals, balance, reversals) as JSON, and the claims `onClaim` sees (the report's
 *   and the gateway's mode: `keepClaims: false`); `readRemittances` (now flat) against the tree collector.
 * On the 835 samples and the shared corpus's 835s, whole, in 61-byte chunks and without the fast path (segments
 * as objects), and on random corruptions of them (segments moved, repeated, dropped, re-qualified, bytes and
 * amounts changed) in random chunk sizes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { X12Reader, type FlatUnit, type LoopNode, type ReaderOptions } from '../../src/guides/index.js';
import { readClaimPayment, readUnitClaimPayment } from '../../src/remits/read-835.js';
import { RemittanceCollector, readRemittances, type RemittanceReadOptions } from '../../src/remits/read-remittances.js';
import { referenceReadClaimPayment } from './remits-model-reference.js';
import { amountSpoiled, cutSegments, spoilSegments, type SegmentSpoil } from '../helpers/segment-cuts.js';
import { sampleFiles } from '../helpers/sample-files.js';
import { CORPUS_DIR, corpusAvailable } from '../helpers/corpus.js';
import { propertySeed } from '../helpers/property-seed.js';

/** JSON that tells a Decimal from a string (by its value), and an absent-but-present key from a missing one. */
function exact(x: unknown): string {
  return JSON.stringify(x, function (this: Record<string, unknown>, k, v) {
    const raw = this[k];
    if (Decimal.isDecimal(raw)) return `Decimal(${(raw as Decimal).toString()})`;
    return v === undefined ? '<undefined>' : v;
  });
}

const failed = (err: unknown) => `throws ${(err as Error).constructor.name}`;

/** One claim payment's model (and its balance proof) as the reader gives it, or that it threw. */
function modelOf(read: () => unknown, facts: { balanced: boolean }): string {
  try {
    const claim = read();
    return `${exact(claim)} balanced=${facts.balanced}`;
  } catch (err) {
    return failed(err);
  }
}

function feed(reader: X12Reader, bytes: Buffer, chunk: number) {
  for (let at = 0; at < bytes.length; at += chunk) reader.push(bytes.subarray(at, at + chunk));
  return reader.end();
}

const headerNumberOf = (path: readonly LoopNode[]) => (path.some((p) => p.id === '2000') ? 'H1' : undefined);

interface Models {
  /** Each 2100's model, in file order. */
  models: string[];
  /** The reference reader's model of each 2100 read as a tree ('' when the reference throws). */
  reference: string[];
  report: string;
}

/** Every 2100 of an 835 read to its model: from its tree (`readClaimPayment`) or handed flat (`readUnitClaimPayment`). */
function readModels(bytes: Buffer, chunk: number, flat: boolean, options: ReaderOptions): Models {
  const out: Models = { models: [], reference: [], report: '' };
  const onUnit = (unit: LoopNode, path: readonly LoopNode[]) => {
    if (unit.id !== '2100') return;
    const facts = { balanced: false };
    out.models.push(modelOf(() => readClaimPayment(unit, headerNumberOf(path), facts), facts));
    let reference = '';
    try {
      reference = exact(referenceReadClaimPayment(unit, headerNumberOf(path)));
    } catch {
      reference = '';
    }
    out.reference.push(reference);
  };
  const onFlatUnit = (unit: FlatUnit, path: readonly LoopNode[]) => {
    if (unit.id !== '2100') return;
    const facts = { balanced: false };
    out.models.push(modelOf(() => readUnitClaimPayment(unit, headerNumberOf(path), facts), facts));
  };
  const reader = new X12Reader({ file: 'x.835', units: { '835': ['2100'] }, ...options, onUnit, ...(flat ? { flatUnits: { '835': ['2100'] }, onFlatUnit } : {}) });
  out.report = JSON.stringify(feed(reader, bytes, chunk));
  return out;
}

/** The collector on trees (`onUnit`, the route before) or flat (`onFlatUnit`): report, remittances, the claims `onClaim` saw. */
function collect(bytes: Buffer, chunk: number, flat: boolean, options: ReaderOptions, collectorOptions: RemittanceReadOptions): string {
  const seen: string[] = [];
  const collector = new RemittanceCollector({ file: 'x.835', ...collectorOptions, onClaim: (claim, remittance) => seen.push(`${exact(claim)} of ${remittance.claimCount}`) });
  const reader = new X12Reader({
    file: 'x.835',
    units: RemittanceCollector.units,
    ...options,
    onUnit: (u, p, c) => collector.onUnit(u, p, c),
    ...(flat ? { flatUnits: RemittanceCollector.flatUnits, onFlatUnit: (u: FlatUnit, p: readonly LoopNode[], c: Parameters<RemittanceCollector['onFlatUnit']>[2]) => collector.onFlatUnit(u, p, c) } : {}),
    onTransaction: (r, c) => collector.onTransaction(r, c),
  });
  let report: string;
  try {
    report = JSON.stringify(feed(reader, bytes, chunk));
  } catch (err) {
    report = failed(err);
  }
  return `${report}\n${exact(collector.remittances)}${seen.map((c) => `\n${c}`).join('')}`;
}

/** The 835 samples and the shared corpus's 835s (read in place), those with an interchange and claim payments. */
function remittanceFiles(): Array<{ name: string; bytes: Buffer; parts: Buffer[] }> {
  const files = sampleFiles(/\.(835|x12|edi|txt)$/i);
  if (corpusAvailable()) {
    const dir = join(CORPUS_DIR, '835');
    for (const name of readdirSync(dir).sort()) files.push([`corpus/835/${name}`, readFileSync(join(dir, name))]);
  }
  return files
    .filter(([, bytes]) => bytes.includes('ISA') && bytes.includes('CLP') && bytes.indexOf('ISA') + 106 < bytes.length)
    .map(([name, bytes]) => ({ name, bytes, parts: cutSegments(bytes) }))
    .filter((f) => f.parts.length > 8);
}

const QUALIFIERS = ['QC', 'IL', '74', '82', 'PR', 'TT', 'GB', '472', '150', '151', '232', '233', '6R', 'B6', 'AU', 'CO', 'PR', 'OA', 'I', '1', '22', '', 'X', '2110'];
const BYTES = [...'0123456789.-AZ*~:'].map((c) => c.charCodeAt(0)).concat([0, 0xe9]);

describe('835 claim payment models read flat are the tree route\'s', () => {
  const files = remittanceFiles();
  const counts = { claims: 0, throws: 0, lines: 0, proven: 0, adjudication: 0, contacts: 0, multiChunk: 0 };

  function check(bytes: Buffer, chunk: number, label: string, options: ReaderOptions = {}): void {
    const trees = readModels(bytes, chunk, false, options);
    const flat = readModels(bytes, chunk, true, options);
    expect(flat.report, label).toBe(trees.report);
    expect(flat.models.length, label).toBe(trees.models.length);
    for (let k = 0; k < flat.models.length; k++) {
      const model = flat.models[k];
      expect(model, `${label}, claim payment ${k + 1}`).toBe(trees.models[k]);
      const reference = trees.reference[k];
      if (reference === '') expect(model, `${label}, claim payment ${k + 1} (the reference throws)`).toMatch(/^throws /);
      else expect(model.slice(0, model.lastIndexOf(' balanced=')), `${label}, claim payment ${k + 1} against the reference reader`).toBe(reference);
      counts.claims++;
      if (model.startsWith('throws ')) counts.throws++;
      else {
        if (model.endsWith('balanced=true')) counts.proven++;
        if (!model.includes('"lines":[]')) counts.lines++;
        if (!model.includes('"adjudication":"<undefined>"')) counts.adjudication++;
        if (!model.includes('"contacts":[]')) counts.contacts++;
      }
    }
    if (chunk < 200) counts.multiChunk++;
    // The collector: claims kept, and streamed through onClaim only (the report's and the gateway's mode).
    for (const collectorOptions of [{}, { keepClaims: false }] as RemittanceReadOptions[]) {
      expect(collect(bytes, chunk, true, options, collectorOptions), `${label}, collector ${exact(collectorOptions)}`).toBe(collect(bytes, chunk, false, options, collectorOptions));
    }
  }

  it('on every 835 sample and corpus file, whole, in small chunks, and without the fast path', () => {
    for (const { name, bytes } of files) {
      check(bytes, 1 << 20, name);
      check(bytes, 61, `${name} (61-byte chunks)`);
      check(bytes, 4096, `${name} (no fast path)`, { fastPath: false });
      // readRemittances reads flat: the same remittances and report as the collector on trees.
      let flat: string;
      try {
        const { report, remittances } = readRemittances(bytes, { file: 'x.835' });
        flat = `${JSON.stringify(report)}\n${exact(remittances)}`;
      } catch (err) {
        flat = failed(err);
      }
      const tree = collect(bytes, 1 << 20, false, {}, {}).split('\n');
      expect(flat, `${name}: readRemittances`).toBe(`${tree[0]}\n${tree[1]}`);
    }
    expect(files.length).toBeGreaterThan(10);
    expect(files.some((f) => f.name.startsWith('corpus/'))).toBe(corpusAvailable());
    expect(counts.claims).toBeGreaterThan(50);
    expect(counts.lines).toBeGreaterThan(50);
    expect(counts.adjudication).toBeGreaterThan(5);
  });

  it('on random corruptions (segments moved, repeated, dropped, re-qualified, bytes changed)', () => {
    fc.assert(
      fc.property(
        fc.nat(files.length - 1),
        fc.nat(),
        fc.nat(),
        fc.constantFrom<SegmentSpoil>('move', 'repeat', 'drop', 'requalify', 'byte', 'moves'),
        fc.constantFrom(...QUALIFIERS),
        fc.constantFrom(...BYTES),
        fc.integer({ min: 7, max: 4096 }),
        fc.nat(5),
        (which, at, to, how, qualifier, byte, chunk, mode) => {
          const { name, parts } = files[which];
          const { out, i, j } = spoilSegments(parts, how, at, to, { qualifier, byte });
          const options: ReaderOptions = mode === 0 ? { fastPath: false } : mode % 2 === 1 ? { structureOnly: true } : {};
          check(Buffer.concat(out), chunk, `${name}: ${how} segment ${i} (to ${j}, qualifier ${qualifier}, byte ${byte}), chunk ${chunk}, ${exact(options)}`, options);
        },
      ),
      { numRuns: 300, seed: propertySeed(20261307) },
    );
  });

  it('on 835s with amounts corrupted', () => {
    fc.assert(
      fc.property(fc.nat(files.length - 1), fc.nat(), fc.constantFrom(...BYTES), fc.constantFrom('replace', 'insert', 'delete'), fc.integer({ min: 7, max: 4096 }), (which, at, byte, how, chunk) => {
        const { name, bytes } = files[which];
        const { mutated, i } = amountSpoiled(bytes, at, byte, how);
        check(mutated, chunk, `${name}: ${how} byte ${byte} at ${i}, chunk ${chunk}`, { structureOnly: true });
      }),
      { numRuns: 300, seed: propertySeed(20261308) },
    );
    // Claims proven balanced in cents and not, with contacts, and runs whose units span chunks were all reached.
    // (None throws: the walker opens a 2100 only at a CLP and a 2110 only at an SVC.) The thresholds hold with and
    // without the shared corpus (seeded: 3,597 / 1,174 claim payments, 1,237 / 1,045 proven).
    expect(counts.claims).toBeGreaterThan(1000);
    expect(counts.claims - counts.throws - counts.proven).toBeGreaterThan(100);
    expect(counts.proven).toBeGreaterThan(500);
    expect(counts.contacts).toBeGreaterThan(0);
    expect(counts.multiChunk).toBeGreaterThan(100);
  });
});
