/**
 * The Remittance model: one 835 transaction set (one check or EFT) as billers think of it.
 *
 * Amounts are decimal.js values (written to JSON as decimal strings, read back from them); dates are ISO
 * (YYYY-MM-DD). Fields carry the X12 reference they come from in their doc comment. Descriptions of
 * codes (CARC, RARC, group, PLB reason, claim status) are filled in from `mappings/codes`.
 *
 * Wire shape of a claim payment (005010X221A1, loop 2100):
 *   CLP*PCN1*1*250*180*20*12*PAYERICN1*11*1~  CAS*CO*45*50~  NM1*QC*1*DOE*JANE****MI*M1~
 *   SVC*HC:99213*150*110**1~  DTM*472*20240301~  CAS*PR*2*20~  REF*6R*LINE1~  AMT*B6*130~  LQ*HE*N130~
 */
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import type { Finding } from '../x12/finding.js';

/** A money amount: a Decimal in memory, a decimal string in JSON. */
export const Money = z
  .union([z.instanceof(Decimal), z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal amount such as 125.50')])
  .transform((v) => new Decimal(v));
export type Money = Decimal;

/** YYYY-MM-DD */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Where in the file something was read from (absent on models built in memory). */
export const SourcePosition = z.object({ segmentNumber: z.number().int(), byteOffset: z.number().int() });
export type SourcePosition = z.infer<typeof SourcePosition>;

export const Reference = z.object({ qualifier: z.string(), value: z.string() });
export type Reference = z.infer<typeof Reference>;

export const Address = z.object({
  /** N301, N302 */
  lines: z.array(z.string()),
  /** N401..N404 */
  city: z.string().optional(),
  state: z.string().optional(),
  postalCode: z.string().optional(),
  country: z.string().optional(),
});

export const Contact = z.object({
  /** PER01: CX business, BL technical, IC web site. */
  function: z.string(),
  name: z.string().optional(),
  /** PER03/04, 05/06, 07/08 pairs: TE phone, EM e-mail, FX fax, UR web address, EX extension. */
  numbers: z.array(Reference),
});

/** Payer (1000A, N1*PR) or payee (1000B, N1*PE). */
export const Party = z.object({
  /** N102 */
  name: z.string(),
  /** N103 / N104: XV plan id, XX NPI, FI tax id, PI payer id. */
  idQualifier: z.string().optional(),
  id: z.string().optional(),
  address: Address.optional(),
  /** REF segments of the loop (2U payer id, TJ tax id, PQ payee id, ...). */
  references: z.array(Reference),
  contacts: z.array(Contact),
});
export type Party = z.infer<typeof Party>;

/** NM1 of loop 2100: patient (QC), insured (IL), corrected name (74), rendering provider (82), ... */
export const Person = z.object({
  /** NM101 */
  role: z.string(),
  /** NM102: 1 person, 2 organisation. */
  entityType: z.string(),
  lastName: z.string().optional(),
  firstName: z.string().optional(),
  middleName: z.string().optional(),
  suffix: z.string().optional(),
  /** NM108 / NM109 */
  idQualifier: z.string().optional(),
  id: z.string().optional(),
});
export type Person = z.infer<typeof Person>;

/** One CAS reason/amount/quantity triple, with its group. */
export const Adjustment = z.object({
  /** CAS01: CO contractual, PR patient responsibility, OA other, PI payer initiated, CR correction. */
  group: z.string(),
  groupDescription: z.string(),
  /** CAS02/05/08/11/14/17: claim adjustment reason code (CARC). */
  reason: z.string(),
  reasonDescription: z.string(),
  /** CAS03/06/...: positive reduces payment, negative increases it. */
  amount: Money,
  /** CAS04/07/...: units adjusted. */
  quantity: z.string().optional(),
});
export type Adjustment = z.infer<typeof Adjustment>;

/** A remark code (RARC) with its meaning. */
export const Remark = z.object({
  /** LQ01 for line remarks: HE = RARC, RX = NCPDP reject code. Absent for MIA/MOA remarks (always RARC). */
  qualifier: z.string().optional(),
  code: z.string(),
  description: z.string(),
});
export type Remark = z.infer<typeof Remark>;

export const AmountEntry = z.object({ qualifier: z.string(), amount: Money });
export const QuantityEntry = z.object({ qualifier: z.string(), quantity: z.string() });

/** Patient responsibility (CAS group PR) split by reason. */
export const PatientResponsibility = z.object({
  /** PR-1 */
  deductible: Money,
  /** PR-2 */
  coinsurance: Money,
  /** PR-3 */
  copay: Money,
  /** Every other PR reason. */
  other: Money,
  total: Money,
});
export type PatientResponsibility = z.infer<typeof PatientResponsibility>;

/** MIA (inpatient) or MOA (outpatient) adjudication information. */
export const Adjudication = z.object({
  kind: z.enum(['inpatient', 'outpatient']),
  /** Amount elements by position (MIA02, MIA04, MOA02, ...), with the element's name. */
  amounts: z.array(z.object({ element: z.number().int(), name: z.string(), amount: Money })),
  /** Counts and rates by position (MIA01 covered days, MOA01 reimbursement rate, ...). */
  values: z.array(z.object({ element: z.number().int(), name: z.string(), value: z.string() })),
  /** MIA05, MIA20-23 / MOA03-07 remark codes, in order. */
  remarks: z.array(Remark),
});
export type Adjudication = z.infer<typeof Adjudication>;

export const Procedure = z.object({
  /** SVC01-1 / SVC06-1: HC (CPT/HCPCS), NU (revenue code), AD (ADA), N4 (NDC), ... */
  qualifier: z.string(),
  code: z.string(),
  /** SVC01-3..6 */
  modifiers: z.array(z.string()),
  /** SVC01-7 */
  description: z.string().optional(),
});
export type Procedure = z.infer<typeof Procedure>;

/** Outcome of a claim or line in the biller's words. */
export const Outcome = z.enum(['paid', 'partially-paid', 'denied', 'reversed']);
export type Outcome = z.infer<typeof Outcome>;

/** Loop 2110: one service line as paid. */
export const ServiceLine = z.object({
  /** SVC01: the procedure as adjudicated. */
  procedure: Procedure,
  /** SVC02 */
  charge: Money,
  /** SVC03 */
  paid: Money,
  /** SVC04: NUBC revenue code (institutional). */
  revenueCode: z.string().optional(),
  /** SVC05: units paid. */
  units: z.string().optional(),
  /** SVC06: the procedure as submitted, when the payer changed it (bundled / unbundled). */
  submittedProcedure: Procedure.optional(),
  /** SVC07: units submitted. */
  submittedUnits: z.string().optional(),
  /** DTM*472 (or 150/151 for a range). */
  serviceDate: IsoDate.optional(),
  serviceDateFrom: IsoDate.optional(),
  serviceDateTo: IsoDate.optional(),
  /** CAS of loop 2110, one entry per triple. */
  adjustments: z.array(Adjustment),
  /** REF*6R: our line item control number (837 REF*6R), as the payer echoes it. */
  lineControlNumber: z.string().optional(),
  /** Every other REF of the line (rendering provider, APC, healthcare policy, ...). */
  references: z.array(Reference),
  /** AMT*B6 etc. */
  amounts: z.array(AmountEntry),
  quantities: z.array(QuantityEntry),
  /** LQ */
  remarks: z.array(Remark),
  /** AMT*B6 when sent, else charge minus every non-PR adjustment. */
  allowed: Money,
  patientResponsibility: PatientResponsibility,
  /** Paid nothing, with no patient responsibility. */
  denied: z.boolean(),
  position: SourcePosition.optional(),
});
export type ServiceLine = z.infer<typeof ServiceLine>;

/** Loop 2100: one claim payment. */
export const ClaimPayment = z.object({
  /** LX01 of the 2000 loop that holds the claim. */
  headerNumber: z.string().optional(),
  /** CLP01: our patient control number (837 CLM01). */
  patientControlNumber: z.string(),
  /** CLP02 */
  status: z.string(),
  statusDescription: z.string(),
  /** CLP03 */
  billed: Money,
  /** CLP04 */
  paid: Money,
  /** CLP05 as the payer sent it. */
  patientResponsibilityAmount: Money.optional(),
  /** CLP06 */
  filingIndicator: z.string(),
  /** CLP07 */
  payerClaimControlNumber: z.string().optional(),
  /** CLP08: facility type (institutional) or place of service (professional). */
  facilityType: z.string().optional(),
  /** CLP09 */
  frequency: z.string().optional(),
  /** CLP11 / CLP12 / CLP13 */
  drgCode: z.string().optional(),
  drgWeight: z.string().optional(),
  dischargeFraction: z.string().optional(),
  /** CAS of loop 2100, one entry per triple. */
  adjustments: z.array(Adjustment),
  /** NM1*QC */
  patient: Person.optional(),
  /** NM1*IL, 74, 82, TT, PR, GB */
  insured: Person.optional(),
  correctedName: Person.optional(),
  renderingProvider: Person.optional(),
  crossoverCarrier: Person.optional(),
  correctedPayer: Person.optional(),
  otherSubscriber: Person.optional(),
  /** MIA or MOA */
  adjudication: Adjudication.optional(),
  references: z.array(Reference),
  /** DTM*232 / 233 / 036 / 050 */
  statementFrom: IsoDate.optional(),
  statementTo: IsoDate.optional(),
  coverageExpiration: IsoDate.optional(),
  receivedDate: IsoDate.optional(),
  contacts: z.array(Contact),
  amounts: z.array(AmountEntry),
  quantities: z.array(QuantityEntry),
  lines: z.array(ServiceLine),
  /** Billed minus every non-PR adjustment (claim and line level). */
  allowed: Money,
  /** PR adjustments at claim and line level, split. */
  patientResponsibility: PatientResponsibility,
  outcome: Outcome,
  position: SourcePosition.optional(),
});
export type ClaimPayment = z.infer<typeof ClaimPayment>;

/** One PLB adjustment (a reason/reference/amount pair of PLB03..PLB14). */
export const ProviderAdjustment = z.object({
  /** PLB01 */
  providerId: z.string(),
  /** PLB02 */
  fiscalPeriodDate: IsoDate.optional(),
  /** PLB03-1 */
  reason: z.string(),
  reasonDescription: z.string(),
  /** PLB03-2: e.g. the payer claim control number a recoupment refers to. */
  reference: z.string().optional(),
  /** PLB04: positive reduces the payment (recoupment), negative increases it (interest). */
  amount: Money,
  position: SourcePosition.optional(),
});
export type ProviderAdjustment = z.infer<typeof ProviderAdjustment>;

/** TS3: provider summary of one LX group. */
export const ProviderSummary = z.object({
  /** LX01 */
  headerNumber: z.string(),
  /** TS301 */
  providerId: z.string().optional(),
  /** TS302 */
  facilityType: z.string().optional(),
  /** TS303 */
  fiscalPeriodEnd: IsoDate.optional(),
  /** TS304 */
  claimCount: z.string().optional(),
  /** TS305 */
  totalCharge: Money.optional(),
});

export const ReversalPair = z.object({
  patientControlNumber: z.string(),
  /** Index in `claims` (or in file order when claims are streamed) of the CLP02=22 reversal. */
  reversal: z.number().int(),
  /** Index of the corrected claim that replaces it, when present in the same remittance. */
  correction: z.number().int().optional(),
  reversedPayerClaimControlNumber: z.string().optional(),
  correctionPayerClaimControlNumber: z.string().optional(),
});
export type ReversalPair = z.infer<typeof ReversalPair>;

export const BalanceSummary = z.object({
  /** Sum of CLP04 */
  claimsPaid: Money,
  /** Sum of PLB amounts */
  providerAdjustments: Money,
  /** Sum of CLP04 minus sum of PLB: what BPR02 must be (signed: a debit is negative). */
  expectedPayment: Money,
  /** BPR02, signed by BPR03 (C credit positive, D debit negative). */
  actualPayment: Money,
  /** Lines and claims that did not balance. */
  claimImbalances: z.number().int(),
  lineImbalances: z.number().int(),
  balanced: z.boolean(),
});
export type BalanceSummary = z.infer<typeof BalanceSummary>;

export type Payment = z.infer<typeof Payment>;
export const Payment = z.object({
  /** BPR01: I remittance + payment, H notification only, C payment only, ... */
  handling: z.string(),
  /** BPR02 */
  amount: Money,
  /** BPR03: C credit, D debit. */
  creditDebit: z.string(),
  /** BPR04: ACH, CHK, BOP, FWT, NON. */
  method: z.string(),
  methodDescription: z.string(),
  /** BPR05: CCP, CTX. */
  format: z.string().optional(),
  /** BPR06..09: the payer's bank. */
  senderBank: z.object({ idQualifier: z.string(), id: z.string(), accountQualifier: z.string().optional(), account: z.string().optional() }).optional(),
  /** BPR10 / BPR11 */
  originatingCompanyId: z.string().optional(),
  originatingCompanySupplementalCode: z.string().optional(),
  /** BPR12..15: the provider's bank. */
  receiverBank: z.object({ idQualifier: z.string(), id: z.string(), accountQualifier: z.string().optional(), account: z.string().optional() }).optional(),
  /** BPR16: check issue or EFT effective date. */
  date: IsoDate.optional(),
});

export const Remittance = z.object({
  /** Envelope: ISA13, GS06, ST02 of the 835. */
  interchangeControlNumber: z.string(),
  groupControlNumber: z.string().optional(),
  transactionControlNumber: z.string(),
  version: z.string(),
  payment: Payment,
  /** TRN: the check or EFT trace number that ties this remittance to the money. */
  trace: z.object({ number: z.string(), originatorId: z.string().optional(), originatorSupplemental: z.string().optional() }),
  /** CUR02 */
  currency: z.string().optional(),
  /** REF*EV receiver id, REF*F2 version */
  receiverId: z.string().optional(),
  versionId: z.string().optional(),
  /** DTM*405 */
  productionDate: IsoDate.optional(),
  payer: Party,
  payee: Party,
  providerSummaries: z.array(ProviderSummary),
  claims: z.array(ClaimPayment),
  /** Number of claims read (equals claims.length unless claims were streamed and not kept). */
  claimCount: z.number().int(),
  providerAdjustments: z.array(ProviderAdjustment),
  reversals: z.array(ReversalPair),
  balance: BalanceSummary,
  /** Every finding on this transaction set: the guide engine's (SNIP 1, 2, 5) and the balancing checks (SNIP 3). */
  findings: z.array(z.custom<Finding>((v) => typeof v === 'object' && v !== null && 'code' in v)),
  position: SourcePosition.optional(),
});
export type Remittance = z.infer<typeof Remittance>;
