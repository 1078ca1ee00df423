/** Runs the gateway (`x12gw serve --config FILE`) as a child process, as an operator would. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const REPO = join(import.meta.dirname, '..', '..');

export interface ChildRun {
  child: ChildProcess;
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startGatewayChild(configPath: string, env: Record<string, string | undefined> = {}): ChildRun {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src', 'cli', 'main.ts'), 'serve', '--config', configPath, '--log-level', 'debug'], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, output, exited };
}

/** Waits for the child to exit within `ms`; otherwise stops it with SIGTERM (then SIGKILL). */
export async function waitOrStop(run: ChildRun, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stopped: boolean }> {
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms));
  const first = await Promise.race([run.exited, timeout]);
  if (first !== 'timeout') return { ...first, stopped: false };
  run.child.kill('SIGTERM');
  const t2 = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000));
  const second = await Promise.race([run.exited, t2]);
  if (second === 'timeout') {
    run.child.kill('SIGKILL');
    return { ...(await run.exited), stopped: true };
  }
  return { ...second, stopped: true };
}
