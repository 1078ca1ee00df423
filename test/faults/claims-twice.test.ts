/**
 * Duplicate claims by content (issue 11 item 6), real gateway + simulator on loopback SFTP: the practice
 * exports the same 20 claims twice with different bytes. 20 are sent, 20 go to the second batch's rejected
 * report as duplicates naming the earlier claim, every payment lands on the claim that was sent, nothing
 * is left open.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINAL_STATES } from '../../src/ledger/lifecycle.js';
import { createWorkbenchQueries, OPEN_STATES } from '../../src/ledger/workbench-queries.js';
import { reasonsFor } from '../../src/api/workbench/views.js';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { runUntil, startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('the same 20 claims in two batches with different bytes', () => {
  it('sends 20, reports 20 duplicates naming the earlier claims, leaves none open and pays each claim once', async () => {
    const batch = syntheticBatch({ batchId: 'TWICE', claims: 20 });
    const outbox = h.gateway.context.folders.outbox;
    // Both exports land before the gateway looks: the second is compared with claims not yet sent, too.
    writeFileSync(join(outbox, 'export-1.json'), JSON.stringify(batch));
    writeFileSync(join(outbox, 'export-2.json'), JSON.stringify(batch, null, 2) + '\n');
    await runUntil(h, async () => {
      const claims = await h.ledger.listClaims();
      return claims.length === 40 && claims.every((c) => FINAL_STATES.includes(c.state)) && (await h.ledger.listRemittances()).length > 0;
    }, 60_000);
    const claims = await h.ledger.listClaims();
    const [first, second] = [...new Set(claims.map((c) => c.batch_file_id))].map((b) => claims.filter((c) => c.batch_file_id === b));
    const sent = claims.filter((c) => c.transaction_set_id !== null);
    expect(sent).toHaveLength(20);
    expect(first.every((c) => c.transaction_set_id !== null)).toBe(true);
    expect(second.every((c) => c.state === 'scrub-rejected' && c.transaction_set_id === null)).toBe(true);
    expect(claims.filter((c) => OPEN_STATES.includes(c.state))).toEqual([]);
    const report = JSON.parse(readFileSync(join(h.gateway.context.folders.rejected, 'export-2.errors.json'), 'utf8')) as { rejectedClaims: Array<{ index: number; findings: Array<{ code: string; message: string }> }> };
    expect(report.rejectedClaims).toHaveLength(20);
    for (const r of report.rejectedClaims) {
      const earlier = first.find((c) => c.batch_index === r.index)!;
      expect(r.findings.map((f) => f.code)).toEqual(['DUPLICATE-CLAIM']);
      expect(r.findings[0].message).toContain(earlier.id);
    }
    expect(existsSync(join(h.gateway.context.folders.rejected, 'export-1.errors.json'))).toBe(false);
    // Responses never match the wrong copy: payments only on the claims sent, at most one each.
    const payments = await h.ledger.db.selectFrom('remittance_claims').select(['claim_id']).execute();
    const secondIds = new Set(second.map((c) => c.id));
    expect(payments.filter((p) => p.claim_id && secondIds.has(p.claim_id))).toEqual([]);
    const perClaim = new Map<string, number>();
    for (const p of payments) if (p.claim_id) perClaim.set(p.claim_id, (perClaim.get(p.claim_id) ?? 0) + 1);
    expect([...perClaim.values()].every((n) => n === 1)).toBe(true);
    expect((await h.ledger.listUnmatched()).filter((u) => u.kind === '835')).toEqual([]);
    // The copies need nobody: they are not on the worklist, and their claim page says what they duplicate.
    const worklist = await createWorkbenchQueries(h.ledger.db).worklist({ limit: 100, offset: 0 });
    expect(worklist.rows.filter((r) => secondIds.has(r.id))).toEqual([]);
    const copy = second[0];
    const reasons = reasonsFor('scrub-rejected', copy.data, JSON.parse((await h.ledger.claimEvents(copy.id))[0].detail!), [], [], '2026-01-01');
    expect(reasons).toEqual([expect.objectContaining({ code: 'DUPLICATE-CLAIM', text: expect.stringContaining(first.find((c) => c.batch_index === copy.batch_index)!.id) })]);
    expect(await h.ledger.verify()).toEqual([]);
  }, 90_000);
});
