import { describe, expect, it } from 'vitest';
import { admit, closedBreaker, fail, succeed, type BreakerSettings } from '../../../src/gateway/partner-breaker.js';

const settings: BreakerSettings = { baseMs: 1_000, maxMs: 8_000, fixedWaitMs: 60_000, jitter: 0.2 };

describe('partner circuit breaker', () => {
  it('opens on a failure, lets exactly one probe through after the backoff, and closes on success', () => {
    const b = closedBreaker();
    expect(admit(b, 0)).toBe(true);
    expect(fail(b, 0, 'timeout', { fixed: false, settings, random: () => 0.5 })).toEqual({ to: 'open', reason: 'timeout', retryAt: 1_000, failures: 1 });
    expect(admit(b, 999)).toBe(false);
    expect(admit(b, 1_000)).toBe(true);
    expect(b.state).toBe('half-open');
    expect(admit(b, 1_001)).toBe(false); // one probe at a time
    expect(succeed(b)).toEqual({ to: 'closed' });
    expect(admit(b, 1_002)).toBe(true);
  });

  it('doubles the wait after each failed probe, capped, within the jitter', () => {
    const b = closedBreaker();
    const waits: number[] = [];
    let now = 0;
    for (let i = 0; i < 6; i++) {
      fail(b, now, 'network', { fixed: false, settings, random: () => 1 });
      waits.push(b.retryAt - now);
      now = b.retryAt;
      admit(b, now);
    }
    expect(waits).toEqual([1_200, 2_400, 4_800, 9_600, 9_600, 9_600]);
    const low = closedBreaker();
    fail(low, 0, 'network', { fixed: false, settings, random: () => 0 });
    expect(low.retryAt).toBe(800);
  });

  it('waits the fixed time (not doubled) for failures a retry cannot fix, and reports a repeat of the same reason once', () => {
    const b = closedBreaker();
    expect(fail(b, 0, 'config', { fixed: true, settings: { ...settings, maxMs: 300_000 }, random: () => 0.5 })?.to).toBe('open');
    expect(b.retryAt).toBe(60_000);
    admit(b, 60_000);
    expect(fail(b, 60_000, 'config', { fixed: true, settings: { ...settings, maxMs: 300_000 }, random: () => 0.5 })).toBeUndefined();
    expect(b.retryAt).toBe(120_000);
  });
});
