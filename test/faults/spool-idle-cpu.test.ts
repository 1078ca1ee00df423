/**
 * Issue 10, item 6: spool housekeeping must cost nothing when there is nothing to do, whatever the
 * history. 1,000 acknowledged outbound files (real 837 bytes, 100 claims each) in the ledger, a running
 * gateway (`x12gw serve`, separate process, cycle every second): its CPU over 5 s of idling stays under
 * 5 % (the quietest of up to three consecutive windows). Spool copies of newly finished files are still moved to spool/acknowledged, once.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { Claim } from '../../src/claims/model.js';
import { build837 } from '../../src/gateway/claims-port.js';
import { DEFAULT_INTAKE_SETTINGS } from '../../src/gateway/intake.js';
import { openLedgerDb } from '../../src/ledger/index.js';
import { filesToTidy } from '../../src/ledger/spool-housekeeping.js';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import type { Simulator } from '../../src/simulator/clearinghouse.js';
import { startGatewayChild, waitOrStop, type ChildRun } from '../helpers/child.js';
import { startSimulator, writeConfig } from '../helpers/harness.js';
import { testPartner } from '../helpers/partner.js';
import { cpuMsOf } from '../helpers/proc-cpu.js';

const FILES = 1000;
const FRESH = 20;

let dir = '';
let sim: Simulator | undefined;
let run: ChildRun | undefined;
afterAll(async () => {
  if (run) await waitOrStop(run, 0);
  await sim?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** One real 837P of 100 synthetic claims. */
function real837(): string {
  const partner = testPartner({ host: '127.0.0.1', port: 22, username: 'practice', fingerprint: 'SHA256:' + 'A'.repeat(43) });
  const claims = syntheticBatch({ batchId: 'S', claims: 100 }).claims.map((c, i) => ({ id: `c${i}`, claim: Claim.parse(c) }));
  return build837(partner, claims, { interchange: 1, group: 1, date: '20240304', time: '1200' }, () => 'x.837').text;
}

/** user+system CPU seconds of a process (test/helpers/proc-cpu.ts). */
const cpuSeconds = (pid: number): number => cpuMsOf(`/proc/${pid}/stat`) / 1000;

const waitFor = async (what: () => boolean, ms: number, label: string) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('spool housekeeping by index (issue 10 item 6)', () => {
  it(`an idle gateway with ${FILES} acknowledged files uses < 5 % CPU`, async () => {
    dir = mkdtempSync(join(tmpdir(), 'x12gw-spool-'));
    const started = await startSimulator(dir);
    sim = started.sim;
    const { config, configPath } = writeConfig(dir, sim, started.key.file, { partner: { pollIntervalMs: 600_000 }, config: { intake: { ...DEFAULT_INTAKE_SETTINGS, stableMs: 50, rescanIntervalMs: 1000, usePolling: false } } });
    const spool = join(config.dataDir, 'spool');
    const sent = join(spool, 'acknowledged');
    mkdirSync(sent, { recursive: true });

    // The ledger (migrated by the current build), then 1,000 finished files in bulk.
    await (await openLedgerDb({ dataDir: config.dataDir })).close();
    const text = real837();
    expect(text.length).toBeGreaterThan(30_000);
    const db = new Database(join(config.dataDir, 'ledger.sqlite'));
    const insert = db.prepare(`INSERT INTO files (id, direction, partner_id, name, sha256, dedupe_key, size, kind, state, local_path, remote_name, content, attempts, created_at, updated_at)
      VALUES (?, 'out', 'demo', ?, ?, ?, ?, '837P', ?, ?, ?, ?, 1, ?, ?)`);
    db.transaction(() => {
      for (let i = 0; i < FILES + FRESH; i++) {
        const name = `837P-${String(i).padStart(6, '0')}.x12`;
        const sha = randomBytes(32).toString('hex');
        const at = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();
        // The history: already moved to spool/acknowledged. The last 20: just acknowledged, copy still in the spool.
        const fresh = i >= FILES;
        const path = join(fresh ? spool : sent, name);
        if (fresh) writeFileSync(path, text);
        insert.run(`F${String(i).padStart(6, '0')}`, name, sha, sha, text.length, i % 10 === 0 ? 'rejected' : 'acknowledged', path, name, text, at, at);
      }
    })();
    db.close();

    run = startGatewayChild(configPath);
    const pid = run.child.pid!;
    await waitFor(() => run!.output.join('').includes('gateway.started'), 60_000, 'the gateway to start');
    // Let the first cycles (start-up, first poll, the one-time tidy of the 20 fresh files) pass.
    await waitFor(() => Array.from({ length: FRESH }, (_, k) => join(sent, `837P-${String(FILES + k).padStart(6, '0')}.x12`)).every(existsSync), 30_000, 'the fresh spool copies to move');
    await new Promise((r) => setTimeout(r, 3000));

    // Idle is what the gateway costs once start-up is over: on a loaded machine the tail of start-up (V8's
    // background compilation and GC, delayed by other processes) can spill into a window, so up to three
    // consecutive 5 s windows are measured and the quietest counts. Work the gateway repeats every cycle
    // (each second) is in every window, so it cannot hide.
    const windows: number[] = [];
    while (windows.length < 3 && !(windows.length > 0 && Math.min(...windows) < 5)) {
      const cpu0 = cpuSeconds(pid);
      const t0 = process.hrtime.bigint();
      await new Promise((r) => setTimeout(r, 5000));
      const cpu1 = cpuSeconds(pid);
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      windows.push(((cpu1 - cpu0) / wall) * 100);
    }
    console.log(`idle gateway with ${FILES + FRESH} finished files: ${windows.map((p) => p.toFixed(1)).join(' / ')} % CPU over 5 s windows`);
    expect(run.output.join('')).not.toContain('"level":50');
    expect(Math.min(...windows)).toBeLessThan(5);

    await waitOrStop(run, 0);
    run = undefined;
    // Every fresh copy moved once; the ledger points at the new place; nothing left to tidy.
    const handle = await openLedgerDb({ dataDir: config.dataDir });
    try {
      for (let k = 0; k < FRESH; k++) expect(existsSync(join(spool, `837P-${String(FILES + k).padStart(6, '0')}.x12`))).toBe(false);
      const rows = await sql<{ local_path: string }>`SELECT local_path FROM files WHERE id >= ${`F${String(FILES).padStart(6, '0')}`}`.execute(handle.db);
      expect(rows.rows).toHaveLength(FRESH);
      for (const r of rows.rows) expect(r.local_path.startsWith(sent + '/')).toBe(true);
      expect(await filesToTidy(handle.db)).toEqual([]);
      // The housekeeping query reads the partial index only, never the 837 bytes.
      const plan = await sql<{ detail: string }>`EXPLAIN QUERY PLAN SELECT id, state, local_path FROM files INDEXED BY files_spool_untidied WHERE spool_tidied_at IS NULL AND direction = 'out' AND state IN ('acknowledged', 'rejected') ORDER BY id LIMIT 500`.execute(handle.db);
      expect(plan.rows.map((r) => r.detail).join(' ')).toContain('files_spool_untidied');
    } finally {
      await handle.close();
    }
  }, 180_000);
});
