/**
 * What the gateway hands the ledger to post: plain, already-parsed values (decimal strings for money),
 * independent of how the responses were parsed. zod schemas so the shapes are checked at the boundary.
 */
import { z } from 'zod';

const Money = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal amount');

/** Where in the response file the fact came from. */
export const SourcePositionSchema = z.object({
  segmentNumber: z.number().int().optional(),
  loop: z.string().optional(),
  transaction: z.string().optional(),
});
export type SourcePosition = z.infer<typeof SourcePositionSchema>;

export const IntakeLineSchema = z.object({
  lineNumber: z.number().int().positive(),
  lineControl: z.string().nullish(),
  procedureCode: z.string().nullish(),
  charge: Money,
  units: z.string().nullish(),
});

export const IntakeClaimSchema = z.object({
  /** 0-based position in the batch. */
  index: z.number().int().nonnegative(),
  partnerId: z.string().min(1),
  payerId: z.string().min(1),
  claimType: z.string().min(1),
  patientControlNumber: z.string().min(1),
  totalCharge: Money,
  serviceDate: z.string().nullish(),
  lines: z.array(IntakeLineSchema),
  /** The claim as received (stored, never logged). */
  data: z.unknown(),
  /** Scrubber findings that reject the claim (state scrub-rejected). */
  rejected: z.array(z.object({ code: z.string(), message: z.string(), field: z.string().optional() })).optional(),
  /** A next payer's claim held for a person (src/ledger/secondary-claims.ts): kept in its intake event's detail, so the worklist names the reason and the fields. */
  held: z.object({ reason: z.enum(['partner-hold', 'incomplete', 'forwarded']), missing: z.array(z.object({ field: z.string(), message: z.string() })) }).optional(),
});
export type IntakeClaim = z.infer<typeof IntakeClaimSchema>;

export const Ta1PostingSchema = z.object({
  interchangeControl: z.string(),
  status: z.enum(['A', 'E', 'R']),
  note: z.string(),
  position: SourcePositionSchema.optional(),
});
export type Ta1Posting = z.infer<typeof Ta1PostingSchema>;

export const Ack999PostingSchema = z.object({
  groups: z.array(
    z.object({
      /** AK102 = GS06 of our 837 */
      groupControl: z.string(),
      /** AK901 */
      status: z.enum(['A', 'E', 'P', 'R', 'M', 'W', 'X']),
      transactions: z.array(
        z.object({
          /** AK202 = ST02 */
          controlNumber: z.string(),
          /** IK501 */
          status: z.enum(['A', 'E', 'M', 'R', 'W', 'X']),
          errorCodes: z.array(z.string()).default([]),
          position: SourcePositionSchema.optional(),
        }),
      ),
      position: SourcePositionSchema.optional(),
    }),
  ),
});
export type Ack999Posting = z.input<typeof Ack999PostingSchema>;

const Ack999GroupSchema = Ack999PostingSchema.shape.groups.element;

/**
 * A 999 as a list of items in file order, for posting in chunks (issue 12, round 6): each transaction set
 * verdict (AK2 loop) once it can no longer change, and each group (AK1 … AK9) after its last verdict, with
 * how many verdicts it had. `ack999Items` turns a whole posting into the same list the streamed read gives.
 */
export const Ack999ItemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('transaction'), groupControl: z.string(), transaction: Ack999GroupSchema.shape.transactions.element }),
  z.object({ kind: z.literal('group'), groupControl: z.string(), status: Ack999GroupSchema.shape.status, transactions: z.number().int(), position: SourcePositionSchema.optional() }),
]);
export type Ack999Item = z.input<typeof Ack999ItemSchema>;

export function ack999Items(posting: Ack999Posting): Ack999Item[] {
  const out: Ack999Item[] = [];
  for (const g of Ack999PostingSchema.parse(posting).groups) {
    for (const t of g.transactions) out.push({ kind: 'transaction', groupControl: g.groupControl, transaction: t });
    out.push({ kind: 'group', groupControl: g.groupControl, status: g.status, transactions: g.transactions.length, position: g.position });
  }
  return out;
}

export const ClaimStatusPostingSchema = z.object({
  claims: z.array(
    z.object({
      /** 2200D TRN02 = CLM01 */
      patientControlNumber: z.string(),
      totalCharge: Money.optional(),
      payerClaimNumber: z.string().optional(),
      /** STC01-1 / STC01-2 / STC01-3 */
      category: z.string(),
      statusCode: z.string(),
      entity: z.string().optional(),
      outcome: z.enum(['payer-accepted', 'payer-rejected', 'pending']),
      position: SourcePositionSchema.optional(),
    }),
  ),
});
export type ClaimStatusPosting = z.infer<typeof ClaimStatusPostingSchema>;

export const AdjustmentSchema = z.object({ group: z.string(), reason: z.string(), amount: Money, quantity: z.string().optional() });

export const RemittancePostingSchema = z.object({
  /** TRN03 (payer identifier) — with TRN02, the idempotency key */
  payerKey: z.string().min(1),
  /** TRN02 */
  traceNumber: z.string().min(1),
  /** BPR02 */
  paymentAmount: Money,
  /** BPR04 */
  paymentMethod: z.string(),
  paymentDate: z.string().nullish(),
  /** DTM*405 (the 835's production date): the adjudication date of a secondary claim when BPR16 is absent. */
  productionDate: z.string().nullish(),
  payerName: z.string().nullish(),
  /** REF*2U, else N1*PR N104: the payer's id, compared with the claim's payer (2010BB NM109) before a secondary claim is built. */
  payerId: z.string().nullish(),
  claims: z.array(
    z.object({
      /** CLP01 */
      patientControlNumber: z.string(),
      /** CLP02 */
      statusCode: z.string(),
      /** CLP03 / CLP04 / CLP05 */
      billed: Money,
      paid: Money,
      patientResponsibility: Money,
      /** CLP07 */
      payerClaimNumber: z.string().optional(),
      adjustments: z.array(AdjustmentSchema),
      lines: z.array(
        z.object({
          lineNumber: z.number().int(),
          lineControl: z.string().optional(),
          /** SVC01-1 (HC, AD, NU, ...) */
          procedureQualifier: z.string().optional(),
          procedureCode: z.string().optional(),
          /** SVC01-3..6 */
          modifiers: z.array(z.string()).optional(),
          /** SVC05: units paid. */
          units: z.string().optional(),
          charge: Money,
          paid: Money,
          adjustments: z.array(AdjustmentSchema),
          remarks: z.array(z.string()).default([]),
        }),
      ),
      remarks: z.array(z.string()).default([]),
      position: SourcePositionSchema.optional(),
    }),
  ),
  providerAdjustments: z.array(z.object({ providerId: z.string(), reason: z.string(), reference: z.string().optional(), amount: Money })),
});
export type RemittancePosting = z.input<typeof RemittancePostingSchema>;
