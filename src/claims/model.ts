/**
 * The claim model: what a practice hands us, in its own words. Three kinds of claim share one shape
 * (parties, diagnoses, references, other payers) and differ in their service lines and extras.
 *
 * Amounts are decimal strings ("125", "80.5"), dates ISO ("2024-03-15"), codes plain strings checked by
 * the scrubber (src/claims/scrub) rather than here, so a bad code becomes a finding with its fix instead
 * of a schema failure. The schema only refuses what cannot be a claim at all (wrong types, missing parts)
 * and keys it does not know: every object is strict, so a misspelt field (`priorAuthorisation`) is refused
 * by name with a "did you mean" (src/claims/model-problems.ts) instead of being dropped silently.
 * Each field names the X12 element it becomes (`CLM01`) in its doc comment.
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Scalars
// ---------------------------------------------------------------------------------------------

/** A money amount as a decimal string: "125", "80.5", "-3.25". Never a JSON number (no floats). */
export const Amount = z.string().regex(/^-?\d{1,15}(\.\d{1,2})?$/, 'an amount is a decimal string such as "125" or "80.50"');
/** A quantity (units, minutes, NDC quantity): decimal string, up to 3 decimals. */
export const Quantity = z.string().regex(/^\d{1,12}(\.\d{1,3})?$/, 'a quantity is a decimal string such as "1" or "2.5"');
/** An ISO calendar date, "2024-03-15". */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD');
/** What a blank text field (spaces only) is refused with (src/claims/model-problems.ts words it for a biller). */
export const BLANK_TEXT_MESSAGE = 'the field holds only spaces';
/**
 * Text of `min`..`max` characters with at least one that is not a space: the 5010 lengths of the element it
 * becomes (N401 city 2/30, NM109 identifiers 2/80, PWK06 2/80 …; most are 1/n), checked on the written
 * form (transliteration runs first, src/claims/accept-claim.ts). A regex and min/max lengths, which the
 * compiled check (model-fast-check.ts) handles like zod.
 */
const Text = (max: number, min = 1) => z.string().min(min).max(max).regex(/[^ ]/, BLANK_TEXT_MESSAGE);

export const Gender = z.enum(['F', 'M', 'U']);

// ---------------------------------------------------------------------------------------------
// Parties
// ---------------------------------------------------------------------------------------------

/** N3 / N4 */
export const Address = z.strictObject({
  /** N301 */ line1: Text(55),
  /** N302 */ line2: Text(55).optional(),
  /** N401 (2/30) */ city: Text(30, 2),
  /** N402, two letters (US state or Canadian province). */ state: z.string().optional(),
  /** N403, 5 or 9 digits for the US. */ postalCode: z.string().optional(),
  /** N404, only outside the US. */ country: z.string().optional(),
});
export type Address = z.infer<typeof Address>;

/** NM103..NM107 of a person. */
export const PersonName = z.strictObject({
  /** NM103 */ last: Text(60),
  /** NM104 */ first: Text(35).optional(),
  /** NM105 */ middle: Text(25).optional(),
  /** NM107 */ suffix: Text(10).optional(),
});
export type PersonName = z.infer<typeof PersonName>;

/** PER: a contact for questions about the claim. */
export const Contact = z.strictObject({
  /** PER02 */ name: Text(60).optional(),
  /** PER04 with PER03 = TE */ phone: z.string().optional(),
  /** PER04/06 with EM */ email: z.string().optional(),
});
export type Contact = z.infer<typeof Contact>;

/**
 * A provider (billing, rendering, referring, attending, ...): NM1 with NPI (NM108 = XX), PRV taxonomy.
 * `name` is the organization name for organizations and the last name for people.
 */
export const Provider = z.strictObject({
  /** NM102: 1 person, 2 organization. */
  entity: z.enum(['person', 'organization']),
  /** NM103 */ name: Text(60),
  /** NM104 */ firstName: Text(35).optional(),
  /** NM105 */ middleName: Text(25).optional(),
  /** NM107 */ suffix: Text(10).optional(),
  /** NM109, National Provider Identifier (10 digits, Luhn check digit). */
  npi: z.string().optional(),
  /** PRV03, provider taxonomy code (10 characters, ends in X). */
  taxonomy: z.string().optional(),
});
export type Provider = z.infer<typeof Provider>;

/** 2010AA: the provider that bills (and is paid, unless a pay-to address is given). */
export const BillingProvider = Provider.extend({
  /** REF02 with REF01 = EI (employer id) or SY (social security number, 837P/837D only). */
  taxId: z.string(),
  taxIdType: z.enum(['ein', 'ssn']).default('ein'),
  /** N3/N4: a street address (no post office box). */
  address: Address,
  /** PER */ contact: Contact.optional(),
});
export type BillingProvider = z.infer<typeof BillingProvider>;

/** 2310C / 2310E: where the service was given, when not at the billing provider's address. */
export const ServiceFacility = z.strictObject({
  /** NM103 */ name: Text(60),
  /** NM109 */ npi: z.string().optional(),
  address: Address,
});
export type ServiceFacility = z.infer<typeof ServiceFacility>;

/** 2010BB: the payer the claim goes to. */
export const Payer = z.strictObject({
  /** NM103 */ name: Text(60),
  /** NM109 with NM108 = PI: the payer id the clearinghouse routes on (2/80). */
  id: Text(80, 2),
  address: Address.optional(),
});
export type Payer = z.infer<typeof Payer>;

/** SBR01: whose turn it is to pay. */
export const PayerResponsibility = z.enum(['primary', 'secondary', 'tertiary']);
export type PayerResponsibility = z.infer<typeof PayerResponsibility>;

/** 2000B / 2010BA: the insured person. When `patient` is absent the subscriber is the patient. */
export const Subscriber = z.strictObject({
  /** SBR01 */ responsibility: PayerResponsibility.default('primary'),
  name: PersonName,
  /** NM109 with NM108 = MI (2/80) */ memberId: Text(80, 2),
  /** SBR03 */ groupNumber: Text(50).optional(),
  /** SBR04 */ groupName: Text(60).optional(),
  /** SBR05 (837P only): insurance type, required when Medicare is secondary ("12", "13", ...). */
  insuranceType: z.string().optional(),
  /** SBR09: claim filing indicator ("CI" commercial, "MB" Medicare Part B, "MC" Medicaid, "BL", ...). */
  claimFilingIndicator: z.string(),
  /** DMG02 (sent when the subscriber is the patient). */ birthDate: IsoDate.optional(),
  /** DMG03 */ gender: Gender.optional(),
  /** N3/N4 */ address: Address.optional(),
});
export type Subscriber = z.infer<typeof Subscriber>;

/** 2000C / 2010CA: the patient, when not the subscriber. */
export const Patient = z.strictObject({
  /** PAT01: relationship to the subscriber: 01 spouse, 19 child, 20 employee, 21 unknown, 39 organ donor, 40 cadaver donor, 53 life partner, G8 other. */
  relationship: z.string(),
  name: PersonName,
  /** DMG02 */ birthDate: IsoDate,
  /** DMG03 */ gender: Gender,
  address: Address,
});
export type Patient = z.infer<typeof Patient>;

// ---------------------------------------------------------------------------------------------
// Coordination of benefits (secondary claims): what an earlier payer did with this claim
// ---------------------------------------------------------------------------------------------

/** CAS: one adjustment (group CO/PR/OA/PI/CR, CARC reason, amount, optional quantity). */
export const Adjustment = z.strictObject({
  /** CAS01 */ group: z.enum(['CO', 'CR', 'OA', 'PI', 'PR']),
  /** CAS02.. claim adjustment reason code (CARC). */ reason: z.string(),
  /** CAS03.. */ amount: Amount,
  /** CAS04.. */ quantity: Quantity.optional(),
});
export type Adjustment = z.infer<typeof Adjustment>;

/** 2430: how the other payer adjudicated one of our service lines. */
export const LineAdjudication = z.strictObject({
  /** Which of this claim's service lines (1 = the first; the LX number). */
  line: z.number().int().min(1),
  /** SVD02 */ paidAmount: Amount,
  /** SVD03-2: the procedure the payer adjudicated (usually the one billed; required on 837P/837D). */ procedureCode: z.string().optional(),
  /** SVD03-3..6 (SVD03-1 is HC for 837P/837I, AD for 837D). */ modifiers: z.array(z.string()).default([]),
  /** SVD05 */ units: Quantity,
  /** SVD06: the line this one was bundled into. */ bundledLine: z.number().int().min(1).optional(),
  /** CAS */ adjustments: z.array(Adjustment).default([]),
  /** DTP*573 */ adjudicationDate: IsoDate,
  /** AMT*EAF */ remainingPatientLiability: Amount.optional(),
});
export type LineAdjudication = z.infer<typeof LineAdjudication>;

/** 2320 / 2330A / 2330B: another payer for this patient and what it paid. */
export const OtherPayer = z.strictObject({
  /** SBR01 of 2320: that payer's place in the order. */
  responsibility: PayerResponsibility,
  /** SBR02: the patient's relationship to that payer's insured ("18" self, "01" spouse, "19" child, "20" employee, "G8" other). */
  relationship: z.string().default('18'),
  /** SBR03 */ groupNumber: Text(50).optional(),
  /** SBR05 (837P only) */ insuranceType: z.string().optional(),
  /** SBR09 */ claimFilingIndicator: z.string(),
  /** 2330A: the insured person at that payer. */
  // NM109 is 2/80, but a stored claim with a blank one must still parse (src/gateway/next-payer-claims.ts
  // re-parses it) so that its secondary is held for the id (src/claims/cob/secondary-from-835.ts): the
  // scrubber refuses it at intake instead (OTHER-PAYER-MEMBER-ID).
  subscriber: z.strictObject({ name: PersonName, memberId: z.string().min(1).max(80), address: Address.optional() }),
  /** 2330B */ payer: Payer,
  /** AMT*D: what that payer paid on the claim (required once it adjudicated). */ paidAmount: Amount.optional(),
  /** AMT*EAF */ remainingPatientLiability: Amount.optional(),
  /** AMT*A8 (837P/837D) */ nonCoveredAmount: Amount.optional(),
  /** CAS at claim level (adjustments not tied to a line). */ claimAdjustments: z.array(Adjustment).default([]),
  /** DTP*573 in 2330B: when the payer adjudicated the claim (when no line-level adjudication is given). */
  adjudicationDate: IsoDate.optional(),
  /** REF*F8 in 2330B: that payer's claim control number. */ claimControlNumber: Text(50).optional(),
  /** OI03: benefits assigned to the provider by the insured for that payer (Y/N/W). */ benefitsAssigned: z.enum(['N', 'W', 'Y']).default('Y'),
  /** OI06: release of information (I informed consent, Y signed statement). */ releaseOfInformation: z.enum(['I', 'Y']).default('Y'),
  /** 2430 */ lineAdjudications: z.array(LineAdjudication).default([]),
});
export type OtherPayer = z.infer<typeof OtherPayer>;

// ---------------------------------------------------------------------------------------------
// Service lines
// ---------------------------------------------------------------------------------------------

/** 2410 LIN/CTP: the drug given, by National Drug Code. */
export const Drug = z.strictObject({
  /** LIN03, 11 digits (5-4-2) without dashes. */ ndc: z.string(),
  /** CTP04 */ quantity: Quantity,
  /** CTP05-1: F2 international unit, GR gram, ME milligram, ML millilitre, UN unit. */ unit: z.enum(['F2', 'GR', 'ME', 'ML', 'UN']),
  /** REF*XZ: the prescription number. */ prescriptionNumber: Text(50).optional(),
});
export type Drug = z.infer<typeof Drug>;

/**
 * HCP (2300 and 2400, 837P/I/D): what a repricing organization (a PPO network, a repricer) did with the
 * claim or one of its lines before it reaches the payer.  HCP*03*900*100*REPRICER01~
 */
export const Repricing = z.strictObject({
  /** HCP01: pricing methodology (00 zero pricing, 01 priced as billed, 02 priced at the standard fee schedule, 03 contractual percentage, … 14 adjustment pricing). */
  method: z.enum(['00', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14']),
  /** HCP02: the repriced allowed amount. */ allowedAmount: Amount,
  /** HCP03: the repriced saving amount. */ savingAmount: Amount.optional(),
  /** HCP04: the repricing organization's identifier. */ organizationId: Text(50).optional(),
  /** HCP05: the repricing per diem or flat rate amount. */ perDiemRate: Amount.optional(),
  /** HCP13: reject reason (T1 cannot identify provider as TPO participant, … T6 claim does not contain enough information for repricing). */ rejectReason: z.enum(['T1', 'T2', 'T3', 'T4', 'T5', 'T6']).optional(),
  /** HCP14: policy compliance (1 procedure followed, 2 not followed (call not made), 3 not medically necessary, 4 not followed (other), 5 emergency admit to non-network hospital). */ policyCompliance: z.enum(['1', '2', '3', '4', '5']).optional(),
  /** HCP15: exception (1 non-network professional provider in network hospital, … 6 other). */ exception: z.enum(['1', '2', '3', '4', '5', '6']).optional(),
});
export type Repricing = z.infer<typeof Repricing>;

const LineCommon = {
  /** Charge for the line (SV102 / SV203 / SV302). */
  charge: Amount,
  /** REF*6R: our id for the line, unique in the claim, echoed on 277CA and 835 so answers find the line. Defaults to the line number. */
  lineControlNumber: Text(50).optional(),
  /** NTE*ADD (837P/837D), NTE*TPO (837I) */
  note: Text(80).optional(),
  /** HCP in 2400: what a repricer did with this line (HCP02 is the line's repriced allowed amount). */ repricing: Repricing.optional(),
};

/** 2400 of an 837P: SV1. */
export const ProfessionalLine = z.strictObject({
  ...LineCommon,
  /** SV101-2: CPT or HCPCS code. */ procedureCode: z.string(),
  /** SV101-3..6 */ modifiers: z.array(z.string()).default([]),
  /** SV101-7 */ description: Text(80).optional(),
  /** SV103: UN units, MJ anesthesia minutes. */ unitType: z.enum(['UN', 'MJ']).default('UN'),
  /** SV104 */ units: Quantity,
  /** SV105: only when different from the claim's place of service. */ placeOfService: z.string().optional(),
  /** SV107: 1-based pointers into the claim's diagnoses, up to four. */ diagnosisPointers: z.array(z.number().int()).min(1),
  /** SV109 */ emergency: z.boolean().optional(),
  /** SV111 */ epsdt: z.boolean().optional(),
  /** SV112 */ familyPlanning: z.boolean().optional(),
  /** DTP*472 from */ serviceDate: IsoDate,
  /** DTP*472 to (a range, RD8) */ serviceDateEnd: IsoDate.optional(),
  /** 2420A, when different from the claim's rendering provider. */ renderingProvider: Provider.optional(),
  drug: Drug.optional(),
  /** REF*G1 in 2400: a prior authorization for this line only (when it differs from the claim's). */ priorAuthorization: Text(50).optional(),
  /** REF*9F in 2400: a referral for this line only. */ referralNumber: Text(50).optional(),
});
export type ProfessionalLine = z.infer<typeof ProfessionalLine>;

/** 2400 of an 837I: SV2. */
export const InstitutionalLine = z.strictObject({
  ...LineCommon,
  /** SV201: NUBC revenue code, 4 digits. */ revenueCode: z.string(),
  /** SV202-2: HCPCS / CPT (outpatient), or the HIPPS rate code when `procedureQualifier` is HP. */ procedureCode: z.string().optional(),
  /** SV202-1: HC CPT/HCPCS (default), HP HIPPS rate code (skilled nursing, home health, rehabilitation), ER jurisdiction-specific, IV home infusion, WK advanced billing concepts. */
  procedureQualifier: z.enum(['ER', 'HC', 'HP', 'IV', 'WK']).optional(),
  /** SV202-3..6 */ modifiers: z.array(z.string()).default([]),
  /** SV204: UN units, DA days. */ unitType: z.enum(['UN', 'DA']).default('UN'),
  /** SV205 */ units: Quantity,
  /** SV207 */ nonCoveredCharge: Amount.optional(),
  /** DTP*472 (required on outpatient lines). */ serviceDate: IsoDate.optional(),
  serviceDateEnd: IsoDate.optional(),
  drug: Drug.optional(),
});
export type InstitutionalLine = z.infer<typeof InstitutionalLine>;

/** TOO: a tooth (universal numbering 1-32, primary A-T) and its surfaces (M O D B L I F). */
export const Tooth = z.strictObject({
  /** TOO02 */ number: z.string(),
  /** TOO03-1..5 */ surfaces: z.array(z.string()).default([]),
});
export type Tooth = z.infer<typeof Tooth>;

/** 2400 of an 837D: SV3 and TOO. */
export const DentalLine = z.strictObject({
  ...LineCommon,
  /** SV301-2: CDT code (D0120...). */ procedureCode: z.string(),
  /** SV301-3..6 */ modifiers: z.array(z.string()).default([]),
  /** SV303: only when different from the claim's place of service. */ placeOfService: z.string().optional(),
  /** SV304: oral cavity areas (00 entire, 01 maxillary, 02 mandibular, 10/20/30/40 quadrants, ...). */ oralCavity: z.array(z.string()).default([]),
  /** SV305: I initial placement, R replacement (prosthesis, crown, inlay). */ prosthesis: z.enum(['I', 'R']).optional(),
  /** SV306: procedure count. */ units: Quantity.default('1'),
  /** SV311: 1-based pointers into the claim's diagnoses. */ diagnosisPointers: z.array(z.number().int()).default([]),
  teeth: z.array(Tooth).default([]),
  /** DTP*472 */ serviceDate: IsoDate,
  /** REF*G1 in 2400: a prior authorization for this line only. */ priorAuthorization: Text(50).optional(),
  /** REF*9F in 2400: a referral for this line only. */ referralNumber: Text(50).optional(),
});
export type DentalLine = z.infer<typeof DentalLine>;

// ---------------------------------------------------------------------------------------------
// Claims
// ---------------------------------------------------------------------------------------------

/** CLM11: what the condition is related to. */
export const RelatedCauses = z.strictObject({
  employment: z.boolean().default(false),
  autoAccident: z.boolean().default(false),
  otherAccident: z.boolean().default(false),
  /** CLM11-4: state of the auto accident. */ autoAccidentState: z.string().optional(),
});
export type RelatedCauses = z.infer<typeof RelatedCauses>;

/**
 * PWK (2300, 837P/I/D): documentation supporting the claim, sent separately or kept at the provider.
 *   PWK*OZ*BM***AC*ATT-12345~
 */
export const Attachment = z.strictObject({
  /** PWK01: what the document is (e.g. OZ support data, 09 progress report, B4 referral form, DG diagnostic report). */ reportType: z.string().regex(/^[A-Z0-9]{2}$/, 'a two-character report type code (PWK01)'),
  /** PWK02: how it travels: AA available on request at the provider, BM by mail, EL electronically, EM by e-mail, FT file transfer, FX by fax. */
  transmission: z.enum(['AA', 'BM', 'EL', 'EM', 'FT', 'FX']),
  /** PWK06 (PWK05 = AC, 2/80): the number that ties the document to the claim; required unless transmission is AA. */ controlNumber: Text(50, 2).optional(),
});
export type Attachment = z.infer<typeof Attachment>;


const ClaimCommon = {
  /** CLM01: the practice's own claim id (patient control number), echoed on every answer. */
  claimId: Text(38),
  /** Which partner profile sends it (default: the batch's). */
  partnerId: z.string().optional(),
  /** CLM02: total charge, the sum of the lines. */ totalCharge: Amount,
  /** CLM07: A assigned, B assignment accepted on clinical lab services only, C not assigned. */ assignment: z.enum(['A', 'B', 'C']).default('A'),
  /** CLM08: benefits assigned to the provider (Y/N/W). */ benefitsAssigned: z.enum(['N', 'W', 'Y']).default('Y'),
  /** CLM09: release of information (I, Y). */ releaseOfInformation: z.enum(['I', 'Y']).default('Y'),
  /** CLM20: delay reason code (late claims). */ delayReason: z.string().optional(),
  /** REF*F8: the payer's control number of the claim a replacement or void refers to. */ originalClaimNumber: Text(50).optional(),
  /** REF*G1 */ priorAuthorization: Text(50).optional(),
  /** PWK: attachments (at most 10). */ attachments: z.array(Attachment).min(1).max(10).optional(),
  /** HCP: claim repricing, when a repricer has priced the claim. */ repricing: Repricing.optional(),
  /** REF*9F */ referralNumber: Text(50).optional(),
  /** REF*EA */ medicalRecordNumber: Text(50).optional(),
  /** NTE (claim note: ADD for 837P/837D, ADD for 837I) */ note: Text(80).optional(),
  billingProvider: BillingProvider,
  /** 2010AB: where payments go when not the billing address. */ payToAddress: Address.optional(),
  subscriber: Subscriber,
  /** Absent when the subscriber is the patient. */ patient: Patient.optional(),
  payer: Payer,
  /** Payers that saw the claim before (secondary / tertiary claims). */ otherPayers: z.array(OtherPayer).default([]),
};

/** CR1 / CRC*07 / 2310E / 2310F (837P): an ambulance transport. */
export const AmbulanceTransport = z.strictObject({
  /** CR102 with CR101 = LB: the patient's weight in pounds (when it mattered for the transport). */ patientWeightPounds: Quantity.optional(),
  /** CR104: A to the nearest facility for care, B to a physician's or specialist's care, C nearest facility (other), D for the benefit of a preferred physician, E to a rehabilitation facility. */
  transportReason: z.enum(['A', 'B', 'C', 'D', 'E']),
  /** CR106 with CR105 = DH: miles transported. */ distanceMiles: Quantity,
  /** CR109: why a round trip was needed. */ roundTripPurpose: Text(80).optional(),
  /** CR110: why a stretcher was needed. */ stretcherPurpose: Text(80).optional(),
  /** CRC*07: whether the ambulance certification conditions were met (CRC02) and which (CRC03..07: 01, 04, 05, 06, 07, 08, 09, 12). */
  certification: z.strictObject({ conditionsMet: z.boolean().default(true), conditions: z.array(z.string()).min(1).max(5) }).optional(),
  /** 2310E N3/N4: where the patient was picked up. */ pickUp: Address,
  /** 2310F NM103: the destination's name (when known). */ dropOffName: Text(60).optional(),
  /** 2310F N3/N4: where the patient was taken. */ dropOff: Address,
});
export type AmbulanceTransport = z.infer<typeof AmbulanceTransport>;

/** CR2 (837P): spinal manipulation (chiropractic) information. */
export const SpinalManipulation = z.strictObject({
  /** CR208: A acute, C chronic, D non-acute, E non-life threatening, F routine, G symptomatic, M acute manifestation of a chronic condition. */
  condition: z.enum(['A', 'C', 'D', 'E', 'F', 'G', 'M']),
  /** CR210: the patient's condition in words (when needed). */ description: Text(80).optional(),
  /** CR211: more of it. */ additionalDescription: Text(80).optional(),
});
export type SpinalManipulation = z.infer<typeof SpinalManipulation>;

export const ProfessionalClaim = z.strictObject({
  kind: z.literal('professional'),
  ...ClaimCommon,
  /** CLM05-1: place of service (11 office, 21 inpatient hospital, 22 outpatient, ...). */ placeOfService: z.string(),
  /** CLM05-3: 1 original, 7 replacement, 8 void. */ frequency: z.string().default('1'),
  /** CLM06 */ providerSignature: z.boolean().default(true),
  /** CLM10: P when the patient signature is on file (assignment not signed). */ patientSignatureSource: z.literal('P').optional(),
  /** CLM11 */ relatedCauses: RelatedCauses.optional(),
  /** DTP*431 */ onsetDate: IsoDate.optional(),
  /** DTP*439 */ accidentDate: IsoDate.optional(),
  /** DTP*304 */ lastSeenDate: IsoDate.optional(),
  /** HI: ICD-10-CM codes without the dot; the first is the principal (ABK), the others ABF. Up to 12. */
  diagnoses: z.array(z.string()).min(1),
  /** 2310A */ referringProvider: Provider.optional(),
  /** 2310B: when not the billing provider. */ renderingProvider: Provider.optional(),
  /** 2310C */ serviceFacility: ServiceFacility.optional(),
  /** 2310D */ supervisingProvider: Provider.optional(),
  /** CR1, CRC*07, 2310E pick-up and 2310F drop-off: required on ambulance claims. */ ambulance: AmbulanceTransport.optional(),
  /** CR2: chiropractic spinal manipulation claims (CPT 98940-98942). */ spinalManipulation: SpinalManipulation.optional(),
  lines: z.array(ProfessionalLine).min(1),
});
export type ProfessionalClaim = z.infer<typeof ProfessionalClaim>;

/** HI*ABK / ABF with the present-on-admission indicator (HIxx-9). */
export const InstitutionalDiagnosis = z.strictObject({
  code: z.string(),
  /** Y, N, U (unknown), W (clinically undetermined); blank for exempt codes. */ presentOnAdmission: z.enum(['N', 'U', 'W', 'Y']).optional(),
});
export type InstitutionalDiagnosis = z.infer<typeof InstitutionalDiagnosis>;

export const InstitutionalClaim = z.strictObject({
  kind: z.literal('institutional'),
  ...ClaimCommon,
  /** CLM05-1 + CLM05-3: the type of bill without the leading zero, e.g. "111" inpatient, "131" outpatient; the last character is the frequency. */
  typeOfBill: z.string(),
  /** DTP*434: statement period. */ statementFrom: IsoDate,
  statementTo: IsoDate,
  /** CL101: priority (type) of admission or visit (1 emergency, 2 urgent, 3 elective, 9 information not available, ...). */
  admissionType: z.string(),
  /** CL102: point of origin for admission or visit (inpatient). */ admissionSource: z.string().optional(),
  /** DTP*435: admission date (inpatient; start of care for home health). */ admissionDate: IsoDate.optional(),
  /** DTP*435 with format DT: admission hour HHMM. */ admissionHour: z.string().optional(),
  /** DTP*096: discharge hour HHMM (inpatient final bills). */ dischargeHour: z.string().optional(),
  /** CL103: patient discharge status (01 home, 02 short-term hospital, 30 still a patient, ...). */ patientStatus: z.string(),
  /** HI*ABK (first) and ABF: ICD-10-CM. */ diagnoses: z.array(InstitutionalDiagnosis).min(1),
  /** HI*ABJ */ admittingDiagnosis: z.string().optional(),
  /** HI*DR: the diagnosis related group (inpatient, when the provider is paid by DRG). */ drg: z.string().optional(),
  /** HI*APR, up to 3 (outpatient). */ reasonForVisit: z.array(z.string()).default([]),
  /** HI*BBR (first) and BBQ: ICD-10-PCS procedures with dates. */
  procedures: z.array(z.strictObject({ code: z.string(), date: IsoDate })).default([]),
  /** HI*BI: occurrence span codes. */ occurrenceSpans: z.array(z.strictObject({ code: z.string(), from: IsoDate, to: IsoDate })).default([]),
  /** HI*BH: occurrence codes. */ occurrences: z.array(z.strictObject({ code: z.string(), date: IsoDate })).default([]),
  /** HI*BE: value codes with their amounts. */ values: z.array(z.strictObject({ code: z.string(), amount: Amount })).default([]),
  /** HI*BG: condition codes. */ conditions: z.array(z.string()).default([]),
  /** 2310A */ attendingProvider: Provider.optional(),
  /** 2310B */ operatingPhysician: Provider.optional(),
  /** 2310D */ renderingProvider: Provider.optional(),
  /** 2310E */ serviceFacility: ServiceFacility.optional(),
  /** 2310F */ referringProvider: Provider.optional(),
  lines: z.array(InstitutionalLine).min(1),
});
export type InstitutionalClaim = z.infer<typeof InstitutionalClaim>;

export const DentalClaim = z.strictObject({
  kind: z.literal('dental'),
  ...ClaimCommon,
  placeOfService: z.string(),
  frequency: z.string().default('1'),
  providerSignature: z.boolean().default(true),
  relatedCauses: RelatedCauses.optional(),
  /** DTP*439 */ accidentDate: IsoDate.optional(),
  /** REF*G3: predetermination of benefits number. */ predeterminationNumber: Text(50).optional(),
  /** HI: ICD-10-CM, up to 4 (when the payer asks for them). */ diagnoses: z.array(z.string()).default([]),
  /** 2310A */ referringProvider: Provider.optional(),
  /** 2310B */ renderingProvider: Provider.optional(),
  /** 2310C */ serviceFacility: ServiceFacility.optional(),
  lines: z.array(DentalLine).min(1),
});
export type DentalClaim = z.infer<typeof DentalClaim>;

export const Claim = z.discriminatedUnion('kind', [ProfessionalClaim, InstitutionalClaim, DentalClaim]);
export type Claim = z.infer<typeof Claim>;
/** What a practice writes (defaults not yet applied). */
export type ClaimInput = z.input<typeof Claim>;
export type ClaimKind = Claim['kind'];
export type ServiceLine = Claim['lines'][number];

// ---------------------------------------------------------------------------------------------
// Batches
// ---------------------------------------------------------------------------------------------

/** 1000A: who sends the file (the practice or its billing service), with the id the clearinghouse gave it. */
export const Submitter = z.strictObject({
  /** NM103 */ name: Text(60),
  /** NM109 (2/80): electronic transmitter id (ETIN). */ id: Text(80, 2),
  /** PER */ contact: Contact,
});
export type Submitter = z.infer<typeof Submitter>;

/** 1000B: who receives it (the clearinghouse). */
export const Receiver = z.strictObject({ /** NM103 */ name: Text(60), /** NM109 (2/80) */ id: Text(80, 2) });
export type Receiver = z.infer<typeof Receiver>;

/** The batch header: everything but the claims (the first line of an NDJSON batch, with `"record": "batch"`). */
export const BatchHeader = z.strictObject({
  /** NDJSON only: `"batch"` marks the first line as the batch header. */ record: z.literal('batch').optional(),
  /** Our reference for the batch (BHT03 prefix). */ batchId: z.string().regex(/^[A-Za-z0-9-]{1,30}$/).optional(),
  /** Partner profile id (config/partners/<id>.json). */ partnerId: z.string().optional(),
  /** Defaults to the partner profile's. */ submitter: Submitter.optional(),
  receiver: Receiver.optional(),
});
export type BatchHeader = z.infer<typeof BatchHeader>;

export const Batch = BatchHeader.extend({ claims: z.array(z.unknown()) });
export type Batch = z.infer<typeof Batch>;
