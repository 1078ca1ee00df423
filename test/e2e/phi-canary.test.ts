/**
 * PHI never reaches a log line: the demo runs (as `x12gw demo --once --json`, a separate process, at
 * trace level) on batches whose patients carry canary names, member ids, birth dates and claim ids;
 * none of them may appear in anything the process prints.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { REPO } from '../helpers/child.js';

const CANARY = { last: 'QXCANARYLAST', first: 'QXCANARYFIRST', memberPrefix: 'QXCANMBR', birthDate: '1931-07-13' };
const dir = mkdtempSync(join(tmpdir(), 'x12gw-phi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('PHI canary', () => {
  it('keeps canary names, member ids, birth dates and claim ids out of every log line', async () => {
    writeFileSync(join(dir, 'canary-1.json'), JSON.stringify(syntheticBatch({ batchId: 'QXCANPCN', claims: 12, canary: CANARY, scrubRejectEvery: 5 })));
    writeFileSync(join(dir, 'canary-2.json'), JSON.stringify(syntheticBatch({ batchId: 'QXCANPCNB', claims: 6, canary: { ...CANARY, memberPrefix: 'REJQXCAN' }, start: 13 })));
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/main.ts'), 'demo', '--once', '--json', '--batches', dir, '--log-level', 'trace', '--timeout', '90'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect(code, err.slice(-2000)).toBe(0);
    const summary = JSON.parse(out.trim());
    expect(summary.claims).toBe(18);
    // the run logged plenty (trace level), so the absence of canaries means something
    const lines = err.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(15);
    expect(lines.some((l) => l.includes("inbox.posted"))).toBe(true);
    const all = out + err;
    for (const canary of ['QXCANARYLAST', 'QXCANARYFIRST', 'QXCANMBR', 'REJQXCAN', 'QXCANPCN', '1931-07-13', '19310713']) {
      const hits = lines.filter((l) => l.toUpperCase().includes(canary));
      expect(hits, `${canary} appeared in the logs`).toEqual([]);
      expect(all.toUpperCase().includes(canary)).toBe(false);
    }
  }, 150_000);
});
