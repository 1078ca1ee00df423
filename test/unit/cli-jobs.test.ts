/**
 * `--jobs` / X12GW_JOBS read once for every command (src/cli/jobs.ts): `validate` and `generate` refuse the
 * same values with the same message naming the option or the variable. Before, `generate` read `--jobs`
 * with Number() (so "0x2" was 2 and "1.0" was 1) while `validate` used a strict pattern.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobsFrom, JobsOptionError } from '../../src/cli/jobs.js';
import { defaultJobs, jobsOption } from '../../src/cli/validate-parallel/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const cli = (args: string[], env: Record<string, string | undefined> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, X12GW_PROGRESS: 'never', X12GW_JOBS: '', ...env },
    timeout: 60_000,
  });

const X12 = join(ROOT, 'samples/x12/837P/cob-and-ambulance.valid.x12');
const BATCH = join(ROOT, 'samples/claims/professional.json');
const REFUSED = ['0x2', '1.0', '0', '-1', '', '+2', ' 2', '2e0', 'two'];

describe('jobsFrom', () => {
  it('takes decimal digits only, 1 or more: --jobs first, then X12GW_JOBS, then the fallback', () => {
    expect(jobsFrom('3', 7, { X12GW_JOBS: '1' })).toBe(3);
    expect(jobsFrom(undefined, 7, { X12GW_JOBS: '2' })).toBe(2);
    expect(jobsFrom(undefined, 7, {})).toBe(7);
    expect(jobsFrom(undefined, 7, { X12GW_JOBS: '' })).toBe(7);
    expect(jobsFrom('12', 1, {})).toBe(12);
    for (const raw of REFUSED) {
      expect(() => jobsFrom(raw, 1, {}), raw).toThrow(JobsOptionError);
      expect(() => jobsFrom(raw, 1, {}), raw).toThrow(`--jobs must be a whole number of threads, 1 or more (decimal digits only), not "${raw}"`);
      if (raw !== '') expect(() => jobsFrom(undefined, 1, { X12GW_JOBS: raw }), raw).toThrow(/^X12GW_JOBS must be a whole number/);
    }
    expect(() => jobsFrom('99999999999999999999', 1, {})).toThrow(JobsOptionError);
  });
});

describe('the validate --jobs default', () => {
  it('is the cores the 1-minute load average leaves free, rounded, 1 to the cores', () => {
    expect(defaultJobs(2, 0)).toBe(2);
    expect(defaultJobs(2, 0.4)).toBe(2);
    expect(defaultJobs(2, 0.6)).toBe(1);
    expect(defaultJobs(2, 1.2)).toBe(1);
    expect(defaultJobs(2, 11)).toBe(1);
    expect(defaultJobs(8, 3)).toBe(5);
    expect(defaultJobs(8, 0)).toBe(8);
    expect(defaultJobs(1, 0)).toBe(1);
    expect(defaultJobs(4, Number.NaN)).toBe(4);
  });

  it('gives way to --jobs and X12GW_JOBS whatever the load', () => {
    const busy = () => defaultJobs(2, 11);
    expect(jobsOption(undefined, {}, busy)).toBe(1);
    expect(jobsOption(undefined, {}, () => defaultJobs(2, 0))).toBe(2);
    expect(jobsOption('2', {}, busy)).toBe(2);
    expect(jobsOption(undefined, { X12GW_JOBS: '2' }, busy)).toBe(2);
  });
});

describe('validate and generate refuse the same --jobs values the same way', () => {
  it.each(['0x2', '1.0', '0', '-1', ''])('--jobs=%j', (raw) => {
    const message = `--jobs must be a whole number of threads, 1 or more (decimal digits only), not "${raw}"\n`;
    const validate = cli(['validate', `--jobs=${raw}`, X12]);
    const generate = cli(['generate', '--dry-run', '--partner', 'demo', `--jobs=${raw}`, BATCH]);
    expect(validate.stderr).toBe(message);
    expect(generate.stderr).toBe(message);
    expect(validate.stdout).toBe('');
    expect(generate.stdout).toBe('');
    // Each command's own exit code for a bad option: validate 2, generate 3 (bad configuration).
    expect(validate.status).toBe(2);
    expect(generate.status).toBe(3);
  }, 60_000);

  it('X12GW_JOBS=0x2 is refused by both, naming the variable', () => {
    const validate = cli(['validate', X12], { X12GW_JOBS: '0x2' });
    const generate = cli(['generate', '--dry-run', '--partner', 'demo', BATCH], { X12GW_JOBS: '0x2' });
    for (const r of [validate, generate]) expect(r.stderr).toBe('X12GW_JOBS must be a whole number of threads, 1 or more (decimal digits only), not "0x2"\n');
    expect([validate.status, generate.status]).toEqual([2, 3]);
  }, 60_000);
});
