/**
 * 277 (005010X212) claim-status answers → what they mean for our claim. Each 2200D/2200E loop's first STC
 * (claim level) is one answer, with the references that find our claim: TRN02 (the trace of our 276),
 * REF*EJ (our CLM01), REF*1K (the payer's claim number).
 *
 *   TRN*2*ST4711-1~  STC*F1:65*20240429**180*120~  REF*1K*PAYCLM1~  REF*EJ*PCN1~
 *
 * Meaning (category code, STC01-1):
 *   A0 A1 A2 A5, P*            the payer has it, not finished       → pending
 *   F1 F3 F3F F3N              finalized, payment follows           → accepted; the 835 follows
 *   F2 F4                      finalized, denied / nothing to pay   → denied
 *   F0, A3 A4 A6 A7 A8, D0,
 *   E*, R*                     not found / returned / cannot answer → worklist with the next step in words
 * Pure.
 */
import { describeCode } from '../remits/codes.js';
import type { ClaimStatus, ClaimStatusResponse } from './model.js';

export type AnswerOutcome = 'pending' | 'finalized-paid' | 'denied' | 'action-needed';

export interface StatusAnswer {
  /** TRN02 */
  trace: string;
  /** REF*EJ: our CLM01 */
  patientAccountNumber?: string;
  /** REF*1K */
  payerClaimNumber?: string;
  category: string;
  statusCode: string;
  entity?: string;
  /** STC02, ISO */
  effectiveDate?: string;
  /** STC04 / STC05 as decimal strings */
  charge?: string;
  paid?: string;
  position?: { segmentNumber?: number; transaction?: string };
}

export interface AnswerMeaning {
  outcome: AnswerOutcome;
  /** The category and the status code in words. */
  words: string;
  /** What a person does next (action-needed only). */
  nextStep?: string;
}

const NEXT_STEP: Readonly<Record<string, string>> = {
  A3: 'The payer returned the claim as unprocessable: correct it per the status code and resubmit it as a new claim.',
  A4: 'The payer cannot find the claim: check the payer id and member id, then resubmit it as a new original claim (keep proof of the first submission for timely filing).',
  A6: 'The payer rejected the claim for missing information: add what the status code names and resubmit.',
  A7: 'The payer rejected the claim for invalid information: correct what the status code names and resubmit.',
  A8: 'The payer rejected the claim for a relational field error: correct the related fields and resubmit.',
  D0: 'The payer found nothing with the data we sent: check the member id, dates and charge, then call the payer.',
  F0: 'The payer says the claim is finalized and nothing more will happen, with no remittance: call the payer for the outcome and ask for the 835.',
};

/** The category code's meaning for the claim. */
export function answerMeaning(category: string, statusCode: string, entity?: string): AnswerMeaning {
  const words = [category && `${category}: ${describeCode('claim-status-category', category)}`, statusCode && `${statusCode}: ${describeCode('claim-status', statusCode)}`, entity && `(${describeCode('entity-identifier', entity)})`].filter(Boolean).join(' ');
  if (['A0', 'A1', 'A2', 'A5'].includes(category) || /^P/.test(category)) return { outcome: 'pending', words };
  if (['F1', 'F3', 'F3F', 'F3N'].includes(category)) return { outcome: 'finalized-paid', words };
  if (category === 'F2' || category === 'F4') return { outcome: 'denied', words };
  const step =
    NEXT_STEP[category] ??
    (/^R/.test(category)
      ? 'The payer asks for more information: send what the status code names (attachment or answer) and note the date sent.'
      : /^E/.test(category)
        ? 'The payer could not answer (system or request problem): the gateway asks again at the next inquiry; call the payer if it keeps failing.'
        : 'The payer\'s answer needs a person: read the status code and call the payer.');
  return { outcome: 'action-needed', words, nextStep: step };
}

/** One answer per claim status loop (its first claim-level STC) of read 277 responses. */
export function statusAnswersOf(responses: readonly ClaimStatusResponse[]): StatusAnswer[] {
  const out: StatusAnswer[] = [];
  for (const r of responses) {
    for (const c of r.claims) {
      const answer = statusAnswerOf(c, r.transactionControlNumber);
      if (answer) out.push(answer);
    }
  }
  return out;
}

/** The answer of one claim status loop (its first claim-level STC), if it has a status code. */
export function statusAnswerOf(c: ClaimStatus, transaction: string): StatusAnswer | undefined {
  const stc = c.statuses[0];
  const code = stc?.codes[0];
  if (!code) return undefined;
  return {
    trace: c.patientControlNumber,
    patientAccountNumber: c.patientAccountNumber,
    payerClaimNumber: c.payerClaimControlNumber,
    category: code.category,
    statusCode: code.code,
    entity: code.entity,
    effectiveDate: stc.effectiveDate,
    charge: stc.amount === undefined ? undefined : String(stc.amount),
    paid: stc.paidAmount === undefined ? undefined : String(stc.paidAmount),
    position: { segmentNumber: c.position?.segmentNumber, transaction },
  };
}
