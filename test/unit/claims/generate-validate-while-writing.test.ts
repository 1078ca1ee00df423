/**
 * Issue 12: `x12gw generate` validates each 837 as it writes it (the writer's bytes fed to the reader),
 * not by reading the finished file again — and the guarantee stays: a file our validator refuses is
 * deleted and its claims reported, never left as a good output.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Claim } from '../../../src/claims/model.js';
import { professionalInput, write837 } from './fixtures.js';

const fault = vi.hoisted(() => ({ planted: false }));

// A planted writer fault: an extra segment the guide does not know, inside the transaction set (counted).
vi.mock('../../../src/claims/write/held-transaction.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/claims/write/held-transaction.js')>();
  return {
    ...original,
    writeHeldBody: (...args: Parameters<typeof original.writeHeldBody>) => {
      const count = original.writeHeldBody(...args);
      if (!fault.planted) return count;
      args[0]('ZZZ*1~\n');
      return count + 1;
    },
  };
});
// The file is never read back: validation happens while it is written.
vi.mock('../../../src/cli/commands/validate.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/cli/commands/validate.js')>();
  return { ...original, readFile: () => Promise.reject(new Error('generate read its output file again')) };
});

const { generateCommand } = await import('../../../src/cli/commands/generate.js');
const { validateWhileWriting, writtenVerdict } = await import('../../../src/cli/commands/check-written.js');
const { fileReader } = await import('../../../src/cli/commands/validate.js');

const partners = new URL('../../../config/partners/', import.meta.url).pathname;
const date = '2024-06-01T09:30:00Z';

let dir: string;
let out: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'x12gw-generate-check-'));
  out = [];
  fault.planted = false;
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const batchOf = (n: number) => {
  const batch = join(dir, 'batch.ndjson');
  writeFileSync(batch, Array.from({ length: n }, (_, i) => JSON.stringify(professionalInput({ claimId: `W-${i + 1}` }))).join('\n') + '\n');
  return batch;
};

describe('generate validates the 837 as it writes it', () => {
  it('a valid batch: exit 0, the file in place, and the output file was never read back', async () => {
    const output = join(dir, 'out.837');
    expect(await generateCommand(batchOf(3), { output, partners, partner: 'demo', date })).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['batch.ndjson', 'out.837']);
    expect(out.join('')).toContain('3 claim(s) read, 3 generated, 0 rejected');
  });

  it('a planted writer fault is still caught: the file is deleted, its claims reported rejected with OUTPUT-INVALID, exit 1', async () => {
    fault.planted = true;
    const output = join(dir, 'out.837');
    expect(await generateCommand(batchOf(3), { output, partners, partner: 'demo', date, json: true })).toBe(1);
    expect(existsSync(output)).toBe(false);
    expect(readdirSync(dir)).toEqual(['batch.ndjson']);
    const report = JSON.parse(out.join('')) as { accepted: number; rejected: number; files: unknown[]; claims: Array<{ findings: Array<{ code: string; message: string }> }> };
    expect(report).toMatchObject({ accepted: 0, rejected: 3, files: [] });
    expect(report.claims[0].findings[0].code).toBe('OUTPUT-INVALID');
    expect(report.claims[0].findings[0].message).toMatch(/file 1, 3 claim\(s\)\) fails our own validator with \d+ error\(s\), first: .*out\.837\.demo\.1\.tmp/);
  });

  it('as text, the refused 837 is printed with its reason (it was only in the JSON report before)', async () => {
    fault.planted = true;
    const output = join(dir, 'out.837');
    expect(await generateCommand(batchOf(3), { output, partners, partner: 'demo', date })).toBe(1);
    expect(existsSync(output)).toBe(false);
    const text = out.join('');
    expect(text).toMatch(/^REJECTED batch\.ndjson the 837 for partner demo$/m);
    expect(text).toMatch(/ERROR +\$: The 837 written for partner demo \(file 1, 3 claim\(s\)\) fails our own validator .*\[OUTPUT-INVALID\]/);
    expect(text).toContain('3 claim(s) read, 0 generated, 3 rejected');
  });

  it('the verdict on bytes fed in any chunking equals the verdict on the file read whole', () => {
    const good = write837([Claim.parse(professionalInput()), Claim.parse(professionalInput({ claimId: 'W-2' }))]);
    const broken = good.replace(/CLM\*/, 'ZZZ*1~CLM*');
    fc.assert(
      fc.property(fc.constantFrom(good, broken), fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 20 }), (text, cuts) => {
        const bytes = Buffer.from(text);
        const path = join(dir, 'x.837.tmp');
        writeFileSync(path, bytes);
        const whole = fileReader(path);
        whole.push(readFileSync(path));
        const expected = writtenVerdict(whole.end(), path, { partnerId: 'demo', index: 1, interchangeControlNumber: 1 }, 2);
        writeFileSync(path, bytes);
        const along = validateWhileWriting(path);
        let at = 0;
        for (const cut of cuts) {
          along.push(bytes.subarray(at, Math.min(bytes.length, at + cut)));
          at = Math.min(bytes.length, at + cut);
        }
        along.push(bytes.subarray(at));
        expect(writtenVerdict(along.end(), path, { partnerId: 'demo', index: 1, interchangeControlNumber: 1 }, 2)).toEqual(expected);
        expect(expected.valid).toBe(text === good);
        expect(existsSync(path)).toBe(text === good);
      }),
      { numRuns: 60 },
    );
  });
});
