/**
 * `X12GW_VALIDATE_TIMELINE=1`: where the wall time of `x12gw validate --jobs N` goes. Each thread writes
 * `timeline <thread> <ms> <label>` lines to stderr, `ms` on one clock for every thread (the epoch, from
 * `performance.timeOrigin`), so a reader can line the main thread's scan up with the workers' start-up,
 * tasks and idle gaps (docs/performance.md, round 8). Labels carry ids and counts only, never file contents.
 * Off (the default), a mark costs one boolean test.
 */
import { threadId } from 'node:worker_threads';

const on = process.env.X12GW_VALIDATE_TIMELINE === '1';

export function timelineOn(): boolean {
  return on;
}

/** Marks when this thread (or, on the main thread, the process) started. */
export function markThreadStart(label: string): void {
  mark(label, performance.timeOrigin);
}

/** Writes one mark (when the timeline is on): now, or `at` (epoch ms). */
export function mark(label: string, at?: number): void {
  if (!on) return;
  const ms = at ?? performance.timeOrigin + performance.now();
  process.stderr.write(`timeline ${threadId} ${ms.toFixed(1)} ${label}\n`);
}
