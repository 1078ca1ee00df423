/**
 * The whole loop in one process: outbox → scrub → 837 → SFTP (simulated clearinghouse on loopback) →
 * 999 / 277CA / 835 → ledger, results and reports.
 */
import { createHmac } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { afterEach, describe, expect, it } from 'vitest';
import { FINAL_STATES } from '../../src/ledger/lifecycle.js';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { runUntil, startHarness, type Harness } from '../helpers/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const allFinal = (x: Harness) => async () => {
  const claims = await x.ledger.listClaims();
  return claims.length > 0 && claims.every((c) => FINAL_STATES.includes(c.state));
};

describe('gateway against the simulated clearinghouse', () => {
  it('takes a batch from the outbox to paid / denied / rejected, with results for the practice', async () => {
    h = await startHarness();
    const outbox = h.gateway.context.folders.outbox;
    writeFileSync(join(outbox, 'batch-a.json'), JSON.stringify(syntheticBatch({ batchId: 'A', claims: 30, scrubRejectEvery: 10, payerRejectEvery: 7 })));
    await runUntil(h, allFinal(h));
    const counts = await h.ledger.claimStateCounts();
    expect(counts['scrub-rejected']).toBe(3);
    expect(counts['payer-rejected']).toBe(4);
    expect((counts.paid ?? 0) + (counts['partially-paid'] ?? 0) + (counts.denied ?? 0)).toBe(23);
    // rejected claims are reported with their fix
    const errors = JSON.parse(readFileSync(join(outbox, 'rejected', 'batch-a.errors.json'), 'utf8'));
    expect(errors.rejectedClaims).toHaveLength(3);
    expect(errors.rejectedClaims[0].findings[0]).toMatchObject({ code: 'NPI-CHECK-DIGIT', field: '$.billingProvider.npi' });
    expect(readFileSync(join(outbox, 'rejected', 'batch-a.errors.csv'), 'utf8').split('\n')[0]).toBe('claimNumber,claimId,code,field,message,fix');
    expect(existsSync(join(outbox, 'archive', 'batch-a.json'))).toBe(true);
    // results per response file
    const results = readdirSync(join(outbox, 'results')).filter((n) => n.endsWith('.json'));
    expect(results.length).toBe(3);
    const remitResult = JSON.parse(readFileSync(join(outbox, 'results', results.find((n) => n.includes('835'))!), 'utf8'));
    expect(remitResult.claims.length).toBe(23);
    // reports: the gateway's and the responses issue's, all private to the owner
    const reports = readdirSync(h.gateway.context.folders.reports);
    for (const suffix of ['.report.html', '.remittance.html', '.remittance.csv', '.status.html', '.ack.html']) expect(reports.some((n) => n.endsWith(suffix)), suffix).toBe(true);
    for (const [folder, names] of [[h.gateway.context.folders.reports, reports], [join(outbox, 'results'), readdirSync(join(outbox, 'results'))], [h.gateway.context.folders.inboxArchive, readdirSync(h.gateway.context.folders.inboxArchive).filter((n) => n.includes('__'))]] as const) {
      for (const n of names) expect(statSync(join(folder, n)).mode & 0o777, n).toBe(0o600);
    }
    // ledger totals equal the 835 totals to the cent
    const totals = await h.ledger.totals();
    expect(new Decimal(totals.claimPaid).minus(totals.providerAdjustments).eq(totals.paymentAmount)).toBe(true);
    expect(totals.unmatchedPayments).toBe(0);
    expect(await h.ledger.verify()).toEqual([]);
    // a claim's timeline
    const paid = (await h.ledger.listClaims({ state: 'paid' }))[0];
    const detail = await h.ledger.getClaim(paid.id);
    expect(detail!.events.map((e) => e.to_state)).toEqual(['queued', 'generated', 'uploaded', 'ack-accepted', 'payer-accepted', 'paid']);
    expect(detail!.events.every((e) => e.from_state === null || e.source_file_id)).toBe(true);
  });

  it('does not send the same batch twice and quarantines a malformed response, then keeps going', async () => {
    h = await startHarness();
    const outbox = h.gateway.context.folders.outbox;
    const content = JSON.stringify(syntheticBatch({ batchId: 'D', claims: 5 }));
    writeFileSync(join(outbox, 'd1.json'), content);
    await h.gateway.cycle();
    await new Promise((r) => setTimeout(r, 60));
    await h.gateway.cycle();
    writeFileSync(join(outbox, 'd2.json'), content);
    writeFileSync(join(h.sim.root, 'outbound', 'garbage.x12'), 'ISA*this is not a valid envelope~');
    await runUntil(h, async () => (await allFinal(h!)()) && !existsSync(join(outbox, 'd2.json')) && existsSync(h!.gateway.context.folders.quarantine) && readdirSync(h!.gateway.context.folders.quarantine).length > 0);
    expect(await h.ledger.listClaims()).toHaveLength(5);
    expect(readdirSync(join(outbox, 'duplicates'))).toEqual(expect.arrayContaining(['d2.json', 'd2.duplicate.txt']));
    expect(h.sim.stats().received).toBe(1);
    const q = readdirSync(h.gateway.context.folders.quarantine);
    expect(q).toEqual(['demo__garbage.x12', 'demo__garbage.x12.errors.txt']);
    expect(readFileSync(join(h.gateway.context.folders.quarantine, 'demo__garbage.x12.errors.txt'), 'utf8')).toMatch(/RESPONSE-UNKNOWN|cannot be posted/);
  });

  it('does not take a half-written outbox file until it stops changing', async () => {
    h = await startHarness();
    const outbox = h.gateway.context.folders.outbox;
    const content = JSON.stringify(syntheticBatch({ batchId: 'H', claims: 3 }));
    writeFileSync(join(outbox, 'half.json'), content.slice(0, 100));
    await h.gateway.cycle();
    expect(existsSync(join(outbox, 'half.json'))).toBe(true);
    writeFileSync(join(outbox, 'half.json'), content.slice(0, 300));
    await h.gateway.cycle();
    expect(existsSync(join(outbox, 'half.json'))).toBe(true);
    writeFileSync(join(outbox, 'half.json'), content);
    await h.gateway.cycle();
    expect(existsSync(join(outbox, 'half.json'))).toBe(true);
    await new Promise((r) => setTimeout(r, 80));
    await h.gateway.cycle();
    expect(existsSync(join(outbox, 'half.json'))).toBe(false);
    expect(await h.ledger.listClaims()).toHaveLength(3);
    expect(existsSync(join(outbox, 'rejected'))).toBe(true);
    expect(readdirSync(join(outbox, 'rejected'))).toEqual([]);
  });

  it('tells the practice through a signed webhook, once per posted response', async () => {
    const received: Array<{ body: string; signature: string; timestamp: string }> = [];
    let calls = 0;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        calls++;
        // the first delivery fails: it must be retried
        res.statusCode = calls === 1 ? 503 : 204;
        if (calls > 1) received.push({ body, signature: String(req.headers['x-x12gw-signature']), timestamp: String(req.headers['x-x12gw-timestamp']) });
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    process.env.X12GW_TEST_HOOK_SECRET = 'hook-secret-for-tests';
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
      h = await startHarness({ config: { webhook: { url, secret: { env: 'X12GW_TEST_HOOK_SECRET' }, attempts: 3, baseDelayMs: 10, timeoutMs: 2000 } } });
      writeFileSync(join(h.gateway.context.folders.outbox, 'hook.json'), JSON.stringify(syntheticBatch({ batchId: 'W', claims: 3 })));
      await runUntil(h, async () => (await allFinal(h!)()) && received.length >= 3);
      await new Promise((r) => setTimeout(r, 100));
      expect(received).toHaveLength(3);
      for (const r of received) expect(r.signature).toBe('sha256=' + createHmac('sha256', 'hook-secret-for-tests').update(`${r.timestamp}.${r.body}`).digest('hex'));
      expect(received.map((r) => JSON.parse(r.body).kind).sort()).toEqual(['277CA', '835', '999']);
    } finally {
      delete process.env.X12GW_TEST_HOOK_SECRET;
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
