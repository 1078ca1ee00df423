/**
 * The fast clean-segment pass must never vouch for a segment the detailed checker finds fault with.
 * Differential test over every segment of every sample and corpus file, and over random mutations.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readX12, type LoopNode, type SegmentNode } from '../../../src/guides/index.js';
import { segmentClean } from '../../../src/guides/clean-scan.js';
import { checkSegmentElements } from '../../../src/guides/element-checks.js';
import { makeSegment, textOf } from '../../../src/x12/tokenizer.js';
import { CORPUS_DIR, corpusAvailable, corpusManifest } from '../../helpers/corpus.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

function matchedSegments(text: Buffer | string): SegmentNode[] {
  const out: SegmentNode[] = [];
  const walk = (node: LoopNode) => {
    for (const c of node.children) {
      if (c.kind === 'loop') walk(c);
      else if (c.def) out.push(c);
    }
  };
  readX12(text, { onTransaction: (root) => root && walk(root) });
  return out;
}

function findingsFor(node: SegmentNode): number {
  return checkSegmentElements(node.segment, node.def!, () => ({}), () => undefined);
}

function allInputs(): Array<[string, Buffer]> {
  const files: Array<[string, Buffer]> = [];
  const samples = join(ROOT, 'samples');
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/\.(x12|835|837|999|277|edi)$/.test(entry.name)) files.push([path, readFileSync(path)]);
    }
  };
  visit(samples);
  if (corpusAvailable()) for (const e of corpusManifest()) files.push([e.file, readFileSync(join(CORPUS_DIR, e.file))]);
  return files;
}

describe('fast clean-segment pass', () => {
  const inputs = allInputs();

  it('agrees with the detailed checker on every segment it vouches for (samples and corpus)', () => {
    let vouched = 0;
    let total = 0;
    for (const [name, bytes] of inputs) {
      for (const node of matchedSegments(bytes)) {
        total++;
        if (segmentClean(textOf(node.segment), node.def!, node.segment.delimiters)) {
          vouched++;
          expect(findingsFor(node), `${name} segment ${node.segment.number} ${node.segment.id}`).toBe(0);
        }
      }
    }
    expect(total).toBeGreaterThan(3000);
    // It must carry most of the load, or it is not worth having.
    expect(vouched / total).toBeGreaterThan(0.6);
  });

  it('never vouches for a mutated segment the detailed checker rejects', () => {
    const pool = inputs.slice(0, 30).flatMap(([, bytes]) => matchedSegments(bytes));
    const chars = ['*', ':', '^', '', '', 'A', '9', '.', '-', '0', ' ', '\u0001', 'ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ'];
    fc.assert(
      fc.property(fc.nat(pool.length - 1), fc.nat(200), fc.constantFrom(...chars), fc.boolean(), (which, at, ch, remove) => {
        const node = pool[which];
        const text = textOf(node.segment);
        const i = 3 + (at % Math.max(1, text.length - 3));
        const mutated = remove ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + ch + text.slice(i);
        const d = node.segment.delimiters;
        const segment = makeSegment(mutated.split(d.element), node.segment.number, node.segment.offset, d);
        if (segment.id !== node.segment.id) return;
        if (segmentClean(mutated, node.def!, d)) expect(checkSegmentElements(segment, node.def!, () => ({}), () => undefined)).toBe(0);
      }),
      { numRuns: 3000 },
    );
  });

  it('vouches for a DTP exactly when its date is valid for the format DTP02 names (D8, RD8; others left to the checker)', () => {
    const dtps = inputs.flatMap(([, bytes]) => matchedSegments(bytes)).filter((n) => n.segment.id === 'DTP');
    expect(dtps.length).toBeGreaterThan(20);
    const digits = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`));
    // Dates that are sometimes valid, sometimes not (month 00/13, day 00/31 in a short month, Feb 29, year before 1800).
    const date = fc.tuple(fc.constantFrom('2024', '2023', '1900', '2000', '1799', '0000'), fc.constantFrom('00', '01', '02', '04', '12', '13'), fc.constantFrom('00', '01', '28', '29', '30', '31', '32')).map((p) => p.join(''));
    const value = fc.oneof(
      date,
      fc.tuple(date, fc.constantFrom('-', '', ':', '--'), date).map(([a, sep, b]) => a + sep + b),
      digits(8),
      fc.constantFrom('', '2024010', '202401011', '20240101-2024010', '20240101-'),
    );
    const format = fc.constantFrom('D8', 'RD8', 'DT', 'TM', 'D', 'RD', 'D8D', '');
    fc.assert(
      fc.property(fc.nat(dtps.length - 1), format, value, (which, f, v) => {
        const node = dtps[which];
        const d = node.segment.delimiters;
        const elements = [...node.segment.elements];
        elements[2] = f;
        elements[3] = v;
        while (elements.length > 1 && elements[elements.length - 1] === '') elements.pop();
        const segment = makeSegment(elements, node.segment.number, node.segment.offset, d);
        const clean = segmentClean(elements.join(d.element), node.def!, d);
        const problems = checkSegmentElements(segment, node.def!, () => ({}), () => undefined);
        if (clean) expect(problems, elements.join(d.element)).toBe(0);
        // And it carries the load: a well-formed D8 / RD8 DTP that the checker accepts is vouched for.
        if ((f === 'D8' || f === 'RD8') && problems === 0 && v !== '') expect(clean, elements.join(d.element)).toBe(true);
      }),
      { numRuns: 4000 },
    );
  });
});
