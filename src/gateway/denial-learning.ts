/**
 * Denial learning runs by itself (issue 15 item 4): after an 835 is posted, the rule learner
 * (learnAndStoreDenialRules) runs once the postings have been quiet for `debounceMs`, never more than
 * one run at a time, and at most once per `minIntervalMs` — posting only calls `notify()` (no await),
 * so it never waits for learning; a burst of 835s costs one run. Logs counts only.
 */
import type { Kysely } from 'kysely';
import { learnAndStoreDenialRules } from '../ledger/denial-rules.js';
import type { LedgerDatabase } from '../ledger/schema.js';
import type { Logger } from './logger.js';

export interface DenialLearning {
  /** An 835 was posted: learn again soon. */
  notify(): void;
  /** Resolves when no run is pending or running (tests, shutdown). */
  settled(): Promise<void>;
  /** No more runs; a run in progress finishes. */
  stop(): void;
  /** Completed runs (tests, metrics). */
  readonly runs: number;
}

export function createDenialLearning(o: { db: Kysely<LedgerDatabase>; log: Logger; now: () => Date; debounceMs?: number; minIntervalMs?: number }): DenialLearning {
  const debounceMs = o.debounceMs ?? 2_000;
  const minIntervalMs = o.minIntervalMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let pending = false;
  let stopped = false;
  let lastRun = -Infinity;
  let runs = 0;
  const waiters: Array<() => void> = [];

  const idle = () => !timer && !running && !pending;
  const wake = () => {
    if (idle()) for (const w of waiters.splice(0)) w();
  };

  function schedule() {
    if (stopped || timer || running) return;
    const wait = Math.max(debounceMs, lastRun + minIntervalMs - Date.now());
    timer = setTimeout(run, wait);
    timer.unref?.();
  }

  function run() {
    timer = undefined;
    if (stopped) {
      pending = false;
      return wake();
    }
    pending = false;
    const started = Date.now();
    running = learnAndStoreDenialRules(o.db, { now: o.now().toISOString() })
      .then((r) => {
        runs++;
        o.log.info({ event: 'denials.learned', facts: r.facts, learned: r.learned, proposed: r.proposed, ms: Date.now() - started }, 'denial rules learned from the postings');
      })
      .catch((err: Error) => o.log.warn({ event: 'denials.learn-failed', errorName: err?.name ?? 'Error' }, 'denial learning failed; it runs again after the next 835'))
      .finally(() => {
        running = undefined;
        lastRun = Date.now();
        if (pending) schedule();
        wake();
      });
  }

  return {
    notify() {
      if (stopped) return;
      pending = true;
      schedule();
    },
    settled() {
      return idle() ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve));
    },
    stop() {
      stopped = true;
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      pending = false;
      wake();
    },
    get runs() {
      return runs;
    },
  };
}
