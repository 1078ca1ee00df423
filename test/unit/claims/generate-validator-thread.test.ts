/**
 * Issue 12: `x12gw generate` validates the 837s it writes on a second thread (unless `--jobs 1` or
 * `X12GW_JOBS=1`). The thread must reach the same verdict as the in-process check for any bytes in any
 * chunking (several files at once on one thread), and generate's output and report must not depend on
 * where the validation ran.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Claim } from '../../../src/claims/model.js';
import { generateJobs, summarizeReport, summaryVerdict, validateWhileWriting, validatorThread, type ValidatorThread } from '../../../src/cli/commands/check-written.js';
import { generateCommand } from '../../../src/cli/commands/generate.js';
import { institutionalInput, professionalInput, write837 } from './fixtures.js';

const partners = new URL('../../../config/partners/', import.meta.url).pathname;
const info = { partnerId: 'demo', index: 1, interchangeControlNumber: 1 };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'x12gw-validator-thread-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** Cuts `bytes` into chunks at the given lengths (the rest as the last chunk), each its own Buffer. */
function chunks(bytes: Buffer, cuts: number[]): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  for (const cut of cuts) {
    out.push(Buffer.from(bytes.subarray(at, Math.min(bytes.length, at + cut))));
    at = Math.min(bytes.length, at + cut);
  }
  out.push(Buffer.from(bytes.subarray(at)));
  return out;
}

describe('the validator thread', () => {
  let thread: ValidatorThread;
  beforeAll(() => {
    thread = validatorThread();
  });
  afterAll(async () => {
    await thread.close();
  });

  const good = write837([Claim.parse(professionalInput()), Claim.parse(institutionalInput({ claimId: 'T-2' }))]);
  const variants = [
    good,
    good.replace(/CLM\*/, 'ZZZ*1~CLM*'), // an unknown segment
    good.replace(/~\nSE\*\d+/, '~\nSE*999'), // a wrong segment count
    good.replace(/\nIEA\*[^~]*~\n?$/, ''), // no IEA
    good.slice(0, Math.floor(good.length / 2)), // cut in half
    '',
  ];

  it('reaches the in-process verdict for any bytes in any chunking, several files at once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...variants), fc.array(fc.integer({ min: 1, max: 500 }), { maxLength: 12 })), { minLength: 1, maxLength: 3 }), async (files) => {
        const expected = files.map(([text], i) => {
          const along = validateWhileWriting(join(dir, `f${i}.837.tmp`));
          along.push(Buffer.from(text));
          return summarizeReport(along.end());
        });
        // All files open at once, their chunks interleaved, as generate does with several partners.
        const open = files.map((_, i) => thread.open(join(dir, `f${i}.837.tmp`)));
        const pieces = files.map(([text, cuts]) => chunks(Buffer.from(text), cuts));
        for (let round = 0; pieces.some((p) => p.length); round++) for (let i = 0; i < files.length; i++) if (pieces[i].length) open[i].push(pieces[i].shift()!);
        const got = await Promise.all(open.map((f) => f.end()));
        expect(got).toEqual(expected);
        for (let i = 0; i < files.length; i++) {
          // And the verdict (message, deletion) built from the summary is the one writtenVerdict gives.
          const path = join(dir, `f${i}.837.tmp`);
          writeFileSync(path, files[i][0]);
          const verdict = summaryVerdict(got[i], path, info, 2);
          expect(verdict.valid).toBe(files[i][0] === good);
          expect(existsSync(path)).toBe(verdict.valid);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('takes a transferred chunk from a shared pool without detaching the pool (small Buffers are copied)', async () => {
    const file = thread.open(join(dir, 'small.837.tmp'));
    const small = Buffer.from(good.slice(0, 100)); // from Buffer's shared pool
    const neighbour = Buffer.from('still here');
    file.push(small);
    file.push(Buffer.from(good.slice(100)));
    expect(neighbour.toString()).toBe('still here');
    expect((await file.end()).valid).toBe(true);
  });
});

describe('generate: the validation thread changes nothing', () => {
  const batch = () => {
    const path = join(dir, 'batch.ndjson');
    const lines = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify(i % 7 === 3 ? professionalInput({ claimId: `J-${i}`, totalCharge: '1' }) : i % 2 ? institutionalInput({ claimId: `J-${i}`, partnerId: 'example-clearinghouse' }) : professionalInput({ claimId: `J-${i}` })),
    );
    writeFileSync(path, lines.join('\n') + '\n');
    return path;
  };

  it('--jobs 1 and --jobs 2: the same files, bytes and report', async () => {
    const input = batch();
    const runs: Array<{ code: number; out: string; files: Record<string, string> }> = [];
    for (const jobs of [1, 2]) {
      const out: string[] = [];
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const sub = join(dir, `jobs-${jobs}`);
      const { mkdirSync } = await import('node:fs');
      mkdirSync(sub);
      const code = await generateCommand(input, { output: join(sub, 'out.837'), partners, partner: 'demo', date: '2024-06-01T09:30:00Z', jobs: String(jobs), json: true });
      vi.restoreAllMocks();
      const files = Object.fromEntries(readdirSync(sub).map((f) => [f, readFileSync(join(sub, f), 'utf8')]));
      runs.push({ code, out: out.join('').replaceAll(sub, 'DIR'), files });
    }
    expect(Object.keys(runs[0].files).length).toBeGreaterThan(1);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[0].code).toBe(1);
  });

  it('--jobs / X12GW_JOBS: the option first, then the variable, then the cores; nonsense is refused', () => {
    expect(generateJobs('3', { X12GW_JOBS: '1' })).toBe(3);
    expect(generateJobs(undefined, { X12GW_JOBS: '1' })).toBe(1);
    expect(generateJobs(undefined, {})).toBe(1);
    expect(() => generateJobs('0')).toThrow(/whole number/);
    expect(() => generateJobs(undefined, { X12GW_JOBS: 'two' })).toThrow(/whole number/);
  });

  it('a bad --jobs exits 3 before reading anything', async () => {
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await generateCommand(batch(), { output: join(dir, 'x.837'), partners, partner: 'demo', jobs: 'x' })).toBe(3);
    expect(err.join('')).toMatch(/--jobs/);
  });
});
