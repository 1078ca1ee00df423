/**
 * What one payer did with one claim, as the secondary-claim builder needs it: the facts of an 835 claim
 * payment (loop 2100 and its 2110 lines) in the claim model's terms (decimal strings, ISO dates).
 * Built from the remittance model (`payerAnswerFromClaimPayment`) or, in the gateway, from the ledger's
 * remittance posting; the builder does not care which.
 *
 * Adjudication date: the 835 has no "adjudicated on" date for a claim. DTM*050 in loop 2100 is the date
 * the payer *received* the claim, not when it decided. We take BPR16 (the check issue or EFT effective
 * date: the day the payer's decision became money), else DTM*405 (the production date of the 835).
 */
import { Decimal } from 'decimal.js';
import '../../money/precision.js';
import type { ClaimPayment, Remittance } from '../../remits/model.js';

export interface AnswerAdjustment {
  /** CAS01 */ group: string;
  /** CAS02.. */ reason: string;
  /** CAS03.. */ amount: string;
  /** CAS04.. */ quantity?: string;
}

export interface AnswerLine {
  /** REF*6R: our line control number echoed by the payer. */ lineControl?: string;
  /** SVC01-1: HC, AD, NU (revenue code only), ... */ procedureQualifier?: string;
  /** SVC01-2 (absent when the payer adjudicated by revenue code only, SVC01-1 = NU). */ procedureCode?: string;
  /** SVC01-3..6 */ modifiers?: string[];
  /** SVC05: units paid (the 835 says one when absent). */ units?: string;
  /** SVC02 */ charge: string;
  /** SVC03 */ paid: string;
  /** CAS of loop 2110 */ adjustments: AnswerAdjustment[];
}

export interface PayerAnswer {
  /** CLP01: the claim the payer answered (our CLM01). */ patientControlNumber: string;
  /** CLP02 */ statusCode?: string;
  /** CLP03 */ billed: string;
  /** CLP04 */ paid: string;
  /** CLP05 (patient responsibility). */ patientResponsibility: string;
  /** CLP07 */ payerClaimNumber?: string;
  /** BPR16, else DTM*405 (see above). */ adjudicationDate?: string;
  /** CAS of loop 2100 */ adjustments: AnswerAdjustment[];
  lines: AnswerLine[];
}

const money = (d: Decimal | string): string => new Decimal(d).toFixed();

/** The payer answer of one claim payment of a read 835. */
export function payerAnswerFromClaimPayment(c: ClaimPayment, remittance: Pick<Remittance, 'payment' | 'productionDate'>): PayerAnswer {
  const adjustments = (list: ClaimPayment['adjustments']): AnswerAdjustment[] =>
    list.map((a) => ({ group: a.group, reason: a.reason, amount: money(a.amount), ...(a.quantity ? { quantity: a.quantity } : {}) }));
  return {
    patientControlNumber: c.patientControlNumber,
    statusCode: c.status,
    billed: money(c.billed),
    paid: money(c.paid),
    patientResponsibility: money(c.patientResponsibilityAmount ?? c.patientResponsibility.total),
    payerClaimNumber: c.payerClaimControlNumber,
    adjudicationDate: remittance.payment.date ?? remittance.productionDate,
    adjustments: adjustments(c.adjustments),
    lines: c.lines.map((l) => ({
      lineControl: l.lineControlNumber,
      procedureQualifier: l.procedure.qualifier,
      procedureCode: l.procedure.qualifier === 'NU' ? undefined : l.procedure.code,
      modifiers: l.procedure.modifiers,
      units: l.units,
      charge: money(l.charge),
      paid: money(l.paid),
      adjustments: adjustments(l.adjustments),
    })),
  };
}
