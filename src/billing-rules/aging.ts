/**
 * Accounts receivable aging and follow-up alarms (pure). A claim is outstanding from the day its 837 was
 * sent until it is finally answered; it falls in a bucket by days outstanding, and raises an alarm when
 * an expected answer is late: no 999 within `ackDays`, no 277CA within `statusDays`, no 835 within
 * `remitDays` (thresholds per partner).
 */
import type { ClaimState } from '../ledger/lifecycle.js';

export const AGING_BUCKETS = [
  { id: '0-30', label: '0–30 days', min: 0, max: 30 },
  { id: '31-60', label: '31–60 days', min: 31, max: 60 },
  { id: '61-90', label: '61–90 days', min: 61, max: 90 },
  { id: '90+', label: 'over 90 days', min: 91, max: Infinity },
] as const;
export type BucketId = (typeof AGING_BUCKETS)[number]['id'];

/** States of a claim that was sent and is not finally answered. */
export const OUTSTANDING_STATES: readonly ClaimState[] = ['generated', 'uploaded', 'ack-accepted', 'payer-accepted', 'pending'];

export interface AlarmThresholds {
  /** Days after sending by which a 999 is expected. */
  ackDays: number;
  /** Days after sending by which a 277CA is expected. */
  statusDays: number;
  /** Days after sending by which an 835 is expected. */
  remitDays: number;
}

export const DEFAULT_THRESHOLDS: AlarmThresholds = { ackDays: 1, statusDays: 3, remitDays: 30 };

export function bucketOf(days: number): BucketId {
  for (const b of AGING_BUCKETS) if (days <= b.max) return b.id;
  return '90+';
}

export type AlarmKind = 'no-999' | 'no-277CA' | 'no-835';

export const ALARM_TEXT: Readonly<Record<AlarmKind, string>> = {
  'no-999': 'No 999 acknowledgment yet',
  'no-277CA': 'No 277CA claim status yet',
  'no-835': 'No 835 payment yet',
};

/** The alarm a claim raises, if any: what it is waiting for, and whether that is late. */
export function alarmFor(state: ClaimState, daysSinceSent: number, t: AlarmThresholds): AlarmKind | undefined {
  if ((state === 'generated' || state === 'uploaded') && daysSinceSent > t.ackDays) return 'no-999';
  if (state === 'ack-accepted' && daysSinceSent > t.statusDays) return 'no-277CA';
  if ((state === 'payer-accepted' || state === 'pending') && daysSinceSent > t.remitDays) return 'no-835';
  if ((state === 'generated' || state === 'uploaded' || state === 'ack-accepted') && daysSinceSent > t.remitDays) return state === 'ack-accepted' ? 'no-277CA' : 'no-999';
  return undefined;
}

/** Whole days between two ISO instants (UTC), never negative. */
export function daysBetween(fromIso: string, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - new Date(fromIso).getTime()) / 86_400_000));
}
