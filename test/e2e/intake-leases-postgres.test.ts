/**
 * Intake under work leases with several instances on one PostgreSQL ledger and shared folders (issue 17,
 * src/gateway/intake-lease.ts):
 *  1. a batch in outbox/.working/ whose lease another (live) instance holds is left alone — before the
 *     leases every instance's cycle took every file in .working, including the one a live instance was
 *     recording — and is taken once that lease has expired;
 *  2. an instance SIGKILLed in the middle of a batch (after 2 of its 6 chunks) holds the batch's lease
 *     when it dies; a second instance leaves the batch alone until the lease expires, then finishes it,
 *     and the run ends with every claim recorded once, sent once and posted once, to the cent.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/gateway/config.js';
import { intakeLeaseItem, INTAKE_LEASE } from '../../src/gateway/intake-lease.js';
import { createLogger } from '../../src/gateway/logger.js';
import { createGateway } from '../../src/gateway/runtime.js';
import { createLedger, openLedgerDb } from '../../src/ledger/index.js';
import { FINAL_STATES } from '../../src/ledger/lifecycle.js';
import { createWorkLeases } from '../../src/ledger/work-leases.js';
import type { Simulator } from '../../src/simulator/clearinghouse.js';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { startGatewayChild, waitOrStop, type ChildRun } from '../helpers/child.js';
import { startSimulator, writeConfig } from '../helpers/harness.js';
import { disposeTestPostgres, testDatabaseUrl } from '../helpers/test-ledger.js';
import { expectPostedOnceToTheCent, verifyRun } from '../helpers/verify-run.js';

const dirs: string[] = [];
const sims: Simulator[] = [];
const runs: ChildRun[] = [];
afterAll(async () => {
  for (const r of runs) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
  for (const s of sims) await s.stop();
  await disposeTestPostgres();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}, 60_000);

const quietLog = () => createLogger({ level: 'warn', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

describe('intake leases on PostgreSQL', () => {
  it("leaves a batch another live instance holds alone, and takes it once that instance's lease has expired", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'x12gw-lease-'));
    dirs.push(dir);
    const url = await testDatabaseUrl('lease_live');
    const started = await startSimulator(dir);
    sims.push(started.sim);
    const { config } = writeConfig(dir, started.sim, started.key.file, { config: { database: url } });
    const resolved = resolveConfig(config, dir);
    // A batch the other instance moved into .working and is recording (its lease is live).
    mkdirSync(resolved.folders.working, { recursive: true });
    const name = 'held.json';
    writeFileSync(join(resolved.folders.working, name), JSON.stringify(syntheticBatch({ batchId: 'H1', claims: 20, start: 1 })));
    const other = await openLedgerDb({ database: url, poolSize: 2 });
    const handle = await openLedgerDb({ database: url, poolSize: 4 });
    let clock = Date.now();
    const gateway = createGateway({ resolved, ledger: createLedger(handle.db), log: quietLog(), watch: false, leases: createWorkLeases(handle.db, { owner: 'this', ttlMs: 60_000, now: () => new Date(clock) }) });
    try {
      expect(await createWorkLeases(other.db, { owner: 'other', ttlMs: 60_000, now: () => new Date(clock) }).tryTake(INTAKE_LEASE, intakeLeaseItem(name))).toBe(true);
      const first = await gateway.cycle({ poll: false });
      expect(first.intake).toBe(0);
      expect(await handle.db.selectFrom('claims').select('id').execute()).toEqual([]);
      expect(existsSync(join(resolved.folders.working, name))).toBe(true);
      clock += 61_000; // the other instance stopped heartbeating a lease length ago
      const second = await gateway.cycle({ poll: false });
      expect(second.intake).toBe(1);
      expect((await handle.db.selectFrom('claims').select('id').execute()).length).toBe(20);
      expect(existsSync(join(resolved.folders.working, name))).toBe(false);
      expect(await handle.db.selectFrom('work_leases' as any).selectAll().execute()).toEqual([]);
    } finally {
      await gateway.stop();
      await handle.close();
      await other.close();
    }
  }, 60_000);

  it("a SIGKILLed instance's batch is finished by another after the lease expires; nothing is done twice", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'x12gw-lease-'));
    dirs.push(dir);
    const url = await testDatabaseUrl('lease_kill');
    const started = await startSimulator(dir, { scanIntervalMs: 40 });
    sims.push(started.sim);
    const TTL = 4_000;
    const CLAIMS = 300;
    const { configPath, config } = writeConfig(dir, started.sim, started.key.file, {
      partner: { limits: { maxClaimsPerTransaction: 50, maxClaimsPerFile: 100 }, pollIntervalMs: 150 },
      config: { database: url, leases: { ttlMs: TTL }, intake: { stableMs: 50, rescanIntervalMs: 200, usePolling: false, completion: 'quiet-period', maxAttempts: 3, chunkClaims: 50, settleMs: 60_000 } },
    });
    mkdirSync(config.folders.outbox, { recursive: true });
    writeFileSync(join(config.folders.outbox, 'big.json'), JSON.stringify(syntheticBatch({ batchId: 'L1', claims: CLAIMS, start: 1, payerRejectEvery: 40, scrubRejectEvery: 97 })));
    const handle = await openLedgerDb({ database: url, poolSize: 2 });
    const claimCount = async () => (await handle.db.selectFrom('claims').select('id').execute()).length;
    try {
      // Instance A dies (SIGKILL, by its own crash point) after recording its 2nd chunk of 50 claims.
      const a = startGatewayChild(configPath, { X12GW_CRASH_AT: 'intake-chunk:2' });
      runs.push(a);
      const aEnd = await waitOrStop(a, 60_000);
      expect(aEnd, a.output.join('').slice(-2000)).toMatchObject({ signal: 'SIGKILL', stopped: false });
      const leftByA = await claimCount();
      expect(leftByA).toBe(100);
      const lease = await handle.db.selectFrom('work_leases' as any).selectAll().execute();
      expect(lease).toHaveLength(1);
      expect(lease[0]).toMatchObject({ step: 'intake', item: intakeLeaseItem('big.json') });
      const expiresAt = Date.parse(String(lease[0].lease_expires_at));
      const working = join(dir, 'outbox', '.working');
      expect(readdirSync(working).filter((n) => n.endsWith('.json'))).toEqual(['big.json']);

      // Instance B starts at once; it must not touch the batch before A's lease expires, then finish it.
      const b = startGatewayChild(configPath);
      runs.push(b);
      let touchedAt: number | undefined;
      while (touchedAt === undefined && Date.now() < expiresAt + 60_000) {
        if ((await claimCount()) !== leftByA || !existsSync(join(working, 'big.json'))) touchedAt = Date.now();
        else await new Promise((r) => setTimeout(r, 100));
      }
      expect(touchedAt, b.output.join('').slice(-2000)).toBeDefined();
      // Not before the expiry (same host, same clock) ...
      expect(touchedAt!).toBeGreaterThanOrEqual(expiresAt);
      // ... and the whole run ends: every claim final.
      const deadline = Date.now() + 120_000;
      let open = -1;
      let total = 0;
      while (Date.now() < deadline) {
        const rows = await handle.db.selectFrom('claims').select(['state']).execute();
        total = rows.length;
        open = rows.filter((r) => !(FINAL_STATES as readonly string[]).includes(r.state)).length;
        if (total === CLAIMS && open === 0) break;
        await new Promise((r) => setTimeout(r, 300));
      }
      await waitOrStop(b, 0);
      expect({ total, open }, b.output.join('').slice(-2000)).toEqual({ total: CLAIMS, open: 0 });
      const ledger = createLedger(handle.db);
      const facts = await verifyRun(ledger, join(dir, 'sim'));
      expect(facts.claimsInLedger).toBe(CLAIMS);
      expect(facts.inTwoInterchanges).toEqual([]);
      expect(facts.duplicatesDiffering).toBe(0);
      expectPostedOnceToTheCent(facts);
      // The takeover is on record until B released the lease; nothing is left leased.
      expect(await handle.db.selectFrom('work_leases' as any).selectAll().execute()).toEqual([]);
      const intakeFiles = await handle.db.selectFrom('files').select(['state']).where('direction', '=', 'intake').execute();
      expect(intakeFiles).toEqual([{ state: 'processed' }]);
    } finally {
      await handle.close();
    }
  }, 300_000);
});
