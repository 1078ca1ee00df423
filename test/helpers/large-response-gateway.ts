/**
 * The set-up the large-response fault tests share (test/faults/gateway-large-835.test.ts,
 * gateway-large-277ca.test.ts): the simulated clearinghouse on loopback SFTP and a gateway config for it
 * in a temporary folder (made in beforeAll, removed in afterAll), the ledger seeded with the claims a
 * large file answers, the gateway run as a child process (`x12gw serve`) with its V8 heap capped, and its
 * peak resident set watched while it works.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createLedger, openLedgerDb } from '../../src/ledger/index.js';
import type { Simulator } from '../../src/simulator/clearinghouse.js';
import { seedClaims } from '../../bench/large-835.js';
import { startSimulator, writeConfig } from './harness.js';
import { startGatewayChild, type ChildRun } from './child.js';

export interface LargeResponseGateway {
  /** The temporary folder (the gateway's inbox, reports and outbox are below it). */
  readonly dir: string;
  readonly configPath: string;
  /** The gateway's data folder and its SQLite ledger in it. */
  readonly dataDir: string;
  readonly dbPath: string;
  /** Where the simulator serves files for the gateway to download. */
  readonly outbound: string;
}

/**
 * Registers beforeAll / afterAll in the calling test file: a simulator and its gateway config in a new
 * folder named `x12gw-<prefix>-…`. The fields are readable from beforeAll on.
 */
export function useLargeResponseGateway(prefix: string): LargeResponseGateway {
  let dir = '';
  let sim: Simulator | undefined;
  let configPath = '';
  let dataDir = '';
  let dbPath = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `x12gw-${prefix}-`));
    const started = await startSimulator(dir);
    sim = started.sim;
    const written = writeConfig(dir, sim, started.key.file);
    configPath = written.configPath;
    dataDir = written.config.dataDir;
    dbPath = join(dataDir, 'ledger.sqlite');
  });
  afterAll(async () => {
    await sim?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    get configPath() {
      return configPath;
    },
    get dataDir() {
      return dataDir;
    },
    get dbPath() {
      return dbPath;
    },
    get outbound() {
      return join(dir, 'sim', 'sftp', 'outbound');
    },
  };
}

/** Seeds the gateway's ledger (before it first runs) with the `claims` synthetic claims of partner demo a large file answers. */
export async function seedGatewayClaims(gateway: LargeResponseGateway, claims: number): Promise<void> {
  const handle = await openLedgerDb({ dataDir: gateway.dataDir });
  try {
    await seedClaims(createLedger(handle.db), 'demo', claims);
  } finally {
    await handle.close();
  }
}

/** Starts the gateway as a child with its V8 heap capped at `heapMb` MiB (and `env`, e.g. X12GW_CRASH_AT). */
export function startCappedGateway(gateway: LargeResponseGateway, heapMb: number, env: Record<string, string> = {}): ChildRun {
  return startGatewayChild(gateway.configPath, { NODE_OPTIONS: `--max-old-space-size=${heapMb}`, ...env });
}

/** Peak resident set of a running process (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmHWM for ${pid}`);
  return Number(m[1]) / 1024;
}

/** Polls `check` every 250 ms until it holds or the child exits; throws (with the child's output) after `ms`. */
export async function waitFor(check: () => boolean, run: ChildRun, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (check()) return;
    if (run.child.exitCode !== null || run.child.signalCode !== null) return;
    if (Date.now() > deadline) throw new Error(`timed out; gateway output:\n${run.output.join('').slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Waits (up to `ms`) until `done` holds for the running child, sampling its peak resident set at each
 * poll: the seconds it took and the peak RSS in MB.
 */
export async function watchUntil(run: ChildRun, done: () => boolean, ms: number): Promise<{ seconds: number; peakRssMb: number }> {
  let peak = 0;
  const t0 = Date.now();
  await waitFor(
    () => {
      peak = Math.max(peak, peakRssMb(run.child.pid!));
      return done();
    },
    run,
    ms,
  );
  const seconds = (Date.now() - t0) / 1000;
  peak = Math.max(peak, peakRssMb(run.child.pid!));
  return { seconds, peakRssMb: peak };
}
