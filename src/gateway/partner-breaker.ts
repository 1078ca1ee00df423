/**
 * A circuit breaker per partner, shared by upload and poll. Closed: work goes on. A failure that concerns
 * the partner as a whole (cannot connect, timed out, host key, credentials, our key file missing) opens
 * it: the partner is skipped at once, without a network call, until `retryAt`. Then it is half-open: one
 * probe (the next cycle's work for that partner) is let through; success closes it, failure opens it
 * again with the backoff doubled (jittered, capped). Failures a retry cannot fix (configuration, host
 * key, credentials) wait `fixedWaitMs` (jittered) between probes: an operator has to act.
 *
 * Pure: the clock and the random source are passed in; the runtime logs the transitions it is told of.
 */
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerSettings {
  /** First wait after a failure. */
  baseMs: number;
  /** Longest wait between probes. */
  maxMs: number;
  /** Wait between probes after a failure a retry cannot fix (bad key file, host key, credentials). */
  fixedWaitMs: number;
  /** Fraction of the wait added or removed at random (0.2 = ±20 %), so partners do not probe in step. */
  jitter: number;
}

export const DEFAULT_BREAKER: BreakerSettings = { baseMs: 5_000, maxMs: 300_000, fixedWaitMs: 60_000, jitter: 0.2 };

export interface Breaker {
  state: BreakerState;
  /** Consecutive partner-wide failures. */
  failures: number;
  /** When an open breaker lets one probe through (ms since epoch). */
  retryAt: number;
  /** Kind of the failure that opened it. */
  reason?: string;
}

export type Transition = { to: 'open'; reason: string; retryAt: number; failures: number } | { to: 'closed' } | undefined;

export const closedBreaker = (): Breaker => ({ state: 'closed', failures: 0, retryAt: 0 });

/** May work for this partner start now? An open breaker past its time becomes half-open (one probe). */
export function admit(b: Breaker, now: number): boolean {
  if (b.state === 'closed') return true;
  if (b.state === 'open' && now >= b.retryAt) {
    b.state = 'half-open';
    return true;
  }
  return false;
}

/** The partner answered: close. Returns the transition when the state changed. */
export function succeed(b: Breaker): Transition {
  const was = b.state;
  b.state = 'closed';
  b.failures = 0;
  b.retryAt = 0;
  b.reason = undefined;
  return was === 'closed' ? undefined : { to: 'closed' };
}

/** A partner-wide failure: open (again), with the next probe time. */
export function fail(b: Breaker, now: number, reason: string, options: { fixed: boolean; settings: BreakerSettings; random?: () => number }): Transition {
  const s = options.settings;
  const random = options.random ?? Math.random;
  const wasOpen = b.state !== 'closed';
  b.failures++;
  // Unreachable: back off exponentially. Refused (config, host key, credentials): a person has to act,
  // so probe at a steady pace (no doubling: the fix should be noticed soon after it is made).
  const backoff = options.fixed ? s.fixedWaitMs : Math.min(s.maxMs, s.baseMs * 2 ** (b.failures - 1));
  const wait = backoff * (1 - s.jitter + 2 * s.jitter * random());
  b.state = 'open';
  b.retryAt = now + Math.round(wait);
  const changed = !wasOpen || b.reason !== reason;
  b.reason = reason;
  return changed ? { to: 'open', reason, retryAt: b.retryAt, failures: b.failures } : undefined;
}

/** The probe (half-open work) was not finished or decided: let the next cycle probe again. */
export function release(b: Breaker): void {
  if (b.state === 'half-open') b.state = 'open';
}
