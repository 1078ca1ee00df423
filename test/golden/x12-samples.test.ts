/**
 * Golden tests over the hand-written samples in samples/x12/<guide>/:
 *  - each sample read with readX12 gives exactly its golden (`<name>.expected.json`, written by
 *    scripts/update-goldens.ts): validity, envelope summary, findings with positions, loop trees;
 *  - `*.valid.x12` samples have no findings at all, `*.invalid.x12` samples are invalid;
 *  - round trip: the segments written back with the same delimiters read back to the same segments (and, for
 *    the valid samples, to the same bytes); each loop tree flattened gives back the transaction set's segments;
 *  - valid samples rewritten with other delimiters (| ! > and a line feed as terminator) read back with the
 *    same element values, the same trees and still no findings;
 *  - the CLI's `validate` exits 0 for a valid sample and 1 for an invalid one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGolden, goldenOf, listSamples, REPO_ROOT, type Sample } from '../../scripts/update-goldens.js';
import { readX12 } from '../../src/guides/reader.js';
import { flattenTree, treeToJson, type LoopJson } from '../../src/guides/tree.js';
import type { LoopNode } from '../../src/guides/walker.js';
import type { Delimiters } from '../../src/x12/delimiters.js';
import { tokenize, type Segment } from '../../src/x12/tokenizer.js';
import { formatSegment, structureSegment } from '../../src/x12/writer.js';

const samples = listSamples();
const GUIDES = ['837P', '837I', '837D', '835', '277CA', '276', '277', '999', 'TA1'];
const OTHER: Delimiters = { element: '|', repetition: '!', component: '>', segment: '\n' };

/** One segment as text with the given delimiters (the ISA keeps its fixed widths; ISA11/ISA16 follow `d`). */
function segmentText(s: Segment, d: Delimiters): string {
  if (s.id === 'ISA') {
    const e = s.elements.slice();
    e[11] = d.repetition || 'U';
    e[16] = d.component;
    return e.join(d.element);
  }
  return formatSegment(structureSegment(s), d);
}

/** Writes segments back; `d` undefined = each with the delimiters it was read with. */
function writeSegments(segments: readonly Segment[], d: Delimiters | undefined, lineEnding: string): string {
  return segments.map((s) => segmentText(s, d ?? s.delimiters) + (d ?? s.delimiters).segment + lineEnding).join('');
}

/** The line ending a file puts after its terminators ("" when it has none). */
function lineEndingOf(text: string, terminator: string): string {
  const at = text.indexOf(terminator);
  if (at < 0) return '';
  const after = text.slice(at + 1, at + 3);
  return after.startsWith('\r\n') ? '\r\n' : after.startsWith('\n') && terminator !== '\n' ? '\n' : '';
}

/** Raw elements without trailing empty ones (the writer drops those, as the standard wants). */
const trimmed = (s: Segment) => {
  const e = s.elements.slice();
  while (e.length > 1 && e[e.length - 1] === '') e.pop();
  return { id: s.id, elements: e };
};

/** Structured element values (components and repetitions split), delimiter-independent; ISA11/ISA16 left out. */
const values = (s: Segment) => {
  const data = structureSegment(s);
  return s.id === 'ISA' ? { id: s.id, elements: data.elements.filter((_, i) => i !== 10 && i !== 15) } : data;
};

function readTrees(input: Buffer | string): Array<{ root: LoopNode | undefined; first: number; last: number }> {
  const out: Array<{ root: LoopNode | undefined; first: number; last: number }> = [];
  readX12(input, { onTransaction: (root, ctx) => out.push({ root, first: ctx.transaction.firstSegment, last: ctx.transaction.lastSegment }) });
  return out;
}

const treesJson = (input: Buffer | string): Array<LoopJson | null> => readTrees(input).map((t) => (t.root ? treeToJson(t.root) : null));

describe('X12 samples', () => {
  it('has at least two valid and three invalid samples for every guide we map', () => {
    for (const guide of GUIDES) {
      const mine = samples.filter((s) => s.guide === guide);
      expect(mine.filter((s) => s.expectValid).length, `${guide} valid samples`).toBeGreaterThanOrEqual(2);
      expect(mine.filter((s) => !s.expectValid).length, `${guide} invalid samples`).toBeGreaterThanOrEqual(3);
    }
  });

  it('has a golden beside every sample', () => {
    const missing = samples.filter((s) => !existsSync(s.goldenPath)).map((s) => `${s.guide}/${s.name}`);
    expect(missing, 'run: npx tsx scripts/update-goldens.ts').toEqual([]);
  });
});

describe.each(samples.map((s) => [`${s.guide}/${s.name}`, s] as [string, Sample]))('%s', (_label, sample) => {
  const input = readFileSync(sample.path);
  const text = input.toString('latin1');

  it('reads exactly as its golden says (summary, findings, loop trees)', () => {
    const golden = JSON.parse(readFileSync(sample.goldenPath, 'utf8'));
    const actual = goldenOf(sample);
    expect(actual.valid).toBe(golden.valid);
    expect(actual.summary).toEqual(golden.summary);
    expect(actual.findings).toEqual(golden.findings);
    expect(actual.tree).toEqual(golden.tree);
    expect(actual).toEqual(golden);
  });

  if (sample.expectValid) {
    it('is valid with no findings at all', () => {
      const golden = goldenOf(sample);
      expect(golden.findings).toEqual([]);
      expect(golden.valid).toBe(true);
      const sets = golden.summary.interchanges.flatMap((i) => i.groups.flatMap((g) => g.transactions));
      for (const t of sets) {
        expect(t.status).toBe('A');
        expect(t.guide).toBe(sample.guide === 'TA1' ? '999' : sample.guide);
      }
      if (sample.guide === 'TA1') expect(golden.summary.interchanges.flatMap((i) => i.ta1).length).toBeGreaterThan(0);
    });
  } else {
    it('is invalid', () => {
      const golden = goldenOf(sample);
      expect(golden.valid).toBe(false);
      expect(golden.findings.some((f) => f.severity === 'error')).toBe(true);
    });
  }

  it('round-trips: written back with the same delimiters it reads back to the same segments', () => {
    const original = tokenize(input).segments;
    expect(original.length).toBeGreaterThan(0);
    const delimiters = original[0].delimiters;
    const again = writeSegments(original, undefined, lineEndingOf(text, delimiters.segment));
    const reread = tokenize(again).segments;
    expect(reread.map(trimmed)).toEqual(original.map(trimmed));
    if (sample.expectValid) {
      // Nothing to normalize in a valid sample: the writer gives back the very same bytes.
      expect(again).toBe(text);
      expect(reread.map((s) => ({ id: s.id, elements: s.elements }))).toEqual(original.map((s) => ({ id: s.id, elements: s.elements })));
    }
  });

  it('round-trips through its loop trees: each tree flattened is its transaction set, and a file rebuilt from them reads the same', () => {
    const original = tokenize(input).segments;
    const byNumber = new Map(original.map((s) => [s.number, s]));
    const fromTrees: Segment[] = [];
    const covered = new Set<number>();
    for (const t of readTrees(input)) {
      if (!t.root) continue;
      const flat = [...flattenTree(t.root)];
      const expected = original.filter((s) => s.number >= t.first && s.number <= t.last);
      expect(flat.map((s) => s.number)).toEqual(expected.map((s) => s.number));
      for (const s of flat) {
        expect(s.elements).toEqual(byNumber.get(s.number)?.elements);
        covered.add(s.number);
        fromTrees.push(s);
      }
    }
    // The envelopes (ISA, GS, GE, IEA, TA1) from the file, every transaction set from its tree; written, read again.
    const rebuilt = original.filter((s) => !covered.has(s.number)).concat(fromTrees).sort((a, b) => a.number - b.number);
    const text2 = writeSegments(rebuilt, undefined, lineEndingOf(text, original[0].delimiters.segment));
    expect(tokenize(text2).segments.map(trimmed)).toEqual(original.map(trimmed));
    const golden = goldenOf(sample);
    if (!golden.findings.some((f) => f.code === 'X12-TRAILING-SEPARATOR')) {
      expect(buildGolden(text2, `${sample.guide}/${sample.name}`)).toEqual(golden);
    }
  });

  if (sample.expectValid) {
    it('reads the same with another delimiter set (| ! > and a line feed as terminator)', () => {
      const original = tokenize(input).segments;
      const rewritten = writeSegments(original, OTHER, '');
      const reread = tokenize(rewritten).segments;
      expect(reread.length).toBe(original.length);
      expect(reread.every((s) => s.delimiters.element === '|' && s.delimiters.repetition === '!' && s.delimiters.component === '>' && s.delimiters.segment === '\n')).toBe(true);
      expect(reread.map(values)).toEqual(original.map(values));
      const golden = buildGolden(rewritten, `${sample.guide}/${sample.name}`);
      expect(golden.findings).toEqual([]);
      expect(golden.valid).toBe(true);
      expect(treesJson(rewritten)).toEqual(treesJson(input));
    });
  }
});

describe('x12gw validate', () => {
  const cli = (file: string) =>
    spawnSync('npx', ['tsx', 'src/cli/main.ts', 'validate', file], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });

  it('exits 0 for a valid sample and 1 for an invalid one', () => {
    const valid = samples.find((s) => s.guide === '837P' && s.expectValid)!;
    const invalid = samples.find((s) => s.guide === '835' && !s.expectValid)!;
    const ok = cli(valid.path);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('VALID');
    const bad = cli(invalid.path);
    expect(bad.status, bad.stderr).toBe(1);
    expect(bad.stdout).toContain('INVALID');
  });
});
