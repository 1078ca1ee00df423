/**
 * 835 balancing (SNIP 3), as the 005010X221A1 guide states it:
 *  - service line:  SVC02 charge − SVC03 paid = sum of the line's CAS amounts;
 *  - claim:         CLP03 billed − CLP04 paid = sum of CAS amounts at claim and line level
 *                   (a difference equal to the claim's interest, AMT*I, is accepted and noted);
 *  - check / EFT:   BPR02 (negative when BPR03 = D) = sum of CLP04 − sum of PLB amounts.
 * Each imbalance is a positioned finding with the amounts (amounts are not PHI; names and ids are never
 * quoted). CLP05 that disagrees with the PR adjustments is a warning.
 */
import type { Decimal } from 'decimal.js';
import type { Finding, Position } from '../x12/finding.js';
import type { ClaimPayment, ProviderAdjustment, Remittance, ServiceLine } from './model.js';
import { amountOfCents, centsOfAmount, minusAmount, plusAmount, sum, sumOf, ZERO } from './values.js';

/** Where the transaction set is (file, envelope control numbers, first segment number). */
export interface BalanceContext {
  base: Position;
  /** Segment number of the ST in the file (to compute positions inside the transaction set). */
  firstSegment?: number;
}

const money = (d: Decimal) => d.toFixed(2);

function where(ctx: BalanceContext, loop: string | undefined, segmentId: string, element: number, pos?: { segmentNumber: number; byteOffset: number }): Position {
  const p: Position = { ...ctx.base, segmentId, element };
  if (loop) p.loop = loop;
  if (pos) {
    p.segmentNumber = pos.segmentNumber;
    p.byteOffset = pos.byteOffset;
    if (ctx.firstSegment !== undefined) p.segmentInTransaction = pos.segmentNumber - ctx.firstSegment + 1;
  }
  return p;
}

/** Sum of the amounts of a list of adjustments. */
export const adjustmentTotal = (adjustments: ReadonlyArray<{ amount: Decimal }>): Decimal => sumOf(adjustments, (a) => a.amount);

export function checkLineBalance(line: ServiceLine, index: number, ctx: BalanceContext, adjusted = adjustmentTotal(line.adjustments)): Finding | undefined {
  const difference = minusAmount(minusAmount(line.charge, line.paid), adjusted);
  if (difference.isZero()) return undefined;
  return {
    code: '835-BALANCE-LINE',
    severity: 'error',
    snip: 3,
    message: `Service line ${index + 1} does not balance: charge ${money(line.charge)} − paid ${money(line.paid)} = ${money(line.charge.minus(line.paid))}, but its adjustments (CAS) total ${money(adjusted)} (off by ${money(difference)}).`,
    position: where(ctx, '2110', 'SVC', 2, line.position),
  };
}

export function checkClaimBalance(claim: ClaimPayment, ctx: BalanceContext): Finding[] {
  const out: Finding[] = [];
  const lineTotals = claim.lines.map((line) => adjustmentTotal(line.adjustments));
  claim.lines.forEach((line, i) => {
    const f = checkLineBalance(line, i, ctx, lineTotals[i]);
    if (f) out.push(f);
  });
  const claimLevel = adjustmentTotal(claim.adjustments);
  const lineLevel = sum(lineTotals);
  const adjusted = plusAmount(claimLevel, lineLevel);
  const difference = minusAmount(minusAmount(claim.billed, claim.paid), adjusted);
  const interest = claim.amounts.find((a) => a.qualifier === 'I')?.amount ?? ZERO;
  if (!difference.isZero()) {
    const explainedByInterest = !interest.isZero() && difference.plus(interest).isZero();
    out.push({
      code: explainedByInterest ? '835-BALANCE-CLAIM-INTEREST' : '835-BALANCE-CLAIM',
      severity: explainedByInterest ? 'info' : 'error',
      snip: 3,
      message: explainedByInterest
        ? `Claim paid ${money(claim.paid)} includes interest ${money(interest)} (AMT*I); billed − paid − adjustments balances once the interest is counted.`
        : `Claim does not balance: billed ${money(claim.billed)} − paid ${money(claim.paid)} = ${money(claim.billed.minus(claim.paid))}, but adjustments total ${money(adjusted)} (claim level ${money(claimLevel)}, line level ${money(lineLevel)}); off by ${money(difference)}.`,
      position: where(ctx, '2100', 'CLP', 4, claim.position),
    });
  }
  if (claim.patientResponsibilityAmount && !claim.patientResponsibilityAmount.equals(claim.patientResponsibility.total)) {
    out.push({
      code: '835-PATIENT-RESPONSIBILITY-MISMATCH',
      severity: 'warning',
      snip: 3,
      message: `Claim patient responsibility CLP05 is ${money(claim.patientResponsibilityAmount)} but its PR adjustments total ${money(claim.patientResponsibility.total)}.`,
      position: where(ctx, '2100', 'CLP', 5, claim.position),
    });
  }
  return out;
}

/** Running totals for the check-level balance, so claims can be streamed and dropped. */
export interface PaymentTotals {
  /** Sum of the CLP04 amounts that have no exact cents (decimal.js) ... */
  claimsPaid: Decimal;
  /** ... plus this many cents: the CLP04 amounts that have them (checkPaymentBalance adds the two). */
  claimsPaidCents: number;
  claimImbalances: number;
  lineImbalances: number;
}

export function newTotals(): PaymentTotals {
  return { claimsPaid: ZERO, claimsPaidCents: 0, claimImbalances: 0, lineImbalances: 0 };
}

export function addClaimToTotals(totals: PaymentTotals, claim: ClaimPayment, findings: readonly Finding[]): void {
  // A running total takes a new value with every claim: summed in integer cents when the amount knows them
  // (no decimal.js, no interned Decimal per total), decimal.js otherwise; the same exact sum either way.
  const cents = centsOfAmount(claim.paid);
  if (cents !== undefined && Number.isSafeInteger(totals.claimsPaidCents + cents)) totals.claimsPaidCents += cents;
  else totals.claimsPaid = totals.claimsPaid.plus(claim.paid);
  if (findings.length === 0) return;
  if (findings.some((f) => f.code === '835-BALANCE-CLAIM')) totals.claimImbalances++;
  totals.lineImbalances += findings.filter((f) => f.code === '835-BALANCE-LINE').length;
}

/** The signed payment: BPR02, negative for a debit (BPR03 = D). */
export function signedPayment(payment: Remittance['payment']): Decimal {
  return payment.creditDebit === 'D' ? payment.amount.negated() : payment.amount;
}

/** Check-level balance: the summary, and a finding when BPR02 ≠ sum CLP04 − sum PLB. */
export function checkPaymentBalance(
  payment: Remittance['payment'],
  totals: PaymentTotals,
  plb: readonly ProviderAdjustment[],
  ctx: BalanceContext,
  paymentPosition?: { segmentNumber: number; byteOffset: number },
): { balance: Remittance['balance']; finding?: Finding } {
  const providerAdjustments = adjustmentTotal(plb);
  const claimsPaid = totals.claimsPaidCents === 0 ? totals.claimsPaid : totals.claimsPaid.plus(amountOfCents(totals.claimsPaidCents));
  const expectedPayment = minusAmount(claimsPaid, providerAdjustments);
  const actualPayment = signedPayment(payment);
  const ok = expectedPayment.equals(actualPayment);
  const balance = {
    claimsPaid,
    providerAdjustments,
    expectedPayment,
    actualPayment,
    claimImbalances: totals.claimImbalances,
    lineImbalances: totals.lineImbalances,
    balanced: ok && totals.claimImbalances === 0 && totals.lineImbalances === 0,
  };
  if (ok) return { balance };
  return {
    balance,
    finding: {
      code: '835-BALANCE-PAYMENT',
      severity: 'error',
      snip: 3,
      message: `The payment does not balance: BPR02 is ${money(actualPayment)}${payment.creditDebit === 'D' ? ' (debit)' : ''} but claims paid ${money(claimsPaid)} − provider adjustments ${money(providerAdjustments)} = ${money(expectedPayment)}; off by ${money(actualPayment.minus(expectedPayment))}.`,
      position: where(ctx, undefined, 'BPR', 2, paymentPosition),
    },
  };
}
