/**
 * Exactly once across kill -9 in the claim-status follow-up (issue 14): the gateway runs as a child process
 * and kills itself (X12GW_CRASH_AT) inside the transaction that reserves a 276's control numbers, right after
 * that transaction commits, and between the 276's remote rename and its ledger record; restarted each time,
 * then run to the end. No 276 is answered twice (a re-sent one after a kill past the remote rename is the
 * same bytes and ISA13, which the clearinghouse drops), no claim is asked about twice, no answer is posted twice, no ISA13 is reused, and every claim ends final.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FOLLOWUP_CRASH_POINTS } from '../../src/gateway/crash.js';
import { createLedger, openLedgerDb } from '../../src/ledger/index.js';
import { FINAL_STATES } from '../../src/ledger/lifecycle.js';
import type { Simulator } from '../../src/simulator/clearinghouse.js';
import { heldByNumber } from '../../src/simulator/clearinghouse.js';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { startGatewayChild, waitOrStop } from '../helpers/child.js';
import { startSimulator, writeConfig } from '../helpers/harness.js';

let dir: string;
let sim: Simulator | undefined;
afterAll(async () => {
  await sim?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const SECOND = 1 / 86_400;

describe('claim-status follow-up across kill -9', () => {
  it('sends each 276 once, asks about each claim once and posts each answer once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'x12gw-status-crash-'));
    const started = await startSimulator(dir, { scanIntervalMs: 40, silentEvery: 2 });
    sim = started.sim;
    const { configPath, config } = writeConfig(dir, sim, started.key.file, {
      partner: { pollIntervalMs: 150, statusFollowup: { no999Hours: 30 / 3600, no277caDays: 1 * SECOND, no835Days: 60 * SECOND, reinquireDays: 600 * SECOND, silentAfterInquiryDays: 600 * SECOND } },
    });
    mkdirSync(config.folders.outbox, { recursive: true });
    const batch = syntheticBatch({ batchId: 'Q', claims: 30 });
    const silentIds = (batch.claims as Array<{ claimId: string }>).map((c) => c.claimId).filter((id) => heldByNumber(`silent:${id}`, 2));
    expect(silentIds.length).toBeGreaterThan(3);
    writeFileSync(join(config.folders.outbox, 'batch-q.json'), JSON.stringify(batch));

    const killed: string[] = [];
    // The 276 committed in the previous life is this life's first upload: killed after its remote rename.
    for (const point of [...FOLLOWUP_CRASH_POINTS, 'upload-renamed']) {
      const run = startGatewayChild(configPath, { X12GW_CRASH_AT: point });
      const result = await waitOrStop(run, 30_000);
      if (result.signal === 'SIGKILL' && !result.stopped) killed.push(point);
    }
    expect(killed).toEqual([...FOLLOWUP_CRASH_POINTS, 'upload-renamed']);

    const final = startGatewayChild(configPath);
    const dbPath = config.dataDir;
    const deadline = Date.now() + 90_000;
    try {
      for (;;) {
        const handle = await openLedgerDb({ dataDir: dbPath });
        try {
          const claims = await createLedger(handle.db).listClaims();
          if (claims.length === 30 && claims.every((c) => FINAL_STATES.includes(c.state))) break;
        } finally {
          await handle.close();
        }
        if (Date.now() > deadline) throw new Error('the run did not finish');
        await new Promise((r) => setTimeout(r, 300));
      }
    } finally {
      await waitOrStop(final, 0);
    }

    const handle = await openLedgerDb({ dataDir: dbPath });
    try {
      const ledger = createLedger(handle.db);
      const db = handle.db as unknown as import('kysely').Kysely<any>;
      const inquiries = await db.selectFrom('status_inquiries').select(['claim_id', 'file_id', 'answered_at']).execute();
      const claims = await ledger.listClaims();
      const silent = claims.filter((c) => silentIds.includes(c.patient_control_number)).map((c) => c.id);
      // each silent claim asked about exactly once (the kill inside the reserving transaction left nothing)
      expect(inquiries.map((q: { claim_id: string }) => q.claim_id).sort()).toEqual([...silent].sort());
      expect(inquiries.every((q: { answered_at: string | null }) => q.answered_at !== null)).toBe(true);
      // each answer once
      const answers = await db.selectFrom('status_answers').select(['claim_id']).execute();
      expect(answers.map((a: { claim_id: string }) => a.claim_id).sort()).toEqual([...silent].sort());
      // no 276 sent twice: the clearinghouse saw no repeated interchange, and every file we sent once
      const out = await ledger.outboundFiles();
      expect(out.filter((f) => f.kind === '276').every((f) => ['uploaded', 'acknowledged'].includes(f.state))).toBe(true);
      // An upload killed after its remote rename is sent again with the same name, bytes and ISA13 (the
      // clearinghouse drops the repeat, as real ones do); it is never a different file and never answered twice.
      const processed = join(dir, 'sim', 'processed');
      for (const name of readdirSync(processed).filter((n) => n.includes('.duplicate-'))) {
        const original = name.replace(/\.duplicate-[0-9a-f]{8}$/, '');
        expect(readFileSync(join(processed, name)).equals(readFileSync(join(processed, original))), name).toBe(true);
      }
      const sets276 = out.filter((f) => f.kind === '276').reduce((n, f) => n + JSON.parse(f.summary ?? '{}').transactions, 0);
      expect(sim.stats().responses['277']).toBe(sets276);
      // ISA13 never reused
      const isa = await db.selectFrom('interchanges').select(['control_number']).where('direction', '=', 'out').execute();
      expect(new Set(isa.map((r: { control_number: number }) => r.control_number)).size).toBe(isa.length);
      expect(await ledger.verify()).toEqual([]);
    } finally {
      await handle.close();
    }
  }, 300_000);
});
