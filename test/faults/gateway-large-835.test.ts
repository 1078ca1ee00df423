/**
 * Issue 12, gateway path: a large 835 made by the simulated clearinghouse is downloaded over loopback
 * SFTP and posted by the gateway running as an operator runs it (`x12gw serve`, a child process) with its
 * V8 heap capped, and every claim payment is posted exactly once — also when the gateway is killed
 * (SIGKILL) between two posting chunks and started again.
 *
 * Before: the inbox read the file whole (`readFileSync`) and built every claim payment's model and posting
 * in memory before one transaction, so the capped child ran out of heap; now the 835 is read from the file
 * twice in chunks (validate + survey, then post 2,000 claim payments per transaction).
 *
 * Size: X12GW_LARGE_835_MB (default 8 MB, ~35,000 claim payments, to stay well under 3 minutes on a
 * loaded 2-core machine); the 300 MB and 1 GB runs are in `npm run bench` (bench/cli-paths.ts, gateway rows).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { waitOrStop } from '../helpers/child.js';
import { seedGatewayClaims, startCappedGateway, useLargeResponseGateway, watchUntil } from '../helpers/large-response-gateway.js';
import { writeLarge835 } from '../../bench/large-835.js';

const MB = Number(process.env.X12GW_LARGE_835_MB ?? 8);
const HEAP_MB = 128;

describe('gateway: a large 835 from the simulator, heap capped', () => {
  const gateway = useLargeResponseGateway('big835');

  const fileState = () => {
    const db = new Database(gateway.dbPath, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare(`SELECT state FROM files WHERE direction = 'in' AND name = 'BIG.835'`).get() as { state?: string } | undefined)?.state;
    } finally {
      db.close();
    }
  };

  const counts = () => {
    const db = new Database(gateway.dbPath, { readonly: true, fileMustExist: true });
    try {
      const one = (q: string) => Number(Object.values(db.prepare(q).get() as object)[0]);
      return {
        fileState: (db.prepare(`SELECT state FROM files WHERE direction = 'in' AND name = 'BIG.835'`).get() as { state?: string } | undefined)?.state,
        remittances: one(`SELECT count(*) FROM remittances`),
        remittanceClaims: one(`SELECT count(*) FROM remittance_claims`),
        matched: one(`SELECT count(DISTINCT claim_id) FROM remittance_claims WHERE claim_id IS NOT NULL`),
        postedTwice: one(`SELECT count(*) FROM (SELECT claim_id FROM remittance_claims WHERE claim_id IS NOT NULL GROUP BY claim_id HAVING count(*) > 1)`),
        eventsTwice: one(`SELECT count(*) FROM (SELECT claim_id FROM claim_events e JOIN files f ON f.id = e.source_file_id WHERE f.name = 'BIG.835' GROUP BY claim_id HAVING count(*) > 1)`),
        adjudicated: one(`SELECT count(*) FROM claims WHERE state IN ('paid', 'partially-paid', 'denied')`),
        unmatched: one(`SELECT count(*) FROM unmatched`),
      };
    } finally {
      db.close();
    }
  };

  it(`posts a ${MB} MB 835 downloaded from the simulator under a ${HEAP_MB} MiB heap, each claim payment once, across a kill between chunks`, async () => {
    const big = await writeLarge835(join(gateway.outbound, 'BIG.835'), MB * 1e6);
    await seedGatewayClaims(gateway, big.claims);

    // Run 1: killed (SIGKILL) right after the 4th posting chunk committed: 835 #1 whole (2,000 + 2,000 + 1,000), 2,000 of 835 #2.
    const first = startCappedGateway(gateway, HEAP_MB, { X12GW_CRASH_AT: 'remittance-chunk-committed:4' });
    const killed = await waitOrStop(first, 150_000);
    expect(killed.signal, first.output.join('').slice(-3000)).toBe('SIGKILL');
    const mid = counts();
    expect(mid.fileState).not.toBe('posted');
    expect(mid.remittanceClaims).toBe(7000);
    expect(mid.remittances).toBe(2);

    // Run 2: resumes at the next chunk and posts the rest.
    const second = startCappedGateway(gateway, HEAP_MB);
    // Posted, results and reports written, and the file archived (moved out of the inbox).
    const { seconds, peakRssMb: peak } = await watchUntil(second, () => !existsSync(join(gateway.dir, 'inbox', 'demo__BIG.835')) && fileState() === 'posted', 170_000);
    await waitOrStop(second, 1);
    const after = counts();
    console.log(`[gateway-large-835] ${(big.bytes / 1e6).toFixed(1)} MB, ${big.claims} claim payments in ${big.remittances} 835s: run 2 posted in ${seconds.toFixed(1)} s, peak RSS ${peak.toFixed(0)} MB (heap cap ${HEAP_MB} MiB)`);
    expect(after.fileState, second.output.join('').slice(-3000)).toBe('posted');
    expect(after.remittances).toBe(big.remittances);
    expect(after.remittanceClaims).toBe(big.claims);
    expect(after.matched).toBe(big.claims);
    expect(after.postedTwice).toBe(0);
    expect(after.eventsTwice).toBe(0);
    expect(after.adjudicated).toBe(big.claims);
    expect(after.unmatched).toBe(0);
    expect(second.output.join('')).toMatch(/inbox\.remittance-resumed/);
    // The remittance reports were streamed beside the results (CSV: one row or more per claim payment).
    expect(statSync(join(gateway.dir, 'reports', 'demo__BIG.835.remittance.csv')).size).toBeGreaterThan(big.claims * 50);
    // The practice's results list every claim the file moved, once (written page by page from the ledger).
    const results = readFileSync(join(gateway.dir, 'outbox', 'results', 'demo__BIG.835.csv'), 'utf8').trim().split('\n').slice(1);
    expect(results.length).toBe(big.claims);
    expect(new Set(results.map((r) => r.split(',')[0])).size).toBe(big.claims);
  }, 330_000);
});
