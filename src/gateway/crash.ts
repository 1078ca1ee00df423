/**
 * Crash points for the crash tests: with X12GW_CRASH_AT=<point>[:<n>] the process kills itself with
 * SIGKILL the n-th time (default 1st) it reaches <point> — no cleanup, no flush, exactly like a power cut
 * or `kill -9`. Without the variable every call is a no-op.
 */
const counts = new Map<string, number>();

export function crashPoint(point: string, env: NodeJS.ProcessEnv = process.env): void {
  const spec = env.X12GW_CRASH_AT;
  if (!spec) return;
  const [name, nth] = spec.split(':');
  if (name !== point) return;
  const n = (counts.get(point) ?? 0) + 1;
  counts.set(point, n);
  if (n >= Number(nth ?? '1')) process.kill(process.pid, 'SIGKILL');
}

/** Every crash point the runtime has, in the order a claim meets them. */
export const CRASH_POINTS = [
  'intake-claimed',
  'intake-leased',
  'intake-recorded',
  'intake-reported',
  'generate-reserved',
  'generate-committed',
  'spool-written',
  'upload-started',
  'upload-mid',
  'upload-renamed',
  'upload-recorded',
  'download-mid',
  'download-landed',
  'download-recorded',
  'download-retired',
  'posting-mid',
  'secondary-enqueued',
  'remittance-chunk-committed',
  'posting-committed',
  'results-written',
  'inbox-archived',
] as const;

/**
 * Crash points of the claim-status follow-up (276): inside the transaction that reserves the inquiry's
 * control numbers, and just after it commits (test/e2e/status-followup-crash.test.ts). Kept out of
 * CRASH_POINTS, whose run has no silent claims to reach them.
 */
export const FOLLOWUP_CRASH_POINTS = ['inquiry-reserved', 'inquiry-committed'] as const;

/**
 * Crash points of the eligibility path (issue 14): after the drop folder's appointments are recorded,
 * and after a 270's control numbers and bytes are committed. The 270 then meets the upload points above
 * and its 271 the download and posting points. Kept apart from CRASH_POINTS (whose test drops claims only).
 */
export const ELIGIBILITY_CRASH_POINTS = ['eligibility-recorded', 'eligibility-generated'] as const;

/**
 * Crash point of the chunked 277CA posting (issue 12, round 4): after each chunk of claim statuses
 * commits (test/faults/gateway-large-277ca.test.ts). Kept apart from CRASH_POINTS, whose 1,000-claim run
 * posts each 277CA in one chunk (posting-mid and posting-committed cover it there).
 */
export const CLAIM_STATUS_CRASH_POINTS = ['claim-status-chunk-committed'] as const;

/**
 * Crash point of the chunked 999 / 277 (X212) / 271 posting (issue 12, round 6): after each chunk of
 * items commits with the file's posting progress (test/faults/inbox-chunked-answers.test.ts).
 */
export const RESPONSE_CHUNK_CRASH_POINTS = ['response-chunk-committed'] as const;
