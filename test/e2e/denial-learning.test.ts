/**
 * The whole loop of denial prevention: a first batch to the simulated payer SIMPAYER2 (which denies 97110
 * billed without modifier GP) goes out and comes back as 835s; the ledger learns the rule from those
 * postings; once a biller accepts it, a second batch gets DENIAL-RULE warnings on exactly the claims that
 * lack the modifier, naming the evidence, and they are still sent.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideDenialRule, learnAndStoreDenialRules, listDenialRules } from '../../src/ledger/denial-rules.js';
import { FINAL_STATES } from '../../src/ledger/lifecycle.js';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { runUntil, startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;

/** Claims to SIMPAYER2, one 97110 line each; every other one carries GP. */
function batch(batchId: string, claims: number) {
  const b = syntheticBatch({ batchId, claims });
  b.claims.forEach((c, k) => {
    c.payer = { name: 'SIMULATED PAYER TWO', id: 'SIMPAYER2' };
    const line = c.lines[0] as Record<string, unknown>;
    c.lines = [{ ...line, procedureCode: '97110', modifiers: k % 2 ? ['GP'] : [], charge: '100.00', lineControlNumber: `${batchId}-${k + 1}` } as never];
    c.totalCharge = '100.00';
  });
  return b;
}

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('denial prevention, end to end', () => {
  it('learns from the first batch what the payer denies and warns the second batch', async () => {
    const folders = h.gateway.context.folders;
    writeFileSync(join(folders.outbox, 'first.json'), JSON.stringify(batch('LRN1', 30)));
    await runUntil(h, async () => {
      const claims = await h.ledger.listClaims();
      return claims.length === 30 && claims.every((c) => FINAL_STATES.includes(c.state));
    });
    expect((await h.ledger.listClaims({ state: 'denied' })).length).toBeGreaterThanOrEqual(15);

    const learned = await learnAndStoreDenialRules(h.ledger.db, { now: new Date().toISOString() });
    expect(learned.facts).toBe(30);
    const rules = await listDenialRules(h.ledger.db);
    expect(rules.map((r) => r.key)).toEqual(['missing-modifier|SIMPAYER2|97110|GP']);
    expect(rules[0].evidence.carcs[0]).toBe('4');
    await decideDenialRule(h.ledger.db, rules[0].id, { action: 'accept', severity: 'warning', by: 'test', now: new Date().toISOString() });

    writeFileSync(join(folders.outbox, 'second.json'), JSON.stringify(batch('LRN2', 4)));
    await runUntil(h, async () => (await h.ledger.listClaims()).length === 34 && existsSync(join(folders.archive, 'second.json')));
    const warnings = JSON.parse(readFileSync(join(folders.archive, 'second.warnings.json'), 'utf8')) as { warnedClaims: Array<{ claimId: string; findings: Array<{ code: string; field: string; message: string }> }> };
    expect(warnings.warnedClaims.map((c) => c.claimId)).toEqual(['LRN2-1', 'LRN2-3']);
    expect(warnings.warnedClaims[0].findings).toEqual([expect.objectContaining({ code: 'DENIAL-RULE', field: '$.lines[0].modifiers', message: expect.stringContaining(`rule ${rules[0].id}`) })]);
    const second = (await h.ledger.listClaims()).filter((c) => c.patient_control_number.startsWith('LRN2'));
    expect(second.every((c) => c.state !== 'scrub-rejected')).toBe(true);
  });
});
