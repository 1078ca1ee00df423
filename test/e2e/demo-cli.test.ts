/**
 * The demo and the CLI as a person runs them (child processes): a demo whose port is taken listens on
 * another port and says so; a second demo on the same data folder refuses with a clear error instead of
 * running a second gateway; Ctrl-C (SIGINT) ends the demo promptly and frees the folder; the password and
 * token are not printed to a captured stdout but kept in a 0600 file; `x12gw user` refuses a folder
 * without a ledger; `--version`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/child.js';

const root = mkdtempSync(join(tmpdir(), 'x12gw-demo-cli-'));
const children: ChildProcess[] = [];
let blocker: Server | undefined;
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await new Promise<void>((r) => (blocker ? blocker.close(() => r()) : r()));
  rmSync(root, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/main.ts'), ...args], { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code, signal) => r(code ?? (signal ? 128 : null))));
  return { child, out, exited };
}

const until = async (ok: () => boolean, ms: number, what: string) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

describe('x12gw CLI', () => {
  it('prints its version', async () => {
    const r = run(['--version']);
    expect(await r.exited).toBe(0);
    expect(r.out.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  }, 30_000);

  it('user --data refuses a folder without a ledger instead of creating an empty one', async () => {
    const empty = join(root, 'no-ledger');
    const r = run(['user', '--data', empty, '--username', 'ann', '--role', 'biller'], { X12GW_USER_PASSWORD: 'a long enough password' });
    expect(await r.exited).toBe(3);
    expect(r.out.stderr).toMatch(/holds no gateway ledger/);
    expect(existsSync(join(empty, 'ledger.sqlite'))).toBe(false);
  }, 30_000);
});

describe('x12gw demo', () => {
  it('moves to another port when its port is taken, refuses a second gateway on its folder, and stops at once on Ctrl-C', async () => {
    blocker = createServer();
    await new Promise<void>((r) => blocker!.listen(0, '127.0.0.1', () => r()));
    const busy = (blocker.address() as { port: number }).port;
    const dir = join(root, 'demo');
    const first = run(['demo', '--dir', dir, '--port', String(busy), '--log-level', 'warn']);
    await until(() => /Press Ctrl-C to stop/.test(first.out.stdout) || first.child.exitCode !== null, 120_000, 'the demo to start');
    expect(first.child.exitCode, first.out.stderr.slice(-2000)).toBeNull();
    expect(first.out.stderr).toContain(`port ${busy} is taken`);
    const url = /workbench\s+(http:\/\/127\.0\.0\.1:(\d+))\//.exec(first.out.stdout);
    expect(url, first.out.stdout).not.toBeNull();
    expect(Number(url![2])).not.toBe(busy);
    expect((await fetch(`${url![1]}/health`)).status).toBe(200);
    // The password and token are for the terminal: stdout here is captured, so they are in a 0600 file.
    const credentials = join(dir, 'demo-credentials.txt');
    expect(first.out.stdout).toContain(`see ${credentials}`);
    expect(statSync(credentials).mode & 0o777).toBe(0o600);
    expect(existsSync(`${dir}.lock`)).toBe(true);

    const second = run(['demo', '--dir', dir, '--port', String(busy), '--log-level', 'warn']);
    expect(await second.exited).toBe(3);
    expect(second.out.stderr).toMatch(new RegExp(`a gateway \\(pid ${first.child.pid}\\) is already running on`));
    expect(existsSync(credentials)).toBe(true); // the running demo's folder was not wiped

    const stopAsked = Date.now();
    first.child.kill('SIGINT');
    const code = await Promise.race([first.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 20_000))]);
    expect(code, 'the demo kept running after Ctrl-C').not.toBe('hung');
    expect(Date.now() - stopAsked).toBeLessThan(20_000);
    expect(existsSync(`${dir}.lock`)).toBe(false);
    await expect(fetch(`${url![1]}/health`)).rejects.toThrow();
  }, 200_000);
});
