/**
 * Three gateway instances on one PostgreSQL ledger (issue 17, the `npm test` size of the soak): three
 * `x12gw serve` processes with one `database` URL and shared folders, the simulated clearinghouse,
 * 600 claims in 3 batches; one instance is SIGKILLed at a random moment 5 times and restarted. Then
 * every claim is final, each in one interchange (no ISA13 reused), each 835 posted once, and the money
 * posted equals what the clearinghouse paid, to the cent. With X12GW_SOAK=1: 10,000 claims in 20
 * batches and 20 kills (the size; not part of `npm test`).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLedger, openLedgerDb } from '../../src/ledger/index.js';
import { FINAL_STATES } from '../../src/ledger/lifecycle.js';
import type { Simulator } from '../../src/simulator/clearinghouse.js';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { startGatewayChild, waitOrStop, type ChildRun } from '../helpers/child.js';
import { startSimulator, writeConfig } from '../helpers/harness.js';
import { disposeTestPostgres, testDatabaseUrl } from '../helpers/test-ledger.js';
import { expectPostedOnceToTheCent, verifyRun } from '../helpers/verify-run.js';

// X12GW_SOAK=1 runs the full size: 10,000 claims in 20 batches, 20 kills (docs/operator-guide.md).
const SOAK = process.env.X12GW_SOAK === '1';
const INSTANCES = 3;
const BATCHES = SOAK ? 20 : 3;
const PER_BATCH = SOAK ? 500 : 200;
const KILLS = SOAK ? 20 : 5;
const DEADLINE_MS = SOAK ? 3_000_000 : 240_000;

let dir: string | undefined;
let sim: Simulator | undefined;
const runs: ChildRun[] = [];
afterAll(async () => {
  for (const r of runs) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
  await sim?.stop();
  await disposeTestPostgres();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('three instances on one PostgreSQL', () => {
  it(`send every claim once and post every 835 once with ${KILLS} SIGKILLs`, async () => {
    dir = mkdtempSync(join(tmpdir(), 'x12gw-inst-'));
    const url = await testDatabaseUrl('instances');
    const started = await startSimulator(dir, { scanIntervalMs: 40 });
    sim = started.sim;
    const { configPath, config } = writeConfig(dir, sim, started.key.file, { partner: { limits: { maxClaimsPerTransaction: 50, maxClaimsPerFile: 100 }, pollIntervalMs: 150 }, config: { database: url } });
    mkdirSync(config.folders.outbox, { recursive: true });
    for (let b = 0; b < BATCHES; b++) {
      writeFileSync(join(config.folders.outbox, `batch-${b + 1}.json`), JSON.stringify(syntheticBatch({ batchId: `I${b + 1}`, claims: PER_BATCH, start: b * PER_BATCH + 1, payerRejectEvery: 40, scrubRejectEvery: 97 })));
    }
    const slots: ChildRun[] = [];
    const start = (i: number) => {
      const run = startGatewayChild(configPath);
      runs.push(run);
      slots[i] = run;
    };
    for (let i = 0; i < INSTANCES; i++) start(i);

    const handle = await openLedgerDb({ database: url, poolSize: 2 });
    try {
      const open = async () => {
        const rows = await handle.db.selectFrom('claims').select(['state']).execute();
        return { total: rows.length, open: rows.filter((r) => !(FINAL_STATES as readonly string[]).includes(r.state)).length };
      };
      // Seeded, so a failure can be replayed: kill moments between 0.5 and 3 s apart, a random instance each.
      let seed = 17;
      const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed / 2147483648);
      for (let k = 0; k < KILLS; k++) {
        await new Promise((r) => setTimeout(r, 500 + rnd() * 2500));
        const i = Math.floor(rnd() * INSTANCES);
        const victim = slots[i];
        victim.child.kill('SIGKILL');
        await victim.exited;
        start(i);
      }
      const deadline = Date.now() + DEADLINE_MS;
      const killsDone = Date.now();
      let state = await open();
      while (Date.now() < deadline && !(state.total === BATCHES * PER_BATCH && state.open === 0)) {
        await new Promise((r) => setTimeout(r, 500));
        state = await open();
      }
      if (SOAK) process.stderr.write(`soak: ${BATCHES * PER_BATCH} claims final ${Math.round((Date.now() - killsDone) / 1000)} s after the last kill\n`);
      for (const run of slots) await waitOrStop(run, 0);
      expect(state, slots.map((r) => r.output.join('').slice(-1500)).join('\n---\n')).toEqual({ total: BATCHES * PER_BATCH, open: 0 });

      const ledger = createLedger(handle.db);
      const facts = await verifyRun(ledger, join(dir, 'sim'));
      expect(facts.claimsInLedger).toBe(BATCHES * PER_BATCH);
      expect(facts.notFinal).toBe(0);
      expect(facts.inTwoInterchanges).toEqual([]);
      expect(facts.duplicatesDiffering).toBe(0);
      const counts = await ledger.claimStateCounts();
      expect(facts.received).toBe(BATCHES * PER_BATCH - (counts['scrub-rejected'] ?? 0));
      expectPostedOnceToTheCent(facts);
      const isa = await handle.db.selectFrom('interchanges').select(['control_number']).where('direction', '=', 'out').execute();
      expect(new Set(isa.map((r) => r.control_number)).size).toBe(isa.length);
      const generated = await handle.db.selectFrom('claim_events').select(['claim_id']).where('to_state', '=', 'generated').execute();
      expect(generated.length).toBe(new Set(generated.map((g) => g.claim_id)).size);
    } finally {
      await handle.close();
    }
  }, DEADLINE_MS + 180_000);
});
