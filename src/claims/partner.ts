/**
 * What claims generation needs from a trading-partner profile: envelope ids, the 1000A / 1000B parties
 * and the partner's limits. The gateway's full profile (host, keys, folders) extends this; the CLI reads
 * it from config/partners/<id>.json.
 */
import { z } from 'zod';
import { Receiver, Submitter } from './model.js';
import { PartnerRules } from './snip/partner-rules-schema.js';
import { StatusFollowupSettings } from './status/thresholds.js';

export const PartnerLimits = z.object({
  /** Claims (2300 loops) per transaction set (ST/SE). The guides recommend at most 5000. */
  maxClaimsPerTransaction: z.number().int().min(1).max(5000).default(5000),
  /** Claims per file (interchange); a bigger batch is split over several files. */
  maxClaimsPerFile: z.number().int().min(1).default(100000),
});
export type PartnerLimits = z.infer<typeof PartnerLimits>;

export const PartnerProfile = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string(),
  isa: z.object({
    /** ISA05 / ISA06 */ senderQualifier: z.string().length(2).default('ZZ'),
    senderId: z.string().min(1).max(15),
    /** ISA07 / ISA08 */ receiverQualifier: z.string().length(2).default('ZZ'),
    receiverId: z.string().min(1).max(15),
    /** ISA15: T test, P production. */ usage: z.enum(['P', 'T']).default('T'),
    /** ISA14: ask for a TA1. */ ackRequested: z.boolean().default(false),
  }),
  gs: z.object({ /** GS02 */ senderCode: z.string().min(2).max(15), /** GS03 */ receiverCode: z.string().min(2).max(15) }),
  submitter: Submitter,
  receiver: Receiver,
  limits: PartnerLimits.default({ maxClaimsPerTransaction: 5000, maxClaimsPerFile: 100000 }),
  /** Line break after each segment terminator ("\n" readable, "" compact). */
  lineEnding: z.enum(['', '\n', '\r\n']).default('\n'),
  /** Per payer id: days to send a corrected claim (timely filing) and to appeal, from the remittance date (src/denials/explain.ts; its knowledge base's defaults otherwise). */
  /** SNIP 7: the partner's own rules (edits turned off, extra required fields, code lists), src/claims/snip/partner-rules.ts. */
  rules: PartnerRules.optional(),
  /** Claim-status follow-up (276/277): when silence becomes an inquiry; src/claims/status/thresholds.ts, docs/claim-status.md. */
  statusFollowup: StatusFollowupSettings.optional(),
  denialDeadlines: z.record(z.string(), z.object({ timelyFilingDays: z.number().int().positive().optional(), appealWindowDays: z.number().int().positive().optional() })).optional(),
  /** The clearinghouse's payer ids by payer name, for FHIR payers that carry no payer id (case, spaces and punctuation ignored). */
  payerIdsByName: z.record(z.string(), z.string().min(2).max(80)).optional(),
});
export type PartnerProfile = z.infer<typeof PartnerProfile>;
export type PartnerProfileInput = z.input<typeof PartnerProfile>;

/**
 * Hands out envelope control numbers. The gateway's implementation reserves them in the store before a
 * file is written (never reused); `sequentialAllocator` is the in-memory one for tests, samples and the CLI.
 */
export interface ControlNumberAllocator {
  /** ISA13, 1..999999999 */
  interchange(partnerId: string): number;
  /** GS06, 1..999999999 */
  group(partnerId: string): number;
  /** ST02 inside a group; 1, 2, 3... is what most partners expect. */
  transaction(partnerId: string, groupControlNumber: number): number;
}

export function sequentialAllocator(start: { interchange?: number; group?: number } = {}): ControlNumberAllocator {
  let interchange = start.interchange ?? 1;
  let group = start.group ?? 1;
  const perGroup = new Map<number, number>();
  return {
    interchange: () => interchange++,
    group: () => group++,
    transaction: (_partner, g) => {
      const next = (perGroup.get(g) ?? 0) + 1;
      perGroup.set(g, next);
      return next;
    },
  };
}
