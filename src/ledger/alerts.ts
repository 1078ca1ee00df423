/**
 * Alerts (issue 14, item 5): events a person must see, kept in the ledger (migration 0021-alerts).
 *
 * `raiseAlert` is the one way in, for every step that finds something (the timely-filing watch here,
 * the status follow-up's "silent after inquiry", any other kind): it records the alert and, in the
 * same transaction, one outbox delivery per channel (src/ledger/outbound-deliveries.ts). Raising the same
 * kind for the same claim and due date again is a no-op (the idempotency key is unique), so a step may
 * ask on every cycle. Alerts hold ids, codes and dates only: never a patient's name, member id or DOB.
 */
import type { Kysely } from 'kysely';
import { newId } from './ledger-context.js';
import { enqueueDelivery, type DeliveryChannel } from './outbound-deliveries.js';

type Db = Kysely<any>;

/** The kinds the gateway raises itself; other steps may raise any kebab-case kind. */
export const ALERT_KINDS = ['timely-filing-approaching', 'timely-filing-passed', 'silent-after-inquiry'] as const;
export const ALERT_KIND_PATTERN = /^[a-z][a-z0-9-]{1,59}$/;

export interface NewAlert {
  kind: string;
  /** The ledger's claim id (claims.id); null for an alert about no one claim. */
  claimId: string | null;
  partnerId?: string | null;
  payerId?: string | null;
  /** ISO date (YYYY-MM-DD) of the deadline the alert is about. */
  dueDate?: string | null;
  /** Short words for people, no PHI (codes, counts, days). */
  note?: string | null;
  /** ISO timestamp of now. */
  now: string;
  /** What makes it the same alert (default: kind, claim and due date). */
  idempotencyKey?: string;
  /** Channels that get a delivery row (default: webhook and email; a channel not configured marks its rows skipped). */
  channels?: readonly DeliveryChannel[];
}

export interface Alert {
  id: string;
  idempotencyKey: string;
  kind: string;
  claimId: string | null;
  partnerId: string | null;
  payerId: string | null;
  dueDate: string | null;
  note: string | null;
  createdAt: string;
}

/** What a webhook receiver and the e-mail get: the alert plus the claim's CLM01 (the practice's claim id). */
export interface AlertPayload {
  event: 'alert.raised';
  alert: Alert & { patientControlNumber: string | null };
}

export const DEFAULT_ALERT_CHANNELS: readonly DeliveryChannel[] = ['webhook', 'email'];

export const alertIdempotencyKey = (a: Pick<NewAlert, 'kind' | 'claimId' | 'dueDate'>) => `${a.kind}:${a.claimId ?? '-'}:${a.dueDate ?? '-'}`;

export class AlertInputError extends Error {}

function toAlert(r: Record<string, unknown>): Alert {
  return {
    id: String(r.id),
    idempotencyKey: String(r.idempotency_key),
    kind: String(r.kind),
    claimId: (r.claim_id as string | null) ?? null,
    partnerId: (r.partner_id as string | null) ?? null,
    payerId: (r.payer_id as string | null) ?? null,
    dueDate: (r.due_date as string | null) ?? null,
    note: (r.note as string | null) ?? null,
    createdAt: String(r.created_at),
  };
}

/**
 * Records the alert and its deliveries in one transaction (joins the caller's transaction when `db` is
 * one). Returns the alert and whether this call created it (false: it existed, nothing was written).
 */
export async function raiseAlert(db: Db, input: NewAlert): Promise<{ alert: Alert; created: boolean }> {
  if (!ALERT_KIND_PATTERN.test(input.kind)) throw new AlertInputError(`alert kind "${input.kind.slice(0, 60)}" is not kebab-case`);
  if (input.dueDate && !/^\d{4}-\d{2}-\d{2}$/.test(input.dueDate)) throw new AlertInputError('alert dueDate is not an ISO date (YYYY-MM-DD)');
  const key = input.idempotencyKey ?? alertIdempotencyKey(input);
  const steps = async (trx: Db) => {
    const row = {
      id: newId('AL'),
      idempotency_key: key,
      kind: input.kind,
      claim_id: input.claimId,
      partner_id: input.partnerId ?? null,
      payer_id: input.payerId ?? null,
      due_date: input.dueDate ?? null,
      note: input.note ?? null,
      created_at: input.now,
    };
    const inserted = await trx.insertInto('alerts').values(row).onConflict((oc) => oc.column('idempotency_key').doNothing()).returning('id').execute();
    if (inserted.length === 0) {
      const existing = await trx.selectFrom('alerts').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow();
      return { alert: toAlert(existing), created: false };
    }
    const alert = toAlert(row);
    const claim = alert.claimId ? await trx.selectFrom('claims').select('patient_control_number').where('id', '=', alert.claimId).executeTakeFirst() : undefined;
    const payload: AlertPayload = { event: 'alert.raised', alert: { ...alert, patientControlNumber: (claim?.patient_control_number as string | undefined) ?? null } };
    for (const channel of input.channels ?? DEFAULT_ALERT_CHANNELS) {
      await enqueueDelivery(trx, { channel, event: 'alert.raised', subjectId: alert.id, payload: JSON.stringify(payload), now: input.now });
    }
    return { alert, created: true };
  };
  return db.isTransaction ? steps(db) : db.transaction().execute(steps);
}

export interface AlertListItem extends Alert {
  /** CLM01 of the claim, and its current state (null when the alert names no claim). */
  patientControlNumber: string | null;
  claimState: string | null;
  /** Delivery state per channel: pending / delivered / skipped. */
  deliveries: Array<{ id: string; channel: string; state: string; attempts: number; nextAttemptAt: string; deliveredAt: string | null; lastError: string | null }>;
}

export interface AlertFilter {
  kind?: string;
  claimId?: string;
  /** Only alerts whose claim is still open (not paid / partially paid / denied / reversed, not resubmitted or voided by a person), or that name no claim. */
  openOnly?: boolean;
  limit?: number;
  offset?: number;
}

/** Claim states after which a timely-filing or silence alert no longer needs anyone. */
export const SETTLED_CLAIM_STATES = ['paid', 'partially-paid', 'denied', 'reversed'] as const;

function filtered(db: Db, f: AlertFilter) {
  let q = db.selectFrom('alerts').leftJoin('claims', 'claims.id', 'alerts.claim_id');
  if (f.kind) q = q.where('alerts.kind', '=', f.kind);
  if (f.claimId) q = q.where('alerts.claim_id', '=', f.claimId);
  if (f.openOnly)
    q = q
      .where((eb) => eb.or([eb('claims.state', 'is', null), eb('claims.state', 'not in', [...SETTLED_CLAIM_STATES])]))
      // A claim a person resubmitted or voided is carried on by another claim (which gets its own alerts).
      .where((eb) => eb.not(eb.exists(eb.selectFrom('claim_actions').select('claim_actions.id').whereRef('claim_actions.claim_id', '=', 'alerts.claim_id'))));
  return q;
}

/** Newest first, with the claim's CLM01 and state and each delivery's progress. */
export async function listAlerts(db: Db, f: AlertFilter = {}): Promise<{ total: number; items: AlertListItem[] }> {
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 500);
  const [count, rows] = await Promise.all([
    filtered(db, f).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    filtered(db, f)
      .selectAll('alerts')
      .select(['claims.patient_control_number as pcn', 'claims.state as claim_state'])
      .orderBy('alerts.created_at', 'desc')
      .orderBy('alerts.id', 'desc')
      .limit(limit)
      .offset(f.offset ?? 0)
      .execute(),
  ]);
  const ids = rows.map((r) => String(r.id));
  const deliveries = ids.length
    ? await db.selectFrom('outbound_deliveries').selectAll().where('event', '=', 'alert.raised').where('subject_id', 'in', ids).orderBy('channel').execute()
    : [];
  return {
    total: Number((count as { n?: unknown } | undefined)?.n ?? 0),
    items: rows.map((r) => ({
      ...toAlert(r),
      patientControlNumber: (r.pcn as string | null) ?? null,
      claimState: (r.claim_state as string | null) ?? null,
      deliveries: deliveries
        .filter((d) => d.subject_id === r.id)
        .map((d) => ({ id: String(d.id), channel: String(d.channel), state: String(d.state), attempts: Number(d.attempts), nextAttemptAt: String(d.next_attempt_at), deliveredAt: (d.delivered_at as string | null) ?? null, lastError: (d.last_error as string | null) ?? null })),
    })),
  };
}

/** Claim ids (of `claimIds`) with at least one open alert, and each one's kinds: the worklist's badge. */
export async function alertKindsByClaim(db: Db, claimIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!claimIds.length) return out;
  const rows = await db.selectFrom('alerts').select(['claim_id', 'kind']).where('claim_id', 'in', claimIds).orderBy('created_at').execute();
  for (const r of rows) {
    const list = out.get(String(r.claim_id)) ?? [];
    if (!list.includes(String(r.kind))) list.push(String(r.kind));
    out.set(String(r.claim_id), list);
  }
  return out;
}
