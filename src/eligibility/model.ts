/**
 * Eligibility models: the appointment a 270 asks about (zod: the boundary for the drop folder and
 * POST /v1/eligibility) and the benefits a 271 answers with. Amounts are decimal strings; dates ISO.
 *
 * Wire shape of what an appointment becomes (270, subscriber is the patient):
 *   HL*3*2*22*0~ TRN*1*APPT-1001*9SUBM01000~ NM1*IL*1*RIVERA*ALEX****MI*W100200300~ DMG*D8*19800115*F~ DTP*291*D8*20240315~ EQ*30~
 */
import { z } from 'zod';
import { Amount, Gender, PersonName } from '../claims/model.js';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');
/** No X12 delimiter characters (* ~ : ^) in anything that goes into a segment as is. */
const Plain = (max: number) => z.string().min(1).max(max).regex(/^[^*~:^|]+$/, 'no * ~ : ^ | characters');

/** INS02 of the patient when the patient is not the subscriber. */
export const RELATIONSHIP_CODES = { self: '18', spouse: '01', child: '19', other: 'G8' } as const;
export const Relationship = z.enum(['self', 'spouse', 'child', 'other']);
export type Relationship = z.infer<typeof Relationship>;

export const ScheduledProcedure = z.strictObject({
  /** EQ02-2, HCPCS/CPT */ code: z.string().regex(/^[A-Z0-9]{5}$/, 'a CPT/HCPCS code is five letters or digits'),
  /** The practice's charge; when absent the fee schedule's (if any). */ charge: Amount.optional(),
  /** The service type the payer files the procedure's benefits under (EB03); default 30 (health benefit plan coverage). */
  serviceType: z.string().regex(/^[A-Z0-9]{1,2}$/).optional(),
});
export type ScheduledProcedure = z.infer<typeof ScheduledProcedure>;

export const Appointment = z.strictObject({
  /** Our reference; sent as TRN02 and echoed by the payer, so the 271 finds its appointment. */
  appointmentId: Plain(50),
  /** DTP*291: the visit date asked about. */
  date: IsoDate,
  partnerId: z.string().min(1).optional(),
  payer: z.strictObject({ /** NM109 (PI) */ id: Plain(80), /** NM103 */ name: Plain(60) }),
  provider: z.strictObject({ /** NM109 (XX) */ npi: z.string().regex(/^\d{10}$/, 'an NPI is ten digits'), /** NM103 */ name: Plain(60) }),
  /** The insured: NM1*IL with the member id (NM109, MI). */
  subscriber: z.strictObject({ name: PersonName, memberId: Plain(80), birthDate: IsoDate.optional(), gender: Gender.optional() }),
  /** The patient when not the subscriber (2000D dependent). */
  patient: z.strictObject({ name: PersonName, birthDate: IsoDate, gender: Gender.optional(), relationship: Relationship.exclude(['self']) }).optional(),
  /** EQ01 service types asked about; default ["30"]. */
  serviceTypes: z.array(z.string().regex(/^[A-Z0-9]{1,2}$/)).max(99).optional(),
  procedures: z.array(ScheduledProcedure).max(50).default([]),
});
export type Appointment = z.input<typeof Appointment>;
export type ParsedAppointment = z.infer<typeof Appointment>;

/** Whom the benefit applies to: in network (EB12 Y), out of network (N), or either (absent, W, U). */
export type Network = 'in' | 'out' | 'any';

/** One money figure of a benefit (deductible, out-of-pocket): the total and what remains (EB06 29). */
export interface Accumulator {
  total?: string;
  remaining?: string;
}

export interface ServiceBenefits {
  /** EB03 service type ("30", "98", ...) */
  serviceType: string;
  serviceTypeName: string;
  network: Network;
  /** EB01 B, EB07 per visit (or the period EB06 names). */
  copay?: string;
  /** EB01 A, EB08 as a decimal fraction ("0.2" = 20 %). */
  coinsurance?: string;
  /** EB01 C */
  deductible: Accumulator;
  /** EB01 G */
  outOfPocket: Accumulator;
}

export interface Rejection {
  /** The loop the AAA sat in ("2100C", "2110C", ...). */
  loop: string;
  /** AAA03 */
  reason: string;
  reasonText: string;
  /** AAA04 */
  followUp: string;
  followUpText: string;
}

/** What one 271 says about one person (2100C subscriber or 2100D dependent). */
export interface EligibilityAnswer {
  /** TRN02 of the 270 echoed back (TRN*2): our appointment id. */
  appointmentId?: string;
  /** 2000C or 2000D */
  level: 'subscriber' | 'dependent';
  /** NM109 of 2100C: the member id the payer has on file. */
  memberId?: string;
  payerId?: string;
  /** active (EB01 1-5), inactive (6-8), unknown (no coverage EB), rejected (AAA with no EB). */
  coverage: 'active' | 'inactive' | 'unknown' | 'rejected';
  coverageCode?: string;
  coverageText?: string;
  /** EB05 of the coverage EB, else REF*6P / 18 description or id. */
  plan?: string;
  groupNumber?: string;
  benefits: ServiceBenefits[];
  rejections: Rejection[];
  messages: string[];
  position: { segmentNumber: number };
}
