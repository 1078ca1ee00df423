/**
 * Claim-status follow-up end to end over real SFTP (issue 14, item 2): the simulated payer stays silent on
 * every third claim (no 277CA line, no 835); past the partner's (short) threshold the gateway sends one 276
 * per cycle for them, uploaded once; the simulator answers with a 277 (X212) — pended — and then pays;
 * the gateway posts the 277 to the claims (pending, in words on the timeline's events) and the 835 after.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FINAL_STATES } from '../../src/ledger/lifecycle.js';
import { heldByNumber } from '../../src/simulator/clearinghouse.js';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { listAlerts } from '../../src/ledger/alerts.js';
import { claimStatusHistory } from '../../src/ledger/status-inquiries.js';
import { runUntil, startHarness, type Harness } from '../helpers/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const SECOND = 1 / 86_400;

describe('claim-status follow-up with the simulated clearinghouse', () => {
  it('silent claims are inquired (276 over SFTP, once), answered (277 X212), pended, then paid', async () => {
    h = await startHarness({
      sim: { silentEvery: 3 },
      // Thresholds in seconds so the test runs in seconds; the defaults are hours and days.
      partner: { statusFollowup: { no999Hours: 30 / 3600, no277caDays: 2 * SECOND, no835Days: 30 * SECOND, reinquireDays: 60 * SECOND, silentAfterInquiryDays: 60 * SECOND } },
    });
    const batch = syntheticBatch({ batchId: 'S', claims: 24 });
    const silentIds = (batch.claims as Array<{ claimId: string }>).map((c) => c.claimId).filter((id) => heldByNumber(`silent:${id}`, 3));
    expect(silentIds.length).toBeGreaterThan(0);
    writeFileSync(join(h.gateway.context.folders.outbox, 'batch-s.json'), JSON.stringify(batch));
    const ledger = h.ledger;
    await runUntil(h, async () => {
      const claims = await ledger.listClaims();
      return claims.length === 24 && claims.every((c) => FINAL_STATES.includes(c.state));
    }, 90_000);

    const claims = await ledger.listClaims();
    const silent = claims.filter((c) => silentIds.includes(c.patient_control_number));
    expect(silent).toHaveLength(silentIds.length);
    for (const c of silent) {
      const history = await claimStatusHistory(ledger.db, c.id);
      expect(history.inquiries.length, c.patient_control_number).toBeGreaterThanOrEqual(1);
      expect(history.inquiries[0].reason).toBe('no-277ca');
      expect(history.inquiries[0].answered_at).not.toBeNull();
      expect(history.answers.map((a) => [a.category, a.status_code, a.outcome])[0]).toEqual(['P1', '20', 'pending']);
      const events = (await ledger.getClaim(c.id))!.events.map((e) => e.to_state);
      expect(events.slice(0, 5)).toEqual(['queued', 'generated', 'uploaded', 'ack-accepted', 'pending']);
      expect(['paid', 'partially-paid', 'denied']).toContain(events[5]);
    }
    // Each 276 went up exactly once: the simulator received every file once, no duplicates.
    const out276 = (await ledger.outboundFiles()).filter((f) => f.kind === '276');
    expect(out276.length).toBeGreaterThanOrEqual(1);
    expect(out276.every((f) => ['uploaded', 'acknowledged'].includes(f.state))).toBe(true);
    const stats = h.sim.stats();
    expect(stats.duplicates).toBe(0);
    expect(stats.received).toBe((await ledger.outboundFiles()).length);
    expect(stats.responses['277']).toBe(out276.reduce((n, f) => n + JSON.parse(f.summary ?? '{}').transactions, 0));
    // The 277 posted as a 277 (not a 277CA); nothing unmatched; the ledger's invariants hold.
    const files277 = await ledger.listFiles({ direction: 'in' });
    expect(files277.filter((f) => f.kind === '277').length).toBe(stats.responses['277']);
    expect(await ledger.listUnmatched()).toEqual([]);
    expect(await ledger.verify()).toEqual([]);
  }, 120_000);

  it('a 277 for claims we do not know goes to the unmatched list and moves nothing', async () => {
    h = await startHarness();
    const outbox = h.gateway.context.folders.outbox;
    writeFileSync(join(outbox, 'batch-u.json'), JSON.stringify(syntheticBatch({ batchId: 'U', claims: 3 })));
    const ledger = h.ledger;
    await runUntil(h, async () => (await ledger.listClaims()).every((c) => FINAL_STATES.includes(c.state)) && (await ledger.listClaims()).length === 3);
    const before = (await ledger.listClaims()).map((c) => [c.id, c.state]);
    // A payer's 277 (X212) about three claims of another practice (samples/x12/277), dropped by the clearinghouse.
    const root = new URL('../../', import.meta.url).pathname;
    writeFileSync(join(h.sim.root, 'outbound', 'stray-277.x12'), readFileSync(join(root, 'samples/x12/277/pending-and-not-found.valid.x12')));
    await runUntil(h, async () => (await ledger.listFiles({ direction: 'in' })).some((f) => f.kind === '277' && f.state === 'posted'));
    const unmatched = (await ledger.listUnmatched()).filter((u) => u.kind === '277');
    expect(unmatched.map((u) => u.reference).sort()).toEqual(['TRN02 STATREQ0601', 'TRN02 STATREQ0602', 'TRN02 STATREQ0603']);
    expect(unmatched.every((u) => /no claim of ours/.test(u.reason))).toBe(true);
    expect((await ledger.listClaims()).map((c) => [c.id, c.state])).toEqual(before);
  });

  it('a malformed 277 is quarantined with a positioned error report, the original kept byte for byte, nothing posted', async () => {
    h = await startHarness();
    const ledger = h.ledger;
    const root = new URL('../../', import.meta.url).pathname;
    // The sample 277 (X212) with a wrong segment count in SE01: a SNIP 1 error, so nothing of it can be trusted.
    const bytes = readFileSync(join(root, 'samples/x12/277/pending-and-not-found.valid.x12'), 'latin1').replace('SE|30|7021', 'SE|31|7021');
    writeFileSync(join(h.sim.root, 'outbound', 'broken-277.x12'), bytes, 'latin1');
    await runUntil(h, async () => (await ledger.listFiles({ direction: 'in' })).some((f) => f.state === 'quarantined'));
    const [file] = (await ledger.listFiles({ direction: 'in' })).filter((f) => f.state === 'quarantined');
    expect(file.kind).toBe('277');
    const quarantine = h.gateway.context.folders.quarantine;
    const names = readdirSync(quarantine).sort();
    const original = names.find((n) => n.endsWith('broken-277.x12'))!;
    expect(names).toEqual([original, `${original}.errors.txt`]);
    expect(readFileSync(join(quarantine, original), 'latin1')).toBe(bytes);
    const report = readFileSync(join(quarantine, `${original}.errors.txt`), 'utf8');
    expect(report).toContain('Detected kind: 277');
    expect(report).toContain('- X12-SE-COUNT: SE01 says 31 segments; the transaction set holds 30 (ST and SE included). (broken-277.x12, segment 32, byte 885, SE01)');
    expect(report).toContain('What to do:');
    expect(await ledger.listUnmatched()).toEqual([]);
    expect(await ledger.listClaims()).toEqual([]);
  });

  it('a stored claim the claim model cannot read is left out of the 276 (logged by id); the partner\'s other silent claims are still asked about', async () => {
    h = await startHarness({
      sim: { silentEvery: 3 },
      partner: { statusFollowup: { no999Hours: 60 / 3600, no277caDays: 8 * SECOND, no835Days: 60 * SECOND, reinquireDays: 120 * SECOND, silentAfterInquiryDays: 120 * SECOND } },
    });
    const batch = syntheticBatch({ batchId: 'PZ', claims: 9 });
    const silentIds = (batch.claims as Array<{ claimId: string }>).map((c) => c.claimId).filter((id) => heldByNumber(`silent:${id}`, 3));
    expect(silentIds.length).toBeGreaterThanOrEqual(2);
    writeFileSync(join(h.gateway.context.folders.outbox, 'batch-pz.json'), JSON.stringify(batch));
    const ledger = h.ledger;
    const silentClaims = async () => (await ledger.listClaims()).filter((c) => silentIds.includes(c.patient_control_number));
    const asked = async (id: string) => (await claimStatusHistory(ledger.db, id)).inquiries.length;
    await runUntil(h, async () => (await silentClaims()).length === silentIds.length && (await silentClaims()).every((c) => c.state === 'ack-accepted'));
    const [poison, ...others] = await silentClaims();
    for (const c of [poison, ...others]) expect(await asked(c.id)).toBe(0);
    // As a claim stored by an older version could be: data the claim model refuses.
    await ledger.db.updateTable('claims').set({ data: JSON.stringify({ claimId: poison.patient_control_number, unknownOldField: true }) }).where('id', '=', poison.id).execute();
    await runUntil(h, async () => (await Promise.all(others.map((c) => asked(c.id)))).every((n) => n >= 1), 60_000);
    expect(await asked(poison.id)).toBe(0);
    expect(h.logs.some((l) => l.includes('status.inquiry-skipped') && l.includes(poison.id))).toBe(true);
    expect(h.logs.some((l) => l.includes('status.inquiry-skipped') && l.includes(poison.patient_control_number))).toBe(false);
    // A person is told, once: one alert for the claim however many cycles leave it out, and one warning.
    const alerts = (await listAlerts(ledger.db, {})).items.filter((a) => a.kind === 'inquiry-unwritable');
    expect(alerts.map((a) => a.claimId)).toEqual([poison.id]);
    expect(alerts[0].note).toMatch(/^No 276 sent \(no [^)]+\): the claim's stored data no longer fits the claim model/);
    const skipped = () => h!.logs.map((l) => JSON.parse(l) as { event?: string; claimId?: string; level: number }).filter((l) => l.event === 'status.inquiry-skipped' && l.claimId === poison.id);
    await runUntil(h, async () => skipped().length >= 3, 60_000);
    expect(skipped().filter((l) => l.level === 40)).toHaveLength(1);
    expect((await listAlerts(ledger.db, {})).items.filter((a) => a.kind === 'inquiry-unwritable')).toHaveLength(1);
  }, 120_000);
});
