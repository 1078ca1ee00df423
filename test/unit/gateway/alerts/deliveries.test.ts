/**
 * The delivery step over the persisted outbox: a real HTTP receiver and a real SMTP server on 127.0.0.1.
 * A failed post is retried at its persisted time — also after the ledger is closed and opened again (a
 * restart) — with the same delivery id; deliveries go to the right endpoint per event; a channel that is
 * not configured is skipped; the e-mail holds no PHI.
 */
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveryTargets, retryDelayMs, sendDueDeliveries, type DeliveryTargets } from '../../../../src/gateway/alerts/deliveries.js';
import { GatewayConfigSchema } from '../../../../src/gateway/config.js';
import { createLedger, sha256, type LedgerDb } from '../../../../src/ledger/index.js';
import { raiseAlert } from '../../../../src/ledger/alerts.js';
import { enqueueDelivery, getDelivery } from '../../../../src/ledger/outbound-deliveries.js';
import { startSmtpServer, type SmtpTestServer } from '../../../helpers/smtp-server.js';
import { openTestLedgerDb } from '../../../helpers/test-ledger.js';
import { intakeClaims } from '../../ledger/fixtures.js';

let dir: string;
let handle: LedgerDb;
let server: Server | undefined;
let smtp: SmtpTestServer | undefined;
const log = pino({ level: 'silent' });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deliveries-'));
  handle = await openTestLedgerDb({ dataDir: dir });
});
afterEach(async () => {
  await handle.close();
  if (server) await new Promise<void>((r) => server!.close(() => r()));
  server = undefined;
  await smtp?.close();
  smtp = undefined;
  rmSync(dir, { recursive: true, force: true });
});

interface Seen {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
async function receiver(statuses: number[]) {
  const seen: Seen[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      seen.push({ path: req.url!, headers: req.headers, body });
      res.statusCode = statuses[Math.min(seen.length - 1, statuses.length - 1)];
      res.end();
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return { base: `http://127.0.0.1:${(server!.address() as { port: number }).port}`, seen };
}

/** One claim whose data holds a patient's name and member id (synthetic), so the test can show they never leave. */
async function oneClaim(): Promise<string> {
  const [c] = intakeClaims(1);
  const r = await createLedger(handle.db).recordBatch({ name: 'b.json', sha256: sha256('b'), size: 1, claims: [{ ...c, data: { subscriber: { name: { last: 'Zyxwvut', first: 'Canary' }, memberId: 'MEMBER-CANARY-9' } } }] });
  return r.claimIds[0];
}

const T0 = new Date('2026-12-06T10:00:00.000Z');
const targetsFor = (base: string, over: Partial<DeliveryTargets> = {}): DeliveryTargets => ({
  alertWebhook: { url: `${base}/alerts`, secret: 'alert-key', timeoutMs: 2000 },
  resultsWebhook: { url: `${base}/results`, secret: 'results-key', timeoutMs: 2000 },
  baseDelayMs: 60_000,
  maxDelayMs: 3_600_000,
  batch: 50,
  linkBaseUrl: 'https://billing.clinic.example/',
  ...over,
});
const signatureOk = (s: Seen, secret: string) => s.headers['x-x12gw-signature'] === 'sha256=' + createHmac('sha256', secret).update(`${s.headers['x-x12gw-timestamp']}.${s.body}`).digest('hex');

describe('alert deliveries', () => {
  it('retries a failed webhook at its persisted time, across a restart, with the same delivery id', async () => {
    const { base, seen } = await receiver([503, 204]);
    const claimId = await oneClaim();
    const { alert } = await raiseAlert(handle.db, { kind: 'timely-filing-passed', claimId, partnerId: 'demo', payerId: 'PAYER1', dueDate: '2026-11-30', now: T0.toISOString(), channels: ['webhook'] });
    const t = targetsFor(base);
    const first = await sendDueDeliveries(handle.db, t, { now: () => T0, log, crash: () => {} });
    expect(first).toEqual({ delivered: 0, retried: 1, skipped: 0 });
    const row = await getDelivery(handle.db, String(seen[0].headers['x-x12gw-delivery']));
    expect(row).toMatchObject({ state: 'pending', attempts: 1, lastError: 'HTTP 503', nextAttemptAt: '2026-12-06T10:01:00.000Z' });
    // not due yet: nothing is sent
    expect(await sendDueDeliveries(handle.db, t, { now: () => new Date('2026-12-06T10:00:59.000Z'), log, crash: () => {} })).toEqual({ delivered: 0, retried: 0, skipped: 0 });
    // restart: the ledger closed and opened again; the retry is still there, due at its time
    await handle.close();
    handle = await openTestLedgerDb({ dataDir: dir });
    expect(await sendDueDeliveries(handle.db, t, { now: () => new Date('2026-12-06T10:01:00.000Z'), log, crash: () => {} })).toEqual({ delivered: 1, retried: 0, skipped: 0 });
    expect(seen).toHaveLength(2);
    expect(seen[1].headers['x-x12gw-delivery']).toBe(seen[0].headers['x-x12gw-delivery']);
    expect(seen.map((s) => s.path)).toEqual(['/alerts', '/alerts']);
    expect(seen[1].headers['x-x12gw-idempotency-key']).toBe(`timely-filing-passed:${claimId}:2026-11-30`);
    expect(seen[1].headers['x-x12gw-event']).toBe('alert.raised');
    expect(signatureOk(seen[1], 'alert-key')).toBe(true);
    const body = JSON.parse(seen[1].body);
    expect(body).toMatchObject({ event: 'alert.raised', deliveryId: row!.id, link: `https://billing.clinic.example/claims/${claimId}`, alert: { id: alert.id, kind: 'timely-filing-passed', claimId, patientControlNumber: 'PCN00001', payerId: 'PAYER1', dueDate: '2026-11-30' } });
    expect(seen[1].body).not.toMatch(/Zyxwvut|MEMBER-CANARY/);
    expect(await getDelivery(handle.db, row!.id)).toMatchObject({ state: 'delivered', attempts: 2, deliveredAt: '2026-12-06T10:01:00.000Z' });
    // delivered is final
    expect(await sendDueDeliveries(handle.db, t, { now: () => new Date('2027-01-01T00:00:00.000Z'), log, crash: () => {} })).toEqual({ delivered: 0, retried: 0, skipped: 0 });
  });

  it('sends posted-response results to the results webhook as enqueued, and skips channels that are not configured', async () => {
    const { base, seen } = await receiver([200]);
    await enqueueDelivery(handle.db, { channel: 'webhook', event: 'response.posted', subjectId: 'F1', payload: '{"event":"response.posted","fileId":"F1"}', now: T0.toISOString() });
    const claimId = await oneClaim();
    await raiseAlert(handle.db, { kind: 'silent-after-inquiry', claimId, now: T0.toISOString() }); // webhook + email
    const run = await sendDueDeliveries(handle.db, targetsFor(base, { alertWebhook: undefined }), { now: () => T0, log, crash: () => {} });
    expect(run).toEqual({ delivered: 1, retried: 0, skipped: 2 });
    expect(seen.map((s) => [s.path, s.body])).toEqual([['/results', '{"event":"response.posted","fileId":"F1"}']]);
    expect(signatureOk(seen[0], 'results-key')).toBe(true);
  });

  it('e-mails an alert with the claim id, payer, due date and link, and no PHI', async () => {
    smtp = await startSmtpServer();
    const claimId = await oneClaim();
    await raiseAlert(handle.db, { kind: 'timely-filing-approaching', claimId, payerId: 'PAYER1', dueDate: '2026-12-30', note: 'Timely-filing limit (90 days from the date of service) in 24 day(s).', now: T0.toISOString(), channels: ['email'] });
    const t = targetsFor('http://127.0.0.1:1', { email: { host: '127.0.0.1', port: smtp.port, heloName: 'x12gw.test', starttls: false, timeoutMs: 5000, from: 'x12gw@clinic.example', to: ['billing@clinic.example'] } });
    smtp.refuse('message', 451);
    expect(await sendDueDeliveries(handle.db, t, { now: () => T0, log, crash: () => {} })).toEqual({ delivered: 0, retried: 1, skipped: 0 });
    expect(await sendDueDeliveries(handle.db, t, { now: () => new Date(T0.getTime() + 60_000), log, crash: () => {} })).toEqual({ delivered: 1, retried: 0, skipped: 0 });
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0].data;
    expect(mail).toContain('Subject: [x12gw] Timely-filing limit approaching: claim PCN00001 (due 2026-12-30)');
    expect(mail).toContain('Payer: PAYER1');
    expect(mail).toContain(`Open the claim: https://billing.clinic.example/claims/${claimId}`);
    expect(mail).not.toMatch(/Zyxwvut|Canary|MEMBER-CANARY/);
  });

  it('doubles the wait up to the cap, and reads its targets from the config (alerts webhook over the top-level one)', () => {
    const t = { baseDelayMs: 1000, maxDelayMs: 5000 };
    expect([1, 2, 3, 4, 10, 100].map((n) => retryDelayMs(n, t))).toEqual([1000, 2000, 4000, 5000, 5000, 5000]);
    process.env.X12GW_TEST_ALERT_KEY = 'k';
    try {
      const config = GatewayConfigSchema.parse({
        defaultPartner: 'demo',
        webhook: { url: 'http://127.0.0.1:9/results', secret: { env: 'X12GW_TEST_ALERT_KEY' }, baseDelayMs: 250 },
        api: { host: '127.0.0.1', port: 8080, tokens: { env: 'X12GW_TEST_ALERT_KEY' } },
        alerts: { webhook: { url: 'http://127.0.0.1:9/alerts', secret: { env: 'X12GW_TEST_ALERT_KEY' } } },
      });
      const targets = deliveryTargets(config, dir);
      expect(targets).toMatchObject({ alertWebhook: { url: 'http://127.0.0.1:9/alerts' }, resultsWebhook: { url: 'http://127.0.0.1:9/results' }, baseDelayMs: 250, maxDelayMs: 3_600_000, linkBaseUrl: 'http://127.0.0.1:8080' });
      const plain = deliveryTargets(GatewayConfigSchema.parse({ defaultPartner: 'demo', webhook: { url: 'http://127.0.0.1:9/r', secret: { env: 'X12GW_TEST_ALERT_KEY' } } }), dir);
      expect(plain.alertWebhook?.url).toBe('http://127.0.0.1:9/r');
      expect(plain.email).toBeUndefined();
    } finally {
      delete process.env.X12GW_TEST_ALERT_KEY;
    }
  });

  it('reads the e-mail settings: caFile relative to the config folder, the password by reference, EHLO name, timeout, batch', () => {
    mkdirSync(join(dir, 'certs'));
    writeFileSync(join(dir, 'certs', 'smtp-ca.pem'), '-----BEGIN CERTIFICATE-----\nTESTCA\n-----END CERTIFICATE-----\n');
    process.env.X12GW_TEST_SMTP_PASSWORD = 'smtp-secret';
    try {
      const config = GatewayConfigSchema.parse({
        defaultPartner: 'demo',
        alerts: {
          email: { host: 'smtp.clinic.example', port: 2525, from: 'x12gw@clinic.example', to: ['billing@clinic.example'], caFile: 'certs/smtp-ca.pem', heloName: 'gw.clinic.example', timeoutMs: 5000, auth: { user: 'gw', password: { env: 'X12GW_TEST_SMTP_PASSWORD' } } },
          linkBaseUrl: 'https://billing.clinic.example/',
          delivery: { batch: 7 },
        },
      });
      const t = deliveryTargets(config, dir);
      expect(t.email).toEqual({
        host: 'smtp.clinic.example',
        port: 2525,
        heloName: 'gw.clinic.example',
        starttls: true,
        ca: '-----BEGIN CERTIFICATE-----\nTESTCA\n-----END CERTIFICATE-----\n',
        auth: { user: 'gw', password: 'smtp-secret' },
        timeoutMs: 5000,
        from: 'x12gw@clinic.example',
        to: ['billing@clinic.example'],
      });
      expect(t.batch).toBe(7);
      expect(t.linkBaseUrl).toBe('https://billing.clinic.example/');
      expect(t.alertWebhook).toBeUndefined();
    } finally {
      delete process.env.X12GW_TEST_SMTP_PASSWORD;
    }
  });
});
