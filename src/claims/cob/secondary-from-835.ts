/**
 * The next payer's claim from this payer's 835 (coordination of benefits), as a pure function:
 * (the claim as sent, what its payer answered) → the claim to the next payer, or a hold naming what is
 * missing. Secondary from the primary's 835, tertiary from the secondary's the same way.
 *
 * What changes (docs/secondary-claims.md):
 *  - 2000B SBR / 2010BA / 2010BB: the next payer's coverage (from `otherPayers`) becomes the claim's
 *    subscriber and payer, SBR01 = S (or T). When the patient is that coverage's insured (2320 SBR02 = 18)
 *    the patient's demographics move to the subscriber; otherwise the patient loop carries them with
 *    PAT01 = that relationship.
 *  - 2320 / 2330A / 2330B: the payer that answered moves into `otherPayers` with AMT*D = CLP04, the 835's
 *    claim-level CAS, AMT*EAF = CLP05 (patient responsibility), REF*F8 = CLP07, and DTP*573 (BPR16, else
 *    DTM*405; payer-answer.ts) when the 835 has no lines.
 *  - 2430 per line: SVD (SVC03 paid, SVC01 procedure and modifiers, SVC05 units), the line's CAS, DTP*573
 *    and AMT*EAF (the line's PR adjustments).
 *  - CLM01 derived from the original (`nextClaimId`), frequency 1, no REF*F8 of a replacement.
 * Problems are values: `{ status: 'held', missing: [{ field, message }] }`, fields as JSON paths of the
 * original claim (or `$.answer…` for the 835), never its values (PHI).
 */
import { createHash } from 'node:crypto';
import { Decimal } from 'decimal.js';
import '../../money/precision.js';
import { Claim, type Adjustment, type LineAdjudication, type OtherPayer, type PayerResponsibility, type Patient, type Subscriber } from '../model.js';
import { nextPayerIndex, nextResponsibility } from './further-coverage.js';
import type { AnswerAdjustment, AnswerLine, PayerAnswer } from './payer-answer.js';

export interface HeldField {
  /** JSON path in the original claim (`$.otherPayers[0].subscriber.memberId`) or in the 835 answer (`$.answer.lines[2]`). */
  field: string;
  /** What is wrong, in a biller's words (no values: PHI). */
  message: string;
}

export type NextPayerClaim =
  | { status: 'none' }
  | { status: 'built'; claim: Claim; responsibility: PayerResponsibility }
  | { status: 'held'; responsibility: PayerResponsibility; claimId: string; missing: HeldField[] };

const ADJUSTMENT_GROUPS = new Set(['CO', 'CR', 'OA', 'PI', 'PR']);
const MAX_CLAIM_ID = 38;
const SUFFIX: Readonly<Record<PayerResponsibility, string>> = { primary: '-P', secondary: '-S', tertiary: '-T' };

/**
 * CLM01 of the claim to the payer at `responsibility`: the original's id with `-S` (secondary) or `-T`
 * (tertiary); when that is longer than 38 characters, the original's first characters, eight hex digits
 * of its SHA-256 and the suffix. Deterministic: the same original always gives the same id.
 */
export function nextClaimId(originalId: string, responsibility: PayerResponsibility): string {
  const suffix = SUFFIX[responsibility];
  if (originalId.length + suffix.length <= MAX_CLAIM_ID) return originalId + suffix;
  const hash = createHash('sha256').update(originalId).digest('hex').slice(0, 8).toUpperCase();
  return originalId.slice(0, MAX_CLAIM_ID - suffix.length - hash.length) + hash + suffix;
}

const amount = (v: string | Decimal): string => new Decimal(v).toFixed();
const total = (list: readonly { amount: string }[]): Decimal => list.reduce((s, a) => s.plus(a.amount), new Decimal(0));

function adjustmentsOf(list: readonly AnswerAdjustment[], path: string, missing: HeldField[]): Adjustment[] {
  const out: Adjustment[] = [];
  list.forEach((a, i) => {
    if (!ADJUSTMENT_GROUPS.has(a.group)) missing.push({ field: `${path}[${i}].group`, message: 'The 835 adjustment group is not one an 837 can carry (CO, CR, OA, PI, PR).' });
    else out.push({ group: a.group as Adjustment['group'], reason: a.reason, amount: amount(a.amount), ...(a.quantity ? { quantity: amount(a.quantity) } : {}) });
  });
  return out;
}

/** The claim's line control number (REF*6R) of line `index`: the practice's own, else the line number. */
const lineControlOf = (claim: Claim, index: number): string => claim.lines[index].lineControlNumber ?? String(index + 1);

/**
 * Which claim line each 835 line answers: by REF*6R when the payer echoed it, else by position when the
 * 835 has one line per claim line. Unmatched lines either way are held.
 */
function matchLines(claim: Claim, lines: readonly AnswerLine[], missing: HeldField[]): Map<number, AnswerLine> {
  const matched = new Map<number, AnswerLine>();
  const byControl = new Map(claim.lines.map((_, i) => [lineControlOf(claim, i), i]));
  const positional = lines.every((l) => !l.lineControl) && lines.length === claim.lines.length;
  lines.forEach((l, j) => {
    const i = positional ? j : l.lineControl !== undefined ? byControl.get(l.lineControl) : undefined;
    if (i === undefined || matched.has(i)) {
      missing.push({ field: `$.answer.lines[${j}]`, message: 'This 835 service line matches no line of the claim (REF*6R not ours, or the same line answered twice).' });
      return;
    }
    matched.set(i, l);
  });
  if (lines.length > 0) {
    claim.lines.forEach((_, i) => {
      if (!matched.has(i)) missing.push({ field: `$.lines[${i}]`, message: 'The 835 does not answer this service line; the next payer needs what the payer did with every line.' });
    });
  }
  return matched;
}

function lineAdjudications(claim: Claim, answer: PayerAnswer, date: string, missing: HeldField[]): LineAdjudication[] {
  const matched = matchLines(claim, answer.lines, missing);
  const out: LineAdjudication[] = [];
  for (const [i, l] of [...matched].sort((a, b) => a[0] - b[0])) {
    const line = claim.lines[i];
    const j = answer.lines.indexOf(l);
    if (!new Decimal(l.charge).equals(line.charge)) missing.push({ field: `$.lines[${i}].charge`, message: 'The 835 line charge (SVC02) is not the charge of the claim line.' });
    const adjustments = adjustmentsOf(l.adjustments, `$.answer.lines[${j}].adjustments`, missing);
    if (!new Decimal(l.paid).plus(total(adjustments)).equals(line.charge)) missing.push({ field: `$.answer.lines[${j}].paid`, message: 'The 835 line does not balance: paid (SVC03) plus its adjustments is not the line charge.' });
    // SVD03: the procedure as the payer adjudicated it. 837P/837D require one (the billed one when the
    // payer sent none); on the 837I it is sent only when the payer adjudicated by procedure (not by NU revenue code).
    const byPayer = l.procedureCode !== undefined;
    const procedureCode = byPayer ? l.procedureCode : claim.kind !== 'institutional' && 'procedureCode' in line ? line.procedureCode : undefined;
    const patientShare = total(adjustments.filter((a) => a.group === 'PR'));
    out.push({
      line: i + 1,
      paidAmount: amount(l.paid),
      ...(procedureCode ? { procedureCode } : {}),
      modifiers: byPayer ? (l.modifiers ?? []) : procedureCode && 'modifiers' in line ? line.modifiers : [],
      units: l.units ?? '1',
      adjustments,
      adjudicationDate: date,
      ...(patientShare.isZero() ? {} : { remainingPatientLiability: amount(patientShare) }),
    });
  }
  return out;
}

/** The patient and subscriber of the next payer's claim (see the module comment). */
function peopleFor(claim: Claim, next: OtherPayer, index: number, responsibility: PayerResponsibility, missing: HeldField[]): { subscriber: Subscriber; patient?: Patient } {
  const demographics = claim.patient
    ? { name: claim.patient.name, birthDate: claim.patient.birthDate, gender: claim.patient.gender, address: claim.patient.address, from: '$.patient' }
    : { name: claim.subscriber.name, birthDate: claim.subscriber.birthDate, gender: claim.subscriber.gender, address: claim.subscriber.address, from: '$.subscriber' };
  const subscriber: Subscriber = {
    responsibility,
    name: next.subscriber.name,
    memberId: next.subscriber.memberId,
    ...(next.groupNumber ? { groupNumber: next.groupNumber } : {}),
    ...(next.insuranceType ? { insuranceType: next.insuranceType } : {}),
    claimFilingIndicator: next.claimFilingIndicator,
    ...(next.subscriber.address ? { address: next.subscriber.address } : {}),
  };
  if (next.relationship === '18') {
    return {
      subscriber: {
        ...subscriber,
        ...(demographics.birthDate ? { birthDate: demographics.birthDate } : {}),
        ...(demographics.gender ? { gender: demographics.gender } : {}),
        ...(subscriber.address ?? demographics.address ? { address: subscriber.address ?? demographics.address } : {}),
      },
    };
  }
  // The patient is someone else's dependant at the next payer: 2000C with PAT01 = that relationship.
  if (!demographics.birthDate) missing.push({ field: `${demographics.from}.birthDate`, message: `The patient is not the insured at the next payer (otherPayers[${index}].relationship), so the patient loop needs the patient's birth date.` });
  if (!demographics.gender) missing.push({ field: `${demographics.from}.gender`, message: `The patient is not the insured at the next payer (otherPayers[${index}].relationship), so the patient loop needs the patient's gender.` });
  if (!demographics.address) missing.push({ field: `${demographics.from}.address`, message: `The patient is not the insured at the next payer (otherPayers[${index}].relationship), so the patient loop needs the patient's address.` });
  if (!demographics.birthDate || !demographics.gender || !demographics.address) return { subscriber };
  return { subscriber, patient: { relationship: next.relationship, name: demographics.name, birthDate: demographics.birthDate, gender: demographics.gender, address: demographics.address } };
}

/** The coverage of the next payer must be complete enough to bill: member id, payer id, filing indicator. */
function coverageProblems(next: OtherPayer, index: number): HeldField[] {
  const path = `$.otherPayers[${index}]`;
  const out: HeldField[] = [];
  if (!next.subscriber.memberId.trim()) out.push({ field: `${path}.subscriber.memberId`, message: 'The next payer\'s member id is missing; the claim cannot be billed to it.' });
  if (!next.payer.id.trim()) out.push({ field: `${path}.payer.id`, message: 'The next payer\'s payer id is missing; the clearinghouse cannot route the claim.' });
  if (!next.claimFilingIndicator.trim()) out.push({ field: `${path}.claimFilingIndicator`, message: 'The next payer\'s claim filing indicator (SBR09) is missing.' });
  return out;
}

/** The answered claim's own payer as a 2320 other payer, with what it did. */
function answeredPayer(claim: Claim, answer: PayerAnswer, date: string | undefined, lines: LineAdjudication[], claimAdjustments: Adjustment[]): OtherPayer {
  const s = claim.subscriber;
  return {
    responsibility: s.responsibility,
    relationship: claim.patient ? claim.patient.relationship : '18',
    ...(s.groupNumber ? { groupNumber: s.groupNumber } : {}),
    ...(s.insuranceType ? { insuranceType: s.insuranceType } : {}),
    claimFilingIndicator: s.claimFilingIndicator,
    subscriber: { name: s.name, memberId: s.memberId, ...(s.address ? { address: s.address } : {}) },
    payer: claim.payer,
    paidAmount: amount(answer.paid),
    remainingPatientLiability: amount(answer.patientResponsibility),
    claimAdjustments,
    ...(lines.length === 0 && date ? { adjudicationDate: date } : {}),
    ...(answer.payerClaimNumber ? { claimControlNumber: answer.payerClaimNumber.slice(0, 50) } : {}),
    benefitsAssigned: claim.benefitsAssigned,
    releaseOfInformation: claim.releaseOfInformation,
    lineAdjudications: lines,
  };
}

const RANK: Readonly<Record<PayerResponsibility, number>> = { primary: 0, secondary: 1, tertiary: 2 };

/**
 * The claim to the next payer, built from `claim` (as sent to the payer that answered) and `answer` (that
 * payer's 835 claim payment). `none` when the claim has no further coverage; `held` with every missing or
 * inconsistent field when it cannot be built; `built` otherwise (a claim of the model, scrubbed later like
 * any other).
 */
export function nextPayerClaimFrom835(claim: Claim, answer: PayerAnswer): NextPayerClaim {
  const index = nextPayerIndex(claim);
  const responsibility = nextResponsibility(claim.subscriber.responsibility);
  if (index < 0 || !responsibility) return { status: 'none' };
  const next = claim.otherPayers[index];
  const claimId = nextClaimId(claim.claimId, responsibility);
  const missing = coverageProblems(next, index);
  if (!new Decimal(answer.billed).equals(claim.totalCharge)) missing.push({ field: '$.answer.billed', message: 'The 835 billed amount (CLP03) is not the claim\'s total charge; it may answer another claim.' });
  const date = answer.adjudicationDate;
  if (!date) missing.push({ field: '$.answer.adjudicationDate', message: 'The 835 has no payment date (BPR16) or production date (DTM*405) to send as the adjudication date (DTP*573).' });
  const claimAdjustments = adjustmentsOf(answer.adjustments, '$.answer.adjustments', missing);
  const lines = lineAdjudications(claim, answer, date ?? '', missing);
  const accounted = new Decimal(answer.paid).plus(total(answer.adjustments)).plus(answer.lines.reduce((s, l) => s.plus(total(l.adjustments)), new Decimal(0)));
  if (!accounted.equals(claim.totalCharge)) missing.push({ field: '$.answer.paid', message: 'The 835 claim payment does not balance: paid (CLP04) plus every adjustment is not the claim charge.' });
  const people = peopleFor(claim, next, index, responsibility, missing);
  if (missing.length) return { status: 'held', responsibility, claimId, missing };

  const otherPayers = [...claim.otherPayers.filter((_, i) => i !== index), answeredPayer(claim, answer, date, lines, claimAdjustments)].sort((a, b) => RANK[a.responsibility] - RANK[b.responsibility]);
  const { originalClaimNumber: _replaced, patient: _patient, ...rest } = claim;
  const draft = {
    ...rest,
    claimId,
    subscriber: people.subscriber,
    ...(people.patient ? { patient: people.patient } : {}),
    payer: next.payer,
    otherPayers,
    ...(claim.kind === 'institutional' ? { typeOfBill: claim.typeOfBill.slice(0, -1) + '1' } : { frequency: '1' }),
  };
  const parsed = Claim.safeParse(draft);
  if (!parsed.success) {
    return { status: 'held', responsibility, claimId, missing: parsed.error.issues.map((i) => ({ field: '$.' + i.path.join('.'), message: `The built claim is not valid here: ${i.message}` })) };
  }
  return { status: 'built', claim: parsed.data, responsibility };
}
