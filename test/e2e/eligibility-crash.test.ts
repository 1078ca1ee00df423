/**
 * Eligibility exactly once across kill -9: the gateway runs as a child process (`x12gw serve`) and kills
 * itself (X12GW_CRASH_AT) at every point an eligibility check passes — appointments recorded, the 270's
 * control numbers committed, spooled, mid-upload, after the remote rename, mid-download, inside and after
 * the 271's posting — and is restarted each time. At the end: every appointment is one check, each check
 * was in exactly one 270 interchange, the clearinghouse answered each 270 once (a re-upload after a crash
 * carried the same ISA13 and was dropped as a duplicate), and each 271 was posted once.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ELIGIBILITY_CRASH_POINTS } from '../../src/gateway/crash.js';
import { createLedger, openLedgerDb } from '../../src/ledger/index.js';
import type { Simulator } from '../../src/simulator/clearinghouse.js';
import { startGatewayChild, waitOrStop } from '../helpers/child.js';
import { startSimulator, writeConfig } from '../helpers/harness.js';

const root = new URL('../../', import.meta.url).pathname;
const PHASE_1 = [...ELIGIBILITY_CRASH_POINTS, 'spool-written', 'upload-started', 'upload-mid', 'upload-renamed', 'upload-recorded', 'download-mid', 'download-landed', 'download-recorded', 'posting-mid', 'posting-committed', 'results-written', 'inbox-archived'];
const PHASE_2 = ['eligibility-recorded', 'eligibility-generated', 'upload-renamed', 'posting-mid'];

let dir: string;
let sim: Simulator | undefined;
afterAll(async () => {
  await sim?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function appointmentsFile(prefix: string) {
  const list = JSON.parse(readFileSync(join(root, 'samples/270-271/appointments.json'), 'utf8'));
  list[2].subscriber.memberId = 'UNKNOWN-9';
  const all = [...list, { ...list[0], appointmentId: 'APPT-1005', subscriber: { ...list[0].subscriber, memberId: 'W-INACTIVE-5' } }];
  return all.map((a: { appointmentId: string }) => ({ ...a, appointmentId: `${prefix}-${a.appointmentId}` }));
}

describe('eligibility crash recovery', () => {
  it(`asks once and posts once when killed -9 at ${PHASE_1.length + PHASE_2.length} points`, async () => {
    dir = mkdtempSync(join(tmpdir(), 'x12gw-elig-crash-'));
    const started = await startSimulator(dir, { scanIntervalMs: 40 });
    sim = started.sim;
    const { configPath, config } = writeConfig(dir, sim, started.key.file, { partner: { pollIntervalMs: 150 } });
    const folder = join(dir, 'eligibility');
    mkdirSync(folder, { recursive: true });
    const killed: string[] = [];
    const missed: string[] = [];
    const crashAt = async (point: string) => {
      const run = startGatewayChild(configPath, { X12GW_CRASH_AT: point });
      const result = await waitOrStop(run, 15_000);
      if (result.signal === 'SIGKILL' && !result.stopped) killed.push(point);
      else missed.push(point);
    };
    writeFileSync(join(folder, 'day-1.json'), JSON.stringify(appointmentsFile('D1')));
    for (const point of PHASE_1) await crashAt(point);
    writeFileSync(join(folder, 'day-2.json'), JSON.stringify(appointmentsFile('D2')));
    for (const point of PHASE_2) await crashAt(point);

    const final = startGatewayChild(configPath);
    const dbPath = config.dataDir;
    const deadline = Date.now() + 90_000;
    const handle = await openLedgerDb({ dataDir: dbPath });
    try {
      const ledger = createLedger(handle.db);
      for (;;) {
        const checks = await ledger.eligibilityChecks();
        if (checks.length === 8 && checks.every((c) => c.state === 'answered' || c.state === 'rejected')) break;
        if (Date.now() > deadline) throw new Error(`run did not finish: ${JSON.stringify(checks.map((c) => c.state))}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      await waitOrStop(final, 0);
      expect(killed.length, `reached: ${killed.join(', ')}; not reached: ${missed.join(', ')}`).toBeGreaterThanOrEqual(PHASE_1.length + PHASE_2.length - 2);
      expect(killed).toEqual(expect.arrayContaining([...ELIGIBILITY_CRASH_POINTS, 'upload-renamed', 'posting-mid']));

      const checks = await ledger.eligibilityChecks();
      // every appointment once, each in exactly one 270 interchange
      expect(new Set(checks.map((c) => c.appointment_id)).size).toBe(8);
      const files270 = (await ledger.listFiles({ direction: 'out' })).filter((f) => f.kind === '270');
      expect(new Set(checks.map((c) => c.file_id))).toEqual(new Set(files270.map((f) => f.id)));
      expect(files270).toHaveLength(2);
      // the clearinghouse answered each 270 transaction set once (two payers per file: ACME01, BLUE02);
      // uploads repeated after a crash carried the same bytes and ISA13, and were dropped as duplicates
      expect(sim.stats().eligibility, JSON.stringify(sim.stats())).toBe(4);
      const processed = readdirSync(join(dir, 'sim', 'processed'));
      for (const name of processed.filter((n) => n.includes('.duplicate-'))) expect(readFileSync(join(dir, 'sim', 'processed', name))).toEqual(readFileSync(join(dir, 'sim', 'processed', name.replace(/\.duplicate-.*$/, ''))));
      // each answer posted once: no check answered twice, no answer for an unknown trace
      const unmatched = await handle.db.selectFrom('unmatched').selectAll().where('kind', '=', '271').execute();
      expect(unmatched).toEqual([]);
      const answered = checks.filter((c) => c.state === 'answered');
      expect(answered).toHaveLength(6);
      expect(checks.filter((c) => c.state === 'rejected').map((c) => c.appointment_id).sort()).toEqual(['D1-APPT-1004', 'D2-APPT-1004']);
      const posted271 = (await ledger.listFiles({ direction: 'in' })).filter((f) => f.kind === '271');
      expect(posted271.filter((f) => f.state === 'posted')).toHaveLength(2);
      expect(new Set(answered.map((c) => c.answer_file_id)).size).toBe(2);
    } finally {
      await waitOrStop(final, 0);
      await handle.close();
    }
  }, 600_000);
});
