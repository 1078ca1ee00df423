/**
 * The demo's payer leaves some claims unanswered (`holdEvery`): those stay accepted by the payer with no
 * 835 (A/R aging has content), every other claim is answered as before.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINAL_STATES } from '../../src/ledger/lifecycle.js';
import { heldByNumber } from '../../src/simulator/clearinghouse.js';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { runUntil, startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ sim: { holdEvery: 3 } });
});
afterAll(async () => {
  await h?.close();
});

describe('simulator holdEvery', () => {
  it('answers every claim but the held ones, which stay accepted without an 835', async () => {
    writeFileSync(join(h.gateway.context.folders.outbox, 'hold.json'), JSON.stringify(syntheticBatch({ batchId: 'HOLD', claims: 12 })));
    const isHeld = (pcn: string) => heldByNumber(pcn, 3);
    await runUntil(h, async () => {
      const claims = await h.ledger.listClaims();
      return claims.length === 12 && claims.every((c) => (isHeld(c.patient_control_number) ? c.state === 'payer-accepted' : FINAL_STATES.includes(c.state)));
    });
    const claims = await h.ledger.listClaims();
    const held = claims.filter((c) => isHeld(c.patient_control_number));
    expect(held.length).toBeGreaterThan(0);
    expect(held.length).toBeLessThan(claims.length);
    const remitted = await h.ledger.db.selectFrom('remittance_claims').select('claim_id').execute();
    expect(remitted.map((r) => r.claim_id).filter((id) => held.some((c) => c.id === id))).toEqual([]);
  });
});
