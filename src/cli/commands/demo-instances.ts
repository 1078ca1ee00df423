/**
 * `x12gw demo --instances N --database postgres://…` (issue 17): besides the demo's own gateway (the
 * one serving the API), N − 1 more gateways run as separate `x12gw serve` processes on the same config,
 * the same folders and the same PostgreSQL ledger — several instances splitting one workload, as in
 * production. Their logs go to this process's stderr (stdout stays the demo's summary).
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ExtraInstances {
  readonly count: number;
  /** Stops them (SIGTERM, then SIGKILL after `graceMs`) and waits until they have exited. */
  stop(graceMs?: number): Promise<void>;
}

/** How many instances `--instances` asks for, or an error message (more than one needs PostgreSQL). */
export function parseInstances(value: string | undefined, database: string | undefined): number | { error: string } {
  if (value === undefined) return 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 16) return { error: `--instances must be a whole number from 1 to 16 (got ${value})` };
  if (n > 1 && !database) return { error: '--instances above 1 needs --database postgres://… (several instances share one PostgreSQL ledger; SQLite is one process)' };
  return n;
}

/** Starts `count` more gateways (`x12gw serve --config … --database …`) as child processes. */
export function startExtraInstances(options: { count: number; configPath: string; database: string; logLevel: string }): ExtraInstances {
  const children: ChildProcess[] = [];
  for (let i = 0; i < options.count; i++) {
    // The same entry point and loader flags as this process (tsx in development, dist when built).
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1], 'serve', '--config', options.configPath, '--database', options.database, '--log-level', options.logLevel], {
      stdio: ['ignore', 2, 2],
      env: process.env,
    });
    children.push(child);
  }
  const exited = children.map((c) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r()))));
  return {
    count: options.count,
    async stop(graceMs = 10_000) {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
      const timer = setTimeout(() => {
        for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      }, graceMs);
      await Promise.all(exited);
      clearTimeout(timer);
    },
  };
}
