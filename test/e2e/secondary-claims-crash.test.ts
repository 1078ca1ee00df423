/**
 * Secondary claims across kill -9 (issue 14 item 1, "exactly once across a kill -9 at each new step"): the
 * gateway runs as a separate process against the simulated clearinghouse over real SFTP and kills itself
 * (X12GW_CRASH_AT) right after the 835 posting that enqueued a next payer's claim committed — first when
 * the primary's 835 creates the secondaries, then when the secondary's 835 creates the tertiary. After
 * each restart: every next payer's claim exists once, was generated once and reached the clearinghouse in
 * exactly one interchange; every 835 was posted once, to the cent.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLedger, openLedgerDb } from '../../src/ledger/index.js';
import { allSecondaryClaims } from '../../src/ledger/secondary-claims.js';
import type { Simulator } from '../../src/simulator/clearinghouse.js';
import { REPO, startGatewayChild, waitOrStop } from '../helpers/child.js';
import { openClaims } from '../helpers/claim-counts.js';
import { startSimulator, writeConfig } from '../helpers/harness.js';
import { expectPostedOnceToTheCent, verifyRun } from '../helpers/verify-run.js';

let dir: string;
let sim: Simulator | undefined;
afterAll(async () => {
  await sim?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('secondary claims survive kill -9', () => {
  it('creates and uploads each secondary and tertiary claim exactly once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'x12gw-cob-crash-'));
    const started = await startSimulator(dir, { scanIntervalMs: 40 });
    sim = started.sim;
    const { configPath, config } = writeConfig(dir, sim, started.key.file, { partner: { pollIntervalMs: 150 } });
    mkdirSync(config.folders.outbox, { recursive: true });
    // P-1001 (secondary and tertiary coverage) and P-1004 (a dependant with secondary coverage).
    writeFileSync(join(config.folders.outbox, 'cob.json'), readFileSync(join(REPO, 'samples/cob/professional.primary.json')));
    const dbPath = join(config.dataDir, 'ledger.sqlite');

    const lives: string[] = [];
    for (const point of ['secondary-enqueued', 'secondary-enqueued']) {
      const run = startGatewayChild(configPath, { X12GW_CRASH_AT: point });
      const result = await waitOrStop(run, 60_000);
      expect(result.signal, `killed at ${point}: ${run.output.join('').slice(-1500)}`).toBe('SIGKILL');
      expect(result.stopped).toBe(false);
      lives.push(point);
    }
    // Last life: run to the end (2 primaries, 2 secondaries, 1 tertiary, all final).
    const final = startGatewayChild(configPath);
    const deadline = Date.now() + 120_000;
    for (;;) {
      const s = openClaims(dbPath);
      if (s.total === 5 && s.open === 0) break;
      if (Date.now() > deadline) throw new Error(`run did not finish: ${JSON.stringify(s)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    await waitOrStop(final, 0);
    expect(lives).toHaveLength(2);

    const handle = await openLedgerDb({ dataDir: config.dataDir });
    try {
      const ledger = createLedger(handle.db);
      const rows = await allSecondaryClaims(handle.db);
      const pcns = await handle.db.selectFrom('claims').select(['id', 'patient_control_number']).execute();
      const pcnOf = new Map(pcns.map((c) => [c.id, c.patient_control_number]));
      expect(rows.map((r) => [pcnOf.get(r.source_claim_id), r.patient_control_number, r.responsibility, r.state]).sort()).toEqual([
        ['P-1001', 'P-1001-S', 'secondary', 'created'],
        ['P-1001-S', 'P-1001-S-T', 'tertiary', 'created'],
        ['P-1004', 'P-1004-S', 'secondary', 'created'],
      ]);
      expect(pcns.map((c) => c.patient_control_number).sort()).toEqual(['P-1001', 'P-1001-S', 'P-1001-S-T', 'P-1004', 'P-1004-S']);
      // Each claim generated and uploaded once; each reached the clearinghouse in exactly one interchange.
      for (const state of ['generated', 'uploaded'] as const) {
        const events = await handle.db.selectFrom('claim_events').select('claim_id').where('to_state', '=', state).execute();
        expect(events.map((e) => pcnOf.get(e.claim_id)).sort(), state).toEqual(['P-1001', 'P-1001-S', 'P-1001-S-T', 'P-1004', 'P-1004-S']);
      }
      const facts = await verifyRun(ledger, join(dir, 'sim'));
      expect(facts.inTwoInterchanges).toEqual([]);
      expect(facts.received).toBe(5);
      expect(facts.notFinal).toBe(0);
      expectPostedOnceToTheCent(facts);
      // The secondary and tertiary were answered by their own payers (CLP02 2 and 3).
      const answered = await handle.db.selectFrom('remittance_claims').select(['patient_control_number', 'status_code']).execute();
      expect(answered.filter((a) => /-[ST]$/.test(a.patient_control_number)).map((a) => [a.patient_control_number, a.status_code]).sort()).toEqual([
        ['P-1001-S', '2'],
        ['P-1001-S-T', '3'],
        ['P-1004-S', '2'],
      ]);
    } finally {
      await handle.close();
    }
  }, 400_000);
});
