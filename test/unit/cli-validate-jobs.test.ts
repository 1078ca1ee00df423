/**
 * `x12gw validate --jobs N` as a user meets it: the same output and exit code as one thread (text and
 * --json, valid and invalid), the progress line still shown, X12GW_JOBS honoured, a bad --jobs refused,
 * and a worker that throws or exits turned into exit 2 with a message naming the file — not a hang.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    // Files from 8 MiB up are split here (the default starts at 32 MiB; see the last test).
    env: { ...process.env, X12GW_PROGRESS: 'never', X12GW_JOBS: '', X12GW_JOBS_MIN_MB: '8', ...env },
    timeout: 120_000,
    maxBuffer: 256 << 20,
  });

const dir = mkdtempSync(join(tmpdir(), 'x12gw-jobs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 999 of about 9 MiB (over the 8 MiB the split starts at in these tests) in 30 transaction sets. */
function big999(options: { badSet?: number } = {}): string {
  const out = ['ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       *240101*1200*^*00501*000000001*0*T*:~', 'GS*FA*SUB*REC*20240101*1200*1*X*005010X231A1~'];
  const sets = 30;
  const pairs = 8000;
  for (let s = 1; s <= sets; s++) {
    const st = String(s).padStart(4, '0');
    out.push(`ST*999*${st}*005010X231A1~`, 'AK1*HC*17*005010X222A1~');
    for (let i = 1; i <= pairs; i++) out.push(`AK2*837*${String(i).padStart(6, '0')}*005010X222A1~`, s === options.badSet && i === 77 ? 'IK5*Q~' : 'IK5*A~');
    out.push(`AK9*A*${pairs}*${pairs}*${pairs}~`, `SE*${pairs * 2 + 4}*${st}~`);
  }
  out.push(`GE*${sets}*1~`, 'IEA*1*000000001~');
  return out.join('\n');
}

const good = join(dir, 'good.999');
writeFileSync(good, big999());
const bad = join(dir, 'bad.999');
writeFileSync(bad, big999({ badSet: 17 }));

describe('x12gw validate --jobs', () => {
  it('prints what one thread prints, with the same exit code (text and --json, valid and invalid)', () => {
    for (const file of [good, bad]) {
      for (const json of [[], ['--json']]) {
        const one = cli(['validate', '--jobs', '1', ...json, file]);
        const two = cli(['validate', '--jobs', '2', ...json, file]);
        expect(one.stderr).toBe('');
        expect(two.stderr).toBe('');
        expect(two.stdout).toBe(one.stdout);
        expect(two.status).toBe(one.status);
      }
    }
    const invalid = cli(['validate', '--jobs', '2', bad]);
    expect(invalid.status).toBe(1);
    expect(invalid.stdout).toMatch(/IK501/);
  }, 300_000);

  it('takes X12GW_JOBS, refuses a --jobs that is not a positive whole number', () => {
    const viaEnv = cli(['validate', good], { X12GW_JOBS: '3' });
    expect(viaEnv.status).toBe(0);
    expect(viaEnv.stdout).toMatch(/VALID — 1 interchange\(s\), 30 transaction set\(s\)/);
    for (const jobs of ['0', 'two', '-1']) {
      const r = cli(['validate', '--jobs', jobs, good]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--jobs/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  }, 120_000);

  it('still shows the progress line', () => {
    const r = cli(['validate', '--jobs', '2', good], { X12GW_PROGRESS: 'always' });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/validating good\.999 \[#*\.*\]\s+\d+%/);
  }, 120_000);

  it('a worker that throws or exits is exit 2 with a message naming the file, not a hang', () => {
    for (const fault of ['throw', 'exit']) {
      const r = cli(['validate', '--jobs', '2', good, bad], { X12GW_VALIDATE_WORKER_FAULT: fault });
      expect(r.signal).toBeNull(); // not killed by the spawn timeout
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`${good}: validation failed in a worker thread`);
      expect(r.stderr).toContain(`${bad}: validation failed in a worker thread`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    }
  }, 300_000);

  it('gives no task to a worker that is not ready: with the first worker never ready, the other reads every task', () => {
    const one = cli(['validate', '--jobs', '1', '--json', good, bad]);
    // X12GW_VALIDATE_WORKER_FAULT=stall: the first worker never says it is ready (before round 8 of issue 12,
    // tasks were bound to a worker as they were sent, ready or not: these would wait for it forever).
    const r = cli(['validate', '--jobs', '2', '--json', good, bad], { X12GW_VALIDATE_WORKER_FAULT: 'stall', X12GW_VALIDATE_TIMELINE: '1' });
    expect(r.signal).toBeNull(); // not killed by the spawn timeout
    expect(r.stdout).toBe(one.stdout);
    expect(r.status).toBe(one.status);
    const marks = r.stderr.split('\n').filter((l) => l.startsWith('timeline ')).map((l) => l.split(' ').slice(3).join(' '));
    expect(r.stderr.split('\n').filter((l) => l && !l.startsWith('timeline '))).toEqual([]);
    // Main-thread marks only (a worker's stderr may still be in flight when the workers are stopped).
    const answered = marks.filter((m) => /^task \d+ result in$/.test(m));
    expect(answered.length).toBeGreaterThanOrEqual(4); // two files of ~9 MiB in 4 MiB tasks
    expect(marks).not.toContain('worker 1 ready');
    expect(marks.indexOf('worker 2 ready')).toBeGreaterThanOrEqual(0);
    expect(marks.indexOf('worker 2 ready')).toBeLessThan(marks.indexOf('task 0 sent'));
  }, 300_000);

  it('reads files under X12GW_JOBS_MIN_MB (default 32 MiB) on one thread: a planted worker fault does not fire', () => {
    for (const env of [{ X12GW_JOBS_MIN_MB: '' }, { X12GW_JOBS_MIN_MB: '10' }]) {
      const r = cli(['validate', '--jobs', '2', good], { X12GW_VALIDATE_WORKER_FAULT: 'throw', ...env });
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
    }
  }, 120_000);
});
