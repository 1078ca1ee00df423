/**
 * The persisted outbox of pushes to people (migration 0021-alerts): webhook posts and e-mails. A row is
 * written in the same transaction as what it announces (an alert) or idempotently after it (a posted
 * response's results: one row per channel, event and subject, so enqueueing twice is a no-op). The
 * gateway's delivery step (src/gateway/alerts/deliveries.ts) sends what is due, marks it delivered on
 * success, and otherwise persists the next attempt time: a restart resumes where it was. The row's id is
 * the stable delivery id a receiver dedupes on (at-least-once delivery).
 */
import type { Kysely } from 'kysely';
import { newId } from './ledger-context.js';

type Db = Kysely<any>;

export type DeliveryChannel = 'webhook' | 'email';
export type DeliveryEvent = 'alert.raised' | 'response.posted';
export type DeliveryState = 'pending' | 'delivered' | 'skipped';

export interface Delivery {
  id: string;
  channel: DeliveryChannel;
  event: DeliveryEvent;
  subjectId: string;
  /** The JSON body as enqueued. */
  payload: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

const toDelivery = (r: Record<string, unknown>): Delivery => ({
  id: String(r.id),
  channel: r.channel as DeliveryChannel,
  event: r.event as DeliveryEvent,
  subjectId: String(r.subject_id),
  payload: String(r.payload),
  state: r.state as DeliveryState,
  attempts: Number(r.attempts),
  nextAttemptAt: String(r.next_attempt_at),
  lastError: (r.last_error as string | null) ?? null,
  deliveredAt: (r.delivered_at as string | null) ?? null,
  createdAt: String(r.created_at),
});

/** Adds a pending delivery, due now; a second call for the same channel, event and subject changes nothing. */
export async function enqueueDelivery(db: Db, d: { channel: DeliveryChannel; event: DeliveryEvent; subjectId: string; payload: string; now: string }): Promise<{ id: string; created: boolean }> {
  const id = newId('DL');
  const inserted = await db
    .insertInto('outbound_deliveries')
    .values({ id, channel: d.channel, event: d.event, subject_id: d.subjectId, payload: d.payload, state: 'pending', attempts: 0, next_attempt_at: d.now, last_error: null, delivered_at: null, created_at: d.now })
    .onConflict((oc) => oc.columns(['channel', 'event', 'subject_id']).doNothing())
    .returning('id')
    .execute();
  if (inserted.length) return { id, created: true };
  const existing = await db.selectFrom('outbound_deliveries').select('id').where('channel', '=', d.channel).where('event', '=', d.event).where('subject_id', '=', d.subjectId).executeTakeFirstOrThrow();
  return { id: String(existing.id), created: false };
}

/** Pending deliveries due at `now`, oldest first. */
export async function dueDeliveries(db: Db, o: { now: string; limit?: number }): Promise<Delivery[]> {
  const rows = await db
    .selectFrom('outbound_deliveries')
    .selectAll()
    .where('state', '=', 'pending')
    .where('next_attempt_at', '<=', o.now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(o.limit ?? 100)
    .execute();
  return rows.map(toDelivery);
}

export async function getDelivery(db: Db, id: string): Promise<Delivery | undefined> {
  const row = await db.selectFrom('outbound_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toDelivery(row) : undefined;
}

/**
 * Takes a due delivery for one attempt: moves its next attempt time to `leaseUntil`, only if nobody took it
 * since it was read (same next attempt time, still pending). False: another instance has it. A process
 * killed mid-attempt leaves the lease, so the row is due again when the lease ends.
 */
export async function takeDelivery(db: Db, d: Pick<Delivery, 'id' | 'nextAttemptAt'>, o: { leaseUntil: string }): Promise<boolean> {
  const r = await db.updateTable('outbound_deliveries').set({ next_attempt_at: o.leaseUntil }).where('id', '=', d.id).where('state', '=', 'pending').where('next_attempt_at', '=', d.nextAttemptAt).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function markDelivered(db: Db, id: string, o: { now: string; attempts: number }): Promise<void> {
  await db.updateTable('outbound_deliveries').set({ state: 'delivered', delivered_at: o.now, attempts: o.attempts, last_error: null }).where('id', '=', id).where('state', '=', 'pending').execute();
}

/** A failed attempt: counted, with the error (a status or error name, never a body) and the next attempt time. */
export async function markRetry(db: Db, id: string, o: { attempts: number; nextAttemptAt: string; error: string }): Promise<void> {
  await db.updateTable('outbound_deliveries').set({ attempts: o.attempts, next_attempt_at: o.nextAttemptAt, last_error: o.error.slice(0, 200) }).where('id', '=', id).where('state', '=', 'pending').execute();
}

/** A delivery for a channel that is not configured: kept, marked skipped, never sent. */
export async function markSkipped(db: Db, id: string, o: { reason: string }): Promise<void> {
  await db.updateTable('outbound_deliveries').set({ state: 'skipped', last_error: o.reason.slice(0, 200) }).where('id', '=', id).where('state', '=', 'pending').execute();
}

/** Counts by state (the dashboard shows what is still waiting to go out). */
export async function deliveryCounts(db: Db): Promise<Record<DeliveryState, number>> {
  const rows = await db.selectFrom('outbound_deliveries').select(['state', (eb) => eb.fn.countAll().as('n')]).groupBy('state').execute();
  const out: Record<DeliveryState, number> = { pending: 0, delivered: 0, skipped: 0 };
  for (const r of rows) out[r.state as DeliveryState] = Number(r.n);
  return out;
}
