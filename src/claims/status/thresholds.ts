/**
 * When silence about a claim becomes a question to the payer (issue 14, item 2): per partner, how long we
 * wait for each answer before a 276 claim-status inquiry goes out, how often we ask again, and how long an
 * inquiry may go unanswered before the claim goes to the worklist. Defaults and their reasons are in
 * docs/claim-status.md. Pure: the clock is passed in.
 */
import { z } from 'zod';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const StatusFollowupSettings = z.strictObject({
  /** Turn the 276 follow-up off for this partner. */
  enabled: z.boolean().default(true),
  /** No 999 this many hours after upload (clearinghouses answer within hours; 24 h is the usual promise). */
  no999Hours: z.number().positive().default(24),
  /** No 277CA this many days after the 999 accepted the claim (front-end edits answer within 1-3 days). */
  no277caDays: z.number().positive().default(3),
  /** No 835 this many days after the payer accepted or pended the claim (prompt-pay laws: 30 days for clean electronic claims). */
  no835Days: z.number().positive().default(30),
  /** Per payer id (NM109 of 2010BB): another no-835 wait, e.g. 14 for Medicare (payment floor 14 days, paid by day 30). */
  no835DaysByPayer: z.record(z.string(), z.number().positive()).default({}),
  /** Days an inquiry may go unanswered (no 277, and the claim has not moved) before it goes to the worklist. */
  silentAfterInquiryDays: z.number().positive().default(3),
  /** Least days between two inquiries about the same claim. */
  reinquireDays: z.number().positive().default(7),
});
export type StatusFollowupSettings = z.infer<typeof StatusFollowupSettings>;
export type StatusFollowupSettingsInput = z.input<typeof StatusFollowupSettings>;

export const DEFAULT_STATUS_FOLLOWUP: StatusFollowupSettings = StatusFollowupSettings.parse({});

/** Which answer is missing. */
export type SilenceReason = 'no-999' | 'no-277ca' | 'no-835';

export const SILENCE_WORDS: Record<SilenceReason, string> = {
  'no-999': 'no 999 acknowledgment from the clearinghouse',
  'no-277ca': 'no 277CA claim acknowledgment',
  'no-835': 'no 835 remittance from the payer',
};

/** What the follow-up rule needs to know about one claim (ledger facts, no claim contents). */
export interface ClaimSilenceFacts {
  /** The claim's lifecycle state (src/ledger/lifecycle.ts). */
  state: string;
  /** When the claim entered its current state (ISO). */
  since: string;
  /** NM109 of 2010BB. */
  payerId: string;
  /** When we last sent a 276 about it (ISO), if ever. */
  lastInquiryAt?: string | null;
}

export interface Overdue {
  reason: SilenceReason;
  /** When the answer became overdue (ISO). */
  dueAt: string;
}

/** The wait for `state`, in milliseconds, or undefined when no answer is awaited in that state. */
export function waitFor(state: string, payerId: string, s: StatusFollowupSettings): { reason: SilenceReason; ms: number } | undefined {
  switch (state) {
    case 'uploaded':
      return { reason: 'no-999', ms: s.no999Hours * HOUR };
    case 'ack-accepted':
      return { reason: 'no-277ca', ms: s.no277caDays * DAY };
    case 'payer-accepted':
    case 'pending':
      return { reason: 'no-835', ms: (s.no835DaysByPayer[payerId] ?? s.no835Days) * DAY };
    default:
      return undefined;
  }
}

/** The claim is past its partner's threshold and not asked about recently: which answer is missing, since when. */
export function overdueAnswer(claim: ClaimSilenceFacts, s: StatusFollowupSettings, now: Date): Overdue | undefined {
  if (!s.enabled) return undefined;
  const wait = waitFor(claim.state, claim.payerId, s);
  if (!wait) return undefined;
  const due = Date.parse(claim.since) + wait.ms;
  if (!(now.getTime() >= due)) return undefined;
  if (claim.lastInquiryAt && now.getTime() - Date.parse(claim.lastInquiryAt) < s.reinquireDays * DAY) return undefined;
  return { reason: wait.reason, dueAt: new Date(due).toISOString() };
}

/** An inquiry sent at `sentAt` with no answer by `now` is overdue itself (silent after inquiry). */
export function inquiryOverdue(sentAt: string, s: StatusFollowupSettings, now: Date): boolean {
  return now.getTime() - Date.parse(sentAt) >= s.silentAfterInquiryDays * DAY;
}

/** The partner's settings with the defaults filled in (a profile without `statusFollowup` gets the defaults). */
export function statusFollowupOf(partner: { statusFollowup?: StatusFollowupSettingsInput }): StatusFollowupSettings {
  return StatusFollowupSettings.parse(partner.statusFollowup ?? {});
}
