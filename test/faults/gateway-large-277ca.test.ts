/**
 * Issue 12, round 4: a large 277CA made by the simulated clearinghouse's writer is downloaded over
 * loopback SFTP and posted by the gateway running as an operator runs it (`x12gw serve`, a child process)
 * with its V8 heap capped, and every claim's status is posted exactly once — also when the gateway is
 * killed (SIGKILL) between two posting chunks and started again.
 *
 * Before: the inbox read every response but an 835 whole (`readFileSync`), parsed the 277CA into one tree
 * per transaction set and posted every claim status in one transaction; now it is read from the file
 * twice in chunks (validate + streamed status reports, then 2,000 claim statuses per transaction,
 * resumed after the ones already posted: src/gateway/claim-status-stream.ts, docs/ledger.md).
 *
 * Size: X12GW_LARGE_277CA_MB (default 8 MB, ~30,000 claims, to stay well under 3 minutes on a loaded
 * 2-core machine); docs/performance.md has the 24 MB before/after runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { waitOrStop } from '../helpers/child.js';
import { seedGatewayClaims, startCappedGateway, useLargeResponseGateway, watchUntil } from '../helpers/large-response-gateway.js';
import { writeLarge277CA } from '../../bench/large-835.js';

const MB = Number(process.env.X12GW_LARGE_277CA_MB ?? 8);
const HEAP_MB = 128;
const NAME = 'BIG.277';

describe('gateway: a large 277CA from the simulator, heap capped', () => {
  const gateway = useLargeResponseGateway('big277');

  const counts = () => {
    const db = new Database(gateway.dbPath, { readonly: true, fileMustExist: true });
    try {
      const one = (q: string) => Number(Object.values(db.prepare(q).get() as object)[0]);
      const file = `(SELECT id FROM files WHERE direction = 'in' AND name = '${NAME}')`;
      return {
        fileState: (db.prepare(`SELECT state FROM files WHERE direction = 'in' AND name = '${NAME}'`).get() as { state?: string } | undefined)?.state,
        acknowledgments: one(`SELECT count(*) FROM acknowledgments WHERE file_id = ${file}`),
        matched: one(`SELECT count(DISTINCT claim_id) FROM acknowledgments WHERE file_id = ${file} AND claim_id IS NOT NULL`),
        postedTwice: one(`SELECT count(*) FROM (SELECT claim_id FROM acknowledgments WHERE file_id = ${file} GROUP BY claim_id HAVING count(*) > 1)`),
        events: one(`SELECT count(*) FROM claim_events WHERE source_file_id = ${file}`),
        eventsTwice: one(`SELECT count(*) FROM (SELECT claim_id FROM claim_events WHERE source_file_id = ${file} GROUP BY claim_id HAVING count(*) > 1)`),
        accepted: one(`SELECT count(*) FROM claims WHERE state = 'payer-accepted'`),
        rejected: one(`SELECT count(*) FROM claims WHERE state = 'payer-rejected'`),
        payerClaimNumbers: one(`SELECT count(*) FROM claims WHERE payer_claim_number IS NOT NULL`),
        unmatched: one(`SELECT count(*) FROM unmatched`),
      };
    } finally {
      db.close();
    }
  };

  it(`posts a ${MB} MB 277CA downloaded from the simulator under a ${HEAP_MB} MiB heap, each claim status once, across a kill between chunks`, async () => {
    const big = await writeLarge277CA(join(gateway.outbound, NAME), MB * 1e6);
    await seedGatewayClaims(gateway, big.claims);

    // Run 1: killed (SIGKILL) right after the 3rd posting chunk committed: 6,000 claim statuses posted.
    const first = startCappedGateway(gateway, HEAP_MB, { X12GW_CRASH_AT: 'claim-status-chunk-committed:3' });
    const killed = await waitOrStop(first, 150_000);
    expect(killed.signal, first.output.join('').slice(-3000)).toBe('SIGKILL');
    const mid = counts();
    expect(mid.fileState).not.toBe('posted');
    expect(mid.acknowledgments).toBe(6000);
    expect(mid.events).toBe(6000);

    // Run 2: resumes at the next chunk and posts the rest.
    const second = startCappedGateway(gateway, HEAP_MB);
    // Posted, results and reports written, and the file archived (moved out of the inbox).
    const { seconds, peakRssMb: peak } = await watchUntil(second, () => !existsSync(join(gateway.dir, 'inbox', `demo__${NAME}`)) && counts().fileState === 'posted', 170_000);
    await waitOrStop(second, 1);
    const after = counts();
    console.log(`[gateway-large-277ca] ${(big.bytes / 1e6).toFixed(1)} MB, ${big.claims} claims in ${big.responses} 277CAs: run 2 posted in ${seconds.toFixed(1)} s, peak RSS ${peak.toFixed(0)} MB (heap cap ${HEAP_MB} MiB)`);
    expect(after.fileState, second.output.join('').slice(-3000)).toBe('posted');
    expect(after.acknowledgments).toBe(big.claims);
    expect(after.matched).toBe(big.claims);
    expect(after.postedTwice).toBe(0);
    expect(after.events).toBe(big.claims);
    expect(after.eventsTwice).toBe(0);
    expect(after.rejected).toBe(big.rejected);
    expect(after.accepted).toBe(big.claims - big.rejected);
    expect(after.payerClaimNumbers).toBe(big.claims - big.rejected);
    expect(after.unmatched).toBe(0);
    expect(second.output.join('')).toMatch(/inbox\.claim-status-resumed/);
    // The claim status reports were streamed beside the results: a CSV row per claim (and one per line status).
    const csv = readFileSync(join(gateway.dir, 'reports', `demo__${NAME}.status.csv`), 'utf8');
    expect(new Set(csv.match(/BIG\d{8}/g)).size).toBe(big.claims);
    const results = readFileSync(join(gateway.dir, 'outbox', 'results', `demo__${NAME}.csv`), 'utf8').trim().split('\n').slice(1);
    expect(results.length).toBe(big.claims);
  }, 330_000);
});
