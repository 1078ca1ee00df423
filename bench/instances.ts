/**
 * Several gateways on one PostgreSQL (issue 17): claims per second end to end — batches dropped in the
 * shared outbox → scrubbed and recorded → 837s uploaded to the simulated clearinghouse → 999 / 277CA /
 * 835 polled and posted, every claim final — with 1, 2 and 3 `x12gw serve` processes on one PostgreSQL
 * database, and with one on SQLite, in the same run on the same machine. Each scenario gets a fresh
 * folder, a fresh simulator (no response delay) and a fresh, already migrated database; the instances
 * are started first and the clock runs from the moment the batches are dropped until the last claim is
 * final. PostgreSQL is a private cluster started like the tests' (test/helpers/postgres.ts: Debian's
 * package, fsync off — the same for every PostgreSQL row).
 *
 *   npx tsx bench/instances.ts          (or `npm run bench`, BENCH_ONLY=instances)
 *   BENCH_INSTANCE_CLAIMS=2000 (default), BENCH_INSTANCE_ROUNDS=1 (rounds of the four scenarios, interleaved)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { FINAL_STATES } from '../src/ledger/lifecycle.js';
import { openLedgerDb } from '../src/ledger/index.js';
import { syntheticBatch } from '../src/simulator/synthetic-claims.js';
import { startSimulator, writeConfig } from '../test/helpers/harness.js';
import { startPostgres, type PostgresHandle } from '../test/helpers/postgres.js';

interface Scenario {
  name: string;
  instances: number;
  postgres: boolean;
}

interface Result {
  scenario: string;
  instances: number;
  claims: number;
  seconds: number;
  claimsPerSecond: number;
  /** CPU seconds the gateway processes used together (user + system, from /proc), and this process (the simulator). */
  gatewayCpuSeconds: number;
  simulatorCpuSeconds: number;
}

/** CPU seconds (user + system) a live process has used, from /proc/<pid>/stat (Linux). */
function cpuSecondsOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line (11 and 12 after the name); clock ticks of 1/100 s.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

const SCENARIOS: Scenario[] = [
  { name: 'SQLite, 1 instance', instances: 1, postgres: false },
  { name: 'PostgreSQL, 1 instance', instances: 1, postgres: true },
  { name: 'PostgreSQL, 2 instances', instances: 2, postgres: true },
  { name: 'PostgreSQL, 3 instances', instances: 3, postgres: true },
];
const PER_BATCH = 200;

/** `x12gw serve` as built (dist) when this file runs compiled, through tsx otherwise. */
function serveCommand(): string[] {
  const here = dirname(fileURLToPath(import.meta.url));
  return import.meta.url.endsWith('.ts') ? ['--import', 'tsx', join(here, '..', 'src', 'cli', 'main.ts')] : [join(here, '..', 'src', 'cli', 'main.js')];
}

function startInstance(configPath: string): { child: ChildProcess; output: string[]; exited: Promise<void> } {
  const child = spawn(process.execPath, [...serveCommand(), 'serve', '--config', configPath, '--log-level', 'info'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (d: Buffer) => {
    output.push(d.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, output, exited: new Promise((r) => child.once('exit', () => r())) };
}

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const FINAL = `(${FINAL_STATES.map((s) => `'${s}'`).join(',')})`;

async function measure(scenario: Scenario, claims: number, pg: PostgresHandle | undefined): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'x12gw-bench-inst-'));
  const { sim, key } = await startSimulator(dir, { scanIntervalMs: 40 });
  const instances: Array<ReturnType<typeof startInstance>> = [];
  let closeLedger = async () => {};
  try {
    const database = scenario.postgres ? await pg!.createDatabase('bench') : undefined;
    const { configPath, config } = writeConfig(dir, sim, key.file, {
      partner: { limits: { maxClaimsPerTransaction: 50, maxClaimsPerFile: 100 }, pollIntervalMs: 150 },
      config: { ...(database ? { database } : {}), logLevel: 'info' },
    });
    // Migrated before the clock starts (and the handle the bench reads the states with).
    const handle = await openLedgerDb(database ? { database, poolSize: 1 } : { dataDir: config.dataDir });
    await handle.close();
    let open: () => Promise<{ total: number; open: number }>;
    if (database) {
      const reader = await openLedgerDb({ database, poolSize: 1 });
      closeLedger = () => reader.close();
      open = async () => {
        const rows = await reader.db.selectFrom('claims').select(['state']).execute();
        return { total: rows.length, open: rows.filter((r) => !(FINAL_STATES as readonly string[]).includes(r.state)).length };
      };
    } else {
      const file = join(config.dataDir, 'ledger.sqlite');
      open = async () => {
        const db = new Database(file, { readonly: true, fileMustExist: true });
        try {
          db.pragma('busy_timeout = 5000');
          const total = (db.prepare('SELECT count(*) AS n FROM claims').get() as { n: number }).n;
          const notFinal = (db.prepare(`SELECT count(*) AS n FROM claims WHERE state NOT IN ${FINAL}`).get() as { n: number }).n;
          return { total, open: notFinal };
        } finally {
          db.close();
        }
      };
    }
    for (let i = 0; i < scenario.instances; i++) instances.push(startInstance(configPath));
    await waitFor(() => instances.every((r) => r.output.join('').includes('"event":"gateway.started"')), 60_000, 'instances started');
    mkdirSync(config.folders.outbox, { recursive: true });
    const cpu0 = instances.map((r) => cpuSecondsOf(r.child.pid));
    const sim0 = process.cpuUsage();
    const t0 = performance.now();
    for (let b = 0; b < claims / PER_BATCH; b++) {
      const text = JSON.stringify(syntheticBatch({ batchId: `B${b + 1}`, claims: PER_BATCH, start: b * PER_BATCH + 1 }));
      writeFileSync(join(config.folders.outbox, `.tmp-${b}`), text);
      // Complete files only (a rename), as the outbox contract asks.
      renameSync(join(config.folders.outbox, `.tmp-${b}`), join(config.folders.outbox, `batch-${b + 1}.json`));
    }
    await waitFor(
      async () => {
        const s = await open();
        return s.total === claims && s.open === 0;
      },
      900_000,
      `${scenario.name}: every claim final`,
    );
    const seconds = (performance.now() - t0) / 1000;
    const gatewayCpuSeconds = instances.reduce((n, r, i) => n + cpuSecondsOf(r.child.pid) - cpu0[i], 0);
    const simCpu = process.cpuUsage(sim0);
    return { scenario: scenario.name, instances: scenario.instances, claims, seconds, claimsPerSecond: claims / seconds, gatewayCpuSeconds, simulatorCpuSeconds: (simCpu.user + simCpu.system) / 1e6 };
  } catch (err) {
    for (const r of instances) process.stderr.write(r.output.join('').slice(-1500) + '\n---\n');
    throw err;
  } finally {
    for (const r of instances) r.child.kill('SIGTERM');
    await Promise.all(instances.map((r) => Promise.race([r.exited, new Promise((res) => setTimeout(res, 10_000))])));
    for (const r of instances) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    await closeLedger();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<Result[]> {
  const claims = Math.max(PER_BATCH, Math.round(Number(process.env.BENCH_INSTANCE_CLAIMS ?? '2000') / PER_BATCH) * PER_BATCH);
  const rounds = Math.max(1, Number(process.env.BENCH_INSTANCE_ROUNDS ?? '1'));
  const pg = await startPostgres();
  const results: Result[] = [];
  try {
    for (let round = 0; round < rounds; round++) for (const s of SCENARIOS) results.push(await measure(s, claims, pg));
  } finally {
    await pg.dispose();
  }
  console.log(`${claims} claims in ${claims / PER_BATCH} batches, end to end (outbox → uploaded → 835 posted), ${rounds} round(s)`);
  console.log('scenario                   instances   seconds   claims/s   vs PostgreSQL×1   gateway CPU s   simulator CPU s');
  const base = (rs: Result[]) => rs.find((r) => r.scenario === 'PostgreSQL, 1 instance')!.claimsPerSecond;
  for (let round = 0; round < rounds; round++) {
    const rs = results.slice(round * SCENARIOS.length, (round + 1) * SCENARIOS.length);
    for (const r of rs) console.log(`${r.scenario.padEnd(26)} ${String(r.instances).padStart(9)} ${r.seconds.toFixed(1).padStart(9)} ${r.claimsPerSecond.toFixed(1).padStart(10)} ${(r.claimsPerSecond / base(rs)).toFixed(2).padStart(17)} ${r.gatewayCpuSeconds.toFixed(1).padStart(15)} ${r.simulatorCpuSeconds.toFixed(1).padStart(17)}`);
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
