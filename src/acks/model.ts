/**
 * Models of what the clearinghouse and payers answer before they pay:
 *  - ClaimStatusResponse: a 277CA (claim acknowledgment, 005010X214) or 277 (claim status, 005010X212),
 *    with a status per claim and per service line, and the information receiver / provider statuses;
 *  - Acknowledgment999: a 999 implementation acknowledgment, with every IK3/IK4 error decoded;
 *  - InterchangeAcknowledgment: a TA1.
 * Amounts are decimal.js values (decimal strings in JSON); dates are ISO.
 */
import { z } from 'zod';
import { Money, IsoDate, SourcePosition } from '../remits/model.js';

export { Money, IsoDate, SourcePosition };

/** STC01 (and STC10 / STC11): one category / status / entity triple, decoded. */
export const StatusCode = z.object({
  /** STC01-1: claim status category (A1 received, A3 returned as unprocessable, A7 rejected for invalid information, ...). */
  category: z.string(),
  categoryDescription: z.string(),
  /** STC01-2: claim status code. */
  code: z.string(),
  codeDescription: z.string(),
  /** STC01-3: the entity the status is about (e.g. 85 billing provider, IL subscriber). */
  entity: z.string().optional(),
  entityDescription: z.string().optional(),
  /** STC01-4: NCPDP reject code. */
  ncpdpRejectCode: z.string().optional(),
});
export type StatusCode = z.infer<typeof StatusCode>;

/** One STC segment. */
export const Status = z.object({
  codes: z.array(StatusCode),
  /** STC02 */
  effectiveDate: IsoDate.optional(),
  /** STC03: action code (277) */
  action: z.string().optional(),
  /** STC04: total charge of the claim (or line, or batch). */
  amount: Money.optional(),
  /** STC05: amount paid (277) */
  paidAmount: Money.optional(),
  /** STC12: free-form message */
  message: z.string().optional(),
});
export type Status = z.infer<typeof Status>;

/** The verdict in a biller's words, from the first status category. */
export const Verdict = z.enum(['accepted', 'rejected', 'pending', 'finalized', 'other']);
export type Verdict = z.infer<typeof Verdict>;

export const LineStatus = z.object({
  /** SVC01 */
  procedure: z.object({ qualifier: z.string(), code: z.string(), modifiers: z.array(z.string()) }),
  /** SVC02 / SVC03 */
  charge: Money.optional(),
  paid: Money.optional(),
  /** SVC04 */
  revenueCode: z.string().optional(),
  /** SVC07 */
  units: z.string().optional(),
  /** REF*FJ: our line item control number (837 REF*6R). */
  lineControlNumber: z.string().optional(),
  serviceDateFrom: IsoDate.optional(),
  serviceDateTo: IsoDate.optional(),
  statuses: z.array(Status),
  verdict: Verdict,
  position: SourcePosition.optional(),
});
export type LineStatus = z.infer<typeof LineStatus>;

export const NamedParty = z.object({
  /** NM101 */
  role: z.string(),
  lastName: z.string().optional(),
  firstName: z.string().optional(),
  /** NM108 / NM109 */
  idQualifier: z.string().optional(),
  id: z.string().optional(),
});
export type NamedParty = z.infer<typeof NamedParty>;

export const ClaimStatus = z.object({
  /** TRN02 of 2200D/E: our patient control number (837 CLM01) as the payer echoes it. */
  patientControlNumber: z.string(),
  /** REF*1K */
  payerClaimControlNumber: z.string().optional(),
  /** REF*D9: the clearinghouse's trace number for the claim. */
  clearinghouseTraceNumber: z.string().optional(),
  /** REF*BLT */
  billType: z.string().optional(),
  /** REF*EJ (277) */
  patientAccountNumber: z.string().optional(),
  serviceDateFrom: IsoDate.optional(),
  serviceDateTo: IsoDate.optional(),
  /** NM1 of 2100D / 2100E */
  patient: NamedParty.optional(),
  /** NM1 of 2100C */
  provider: NamedParty.optional(),
  /** NM1 of 2100A */
  payer: NamedParty.optional(),
  statuses: z.array(Status),
  verdict: Verdict,
  /** Total charge as STC04 states it. */
  amount: Money.optional(),
  lines: z.array(LineStatus),
  position: SourcePosition.optional(),
});
export type ClaimStatus = z.infer<typeof ClaimStatus>;

/** Status of a whole batch (2200B, information receiver) or of a provider's claims (2200C). */
export const LevelStatus = z.object({
  level: z.enum(['information-receiver', 'provider']),
  party: NamedParty.optional(),
  /** TRN02 */
  trace: z.string().optional(),
  statuses: z.array(Status),
  acceptedQuantity: z.string().optional(),
  rejectedQuantity: z.string().optional(),
  acceptedAmount: Money.optional(),
  rejectedAmount: Money.optional(),
  position: SourcePosition.optional(),
});
export type LevelStatus = z.infer<typeof LevelStatus>;

export const ClaimStatusResponse = z.object({
  /** "277CA" or "277" */
  guide: z.string(),
  interchangeControlNumber: z.string(),
  groupControlNumber: z.string().optional(),
  transactionControlNumber: z.string(),
  /** BHT03 / BHT04 / BHT05 */
  reference: z.string().optional(),
  date: IsoDate.optional(),
  time: z.string().optional(),
  /** 2100A / 2200A */
  source: NamedParty.optional(),
  receivedDate: IsoDate.optional(),
  processedDate: IsoDate.optional(),
  levels: z.array(LevelStatus),
  claims: z.array(ClaimStatus),
  findings: z.array(z.custom<import('../x12/finding.js').Finding>((v) => typeof v === 'object' && v !== null)),
});
export type ClaimStatusResponse = z.infer<typeof ClaimStatusResponse>;

// --------------------------------------------------------------------------------------------
// 999 and TA1
// --------------------------------------------------------------------------------------------

export const ElementError = z.object({
  /** IK401-1: element position in the segment. */
  element: z.number().int(),
  /** IK401-2 / IK401-3 */
  component: z.number().int().optional(),
  repetition: z.number().int().optional(),
  /** IK402: data element reference number. */
  reference: z.string().optional(),
  /** IK403 */
  code: z.string(),
  description: z.string(),
  /** IK404: the bad value as the receiver copied it (may hold PHI: never printed in messages or reports). */
  badValue: z.string().optional(),
  /** CTX of 2110 */
  context: z.array(z.string()),
});
export type ElementError = z.infer<typeof ElementError>;

export const SegmentError = z.object({
  /** IK301 */
  segmentId: z.string(),
  /** IK302: position of the segment in the transaction set (ST = 1). */
  segmentPosition: z.number().int(),
  /** IK303: loop identifier. */
  loop: z.string().optional(),
  /** IK304 */
  code: z.string(),
  description: z.string(),
  /** CTX business unit (e.g. CLM01 = patient control number) when the receiver sent it. */
  businessUnit: z.object({ name: z.string(), value: z.string() }).optional(),
  /** CTX SITUATIONAL TRIGGER contexts, as text. */
  context: z.array(z.string()),
  elements: z.array(ElementError),
  position: SourcePosition.optional(),
});
export type SegmentError = z.infer<typeof SegmentError>;

export const TransactionAck = z.object({
  /** AK201 / AK202 / AK203 */
  transactionSet: z.string(),
  controlNumber: z.string(),
  version: z.string().optional(),
  /** IK501 */
  status: z.string(),
  statusDescription: z.string(),
  accepted: z.boolean(),
  /** IK502..IK506 */
  errors: z.array(z.object({ code: z.string(), description: z.string() })),
  segmentErrors: z.array(SegmentError),
});
export type TransactionAck = z.infer<typeof TransactionAck>;

export const Acknowledgment999 = z.object({
  interchangeControlNumber: z.string(),
  groupControlNumber: z.string().optional(),
  transactionControlNumber: z.string(),
  /** AK101 / AK102 / AK103: the functional group acknowledged. */
  acknowledgedGroup: z.object({ functionalId: z.string(), controlNumber: z.string(), version: z.string().optional() }),
  transactions: z.array(TransactionAck),
  /** AK9 */
  groupStatus: z.string(),
  groupStatusDescription: z.string(),
  included: z.number().int().optional(),
  received: z.number().int().optional(),
  accepted: z.number().int().optional(),
  groupErrors: z.array(z.object({ code: z.string(), description: z.string() })),
  findings: z.array(z.custom<import('../x12/finding.js').Finding>((v) => typeof v === 'object' && v !== null)),
});
export type Acknowledgment999 = z.infer<typeof Acknowledgment999>;

export const InterchangeAcknowledgment = z.object({
  /** ISA13 of the interchange that carries the TA1. */
  carriedIn: z.string(),
  /** TA101: the interchange acknowledged. */
  interchangeControlNumber: z.string(),
  /** TA102 / TA103 */
  date: IsoDate.optional(),
  time: z.string().optional(),
  /** TA104 */
  status: z.string(),
  statusDescription: z.string(),
  accepted: z.boolean(),
  /** TA105 */
  note: z.string(),
  noteDescription: z.string(),
  position: SourcePosition.optional(),
});
export type InterchangeAcknowledgment = z.infer<typeof InterchangeAcknowledgment>;
