/**
 * Crash tests: the gateway runs as a separate process and is killed with SIGKILL (X12GW_CRASH_AT makes
 * it kill itself at a named point: no cleanup, no flush) at more than 20 points of one run of 1,000
 * claims in 5 batches — during intake, inside the transaction that reserves control numbers, mid-upload,
 * between the remote rename and the ledger commit, mid-download, inside and after posting — and
 * restarted each time. At the end: 0 claims lost, 0 claims in two interchanges, 0 payments posted twice,
 * ledger money equal to the 835s' to the cent.
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CRASH_POINTS } from '../../src/gateway/crash.js';
import { createLedger, openLedgerDb } from '../../src/ledger/index.js';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { startGatewayChild, waitOrStop, type ChildRun } from '../helpers/child.js';
import { openClaims } from '../helpers/claim-counts.js';
import { startSimulator, writeConfig } from '../helpers/harness.js';
import { expectPostedOnceToTheCent, verifyRun } from '../helpers/verify-run.js';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Simulator } from '../../src/simulator/clearinghouse.js';

/** Phase 1 runs on batches 1-3; phase 2 drops batches 4-5 and crashes in their path again. */
// 'secondary-enqueued' is reached only by claims with further coverage (none here): test/e2e/secondary-claims-crash.test.ts kills there.
const PHASE_1 = CRASH_POINTS.filter((p) => p !== 'secondary-enqueued');
const PHASE_2 = ['intake-recorded', 'generate-reserved', 'upload-mid', 'upload-renamed', 'download-mid', 'posting-mid', 'download-recorded', 'posting-committed'];
const SEQUENCE = [...PHASE_1, ...PHASE_2];

/** Regular files waiting in a folder (sub-folders such as the inbox's archive are not counted). */
const waiting = (folder: string) => {
  try {
    return readdirSync(folder).filter((n) => statSync(join(folder, n)).isFile()).length;
  } catch {
    return 0;
  }
};

/**
 * A life whose point lies after the last work of its phase (every claim dropped so far final, nothing in
 * the inbox) cannot reach it: it used to be stopped only after 20 s (a quarter of the test's time). It is
 * stopped once it has started and found nothing left to do for IDLE_MS; a life that dies at its point,
 * or still has work, is waited for as before (up to 20 s).
 */
const IDLE_MS = 3000;
async function waitForCrashOrIdle(run: ChildRun, idle: () => boolean): Promise<{ code: number | null; signal: NodeJS.Signals | null; stopped: boolean }> {
  const deadline = Date.now() + 20_000;
  let idleSince: number | undefined;
  let started = false;
  for (;;) {
    const exited = await Promise.race([run.exited, new Promise<undefined>((r) => setTimeout(r, 200))]);
    if (exited) return { ...exited, stopped: false };
    started ||= run.output.join('').includes('"event":"gateway.started"');
    if (started && idle()) idleSince ??= Date.now();
    else idleSince = undefined;
    if (Date.now() > deadline || (idleSince !== undefined && Date.now() - idleSince >= IDLE_MS)) return waitOrStop(run, 0);
  }
}

let dir: string;
let sim: Simulator | undefined;
afterAll(async () => {
  await sim?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('crash recovery', () => {
  it(`loses nothing and duplicates nothing when killed -9 at ${SEQUENCE.length} points`, async () => {
    dir = mkdtempSync(join(tmpdir(), 'x12gw-crash-'));
    const started = await startSimulator(dir, { scanIntervalMs: 40 });
    sim = started.sim;
    // Small files so the run has many interchanges and responses to crash in: 5 batches × 200 claims, 100 per file.
    const { configPath, config } = writeConfig(dir, sim, started.key.file, { partner: { limits: { maxClaimsPerTransaction: 50, maxClaimsPerFile: 100 }, pollIntervalMs: 150 } });
    mkdirSync(config.folders.outbox, { recursive: true });
    const drop = (b: number) => writeFileSync(join(config.folders.outbox, `batch-${b + 1}.json`), JSON.stringify(syntheticBatch({ batchId: `K${b + 1}`, claims: 200, start: b * 200 + 1, payerRejectEvery: 40, scrubRejectEvery: 97 })));
    const dbPath = join(config.dataDir, 'ledger.sqlite');
    const killed: string[] = [];
    const missed: string[] = [];
    let dropped = 0;
    const idle = () => {
      const s = openClaims(dbPath);
      return s.total === dropped && s.open === 0 && waiting(config.folders.outbox) === 0 && waiting(config.folders.inbox) === 0 && waiting(join(config.folders.inbox, '.incoming')) === 0;
    };
    const crashAt = async (point: string) => {
      const t0 = Date.now();
      const run = startGatewayChild(configPath, { X12GW_CRASH_AT: point });
      const result = await waitForCrashOrIdle(run, idle);
      if (result.signal === 'SIGKILL' && !result.stopped) killed.push(point);
      else missed.push(point);
      if (process.env.X12GW_TEST_VERBOSE) process.stderr.write(`crash ${point}: ${result.signal ?? result.code} after ${Date.now() - t0} ms\n`);
    };
    [0, 1, 2].forEach(drop);
    dropped = 600;
    for (const point of PHASE_1) await crashAt(point);
    [3, 4].forEach(drop);
    dropped = 1000;
    for (const point of PHASE_2) await crashAt(point);
    // Last life: run to the end.
    const final = startGatewayChild(configPath);
    const deadline = Date.now() + 120_000;
    for (;;) {
      const s = openClaims(dbPath);
      if (s.total === 1000 && s.open === 0) break;
      if (Date.now() > deadline) throw new Error(`run did not finish: ${JSON.stringify(s)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    await waitOrStop(final, 0);
    expect(killed.length, `crash points reached: ${killed.join(', ')}; not reached: ${missed.join(', ')}`).toBeGreaterThanOrEqual(20);

    const handle = await openLedgerDb({ dataDir: config.dataDir });
    try {
      const ledger = createLedger(handle.db);
      const facts = await verifyRun(ledger, join(dir, 'sim'));
      expect(facts.claimsInLedger).toBe(1000);
      expect(facts.notFinal).toBe(0);
      expect(facts.inTwoInterchanges).toEqual([]);
      // uploads interrupted after the remote rename were sent again: same name, same bytes, same ISA13
      expect(facts.duplicatesDiffering).toBe(0);
      // 1000 minus the scrub-rejected ones reached the clearinghouse
      const counts = await ledger.claimStateCounts();
      expect(facts.received).toBe(1000 - (counts['scrub-rejected'] ?? 0));
      expectPostedOnceToTheCent(facts);
      // each claim was generated exactly once
      const generated = await handle.db.selectFrom('claim_events').select(['claim_id']).where('to_state', '=', 'generated').execute();
      expect(generated.length).toBe(new Set(generated.map((g) => g.claim_id)).size);
    } finally {
      await handle.close();
    }
  }, 600_000);
});
