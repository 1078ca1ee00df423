/**
 * Unit loops handed flat (walker.ts `FlatUnit`, the reader's `flatUnits`/`onFlatUnit`; issue 12 round 12,
 * branch val2) against the tree route they replace in `x12gw validate`'s 835 hook:
 * - the walker: each flat unit's entries (ids, levels, loops opened, definitions, segment numbers, offsets,
 *   delimiters, elements) are those of `FlatUnit.ofTree` over the tree the walker hands without `flatUnits`;
 *   `tree()` is that tree, node for node; the paths, what is left of each transaction set's tree, and the
 *   findings and statuses are the tree route's — for every guide's units made flat, not only the 835's;
 * - the 835 balancing fast path on the flat view: every claim payment it vouches for is one the model path
 *   (`readClaimPayment` + `checkClaimBalance`) finds balanced, with the same paid cents, CLP01, CLP02 and CLP07;
 *   and its answer is the tree route's;
 * - `x12gw validate`'s reader (`fileReader`, flat 835 units) against the same hooks on trees: the whole read
 *   report (findings, statuses, counts) and the remittances' totals, balance and reversal pairs as JSON.
 * - the reversal pairing of the claims the fast path vouches for, fed their CLP's bytes on the flat route (round 13,
 *   branch val6: `ReversalPairing.addCodes`) and strings on trees: the remittances' reversal pairs as JSON;
 * - the 837s' loops above the claims recorded too (`flatPaths`, round 13, branch val5): each unit's path, loop by
 *   loop, node for node (a `PathLoop`'s children against the tree route's loop without the unit), read twice; the
 *   fast clean check reading those loops from the record against it reading the trees.
 * On every sample and on random corruptions (moved, repeated, dropped, re-qualified segments, bytes, amounts),
 * fed in random chunk sizes, with and without the fast path (segments as objects: `addObject`).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_UNITS, FlatUnit, X12Reader, type LoopNode, type ReaderOptions } from '../../src/guides/index.js';
import { RemittanceCollector } from '../../src/remits/read-remittances.js';
import { balancedClaimInCents, balancedUnitInCents, type BalancedClaim } from '../../src/remits/balance-cents.js';
import { readClaimPayment } from '../../src/remits/read-835.js';
import { checkClaimBalance } from '../../src/remits/balance.js';
import { centsOfAmount } from '../../src/remits/values.js';
import { claimCertainlyClean, claimCheckFindings, claimUnitCertainlyClean, inbound837Check, INBOUND_837_FLAT_PATHS, INBOUND_837_FLAT_UNITS, type Inbound837Options } from '../../src/claims/snip/index.js';
import { fileReader } from '../../src/cli/commands/validate.js';
import { amountSpoiled, cutSegments, spoilSegments, type SegmentSpoil } from '../helpers/segment-cuts.js';
import { sampleFiles } from '../helpers/sample-files.js';
import { propertySeed } from '../helpers/property-seed.js';
import type { Segment } from '../../src/x12/tokenizer.js';

/** A number per definition, the same in both routes: they share the compiled guides. */
const ids = new WeakMap<object, number>();
let next = 0;
const idOf = (o: object | undefined): number => {
  if (o === undefined) return -1;
  let n = ids.get(o);
  if (n === undefined) ids.set(o, (n = next++));
  return n;
};

const seg = (s: Segment) => `${s.id}#${s.number}@${s.offset}d${JSON.stringify(s.delimiters)}[${s.elements.join('|')}]`;

/** A unit's entries as FlatUnit reads them. */
function entries(u: FlatUnit): string[] {
  const out: string[] = [];
  for (let i = 0; i < u.count; i++) out.push(`${u.levelAt(i)}:${u.opensAt(i)?.id ?? ''}:${u.idAt(i)}:def${idOf(u.defAt(i))}:${seg(u.segmentAt(i))}`);
  return out;
}

/** A tree, node for node (classes, definitions, segments); `skip`: a node left out (the unit, in its parent on the tree route). */
function dump(node: LoopNode, skip?: LoopNode): string {
  return `${node.constructor.name}:${node.id}/${node.name}(${node.children
    .filter((c) => c !== skip)
    .map((c) => (c.kind === 'loop' ? dump(c, skip) : `${c.constructor.name}:def${idOf(c.def)}:${seg(c.segment)}`))
    .join(' ')})`;
}
const instance = (node: LoopNode): string => {
  const first = node.children[0];
  return `${node.id}@${first?.kind === 'segment' ? first.segment.number : '-'}`;
};
/**
 * The path a unit is handed with: the root as its instance (with `flatPaths` the root holds a recorded loop only
 * once it closed), every loop below it whole, node for node (a `PathLoop`'s children are the tree's; its own
 * class is not a LoopInstance), without the unit itself (a tree unit is still in its parent when handed out).
 */
const pathOf = (path: readonly LoopNode[], unit?: LoopNode): string =>
  path.map((n, i) => (i === 0 ? instance(n) : dump(n, unit).replace(/^[A-Za-z]+:/, ''))).join('/');

function feed(reader: X12Reader, bytes: Buffer, chunk: number) {
  for (let at = 0; at < bytes.length; at += chunk) reader.push(bytes.subarray(at, at + chunk));
  return reader.end();
}

interface Seen {
  units: string[];
  balanced: Array<BalancedClaim | undefined>;
  /** The 837 fast clean check's answer for each 2300. */
  clean: boolean[];
  roots: string[];
  report: string;
}

/** Every unit of DEFAULT_UNITS, as trees or flat (then all of them flat), with what the 835 fast path says of each. */
function readUnits(bytes: Buffer, chunk: number, flat: boolean, options: ReaderOptions = {}): Seen {
  const seen: Seen = { units: [], balanced: [], clean: [], roots: [], report: '' };
  const reader = new X12Reader({
    file: 'x',
    units: DEFAULT_UNITS,
    ...options,
    onTransaction: (root) => seen.roots.push(root ? dump(root) : '-'),
    onUnit: (unit, path, ctx) => {
      const view = FlatUnit.ofTree(unit);
      seen.units.push(`${pathOf(path, unit)}>${dump(unit)}>${entries(view).join(',')}`);
      if (unit.id === '2100') seen.balanced.push(balancedClaimInCents(unit));
      if (unit.id === '2300') seen.clean.push(claimCertainlyClean(ctx.guide!.map.id, unit, path));
    },
    ...(flat
      ? {
          flatUnits: DEFAULT_UNITS,
          flatPaths: INBOUND_837_FLAT_PATHS,
          onFlatUnit: (unit, path, ctx) => {
            const list = entries(unit);
            const tree = unit.tree();
            const above = pathOf(path);
            seen.units.push(`${above}>${dump(tree)}>${list.join(',')}`);
            // The path's loops read twice give the same trees.
            expect(pathOf(path)).toBe(above);
            // The view's answers do not change when it is read twice, nor once its tree was made.
            expect(entries(unit)).toEqual(list);
            if (unit.id === '2100') seen.balanced.push(balancedUnitInCents(unit));
            if (unit.id === '2300') seen.clean.push(claimUnitCertainlyClean(ctx.guide!.map.id, unit, path));
          },
        }
      : {}),
  });
  seen.report = JSON.stringify(feed(reader, bytes, chunk));
  return seen;
}

/** `x12gw validate`'s hooks, on trees (the route before flat units) or with the 835's and 837s' units flat (as `fileReader`). */
function validateRead(bytes: Buffer, chunk: number, flat: boolean, options: Inbound837Options = {}): string {
  const collector = new RemittanceCollector({ keepClaims: false, file: 'x.835' });
  const check837 = inbound837Check(options);
  const reader = new X12Reader({
    file: 'x.835',
    units: DEFAULT_UNITS,
    onUnit: (unit, path, ctx) => {
      collector.onUnit(unit, path, ctx);
      check837(unit, path, ctx);
    },
    ...(flat
      ? {
          flatUnits: { ...RemittanceCollector.flatUnits, ...INBOUND_837_FLAT_UNITS },
          flatPaths: INBOUND_837_FLAT_PATHS,
          onFlatUnit: (unit, path, ctx) => {
            collector.onFlatUnit(unit, path, ctx);
            check837.flat(unit, path, ctx);
          },
        }
      : {}),
    onTransaction: (root, ctx) => collector.onTransaction(root, ctx),
  });
  return JSON.stringify({ report: feed(reader, bytes, chunk), remittances: collector.remittances });
}

/** What the model path says of a claim payment the fast path vouched for. */
function modelAgrees(unit: LoopNode, vouched: BalancedClaim, label: string): void {
  const claim = readClaimPayment(unit, undefined, { balanced: false });
  expect(checkClaimBalance(claim, { base: {}, firstSegment: 0 }), label).toEqual([]);
  expect(centsOfAmount(claim.paid), label).toBe(vouched.paidCents);
  expect(claim.patientControlNumber, label).toBe(vouched.patientControlNumber);
  expect(claim.status, label).toBe(vouched.status);
  expect(claim.payerClaimControlNumber || undefined, label).toBe(vouched.payerClaimControlNumber);
}

/** A partner with SNIP 7 rules (one required field, one code list; one edit skipped). */
const PARTNER: Inbound837Options = {
  partner: {
    id: 'p',
    rules: { skipEdits: ['837-COB-LINE-BALANCE'], requiredFields: [{ field: 'referringProvider.npi' }], codeLists: [{ field: 'lines[].placeOfService', codes: ['11'] }] },
  },
};

const QUALIFIERS = ['85', '87', 'IL', 'QC', 'PR', 'PE', 'CO', 'OA', 'I', '1', '2', '22', '', 'X', '2110'];
const BYTES = [...'0123456789.-AZ*~:'].map((c) => c.charCodeAt(0)).concat([0, 0xe9]);

describe('flat unit loops are the trees they replace', () => {
  const all = sampleFiles(/\.(x12|835|837|277|277ca|276|999|edi)$/i)
    .map(([name, bytes]) => ({ name, bytes, parts: cutSegments(bytes) }))
    .filter((c) => c.parts.length > 8);
  const remits = all.filter((c) => /835/.test(c.name));
  const claims = all.filter((c) => /837/.test(c.name));
  const secondaries = claims.filter((c) => c.bytes.includes('SVD*'));
  const counts = { units: 0, vouched: 0, notVouched: 0, multiChunk: 0, clean: 0, notClean: 0, claimFindings: 0, paired: 0 };

  function check(bytes: Buffer, chunk: number, label: string, options: ReaderOptions = {}): void {
    const trees = readUnits(bytes, chunk, false, options);
    const flat = readUnits(bytes, chunk, true, options);
    expect(flat.units, label).toEqual(trees.units);
    expect(flat.roots, label).toEqual(trees.roots);
    expect(flat.report, label).toBe(trees.report);
    expect(flat.balanced, label).toEqual(trees.balanced);
    expect(flat.clean, label).toEqual(trees.clean);
    counts.units += flat.units.length;
    if (chunk < 200) counts.multiChunk++;
    // Each claim payment the fast path vouches for balances on the model path (an oracle that shares no code with it).
    let k = 0;
    const oracle = new X12Reader({
      units: { '835': ['2100'] },
      ...options,
      onUnit: (unit) => {
        const b = flat.balanced[k++];
        if (b) {
          counts.vouched++;
          modelAgrees(unit, b, `${label}, claim payment ${k}`);
        } else counts.notVouched++;
      },
    });
    oracle.push(bytes);
    oracle.end();
    // Each 837 claim the fast clean check vouches for on the flat view has no SNIP 3/4 finding from the checks themselves.
    let c = 0;
    const claimOracle = new X12Reader({
      units: INBOUND_837_FLAT_UNITS,
      ...options,
      onUnit: (unit, path, ctx) => {
        if (unit.id !== '2300') return;
        const findings = claimCheckFindings(ctx.guide!.map.id, unit, path, {});
        counts.claimFindings += findings.length;
        if (flat.clean[c++]) {
          counts.clean++;
          expect(findings, `${label}, claim ${c}`).toEqual([]);
        } else counts.notClean++;
      },
    });
    claimOracle.push(bytes);
    claimOracle.end();
    expect(c, label).toBe(flat.clean.length);
    const tree = validateRead(bytes, chunk, false);
    expect(validateRead(bytes, chunk, true), label).toBe(tree);
    // Reversals paired on the flat route (the fast path's CLP bytes, `addCodes`) as on trees (strings, `add`).
    for (const r of JSON.parse(tree).remittances as Array<{ reversals: Array<{ correction?: number }> }>) counts.paired += r.reversals.filter((p) => p.correction !== undefined).length;
    // The command's own reader (its collector's remittances show in the report: balance findings, statuses; the 837s' findings).
    expect(JSON.stringify({ report: feed(fileReader('x.835'), bytes, chunk) }), label).toBe(JSON.stringify({ report: JSON.parse(tree).report }));
    if (/837/.test(label)) {
      // With a partner's rules (SNIP 7) every claim is read back from its tree, flat or not.
      const tree7 = validateRead(bytes, chunk, false, PARTNER);
      expect(validateRead(bytes, chunk, true, PARTNER), label).toBe(tree7);
      expect(JSON.stringify({ report: feed(fileReader('x.835', PARTNER), bytes, chunk) }), label).toBe(JSON.stringify({ report: JSON.parse(tree7).report }));
    }
  }

  it('on every sample, whole, in small chunks, and without the fast path', () => {
    for (const { name, bytes } of all) {
      check(bytes, 1 << 20, name);
      check(bytes, 61, `${name} (61-byte chunks)`);
      check(bytes, 4096, `${name} (no fast path)`, { fastPath: false });
    }
    expect(all.length).toBeGreaterThan(20);
    expect(remits.length).toBeGreaterThan(5);
    expect(counts.units).toBeGreaterThan(300);
    expect(counts.paired).toBeGreaterThan(3);
  });

  it('on random corruptions of the samples (segments moved, repeated, dropped, re-qualified, bytes changed)', () => {
    fc.assert(
      fc.property(
        fc.nat(all.length - 1),
        fc.nat(),
        fc.nat(),
        fc.constantFrom<SegmentSpoil>('move', 'repeat', 'drop', 'requalify', 'byte', 'moves'),
        fc.constantFrom(...QUALIFIERS),
        fc.constantFrom(...BYTES),
        fc.integer({ min: 7, max: 4096 }),
        fc.boolean(),
        (which, at, to, how, qualifier, byte, chunk, structureOnly) => {
          // Two in three runs on an 835 (the units this is for).
          const pool = which % 3 === 0 ? all : remits;
          const { name, parts } = pool[which % pool.length];
          const { out, i, j } = spoilSegments(parts, how, at, to, { qualifier, byte });
          check(Buffer.concat(out), chunk, `${name}: ${how} segment ${i} (to ${j}, qualifier ${qualifier}, byte ${byte}), chunk ${chunk}`, { structureOnly });
        },
      ),
      { numRuns: 500, seed: propertySeed(20261212) },
    );
  });

  it('on 835s with amounts corrupted (the balancing both ways, and against the model path)', () => {
    fc.assert(
      fc.property(fc.nat(remits.length - 1), fc.nat(), fc.constantFrom(...BYTES), fc.constantFrom('replace', 'insert', 'delete'), fc.integer({ min: 7, max: 4096 }), (which, at, byte, how, chunk) => {
        const { name, bytes: original } = remits[which];
        const { mutated, i } = amountSpoiled(original, at, byte, how);
        check(mutated, chunk, `${name}: ${how} byte ${byte} at ${i}, chunk ${chunk}`, { structureOnly: true });
      }),
      { numRuns: 400, seed: propertySeed(20261213) },
    );
    // Both answers of the fast path were reached, and units that span chunks were read.
    expect(counts.vouched).toBeGreaterThan(500);
    expect(counts.notVouched).toBeGreaterThan(100);
    expect(counts.multiChunk).toBeGreaterThan(50);
  });

  it('on 837s corrupted (segments moved, repeated, dropped, re-qualified; amounts that no longer sum): the clean check both ways', () => {
    fc.assert(
      fc.property(
        fc.nat(claims.length - 1),
        fc.nat(),
        fc.nat(),
        fc.constantFrom<SegmentSpoil | 'amount'>('move', 'repeat', 'drop', 'requalify', 'byte', 'moves', 'amount', 'amount'),
        fc.constantFrom(...QUALIFIERS, '18', '7', '8', 'AA', 'D', 'DMG', 'N3'),
        fc.constantFrom(...BYTES),
        fc.integer({ min: 7, max: 4096 }),
        fc.boolean(),
        (which, at, to, how, qualifier, byte, chunk, structureOnly) => {
          // Two in three runs on an 837 with other payers (line adjudications, claim-level COB).
          const pool = which % 3 === 0 ? claims : secondaries;
          const { name, bytes, parts } = pool[which % pool.length];
          if (how === 'amount') {
            const { mutated, i } = amountSpoiled(bytes, at, byte, to % 3 === 0 ? 'replace' : to % 3 === 1 ? 'insert' : 'delete', parts);
            check(mutated, chunk, `${name}: amount byte ${byte} at ${i}, chunk ${chunk}`, { structureOnly });
            return;
          }
          const { out, i, j } = spoilSegments(parts, how, at, to, { qualifier, byte });
          check(Buffer.concat(out), chunk, `${name}: ${how} segment ${i} (to ${j}, qualifier ${qualifier}, byte ${byte}), chunk ${chunk}`, { structureOnly });
        },
      ),
      { numRuns: 400, seed: propertySeed(20261214) },
    );
    // Both answers of the clean check were reached, and the checks found something on the claims it did not vouch for.
    expect(claims.length).toBeGreaterThan(5);
    expect(secondaries.length).toBeGreaterThan(3);
    expect(counts.clean).toBeGreaterThan(300);
    expect(counts.notClean).toBeGreaterThan(100);
    expect(counts.claimFindings).toBeGreaterThan(50);
  });
});
