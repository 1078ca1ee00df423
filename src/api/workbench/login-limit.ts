/**
 * Sign-in failures per account (issue 10): after `maxFailures` wrong passwords for one user name within
 * `windowMs`, that account is refused (429) from every IP until the oldest failure leaves the window —
 * the per-IP rate limit alone lets a botnet guess one account's password. Names that do not exist are
 * counted the same way (the answer never tells whether an account exists). Kept in memory: a restart
 * clears it (documented in docs/operator-guide.md); the audit log keeps every failure and refusal.
 */
export interface LoginLimiter {
  /** Milliseconds until this account may try again (0 = it may try now). */
  retryAfterMs(username: string): number;
  failed(username: string): void;
  succeeded(username: string): void;
}

const MAX_ACCOUNTS = 100_000;

export function createLoginLimiter(opts: { maxFailures?: number; windowMs?: number; now?: () => Date } = {}): LoginLimiter {
  const max = opts.maxFailures ?? 5;
  const windowMs = opts.windowMs ?? 15 * 60_000;
  const now = () => (opts.now ? opts.now() : new Date()).getTime();
  const failures = new Map<string, number[]>();
  const key = (username: string) => username.trim().toLowerCase();
  const recent = (k: string) => {
    const t = now();
    const kept = (failures.get(k) ?? []).filter((at) => t - at < windowMs);
    if (kept.length) failures.set(k, kept);
    else failures.delete(k);
    return kept;
  };
  return {
    retryAfterMs(username) {
      const kept = recent(key(username));
      return kept.length >= max ? windowMs - (now() - kept[kept.length - max]) : 0;
    },
    failed(username) {
      const k = key(username);
      const kept = recent(k);
      kept.push(now());
      failures.delete(k); // re-insert: the map's order is the eviction order
      failures.set(k, kept.slice(-max));
      if (failures.size > MAX_ACCOUNTS) failures.delete(failures.keys().next().value!);
    },
    succeeded(username) {
      failures.delete(key(username));
    },
  };
}
