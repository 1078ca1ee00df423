/**
 * The shipped demo exercises the claim-status follow-up (issue 14): `x12gw demo --once --json` (a separate
 * process) ends with every claim final although the simulated payer sat on some claims until a 276 asked,
 * and prints `statusInquiries` and `statusAnswers` above zero.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/child.js';

describe('demo: claim-status follow-up', () => {
  it('asks about the silent claims and posts the answers', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/main.ts'), 'demo', '--once', '--json', '--timeout', '150'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect(code, err.slice(-2000)).toBe(0);
    const summary = JSON.parse(out.trim()) as { statusInquiries: number; statusAnswers: number };
    expect(summary.statusInquiries).toBeGreaterThan(0);
    // A slow but not silent claim may be asked about and finish (its 835) before its 277 is posted: > 0, not equal.
    expect(summary.statusAnswers).toBeGreaterThan(0);
  }, 200_000);
});
