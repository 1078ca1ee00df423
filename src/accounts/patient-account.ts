/**
 * A guarantor's account (pure, decimal.js): what insurance left to the patient (group PR) on each claim,
 * less what the patient paid and what the practice wrote off, plus what was refunded.
 *
 *   balance = Σ patient responsibility − patient payments − patient adjustments + refunds
 *
 * A balance below zero is a credit (an overpayment): kept and flagged, never dropped; only a refund
 * consumes it. An adjustment (hardship, small-balance write-off) may lower the balance to zero, never
 * below (it would invent a credit). The statement cycle and the collections hand-off are here too.
 */
import { Decimal } from 'decimal.js';
import { addDays, cents, daysBetween } from './money.js';

export const PAYMENT_METHODS = ['cash', 'card', 'check'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const ADJUSTMENT_REASONS = ['hardship', 'small-balance'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];
export const ENTRY_KINDS = ['payment', 'adjustment', 'refund'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** One claim's money as the patient ledger shows it (the 835's figures for that claim). */
export interface ClaimMoney {
  claimLedgerId: string;
  /** CLM01 */ claimId: string;
  serviceDate: string | null;
  charge: string;
  insurancePaid: string;
  /** What the payer adjusted away that the patient does not owe (CO/OA/PI): charge − paid − patient responsibility. */
  insuranceAdjustments: string;
  /** Group PR adjustments (deductible, coinsurance, copay, non-covered). */
  patientResponsibility: string;
  /**
   * The payer's patient responsibility held back while the next payer's claim (secondary, tertiary) has not
   * been answered (docs/secondary-claims.md): shown as "waiting for secondary", not billed to the patient
   * (`patientResponsibility` is then 0.00). Absent when nothing waits.
   */
  waitingForSecondary?: string;
}

/** A patient-side entry; `amount` is positive, its kind says which way it moves the balance. */
export interface AccountEntry {
  kind: EntryKind;
  amount: string;
  /** YYYY-MM-DD */ date: string;
}

export interface AccountSummary {
  charges: string;
  insurancePaid: string;
  insuranceAdjustments: string;
  patientResponsibility: string;
  patientPayments: string;
  patientAdjustments: string;
  refunds: string;
  /** Negative = credit. */
  balance: string;
  /** What the patient owes now (balance, or 0 when in credit). */
  due: string;
  /** The overpayment held for the patient (−balance, or 0). */
  credit: string;
  inCredit: boolean;
  /** Patient responsibility waiting for a secondary payer's answer (not in the balance); absent when none. */
  waitingForSecondary?: string;
}

const sum = (xs: readonly string[]) => xs.reduce((s, x) => s.plus(x), new Decimal(0));

function waiting(claims: readonly ClaimMoney[]): { waitingForSecondary?: string } {
  const total = sum(claims.map((c) => c.waitingForSecondary ?? '0'));
  return total.isZero() ? {} : { waitingForSecondary: cents(total) };
}

export function summarizeAccount(claims: readonly ClaimMoney[], entries: readonly AccountEntry[]): AccountSummary {
  const of = (k: EntryKind) => sum(entries.filter((e) => e.kind === k).map((e) => e.amount));
  const pr = sum(claims.map((c) => c.patientResponsibility));
  const payments = of('payment');
  const adjustments = of('adjustment');
  const refunds = of('refund');
  const balance = pr.minus(payments).minus(adjustments).plus(refunds);
  return {
    charges: cents(sum(claims.map((c) => c.charge))),
    insurancePaid: cents(sum(claims.map((c) => c.insurancePaid))),
    insuranceAdjustments: cents(sum(claims.map((c) => c.insuranceAdjustments))),
    patientResponsibility: cents(pr),
    patientPayments: cents(payments),
    patientAdjustments: cents(adjustments),
    refunds: cents(refunds),
    balance: cents(balance),
    due: cents(Decimal.max(balance, 0)),
    credit: cents(Decimal.max(balance.negated(), 0)),
    inCredit: balance.isNegative() && !balance.isZero(),
    ...waiting(claims),
  };
}

export type EntryCheck = { ok: true; after: AccountSummary; becomesCredit: boolean } | { ok: false; code: 'not-positive' | 'refund-exceeds-credit' | 'adjustment-exceeds-balance'; message: string };

/** Whether `entry` may be recorded on an account now in state `claims`/`entries`, and the account after it. */
export function checkEntry(claims: readonly ClaimMoney[], entries: readonly AccountEntry[], entry: AccountEntry): EntryCheck {
  const amount = new Decimal(entry.amount);
  if (!amount.isPositive() || amount.isZero()) return { ok: false, code: 'not-positive', message: 'The amount must be more than 0.00.' };
  const before = summarizeAccount(claims, entries);
  if (entry.kind === 'refund' && amount.greaterThan(before.credit)) return { ok: false, code: 'refund-exceeds-credit', message: `A refund can only return a credit: the account's credit is ${before.credit}.` };
  if (entry.kind === 'adjustment' && amount.greaterThan(before.due)) return { ok: false, code: 'adjustment-exceeds-balance', message: `An adjustment cannot be more than the amount due (${before.due}).` };
  const after = summarizeAccount(claims, [...entries, entry]);
  return { ok: true, after, becomesCredit: after.inCredit && !before.inCredit };
}

/** Statement cycle and collections, from config (`accounts` in the gateway config). */
export interface StatementPolicy {
  /** Days between statements (30: the 30/60/90-day notices). */
  cycleDays: number;
  /** The number of notices; the last one is the final notice. */
  notices: number;
  /** Days after the final notice, without a payment, before the account goes on the collections hand-off list. */
  collectionsAfterDays: number;
  /** Days from the statement date to the due date printed on it. */
  dueDays: number;
  /** Balances below this are not billed (small balances are written off instead). */
  minimumBalance: string;
}

export const DEFAULT_STATEMENT_POLICY: StatementPolicy = { cycleDays: 30, notices: 3, collectionsAfterDays: 30, dueDays: 30, minimumBalance: '0.01' };

/** The last statement a guarantor got. */
export interface LastStatement {
  /** 1-based notice level. */ level: number;
  /** YYYY-MM-DD */ date: string;
}

export type StatementDecision = { send: false; reason: 'nothing-due' | 'not-yet' | 'final-notice-sent' } | { send: true; level: number; dueDate: string; final: boolean };

/**
 * Whether a guarantor gets a statement in a run on `today`, and at which notice level: the first
 * statement is level 1; each cycle without a payment since the last statement raises the level by one up
 * to `notices` (the final notice); a payment since the last statement starts again at level 1.
 */
export function nextStatement(input: { due: string; last?: LastStatement; paidSinceLast: boolean; today: string }, policy: StatementPolicy): StatementDecision {
  if (new Decimal(input.due).lessThan(policy.minimumBalance)) return { send: false, reason: 'nothing-due' };
  const make = (level: number): StatementDecision => ({ send: true, level, dueDate: addDays(input.today, policy.dueDays), final: level >= policy.notices });
  if (!input.last) return make(1);
  if (daysBetween(input.last.date, input.today) < policy.cycleDays) return { send: false, reason: 'not-yet' };
  if (input.paidSinceLast) return make(1);
  if (input.last.level >= policy.notices) return { send: false, reason: 'final-notice-sent' };
  return make(input.last.level + 1);
}

/** On the collections hand-off list: the final notice went out `collectionsAfterDays` ago or more, nothing was paid since, and something is still due. */
export function dueForCollections(input: { due: string; last?: LastStatement; paidSinceLast: boolean; today: string }, policy: StatementPolicy): boolean {
  if (!input.last || input.paidSinceLast || new Decimal(input.due).lessThan(policy.minimumBalance)) return false;
  return input.last.level >= policy.notices && daysBetween(input.last.date, input.today) >= policy.collectionsAfterDays;
}
