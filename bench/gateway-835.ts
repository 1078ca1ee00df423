/**
 * Gateway row of `bench/cli-paths.ts` (issue 12: "a 1 GB 835 downloaded, posted"): the simulated
 * clearinghouse (in this process, loopback SFTP) holds an 835 made by its own writer (bench/large-835.ts);
 * the gateway runs as an operator runs it (`x12gw serve`, a child with a heap cap; peak RSS = its VmHWM),
 * downloads the file, posts every claim payment (the ledger holds the claims it pays) and archives it.
 * Reported: MB/s of the whole step (download + validate + post + results + reports), claims/s, peak RSS,
 * and whether every claim payment was posted exactly once (row counts).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { GatewayConfigSchema } from '../src/gateway/config.js';
import { createLedger, openLedgerDb } from '../src/ledger/index.js';
import { createSimulator } from '../src/simulator/clearinghouse.js';
import { generateSshKeyPair } from '../src/simulator/ssh-keys.js';
import { seedClaims, writeLarge835 } from './large-835.js';

export interface GatewayRow {
  inputBytes: number;
  claims: number;
  seconds: number;
  peakRssMb: number;
  /** CPU seconds (user + system) of the gateway process, from /proc before it is stopped. */
  cpuSeconds: number;
  postedOnce: boolean;
  error?: string;
}

export async function runGateway835(mb: number, cli: string[], root: string, heapMb: number, floorOf: (file: string) => Promise<number>): Promise<GatewayRow & { floorMbs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'x12gw-bench-gw-'));
  const kp = generateSshKeyPair();
  const keyFile = join(dir, 'user_key');
  writeFileSync(keyFile, kp.privateKey, { mode: 0o600 });
  const sim = createSimulator({ dir: join(dir, 'sim'), sftp: { username: 'practice', authorizedKey: kp.publicKey }, delays: { ackMs: 0, statusMs: 0, remitMs: 0 }, scanIntervalMs: 1000 });
  await sim.start();
  try {
    const partner = {
      id: 'demo',
      name: 'Simulated clearinghouse',
      isa: { senderQualifier: 'ZZ', senderId: 'PRACTICE01', receiverQualifier: 'ZZ', receiverId: 'SIMCH', usage: 'T', ackRequested: false },
      gs: { senderCode: 'PRACTICE01', receiverCode: 'SIMCH' },
      submitter: { name: 'SYNTHETIC BILLING SERVICE', id: 'PRACTICE01', contact: { name: 'BILLING DESK', phone: '8005550199' } },
      receiver: { name: 'SIMULATED CLEARINGHOUSE', id: 'SIMCH' },
      sftp: { host: '127.0.0.1', port: sim.server.port, username: 'practice', privateKey: { file: keyFile }, hostKeyFingerprints: [sim.server.hostKeyFingerprint], operationTimeoutMs: 600_000 },
      // Once a minute (the first poll is at start): the follow-up step reads every claim awaiting an answer
      // once per poll interval, which with a million seeded claims starves the download at 1 s.
      pollIntervalMs: 60_000,
    };
    writeFileSync(join(dir, 'partner.json'), JSON.stringify(partner));
    const config = GatewayConfigSchema.parse({ dataDir: join(dir, 'data'), folders: { outbox: join(dir, 'outbox'), inbox: join(dir, 'inbox'), reports: join(dir, 'reports') }, partners: [join(dir, 'partner.json')], defaultPartner: 'demo' });
    writeFileSync(join(dir, 'gateway.json'), JSON.stringify(config));
    const big = await writeLarge835(join(dir, 'sim', 'sftp', 'outbound', 'BIG.835'), mb * 1e6);
    const floorMbs = await floorOf(join(dir, 'sim', 'sftp', 'outbound', 'BIG.835'));
    const handle = await openLedgerDb({ dataDir: config.dataDir });
    await seedClaims(createLedger(handle.db), 'demo', big.claims);
    await handle.close();
    const dbPath = join(config.dataDir, 'ledger.sqlite');
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, ...cli, 'serve', '--config', join(dir, 'gateway.json'), '--log-level', 'warn'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    // The last 4,000 characters only: a long run must not hold its whole stderr (the slice's result was dropped before).
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let done = false;
    let seconds = 0;
    while (child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 1000));
      if (!existsSync(dbPath) || existsSync(join(dir, 'sim', 'sftp', 'outbound', 'BIG.835')) || existsSync(join(dir, 'inbox', 'demo__BIG.835'))) continue;
      const db = new Database(dbPath, { readonly: true });
      const state = (db.prepare(`SELECT state FROM files WHERE name = 'BIG.835'`).get() as { state?: string } | undefined)?.state;
      db.close();
      if (state === 'posted') {
        seconds = Number(process.hrtime.bigint() - started) / 1e9;
        done = true;
        break;
      }
    }
    // Peak RSS of the gateway process (VmHWM), read before it is stopped.
    const hwm = /VmHWM:\s+(\d+) kB/.exec(existsSync(`/proc/${child.pid}/status`) ? readFileSync(`/proc/${child.pid}/status`, 'utf8') : '');
    const peakRssMb = hwm ? Number(hwm[1]) / 1024 : 0;
    const cpuSeconds = cpuSecondsOf(child.pid);
    child.kill('SIGTERM');
    await exited;
    const db = new Database(dbPath, { readonly: true });
    const one = (q: string) => Number(Object.values(db.prepare(q).get() as object)[0]);
    const postedOnce = one('SELECT count(*) FROM remittance_claims') === big.claims && one('SELECT count(DISTINCT claim_id) FROM remittance_claims WHERE claim_id IS NOT NULL') === big.claims && one(`SELECT count(*) FROM claims WHERE state IN ('paid', 'partially-paid', 'denied')`) === big.claims;
    db.close();
    return { inputBytes: big.bytes, claims: big.claims, seconds, peakRssMb, cpuSeconds, postedOnce, floorMbs, error: done ? undefined : stderr.split('\n').find((l) => /error|heap|memory/i.test(l))?.slice(0, 100) ?? 'did not finish' };
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** utime + stime of a live process (/proc/PID/stat fields 14 and 15, in clock ticks of 1/100 s on Linux). */
function cpuSecondsOf(pid: number | undefined): number {
  const file = `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(file)) return 0;
  const text = readFileSync(file, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Same-run A/B of the gateway's malloc settings (issue 12, round 7): `npx tsx bench/gateway-835.ts malloc MB ROUNDS`
 * runs the gateway row on an MB 835 (default 50) ROUNDS times (default 2) per variant, alternating, the
 * built CLI of this tree (dist/, `npm run build` first), 96 MiB heap as the cli-paths row; prints one line
 * per run: variant, peak RSS (VmHWM), CPU s, claim payments per CPU s, posted once.
 */
export const MALLOC_VARIANTS: Array<{ name: string; env: Record<string, string | undefined> }> = [
  { name: 'glibc default', env: { MALLOC_ARENA_MAX: undefined, MALLOC_TRIM_THRESHOLD_: undefined } },
  { name: 'MALLOC_ARENA_MAX=2 MALLOC_TRIM_THRESHOLD_=1048576', env: { MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '1048576' } },
];

async function mallocAb(mb: number, rounds: number): Promise<void> {
  const root = join(new URL('.', import.meta.url).pathname, '..');
  const cli = [join(root, 'dist', 'src', 'cli', 'main.js')];
  if (!existsSync(cli[0]!)) throw new Error(`${cli[0]} is missing: run \`npm run build\` first`);
  for (let round = 1; round <= rounds; round++) {
    for (const v of round % 2 ? MALLOC_VARIANTS : [...MALLOC_VARIANTS].reverse()) {
      const saved = Object.fromEntries(Object.keys(v.env).map((k) => [k, process.env[k]]));
      for (const [k, val] of Object.entries(v.env)) {
        if (val === undefined) delete process.env[k];
        else process.env[k] = val;
      }
      try {
        const r = await runGateway835(mb, cli, root, 96, async () => 0);
        console.log(`[malloc] round ${round} ${v.name}: peak RSS ${r.peakRssMb.toFixed(0)} MB, CPU ${r.cpuSeconds.toFixed(1)} s, ${(r.claims / r.cpuSeconds).toFixed(0)} claim payments per CPU s, ${r.claims} claim payments, posted once ${r.postedOnce}${r.error ? `, error ${r.error}` : ''}`);
      } finally {
        for (const [k, val] of Object.entries(saved)) {
          if (val === undefined) delete process.env[k];
          else process.env[k] = val;
        }
      }
    }
  }
}

if (process.argv[1] && new URL(`file://${process.argv[1]}`).pathname === new URL(import.meta.url).pathname && process.argv[2] === 'malloc') {
  mallocAb(Number(process.argv[3] ?? 50), Number(process.argv[4] ?? 2)).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
