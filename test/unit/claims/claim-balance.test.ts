import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allFindings, isValid } from '../../../src/guides/reader.js';
import { readFile, validateCommand } from '../../../src/cli/commands/validate.js';

const samples = new URL('../../../samples/claims/', import.meta.url).pathname;

describe('inbound 837, SNIP 3: the claim total is the sum of its lines', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'x12gw-snip3-'));
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The sample with the first claim's CLM02 raised by 10 (the lines unchanged). */
  function unbalanced(name: string): { path: string; clmSegment: number } {
    const text = readFileSync(join(samples, `${name}.837`), 'utf8');
    const terminator = text[105];
    const segments = text.split(terminator);
    const i = segments.findIndex((s) => s.trim().startsWith('CLM*'));
    const e = segments[i].split('*');
    e[2] = String(Number(e[2]) + 10);
    segments[i] = e.join('*');
    const path = join(dir, `${name}.837`);
    writeFileSync(path, segments.join(terminator));
    return { path, clmSegment: i + 1 };
  }

  for (const name of ['professional', 'institutional', 'dental']) {
    it(`${name}: a CLM02 that is not the sum of the lines is an error at CLM02, marked SNIP 3 (it used to validate as accepted)`, async () => {
      expect(isValid(await readFile(join(samples, `${name}.837`)))).toBe(true);
      const { path, clmSegment } = unbalanced(name);
      const report = await readFile(path);
      expect(isValid(report)).toBe(false);
      const f = allFindings(report).filter((x) => x.code === '837-CLAIM-TOTAL');
      expect(f).toHaveLength(1);
      expect(f[0]).toMatchObject({ severity: 'error', snip: 3, position: { loop: '2300', segmentId: 'CLM', element: 2, segmentNumber: clmSegment } });
      expect(f[0].message).toMatch(/^The claim total \(CLM02\) [\d.]+ is not the sum of its \d+ service line charge\(s\) \(SV[123]0[23]\) [\d.]+; off by 10\.00\.$/);
      expect(report.interchanges[0].groups[0].transactions[0].status).toBe('R');
      expect(await validateCommand([path], {})).toBe(1);
    });
  }
});
