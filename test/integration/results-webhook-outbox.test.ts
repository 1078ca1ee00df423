/**
 * Issue 14: the results webhook is no longer fire-and-forget. The receiver is down (503) while the three
 * responses of a batch post; the gateway is then stopped and a new one started on the same ledger (a
 * restart: nothing in memory survives) and the receiver comes back. The posts arrive after the restart —
 * once per posted response, under the same delivery id the failed attempts carried.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayConfigSchema, resolveConfig } from '../../src/gateway/config.js';
import { createGateway } from '../../src/gateway/runtime.js';
import { FINAL_STATES } from '../../src/ledger/lifecycle.js';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { runUntil, startHarness, type Harness } from '../helpers/harness.js';

let h: Harness | undefined;
let server: Server | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  if (server) await new Promise<void>((r) => server!.close(() => r()));
  server = undefined;
  delete process.env.X12GW_TEST_RESULTS_KEY;
});

describe('results webhook through the persisted outbox', () => {
  it('sends what failed before a restart after it, under the same delivery ids', async () => {
    let up = false;
    const seen: Array<{ ok: boolean; delivery: string; kind: string }> = [];
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        seen.push({ ok: up, delivery: String(req.headers['x-x12gw-delivery']), kind: JSON.parse(body).kind });
        res.statusCode = up ? 204 : 503;
        res.end();
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    process.env.X12GW_TEST_RESULTS_KEY = 'results-hook-key';
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/results`;
    // no timely-filing watch (the synthetic claims are from 2024): only results reach this receiver; retries at most 500 ms apart
    h = await startHarness({ config: { webhook: { url, secret: { env: 'X12GW_TEST_RESULTS_KEY' }, attempts: 2, baseDelayMs: 10, timeoutMs: 2000 }, alerts: GatewayConfigSchema.shape.alerts.parse({ timelyFiling: { enabled: false }, delivery: { maxDelayMs: 500 } }) } });
    writeFileSync(join(h.gateway.context.folders.outbox, 'down.json'), JSON.stringify(syntheticBatch({ batchId: 'D', claims: 3 })));
    const harness = h;
    await runUntil(harness, async () => {
      const claims = await harness.ledger.listClaims();
      return claims.length === 3 && claims.every((c) => FINAL_STATES.includes(c.state)) && new Set(seen.map((s) => s.kind)).size === 3;
    });
    await new Promise((r) => setTimeout(r, 300)); // any attempt still in flight lands (and fails)
    expect(seen.every((s) => !s.ok)).toBe(true);
    const failedIds = new Set(seen.map((s) => s.delivery));
    expect(failedIds.size).toBe(3);

    // restart: a new runtime on the same ledger; the receiver is back
    await harness.gateway.stop();
    up = true;
    const config = GatewayConfigSchema.parse(JSON.parse(readFileSync(harness.configPath, 'utf8')));
    const restarted = createGateway({ resolved: resolveConfig(config, harness.dir), ledger: harness.ledger, log: harness.gateway.context.log, watch: false });
    harness.gateway = restarted;
    await runUntil(harness, async () => seen.filter((s) => s.ok).length >= 3, 20_000);
    await restarted.cycle();
    const delivered = seen.filter((s) => s.ok);
    expect(delivered).toHaveLength(3);
    expect(delivered.map((s) => s.kind).sort()).toEqual(['277CA', '835', '999']);
    expect(new Set(delivered.map((s) => s.delivery))).toEqual(failedIds);
  });
});

