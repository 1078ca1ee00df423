/**
 * `x12gw demo` (what `npm start` runs): the simulated clearinghouse, the gateway and the API on
 * localhost; the demo batches (samples/demo/) dropped into the outbox; a summary within a minute and the
 * URLs to look at. `--once --json` runs in a temporary folder, waits until every demo claim is final
 * (at most 120 s, then exit 1) and prints the summary as JSON on stdout. Logs go to stderr.
 * `--instances N --database postgres://…` runs N gateways on the one ledger (demo-instances.ts); the
 * summary says how many (`instances`) and what the clearinghouse received twice (`duplicatesSent`).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '../../gateway/config.js';
import { dropBatch } from '../../gateway/outbox-drop.js';
import { answeredEligibilityChecks, dropDemoAppointments, waitForEligibility } from './demo-eligibility.js';
import { createLogger } from '../../gateway/logger.js';
import { summarize, type ClaimSummary } from '../../gateway/summary.js';
import { statusFollowupCounts } from '../../ledger/status-inquiries.js';
import { allSecondaryClaims } from '../../ledger/secondary-claims.js';
import { denialWarningCount, secondWaveBatches, teachAndSendSecondWave } from './demo-learning.js';
import { startDemoEnvironment } from '../../simulator/demo-environment.js';
import { createUserStore } from '../../ledger/users.js';
import { lockDataFolder } from '../data-lock.js';
import { startRuntime, type Running } from './serve.js';
import { parseInstances, startExtraInstances, type ExtraInstances } from './demo-instances.js';
import { countSentDuplicates } from '../../simulator/sent-duplicates.js';
import { repoRoot } from '../repo-root.js';

export { repoRoot };
import { heldByNumber } from '../../simulator/clearinghouse.js';
import { FINAL_STATES } from '../../ledger/lifecycle.js';
import type { Ledger } from '../../ledger/ledger.js';

export interface DemoOptions {
  once?: boolean;
  json?: boolean;
  dir?: string;
  port?: string;
  batches?: string;
  logLevel?: string;
  timeout?: string;
  /** PostgreSQL URL of an empty database for the demo's ledger (default SQLite in the demo folder). */
  database?: string;
  /** Gateways on the one ledger (default 1; more need `database`): the demo's own plus `x12gw serve` children. */
  instances?: string;
}

function demoBatches(root: string, folder?: string): Array<{ name: string; text: string; claims: number }> {
  const dir = folder ? resolve(folder) : join(root, 'samples', 'demo');
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      const parsed = JSON.parse(text) as { claims?: unknown[] } | unknown[];
      return { name, text, claims: Array.isArray(parsed) ? parsed.length : (parsed.claims?.length ?? 0) };
    });
}

function printSummary(s: ClaimSummary, elapsedMs: number) {
  const lines = [
    `x12gw demo: ${s.claims} claims in ${(elapsedMs / 1000).toFixed(1)} s${s.open ? ` (${s.open} still open)` : ''}`,
    `  sent to the clearinghouse  ${s.sent}`,
    `  accepted by the payer      ${s.accepted}`,
    `  rejected                   ${s.rejected}   (scrubber, 999 or 277CA; see outbox/rejected and the API)`,
    `  paid                       ${s.paid}`,
    `  partially paid             ${s.partiallyPaid}`,
    `  denied                     ${s.denied}`,
    `  paid amount                ${s.paidAmount}`,
    `  patient responsibility     ${s.patientResponsibility}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

export async function demoCommand(opts: DemoOptions): Promise<number> {
  const started = Date.now();
  const instances = parseInstances(opts.instances, opts.database);
  if (typeof instances !== 'number') {
    process.stderr.write(`x12gw demo: ${instances.error}\n`);
    return 2;
  }
  const root = repoRoot();
  const temp = opts.once ? mkdtempSync(join(tmpdir(), 'x12gw-demo-')) : undefined;
  const dir = temp ?? resolve(opts.dir ?? join(root, 'data', 'demo'));
  // One gateway per data folder: a second demo on the same folder would upload every 837 twice, and
  // clearing the folder would wipe the running demo's ledger. The lock is taken before anything is touched.
  const lock = temp ? undefined : lockDataFolder(dir);
  if (lock && !lock.ok) {
    process.stderr.write(`x12gw demo: a gateway (pid ${lock.pid}) is already running on ${dir}; use that one, stop it first (Ctrl-C in its terminal), or give this one its own --dir\n`);
    return 3;
  }
  // The default demo folder starts afresh each run (it holds only demo data); a --dir is left as it is.
  if (!temp && !opts.dir) rmSync(dir, { recursive: true, force: true });
  const log = createLogger({ level: opts.logLevel ?? (opts.once ? 'warn' : 'info'), pretty: !opts.once && process.stderr.isTTY === true, destination: process.stderr });
  const batches = demoBatches(root, opts.batches);
  const expected = batches.reduce((n, b) => n + b.claims, 0);
  // The interactive demo leaves about one claim in eight without an 835 (the payer still adjudicating) so
  // that the A/R aging page has content; --once needs every claim final and holds none.
  const env = await startDemoEnvironment({ dir, repoRoot: root, sim: opts.once ? undefined : { holdEvery: DEMO_HOLD_EVERY } });
  const token = randomBytes(18).toString('base64url');
  let running: Running | undefined;
  let extra: ExtraInstances | undefined;
  try {
    const resolved = resolveConfig(env.config, dir, [env.partner]);
    const port = opts.once ? undefined : Number(opts.port ?? '8080');
    try {
      running = await startRuntime(resolved, { log, apiPort: port, apiTokens: [token], database: opts.database });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      running = await startRuntime(resolved, { log, apiPort: 0, apiTokens: [token], database: opts.database });
      process.stderr.write(`x12gw demo: port ${port} is taken; this demo listens on ${running.apiUrl ?? 'another port'} instead\n`);
    }
    // Issue 17: the other instances start once the first has migrated the database.
    if (instances > 1) extra = startExtraInstances({ count: instances - 1, configPath: env.configPath, database: opts.database!, logLevel: opts.logLevel ?? 'warn' });
    // Issue 7: a demo user for the billers' workbench (password new on every start).
    const demoPassword = randomBytes(12).toString('base64url');
    await createUserStore(running.ledger.db).ensureUser({ username: 'demo', password: demoPassword, role: 'biller', displayName: 'Demo biller' });
    for (const b of batches) dropBatch(resolved.folders.outbox, b.name, b.text);
    const appointments = opts.batches ? 0 : dropDemoAppointments(root, resolved.folders.eligibility);
    log.info({ event: 'demo.batches', files: batches.length, claimCount: expected }, 'demo batches dropped into the outbox');
    const deadline = started + (opts.once ? Number(opts.timeout ?? '120') : 60) * 1000;
    let summary = await summarize(running.ledger);
    // The interactive demo is ready once every claim is final except those the payer holds back (they
    // stay open on purpose); before, it waited out the whole minute for them.
    const ledger = running.ledger;
    const settled = async () =>
      summary.claims >= expected && (summary.open === 0 || (!opts.once && (await openNotHeldBack(ledger, DEMO_HOLD_EVERY)) === 0));
    while (Date.now() < deadline && !(await settled())) {
      await new Promise((r) => setTimeout(r, 250));
      running.gateway.kick();
      summary = await summarize(running.ledger);
    }
    // Issue 15: the default demo teaches the denial learner with its first batches, then sends a second
    // wave that gets warnings for what the first taught (demo-learning.ts).
    const wave = opts.batches ? [] : secondWaveBatches(root);
    let denialWarnings: number | undefined;
    if (wave.length && summary.claims >= expected && summary.open === 0) {
      await teachAndSendSecondWave(running.ledger, resolved.folders.outbox, wave, log, () => new Date());
      const all = expected + wave.reduce((n, b) => n + b.claims, 0);
      const archived = () => wave.every((b) => existsSync(join(resolved.folders.archive, b.name)));
      while (Date.now() < deadline + 30_000 && !(summary.claims >= all && summary.open === 0 && archived())) {
        await new Promise((r) => setTimeout(r, 250));
        running.gateway.kick();
        summary = await summarize(running.ledger);
      }
      denialWarnings = denialWarningCount(resolved.folders.archive);
    }
    const gateway = running.gateway;
    if (appointments) await waitForEligibility(running.ledger, appointments, () => gateway.kick(), deadline + 30_000);
    const complete = summary.claims >= expected + (denialWarnings === undefined ? 0 : wave.reduce((n, b) => n + b.claims, 0)) && summary.open === 0;
    if (opts.once) {
      const { open: _open, ...rest } = summary;
      const out = {
        ...(denialWarnings === undefined ? rest : { ...rest, denialWarnings }),
        instances,
        duplicatesSent: countSentDuplicates(env.simDir).total,
        secondaryClaims: (await allSecondaryClaims(running.ledger.db)).length,
      };
      Object.assign(out, { eligibilityChecks: await answeredEligibilityChecks(running.ledger) });
      Object.assign(out, await statusFollowupCounts(running.ledger.db)); // issue 14: statusInquiries, statusAnswers
      if (opts.json) process.stdout.write(JSON.stringify(out) + '\n');
      else printSummary(summary, Date.now() - started);
      if (!complete) process.stderr.write(`x12gw demo: not every claim reached a final state in time (${summary.open} open, ${expected - summary.claims} not taken)\n`);
      return complete ? 0 : 1;
    }
    printSummary(summary, Date.now() - started);
    const url = running.apiUrl ?? '';
    const secrets = demoSecrets(dir, url, demoPassword, token);
    process.stdout.write(
      [
        '',
        `  workbench     ${url}/   (user: demo, password: ${secrets.password})`,
        `  API           ${url}/v1/claims   (header: Authorization: Bearer ${secrets.token})`,
        `  OpenAPI       ${url}/docs`,
        `  health        ${url}/health`,
        `  outbox        ${resolved.folders.outbox}   (drop more batches here)`,
        `  results       ${resolved.folders.results}`,
        `  reports       ${resolved.folders.reports}`,
        `  clearinghouse sftp://practice@127.0.0.1:${env.sim.server.port}`,
        '',
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    await new Promise<void>((r) => {
      process.once('SIGINT', () => r());
      process.once('SIGTERM', () => r());
    });
    // Ctrl-C ends everything at once: a second Ctrl-C, or a stop that takes longer than STOP_BOUND_MS
    // (an upload retrying against a clearinghouse that is going away), exits without waiting further.
    const force = () => {
      lock?.ok && lock.release();
      process.exit(130);
    };
    process.once('SIGINT', force);
    setTimeout(force, STOP_BOUND_MS).unref();
    return 0;
  } finally {
    await extra?.stop();
    await running?.stop();
    await env.sim.stop();
    if (temp) rmSync(temp, { recursive: true, force: true });
    if (lock?.ok) lock.release();
  }
}

/** One original claim in this many is left unanswered by the interactive demo's payer. */
export const DEMO_HOLD_EVERY = 8;

/**
 * Open claims other than those the simulator's payer holds back (accepted, no 835 yet: an original claim
 * whose control number `heldByNumber` picks). Zero means the interactive demo has everything it will get.
 */
export async function openNotHeldBack(ledger: Ledger, holdEvery: number): Promise<number> {
  const claims = await ledger.listClaims();
  return claims.filter((c) => !FINAL_STATES.includes(c.state) && !(HELD_STATES.includes(c.state) && heldByNumber(c.patient_control_number, holdEvery))).length;
}
const HELD_STATES = ['payer-accepted', 'pending'];

/** How long the demo may take to stop after Ctrl-C. */
const STOP_BOUND_MS = 5000;

/**
 * The demo's password and API token are for the person at the terminal: shown when stdout is a terminal,
 * and always written to a file only its owner can read (never to stdout when it is captured, nor to a log).
 */
function demoSecrets(dir: string, url: string, password: string, token: string): { password: string; token: string } {
  const file = join(dir, 'demo-credentials.txt');
  writeFileSync(file, `workbench ${url}/\nuser demo\npassword ${password}\nAPI token ${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  if (process.stdout.isTTY) return { password, token };
  const hidden = `see ${file}`;
  return { password: hidden, token: hidden };
}
