/**
 * End to end in one process: 1,000 claims in 5 batches through outbox → 837 → SFTP → simulated
 * clearinghouse → 999 / 277CA / 835 → ledger, to paid / partially paid / denied / rejected.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FINAL_STATES } from '../../src/ledger/lifecycle.js';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { runUntil, startHarness, type Harness } from '../helpers/harness.js';
import { expectPostedOnceToTheCent, verifyRun } from '../helpers/verify-run.js';

let h: Harness | undefined;
afterAll(async () => h?.close());

describe('1,000 claims end to end', () => {
  it('posts every claim once, each in exactly one 837, with ledger totals equal to the 835s to the cent', async () => {
    h = await startHarness();
    const outbox = h.gateway.context.folders.outbox;
    for (let b = 0; b < 5; b++) {
      writeFileSync(join(outbox, `batch-${b + 1}.json`), JSON.stringify(syntheticBatch({ batchId: `E${b + 1}`, claims: 200, start: b * 200 + 1, payerRejectEvery: 50 })));
    }
    await runUntil(
      h,
      async () => {
        const claims = await h!.ledger.listClaims();
        return claims.length === 1000 && claims.every((c) => FINAL_STATES.includes(c.state));
      },
      120_000,
    );
    const facts = await verifyRun(h.ledger, join(h.dir, 'sim'));
    expect(facts.claimsInLedger).toBe(1000);
    expect(facts.notFinal).toBe(0);
    expect(facts.received).toBe(1000);
    expect(facts.inTwoInterchanges).toEqual([]);
    expectPostedOnceToTheCent(facts);
    const counts = await h.ledger.claimStateCounts();
    expect(counts['payer-rejected']).toBe(20);
    expect((counts.paid ?? 0) + (counts['partially-paid'] ?? 0) + (counts.denied ?? 0)).toBe(980);
    expect(counts.denied).toBeGreaterThan(0);
    expect(counts['partially-paid']).toBeGreaterThan(0);
  });
});
