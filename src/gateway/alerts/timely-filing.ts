/**
 * The timely-filing rule as a pure function: a claim the payer has not yet accepted, whose date of
 * service plus the payer's limit (settings.ts `timelyFilingDays`) is within the warning window of today
 * gets `timely-filing-approaching`; past it, `timely-filing-passed`. Dates are ISO calendar dates (UTC).
 */
import type { ClaimState } from '../../ledger/lifecycle.js';
import { timelyFilingDays, type TimelyFilingSettings } from './settings.js';

/** States in which the payer has not (yet) accepted the claim: the timely-filing clock still matters. */
export const NOT_YET_ACCEPTED_STATES: readonly ClaimState[] = ['scrub-rejected', 'queued', 'generated', 'uploaded', 'interchange-rejected', 'ack-rejected', 'ack-accepted', 'payer-rejected'];

export interface TimelyFilingFacts {
  claimId: string;
  payerId: string;
  /** ISO date of service (the claim's first). */
  serviceDate: string;
  /** SBR09 */
  filingIndicator: string | null;
}

export interface TimelyFilingFinding {
  kind: 'timely-filing-approaching' | 'timely-filing-passed';
  dueDate: string;
  limitDays: number;
  /** Days from today to the due date (negative once passed). */
  daysLeft: number;
}

const DAY_MS = 86_400_000;
const dayNumber = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
const isoOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

export function addDays(isoDate: string, days: number): string {
  return isoOf(dayNumber(isoDate) + days);
}

/** What, if anything, the claim's timely-filing deadline asks for today (`today`: ISO date). */
export function timelyFilingFinding(claim: TimelyFilingFacts, settings: TimelyFilingSettings, today: string): TimelyFilingFinding | null {
  if (!/^\d{4}-\d{2}-\d{2}/.test(claim.serviceDate)) return null;
  const limitDays = timelyFilingDays(settings, claim.payerId, claim.filingIndicator);
  const dueDate = addDays(claim.serviceDate.slice(0, 10), limitDays);
  const daysLeft = dayNumber(dueDate) - dayNumber(today);
  if (daysLeft < 0) return { kind: 'timely-filing-passed', dueDate, limitDays, daysLeft };
  if (daysLeft <= settings.warningDays) return { kind: 'timely-filing-approaching', dueDate, limitDays, daysLeft };
  return null;
}
