/**
 * The fused clean pass (src/guides/clean-scan.ts `segmentCleanBytes`: one walk of each element's bytes for
 * separators, type and code key together, through a byte-class table) must give exactly the verdict of the
 * two-pass clean pass it replaced (kept as the oracle in ./two-pass-clean-scan.ts), for every segment
 * definition of every compiled guide, under several delimiter sets (including delimiters that are also
 * type characters: '.', '-', and a component separator equal to the repetition separator), on values
 * built to be clean and then corrupted. The oracle itself is held to the detailed checker by
 * test/unit/guides/clean-scan.test.ts, and the reader's findings with and without the pass by
 * fast-path.property.test.ts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compiledGuides } from '../../src/guides/registry.js';
import { byteClasses, generatedCleanCheck, segmentCleanBytes, segmentCleanInterpreted } from '../../src/guides/clean-scan.js';
import type { CompiledComponent, CompiledLoop, CompiledSegment } from '../../src/guides/compile.js';
import type { Delimiters } from '../../src/x12/delimiters.js';
import { twoPassSegmentClean } from './two-pass-clean-scan.js';
import { propertySeed } from '../helpers/property-seed.js';

function allSegmentDefs(): CompiledSegment[] {
  const out: CompiledSegment[] = [];
  const visit = (loop: CompiledLoop) => {
    for (const c of loop.children) c.kind === 'segment' ? out.push(c) : visit(c);
  };
  for (const guide of compiledGuides().values()) visit(guide.root);
  return out;
}

const DELIMITER_SETS: Delimiters[] = [
  { element: '*', repetition: '^', component: ':', segment: '~' },
  { element: '|', repetition: '', component: '>', segment: '\n' },
  { element: '*', repetition: '-', component: '.', segment: '~' },
  { element: '^', repetition: ':', component: ':', segment: '~' },
  { element: '*', repetition: '^', component: '*', segment: '~' },
  { element: '\u00e9', repetition: '\u00ff', component: '\u0001', segment: '~' },
];

/** Characters a corruption or a random value uses: digits, letters, '.', '-', every delimiter above, blanks, control and high bytes. */
const NOISE = [...'0123456789AZaz.-:*^|> ', '\u0001', '\u0009', '\u007f', '\u0080', '\u00e9', '\u00ff'];

/** A value likely to be clean for `def` (its rng is fast-check's, through `pick`). */
function cleanish(def: CompiledComponent, pick: (n: number) => number): string {
  const digits = (n: number) => Array.from({ length: n }, () => String(pick(10))).join('');
  const codes = def.codes ? [...def.codes] : undefined;
  if (codes && codes.length) return codes[pick(codes.length)];
  switch (def.type) {
    case 'N':
    case 'N0':
    case 'N1':
    case 'N2':
    case 'N3':
    case 'N4':
      return (pick(4) === 0 ? '-' : '') + digits(1 + pick(Math.max(1, Math.min(def.max, 9))));
    case 'R':
      return (pick(4) === 0 ? '-' : '') + digits(1 + pick(5)) + (pick(2) ? '.' + digits(pick(3)) : '');
    case 'DT':
      return ['20231215', '19991231', '20240229', '20230229', '18000101', '20231301'][pick(6)];
    case 'TM':
      return ['1200', '235959', '2400', '1260', '0930451', '09304512', '930'][pick(7)];
    default: {
      const n = Math.max(def.min, 1) + pick(Math.max(1, Math.min(def.max, 12) - Math.max(def.min, 1) + 1));
      return Array.from({ length: n }, () => 'ABCXYZ019 '[pick(10)]).join('');
    }
  }
}

describe('fused clean pass = two-pass clean pass', () => {
  const defs = allSegmentDefs();

  it('has segment definitions of every guide to try', () => {
    expect(defs.length).toBeGreaterThan(500);
  });

  it('gives the same verdict on clean-ish and corrupted segments, under every delimiter set', () => {
    let clean = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        fc.nat(defs.length - 1),
        fc.nat(DELIMITER_SETS.length - 1),
        fc.array(fc.nat(1 << 20), { minLength: 64, maxLength: 64 }),
        fc.array(fc.tuple(fc.nat(400), fc.constantFrom(...NOISE, 'SEP', 'COMP', 'REP', 'REP'), fc.constantFrom('replace', 'insert', 'delete')), { maxLength: 3 }),
        fc.nat(7),
        fc.option(fc.array(fc.tuple(fc.constantFrom('P', 'R', 'E', 'C', 'L'), fc.array(fc.nat(33), { minLength: 1, maxLength: 4 })), { maxLength: 3 }), { freq: 4 }),
        (which, ds, rolls, corruptions, pad, rules) => {
          // Now and then the definition's syntax notes replaced by random ones (positions 0–33, repeated ones too).
          const def: CompiledSegment =
            rules === null
              ? defs[which]
              : { ...defs[which], cleanPlan: undefined, syntaxRules: rules.map(([kind, positions]) => ({ kind, positions, note: '' })) };
          const d = DELIMITER_SETS[ds];
          let r = 0;
          const pick = (n: number) => (n <= 1 ? 0 : rolls[r++ % rolls.length] % n);
          const elements: string[] = [def.id];
          const count = def.elements.length + (pick(8) === 0 ? 1 : 0) - pick(3);
          for (let i = 0; i < count; i++) {
            const e = def.elements[i] ?? def.elements[def.elements.length - 1];
            const mode = pick(6);
            if (mode === 0 || (e.usage === 'N' && mode !== 1)) elements.push('');
            else if (e.components) {
              const parts: string[] = [];
              const n = 1 + pick(e.components.length + 1);
              for (let c = 0; c < n; c++) {
                const cdef = e.components[c] ?? e.components[0];
                parts.push(pick(4) === 0 || cdef.usage === 'N' ? '' : cleanish(cdef, pick));
              }
              elements.push(parts.join(d.component));
            } else elements.push(cleanish(e, pick));
          }
          while (elements.length > 1 && elements[elements.length - 1] === '' && pick(4) !== 0) elements.pop();
          let text = elements.join(d.element);
          for (const [at, token, how] of corruptions) {
            // The set's own delimiters (the repetition separator most often: it must never pass) or a noise byte.
            const ch = token === 'SEP' ? d.element : token === 'COMP' ? d.component : token === 'REP' ? d.repetition : token;
            const i = text.length ? at % text.length : 0;
            if (how === 'replace') text = text.slice(0, i) + ch + text.slice(i + 1);
            else if (how === 'insert') text = text.slice(0, i) + ch + text.slice(i);
            else text = text.slice(0, i) + text.slice(i + 1);
          }
          // In the middle of a larger chunk, as the tokenizer hands segments over.
          const bytes = Buffer.from('~'.repeat(pad) + text + d.element + 'JUNK' + d.component, 'latin1');
          const start = pad;
          const end = pad + Buffer.byteLength(text, 'latin1');
          // The specialised check generated from the plan (round 7), the plan interpreted (round 6), the two-pass oracle.
          const check = generatedCleanCheck(def);
          if (check === null) throw new Error('no generated check: code generation is off in this runtime');
          const generated = check(bytes, start, end, byteClasses(d), def);
          // The entry point: the interpreted pass on a plan's first use, the generated check after.
          if (segmentCleanBytes(bytes, start, end, def, d) !== generated) throw new Error(`${def.id}: segmentCleanBytes differs from its generated check`);
          const fused = segmentCleanInterpreted(bytes, start, end, def, d);
          const oracle = twoPassSegmentClean(bytes, start, end, def, d);
          runs++;
          if (oracle) clean++;
          if (fused !== oracle) throw new Error(`${def.parent.id} ${def.id}: fused ${fused}, two-pass ${oracle} on ${JSON.stringify(text)} with ${JSON.stringify(d)}`);
          if (generated !== oracle) throw new Error(`${def.parent.id} ${def.id}: generated ${generated}, two-pass ${oracle} on ${JSON.stringify(text)} with ${JSON.stringify(d)}`);
        },
      ),
      { numRuns: 30000, seed: propertySeed(20261207) },
    );
    // Enough clean verdicts that agreement means something (and enough unclean ones).
    expect(clean / runs).toBeGreaterThan(0.1);
    expect(clean / runs).toBeLessThan(0.9);
  });

  it('agrees on delimiters in odd places of composites and simple elements (examples)', () => {
    const sv1 = defs.find((d) => d.id === 'SV1' && d.parent.id === '2400')!;
    const d = DELIMITER_SETS[0];
    const texts = ['SV1*HC:99213*100*UN*1***1', 'SV1*HC:992^13*100*UN*1***1', 'SV1*HC^:99213*100*UN*1***1', 'SV1*HC:99213:*100*UN*1***1', 'SV1*HC:99213*10^0*UN*1***1', 'SV1*HC:99213*100*UN*1***1:2:^', 'SV1*HC::::::::*100*UN*1', 'SV1*:99213*100*UN*1'];
    const verdicts = texts.map((text) => {
      const bytes = Buffer.from(text, 'latin1');
      const fused = segmentCleanBytes(bytes, 0, bytes.length, sv1, d);
      expect(fused, text).toBe(twoPassSegmentClean(bytes, 0, bytes.length, sv1, d));
      expect(segmentCleanInterpreted(bytes, 0, bytes.length, sv1, d), text).toBe(fused);
      return fused;
    });
    expect(verdicts).toEqual([true, false, false, true, false, false, false, false]);
  });

  it('agrees on decimals, dates and times at their edges (examples)', () => {
    const d = DELIMITER_SETS[0];
    const dtp = defs.find((x) => x.id === 'DTP' && x.elements[1].codes?.has('RD8') === true && x.elements[0].codes !== undefined)!;
    const q = [...dtp.elements[0].codes!][0];
    const amt = defs.find((x) => x.id === 'AMT' && x.parent.id === '2400')!;
    const bht = defs.find((x) => x.id === 'BHT' && x.elements[0].codes?.has('0019') === true)!;
    const cases: Array<[CompiledSegment, string, boolean]> = [
      [amt, 'AMT*T*1.50', true],
      [amt, 'AMT*T*1.5.0', false],
      [amt, 'AMT*T*-.5', true],
      [amt, 'AMT*T*-', false],
      [bht, 'BHT*0019*00*1*20240229*2359*CH', true],
      [bht, 'BHT*0019*00*1*20230229*1200*CH', false],
      [bht, 'BHT*0019*00*1*20240101*2400*CH', false],
      [bht, 'BHT*0019*00*1*20240101*1260*CH', false],
      [dtp, `DTP*${q}*RD8*20240101-20240102`, true],
      [dtp, `DTP*${q}*RD8*20240102-20240101`, false],
      [dtp, `DTP*${q}*RD8*20240101-20241301`, false],
    ];
    for (const [def, text, expected] of cases) {
      const bytes = Buffer.from(text, 'latin1');
      const oracle = twoPassSegmentClean(bytes, 0, bytes.length, def, d);
      expect(generatedCleanCheck(def)!(bytes, 0, bytes.length, byteClasses(d), def), text).toBe(oracle);
      expect(segmentCleanBytes(bytes, 0, bytes.length, def, d), text).toBe(oracle);
      expect(segmentCleanInterpreted(bytes, 0, bytes.length, def, d), text).toBe(oracle);
      if (oracle !== expected) throw new Error(`${text}: the oracle says ${oracle} (the example needs another definition)`);
    }
  });

  it('generates no code for a plan met once (the walker copies a definition for each segment with a qualifier it does not allow)', () => {
    const d = DELIMITER_SETS[0];
    const sv1 = defs.find((x) => x.id === 'SV1' && x.parent.id === '2400')!;
    const bytes = Buffer.from('SV1*HC:99213*100*UN*1***1', 'latin1');
    const copy: CompiledSegment = { ...sv1, cleanPlan: undefined, elements: sv1.elements.map((e) => ({ ...e })) };
    expect(segmentCleanBytes(bytes, 0, bytes.length, copy, d)).toBe(true);
    expect(copy.cleanPlan?.check).toBeUndefined();
    // The second use of the same plan compiles it.
    expect(segmentCleanBytes(bytes, 0, bytes.length, copy, d)).toBe(true);
    expect(typeof copy.cleanPlan?.check).toBe('function');
  });

  it('classes a byte that is two delimiters at once as the one the scan honours first', () => {
    const t = byteClasses({ element: '*', repetition: ':', component: ':', segment: '~' });
    // ':' is both component and repetition separator: it must stop a value (and be taken as a component separator).
    expect(t[':'.charCodeAt(0)] & 2).toBe(2);
    expect(t['5'.charCodeAt(0)]).toBe(8 | 16);
    expect(t[1]).toBe(0);
  });
});
