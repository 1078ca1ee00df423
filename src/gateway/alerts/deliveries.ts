/**
 * The delivery step: sends the outbox's due deliveries (src/ledger/outbound-deliveries.ts) — webhook
 * posts signed like the results webhook (outputs.ts `signWebhook`), e-mails through the SMTP client —
 * marks each delivered on success, and otherwise persists its next attempt time (the wait doubles from
 * `baseDelayMs` up to `maxDelayMs`; it never gives up). A delivery for a channel that is not configured
 * is marked skipped. The guarantee is at-least-once: a kill between the receiver's 2xx and the ledger's
 * "delivered" sends it again after the restart, with the same X-X12GW-Delivery id to dedupe on.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { AlertPayload } from '../../ledger/alerts.js';
import { dueDeliveries, markDelivered, markRetry, markSkipped, takeDelivery, type Delivery } from '../../ledger/outbound-deliveries.js';
import type { GatewayConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { postSigned } from '../outputs.js';
import { readSecret } from '../partners.js';
import { alertEmail, claimLink } from './alert-message.js';
import { sendMail, type SmtpConnection, type SmtpResult } from './smtp.js';

/** Crash points of the alert path (kept apart from CRASH_POINTS: the 1,000-claim crash run raises no alerts). */
export const ALERT_CRASH_POINTS = ['alert-committed', 'delivery-sent'] as const;

export interface WebhookEndpoint {
  url: string;
  secret: string;
  timeoutMs: number;
}

export interface DeliveryTargets {
  /** Where `alert.raised` posts go. */
  alertWebhook?: WebhookEndpoint;
  /** Where `response.posted` posts go (the top-level webhook). */
  resultsWebhook?: WebhookEndpoint;
  email?: SmtpConnection & { from: string; to: string[] };
  linkBaseUrl?: string;
  baseDelayMs: number;
  maxDelayMs: number;
  batch: number;
}

/** The targets from the config, secrets read from their references. */
export function deliveryTargets(config: GatewayConfig, baseDir: string): DeliveryTargets {
  const alerts = config.alerts;
  const top = config.webhook ? { url: config.webhook.url, secret: readSecret(config.webhook.secret, baseDir)!, timeoutMs: config.webhook.timeoutMs } : undefined;
  const own = alerts?.webhook ? { url: alerts.webhook.url, secret: readSecret(alerts.webhook.secret, baseDir)!, timeoutMs: alerts.webhook.timeoutMs } : undefined;
  const mail = alerts?.email;
  const linkBase = alerts?.linkBaseUrl ?? (config.api ? `http://${config.api.host.includes(':') ? `[${config.api.host}]` : config.api.host}:${config.api.port}` : undefined);
  return {
    alertWebhook: own ?? top,
    resultsWebhook: top,
    email: mail
      ? {
          host: mail.host,
          port: mail.port,
          heloName: mail.heloName,
          starttls: mail.starttls,
          ca: mail.caFile ? readFileSync(isAbsolute(mail.caFile) ? mail.caFile : resolve(baseDir, mail.caFile), 'utf8') : undefined,
          auth: mail.auth ? { user: mail.auth.user, password: readSecret(mail.auth.password, baseDir)! } : undefined,
          timeoutMs: mail.timeoutMs,
          from: mail.from,
          to: mail.to,
        }
      : undefined,
    linkBaseUrl: linkBase,
    baseDelayMs: alerts?.delivery.baseDelayMs ?? config.webhook?.baseDelayMs ?? 1000,
    maxDelayMs: alerts?.delivery.maxDelayMs ?? 3_600_000,
    batch: alerts?.delivery.batch ?? 50,
  };
}

export interface DeliveryRun {
  delivered: number;
  retried: number;
  skipped: number;
}

export interface DeliveryOptions {
  now: () => Date;
  log: Logger;
  crash: (point: string) => void;
  /** The SMTP client (tests may pass another). */
  sendMail?: (conn: SmtpConnection, m: Parameters<typeof sendMail>[1]) => Promise<SmtpResult>;
  /** Stop taking new deliveries after this time (the rest wait for the next cycle). */
  deadline?: number;
}

type Attempt = { ok: true } | { ok: false; error: string } | { skip: string };

async function attempt(d: Delivery, t: DeliveryTargets, o: DeliveryOptions): Promise<Attempt> {
  if (d.channel === 'webhook') {
    const endpoint = d.event === 'alert.raised' ? t.alertWebhook : t.resultsWebhook;
    if (!endpoint) return { skip: 'no webhook configured' };
    let body = d.payload;
    const headers: Record<string, string> = { 'x-x12gw-delivery': d.id, 'x-x12gw-event': d.event };
    if (d.event === 'alert.raised') {
      const p = JSON.parse(d.payload) as AlertPayload;
      headers['x-x12gw-idempotency-key'] = p.alert.idempotencyKey;
      body = JSON.stringify({ ...p, deliveryId: d.id, link: p.alert.claimId ? claimLink(p.alert.claimId, t.linkBaseUrl) : null });
    }
    const r = await postSigned(endpoint, body, { now: o.now(), headers });
    return r.ok ? { ok: true } : { ok: false, error: r.status !== undefined ? `HTTP ${r.status}` : (r.error ?? 'Error') };
  }
  if (d.channel === 'email') {
    if (!t.email) return { skip: 'no e-mail configured' };
    if (d.event !== 'alert.raised') return { skip: 'only alerts are sent by e-mail' };
    const { subject, text } = alertEmail(JSON.parse(d.payload) as AlertPayload, { linkBaseUrl: t.linkBaseUrl });
    const r = await (o.sendMail ?? sendMail)(t.email, { from: t.email.from, to: t.email.to, subject, text, messageId: d.id, date: o.now() });
    return r.ok ? { ok: true } : { ok: false, error: `SMTP ${r.stage}${r.code ? ` ${r.code}` : ''}` };
  }
  return { skip: `unknown channel ${String(d.channel).slice(0, 20)}` };
}

/** How long an attempt holds its row: the channel's timeout (an SMTP session waits that long per reply, so a few of them) plus a second. */
const leaseMs = (d: Delivery, t: DeliveryTargets) => (d.channel === 'email' ? 4 * (t.email?.timeoutMs ?? 30_000) : ((d.event === 'alert.raised' ? t.alertWebhook : t.resultsWebhook)?.timeoutMs ?? 10_000)) + 1000;

/** The wait before attempt n+1 after n failed attempts. */
export const retryDelayMs = (failedAttempts: number, t: Pick<DeliveryTargets, 'baseDelayMs' | 'maxDelayMs'>) => Math.min(t.maxDelayMs, t.baseDelayMs * 2 ** Math.min(failedAttempts - 1, 40));

/** Sends what is due now, one delivery at a time, oldest first. */
export async function sendDueDeliveries(db: Kysely<any>, targets: DeliveryTargets, o: DeliveryOptions): Promise<DeliveryRun> {
  const run: DeliveryRun = { delivered: 0, retried: 0, skipped: 0 };
  const due = await dueDeliveries(db, { now: o.now().toISOString(), limit: targets.batch });
  for (const d of due) {
    if (o.deadline !== undefined && Date.now() > o.deadline) break;
    // Several instances on one PostgreSQL: the one that takes the row sends it (the others skip it).
    if (!(await takeDelivery(db, d, { leaseUntil: new Date(o.now().getTime() + leaseMs(d, targets)).toISOString() }))) continue;
    const result = await attempt(d, targets, o);
    const attempts = d.attempts + 1;
    if ('skip' in result) {
      await markSkipped(db, d.id, { reason: result.skip });
      run.skipped++;
      o.log.info({ event: 'delivery.skipped', deliveryId: d.id, channel: d.channel, kind: d.event }, 'delivery skipped: channel not configured');
    } else if (result.ok) {
      o.crash('delivery-sent');
      await markDelivered(db, d.id, { now: o.now().toISOString(), attempts });
      run.delivered++;
      o.log.info({ event: 'delivery.sent', deliveryId: d.id, channel: d.channel, kind: d.event, attempts }, 'delivered');
    } else {
      const nextAttemptAt = new Date(o.now().getTime() + retryDelayMs(attempts, targets)).toISOString();
      await markRetry(db, d.id, { attempts, nextAttemptAt, error: result.error });
      run.retried++;
      o.log.warn({ event: 'delivery.retry', deliveryId: d.id, channel: d.channel, kind: d.event, attempts, error: result.error, nextAttemptAt }, 'delivery failed; will retry');
    }
  }
  return run;
}
