/**
 * The demo teaches the denial learner (issue 15 item 4): `x12gw demo --once --json` (a separate process)
 * sends demo-d.json to the simulated payer SIMPAYER2 (which denies 97110 without GP), learns the rule from
 * the 835s, accepts it as a warning, then sends samples/demo/after-learning/: exactly its claims without
 * GP are warned, and every claim of both waves still reaches a final state.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/child.js';

const count = (file: string) => (JSON.parse(readFileSync(join(REPO, 'samples/demo', file), 'utf8')) as { claims: unknown[] }).claims.length;
const withSecondaryCoverage = (files: string[]) =>
  files.reduce((n, f) => n + (JSON.parse(readFileSync(join(REPO, 'samples/demo', f), 'utf8')) as { claims: Array<{ otherPayers?: Array<{ responsibility: string; paidAmount?: string }> }> }).claims.filter((c) => (c.otherPayers ?? []).some((o) => o.responsibility === 'secondary' && o.paidAmount === undefined)).length, 0);
const withoutGp = (file: string) => (JSON.parse(readFileSync(join(REPO, 'samples/demo', file), 'utf8')) as { claims: Array<{ lines: Array<{ modifiers?: string[] }> }> }).claims.filter((c) => !c.lines.some((l) => (l.modifiers ?? []).includes('GP'))).length;

describe('demo: a second batch gets warnings for what the first taught', () => {
  it('warns the second wave’s claims without GP', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/main.ts'), 'demo', '--once', '--json', '--timeout', '150'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect(code, err.slice(-2000)).toBe(0);
    const summary = JSON.parse(out.trim()) as { claims: number; denialWarnings: number; denied: number; secondaryClaims: number };
    const first = ['demo-a.json', 'demo-b.json', 'demo-c.json', 'demo-d.json'].reduce((n, f) => n + count(f), 0);
    // Issue 14: the claims with secondary coverage add the secondary claims the gateway built from their 835s.
    expect(summary.secondaryClaims).toBe(withSecondaryCoverage(['demo-a.json', 'demo-b.json', 'demo-c.json', 'demo-d.json']));
    expect(summary.claims).toBe(first + count('after-learning/demo-e.json') + summary.secondaryClaims);
    expect(withoutGp('after-learning/demo-e.json')).toBe(2);
    expect(summary.denialWarnings).toBe(withoutGp('after-learning/demo-e.json'));
  }, 200_000);
});
