/**
 * Issue 14 item 5: an alert and its webhook delivery survive kill -9. The gateway runs as a child process
 * (`x12gw serve`) against a real HTTP receiver on 127.0.0.1, with three claims past their timely-filing
 * limit (service date 2024-03-04, 90 days) and a partner that cannot be reached (the claims stay unsent):
 *  1. killed right after the alerts (and their delivery rows) committed, before anything was sent;
 *  2. restarted and killed right after the receiver answered 2xx to the first post, before the ledger
 *     recorded it;
 *  3. restarted to the end.
 * The receiver gets every alert, at least once, each time under the same delivery id (the one the ledger
 * holds); the post in flight at the second kill arrives twice with that same id; no alert is raised twice.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { GatewayConfigSchema } from '../../src/gateway/config.js';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { startGatewayChild, waitOrStop } from '../helpers/child.js';
import { userKey } from '../helpers/harness.js';
import { testPartner } from '../helpers/partner.js';

let dir: string | undefined;
let receiver: Server | undefined;
afterAll(async () => {
  if (receiver) await new Promise<void>((r) => receiver!.close(() => r()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A loopback port nothing listens on (the partner no one can reach). */
async function closedPort(): Promise<number> {
  const s = createTcpServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

interface Post {
  delivery: string;
  key: string;
  event: string;
  alertId: string;
}

function readLedger(dbPath: string) {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  try {
    const alerts = db.prepare('SELECT id, idempotency_key AS key FROM alerts ORDER BY created_at, id').all() as Array<{ id: string; key: string }>;
    const deliveries = db.prepare('SELECT id, channel, subject_id AS alertId, state FROM outbound_deliveries').all() as Array<{ id: string; channel: string; alertId: string; state: string }>;
    return { alerts, deliveries };
  } finally {
    db.close();
  }
}

describe('alerts across kill -9', () => {
  it('delivers every alert at least once, under one stable delivery id, after kills between commit and delivery', async () => {
    dir = mkdtempSync(join(tmpdir(), 'x12gw-alert-kill-'));
    const posts: Post[] = [];
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const parsed = JSON.parse(body) as { alert?: { id: string } };
        posts.push({ delivery: String(req.headers['x-x12gw-delivery']), key: String(req.headers['x-x12gw-idempotency-key']), event: String(req.headers['x-x12gw-event']), alertId: parsed.alert?.id ?? '' });
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((r) => receiver!.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/alerts`;

    const key = userKey(dir);
    const partner = testPartner({ host: '127.0.0.1', port: await closedPort(), username: 'practice', keyFile: key.file, fingerprint: 'SHA256:' + 'A'.repeat(43) }, {});
    partner.sftp.retry = { attempts: 1, baseDelayMs: 10, maxDelayMs: 10 };
    const partnerPath = join(dir, 'partner-demo.json');
    writeFileSync(partnerPath, JSON.stringify(partner));
    writeFileSync(join(dir, 'hook.key'), 'alert-hook-secret');
    const config = GatewayConfigSchema.parse({
      dataDir: join(dir, 'data'),
      folders: { outbox: join(dir, 'outbox'), inbox: join(dir, 'inbox'), reports: join(dir, 'reports') },
      partners: [partnerPath],
      defaultPartner: 'demo',
      intake: { stableMs: 50, rescanIntervalMs: 200 },
      alerts: { timelyFiling: { defaultDays: 90, scanIntervalMs: 1000 }, webhook: { url, secret: { file: 'hook.key' }, timeoutMs: 5000 }, delivery: { baseDelayMs: 100 } },
    });
    const configPath = join(dir, 'gateway.json');
    writeFileSync(configPath, JSON.stringify(config));
    mkdirSync(config.folders.outbox, { recursive: true });
    writeFileSync(join(config.folders.outbox, 'late.json'), JSON.stringify(syntheticBatch({ batchId: 'TF', claims: 3 })));
    const dbPath = join(config.dataDir, 'ledger.sqlite');

    // 1. killed after the first alert committed: nothing sent yet
    const first = await waitOrStop(startGatewayChild(configPath, { X12GW_CRASH_AT: 'alert-committed' }), 60_000);
    expect(first, 'the first life must die at alert-committed').toMatchObject({ signal: 'SIGKILL', stopped: false });
    const afterFirst = readLedger(dbPath);
    // the watch commits a page of alerts (here all three) with their deliveries in one transaction
    expect(afterFirst.alerts).toHaveLength(3);
    expect(afterFirst.deliveries.filter((d) => d.channel === 'webhook').map((d) => d.state)).toEqual(['pending', 'pending', 'pending']);
    expect(posts).toEqual([]);

    // 2. killed after the receiver took the first post, before the ledger marked it delivered
    const second = await waitOrStop(startGatewayChild(configPath, { X12GW_CRASH_AT: 'delivery-sent' }), 60_000);
    expect(second, 'the second life must die at delivery-sent').toMatchObject({ signal: 'SIGKILL', stopped: false });
    expect(posts).toHaveLength(1);
    const inFlight = posts[0];
    expect(readLedger(dbPath).deliveries.find((d) => d.id === inFlight.delivery)?.state).toBe('pending');

    // 3. the last life runs until every webhook delivery is delivered
    const last = startGatewayChild(configPath);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const l = readLedger(dbPath);
      const hooks = l.deliveries.filter((d) => d.channel === 'webhook');
      if (l.alerts.length === 3 && hooks.length === 3 && hooks.every((d) => d.state === 'delivered')) break;
      if (Date.now() > deadline) throw new Error(`alerts not delivered: ${JSON.stringify(hooks.map((d) => d.state))}; ${last.output.join('').slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await waitOrStop(last, 0);

    const final = readLedger(dbPath);
    expect(final.alerts).toHaveLength(3); // raised once each across three lives
    const webhookOf = new Map(final.deliveries.filter((d) => d.channel === 'webhook').map((d) => [d.alertId, d.id]));
    // every alert reached the receiver, and always under the delivery id the ledger holds for it
    for (const a of final.alerts) {
      const received = posts.filter((p) => p.alertId === a.id);
      expect(received.length, `alert ${a.id}`).toBeGreaterThanOrEqual(1);
      expect(new Set(received.map((p) => p.delivery))).toEqual(new Set([webhookOf.get(a.id)]));
      expect(received.every((p) => p.key === a.key && p.event === 'alert.raised')).toBe(true);
    }
    // at-least-once: the post in flight at the kill came again, with the same delivery id
    expect(posts.filter((p) => p.delivery === inFlight.delivery)).toHaveLength(2);
    expect(posts).toHaveLength(4);
    // no e-mail configured: those deliveries are kept as skipped, never pending forever
    expect(final.deliveries.filter((d) => d.channel === 'email').every((d) => d.state === 'skipped')).toBe(true);
  }, 240_000);
});
