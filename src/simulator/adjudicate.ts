/**
 * Deterministic adjudication for the simulated payer. The same claim always gets the same result
 * (a hash of its patient control number picks the path), so demos and tests can count on the mix:
 *  - about 1 in 10 denied (CO-50 with RARC N115 on each line; CLP02 = 4);
 *  - about 1 in 20 partially paid (extra lines denied CO-97 + M15, or a CO-97 reduction);
 *  - the rest paid at 80% of charge (CO-45 contractual) with patient responsibility PR-1 deductible,
 *    PR-2 coinsurance or PR-3 copay for most.
 * Payer rules (src/simulator/payer-rules.ts) come first: a line one of them denies gets CO with its CARC
 * for the whole charge (only the payer ids listed there, e.g. SIMPAYER2).
 * Money with decimal.js, to the cent, half up. Every line balances: charge - paid = sum of its CAS.
 *
 * Like a payer, `answerClaim` keeps the payment it left standing per claim and answers:
 *  - a replacement (CLM05-3 = 7) with a reversal of that payment (CLP02 = 22, every amount negated, the
 *    same payer claim number) plus the new adjudication; the new one depends on what was corrected: a
 *    denial for the diagnosis (CO-50) is paid when the principal diagnosis changed, a reduction for the
 *    procedures (CO-97) when a procedure or its modifiers changed; correcting something else changes nothing;
 *  - a void (8) with the reversal only — a void is never paid.
 */
import { createHash } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { payerRuleDenial, SIMULATED_BENEFITS } from './payer-rules.js';
import type { ReceivedClaim } from './received-claims.js';

export interface AdjudicatedAdjustment {
  group: 'CO' | 'PR' | 'OA' | 'PI';
  reason: string;
  amount: Decimal;
}

export interface AdjudicatedLine {
  lineNumber: number;
  qualifier: string;
  procedure: string;
  units: string;
  charge: Decimal;
  paid: Decimal;
  allowed: Decimal;
  adjustments: AdjudicatedAdjustment[];
  remarks: string[];
  lineControl?: string;
  serviceDate?: string;
}

export interface AdjudicatedClaim {
  claim: ReceivedClaim;
  /** CLP02: 1 processed as primary, 2 as secondary, 3 as tertiary, 4 denied, 22 reversal of a previous payment */
  status: '1' | '2' | '3' | '4' | '22';
  charge: Decimal;
  paid: Decimal;
  patientResponsibility: Decimal;
  payerClaimNumber: string;
  lines: AdjudicatedLine[];
  path: 'paid' | 'partial' | 'denied';
}

const cents = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

export function bucketOf(key: string, buckets = 100): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) % buckets;
}

export function payerClaimNumberFor(pcn: string): string {
  return 'PCN' + createHash('sha256').update('payer:' + pcn).digest('hex').slice(0, 12).toUpperCase();
}

export function adjudicate(claim: ReceivedClaim, decided?: AdjudicatedClaim['path']): AdjudicatedClaim {
  const b = bucketOf(claim.patientControlNumber);
  const path: AdjudicatedClaim['path'] = decided ?? (b < 10 ? 'denied' : b < 15 ? 'partial' : 'paid');
  const lines: AdjudicatedLine[] = claim.lines.map((l) => ({
    lineNumber: l.lineNumber,
    qualifier: l.qualifier,
    procedure: l.procedure,
    units: l.units,
    charge: new Decimal(l.charge || '0'),
    paid: new Decimal(0),
    allowed: new Decimal(0),
    adjustments: [],
    remarks: [],
    lineControl: l.lineControl,
    serviceDate: l.serviceDate,
  }));
  let patientLeft = new Decimal(0);
  // Patient share for the claim, taken from the first lines until used up.
  let prReason = '';
  if (path !== 'denied') {
    if (b % 4 === 1) (prReason = '1'), (patientLeft = new Decimal(SIMULATED_BENEFITS.deductibleRemaining));
    else if (b % 4 === 2) prReason = '2';
    else if (b % 4 === 3) (prReason = '3'), (patientLeft = new Decimal(SIMULATED_BENEFITS.copay));
  }
  lines.forEach((line, i) => {
    if (line.charge.isZero()) return;
    const ruled = path !== 'denied' ? payerRuleDenial(claim, claim.lines[i]) : undefined;
    if (ruled) return void line.adjustments.push({ group: 'CO', reason: ruled.carc, amount: line.charge });
    if (path === 'denied' || (path === 'partial' && i > 0)) {
      const reason = path === 'denied' ? '50' : '97';
      line.adjustments.push({ group: 'CO', reason, amount: line.charge });
      line.remarks.push(path === 'denied' ? 'N115' : 'M15');
      return;
    }
    let allowed = cents(line.charge.times(0.8));
    const contractual = line.charge.minus(allowed);
    if (contractual.gt(0)) line.adjustments.push({ group: 'CO', reason: '45', amount: contractual });
    if (path === 'partial' && lines.length === 1) {
      const reduction = cents(allowed.times(0.25));
      line.adjustments.push({ group: 'CO', reason: '97', amount: reduction });
      line.remarks.push('M15');
      allowed = allowed.minus(reduction);
    }
    line.allowed = allowed;
    let patient = new Decimal(0);
    if (prReason === '2') patient = cents(allowed.times(SIMULATED_BENEFITS.coinsurance));
    else if (prReason) {
      patient = Decimal.min(patientLeft, allowed);
      patientLeft = patientLeft.minus(patient);
    }
    if (patient.gt(0)) line.adjustments.push({ group: 'PR', reason: prReason, amount: patient });
    line.paid = allowed.minus(patient);
  });
  const sum = (xs: Decimal[]) => xs.reduce((s, x) => s.plus(x), new Decimal(0));
  const paid = sum(lines.map((l) => l.paid));
  const patientResponsibility = sum(lines.flatMap((l) => l.adjustments.filter((a) => a.group === 'PR').map((a) => a.amount)));
  return {
    claim,
    status: path === 'denied' ? '4' : '1',
    charge: new Decimal(claim.charge || '0'),
    paid,
    patientResponsibility,
    payerClaimNumber: payerClaimNumberFor(claim.patientControlNumber),
    lines,
    path,
  };
}

/** The payment a payer left standing on a claim, with what it was adjudicated on. */
export interface StandingPayment {
  adjudicated: AdjudicatedClaim;
  diagnosis?: string;
  procedures: string;
}

/** What the payer remembers: the standing payment per billing NPI + patient control number. */
export type PayerMemory = Map<string, StandingPayment>;

const memoryKey = (c: ReceivedClaim) => `${c.billingNpi}|${c.patientControlNumber}`;
/** What a CO-97 (bundling) correction can change: each line's procedure and its modifiers (adding 59 or XU is the usual fix). */
const proceduresOf = (c: ReceivedClaim) => c.lines.map((l) => `${l.qualifier}:${l.procedure}:${(l.modifiers ?? []).join(':')}`).join(',');

/** A reversal (CLP02 = 22) of a payment: every amount negated, the same payer claim number. */
export function reversalOf(a: AdjudicatedClaim): AdjudicatedClaim {
  const neg = (d: Decimal) => (d.isZero() ? d : d.negated());
  return {
    ...a,
    status: '22',
    charge: neg(a.charge),
    paid: neg(a.paid),
    patientResponsibility: neg(a.patientResponsibility),
    lines: a.lines.map((l) => ({ ...l, charge: neg(l.charge), paid: neg(l.paid), allowed: neg(l.allowed), adjustments: l.adjustments.map((x) => ({ ...x, amount: neg(x.amount) })), remarks: [] })),
  };
}

/** A secondary or tertiary claim: one whose earlier payers (2320) already paid (AMT*D). */
export const isCoordinationClaim = (c: ReceivedClaim): boolean => (c.responsibility === 'S' || c.responsibility === 'T') && (c.priorPayers ?? []).some((p) => p.paid !== undefined);

/**
 * The next payer's adjudication of a secondary (or tertiary) claim: per line, what the last earlier payer
 * left to the patient (the PR adjustments of its 2430 for that line; without 2430s, the claim's AMT*EAF
 * spread over the lines in order) is the balance; the payer pays 80% of it, 20% stays with the patient
 * (PR-2), and the rest of the charge is OA-23 (the impact of the prior payer's adjudication). Every line
 * balances: paid + PR + OA-23 = charge. Never denied.
 */
export function adjudicateCoordination(claim: ReceivedClaim): AdjudicatedClaim {
  const order = ['P', 'S', 'T'];
  const adjudicated = (claim.priorPayers ?? []).filter((p) => p.paid !== undefined).sort((a, b) => order.indexOf(a.responsibility) - order.indexOf(b.responsibility));
  const last = adjudicated[adjudicated.length - 1];
  let claimLeft = new Decimal(last?.remainingPatientLiability || '0');
  const lines: AdjudicatedLine[] = claim.lines.map((l) => {
    const charge = new Decimal(l.charge || '0');
    const byLast = (l.priorPayers ?? []).find((p) => p.payerId === last?.payerId);
    let balance = byLast ? new Decimal(byLast.patientShare) : Decimal.min(claimLeft, charge);
    if (!byLast) claimLeft = claimLeft.minus(balance);
    balance = Decimal.max(Decimal.min(balance, charge), 0);
    const paid = cents(balance.times(0.8));
    const patient = balance.minus(paid);
    const adjustments: AdjudicatedAdjustment[] = [];
    if (charge.minus(balance).gt(0)) adjustments.push({ group: 'OA', reason: '23', amount: charge.minus(balance) });
    if (patient.gt(0)) adjustments.push({ group: 'PR', reason: '2', amount: patient });
    return { lineNumber: l.lineNumber, qualifier: l.qualifier, procedure: l.procedure, units: l.units, charge, paid, allowed: new Decimal(0), adjustments, remarks: [], lineControl: l.lineControl, serviceDate: l.serviceDate };
  });
  const sum = (xs: Decimal[]) => xs.reduce((s, x) => s.plus(x), new Decimal(0));
  return {
    claim,
    status: claim.responsibility === 'T' ? '3' : '2',
    charge: new Decimal(claim.charge || '0'),
    paid: sum(lines.map((l) => l.paid)),
    patientResponsibility: sum(lines.flatMap((l) => l.adjustments.filter((a) => a.group === 'PR').map((a) => a.amount))),
    payerClaimNumber: payerClaimNumberFor(claim.patientControlNumber),
    lines,
    path: 'paid',
  };
}

/** How the payer answers a claim (claim payments for its 835, in order), given what it remembers. */
export function answerClaim(claim: ReceivedClaim, memory: PayerMemory): AdjudicatedClaim[] {
  if (isCoordinationClaim(claim) && claim.frequency === '1') return [adjudicateCoordination(claim)];
  const key = memoryKey(claim);
  const prior = memory.get(key);
  const out: AdjudicatedClaim[] = [];
  if ((claim.frequency === '7' || claim.frequency === '8') && prior) {
    out.push(reversalOf(prior.adjudicated));
    memory.delete(key);
  }
  if (claim.frequency === '8') return out; // a void is never paid
  let path: AdjudicatedClaim['path'] | undefined;
  if (claim.frequency === '7' && prior) {
    const fixedDiagnosis = prior.adjudicated.path === 'denied' && (claim.diagnosis ?? '') !== (prior.diagnosis ?? '');
    const fixedProcedures = prior.adjudicated.path === 'partial' && proceduresOf(claim) !== prior.procedures;
    path = fixedDiagnosis || fixedProcedures ? 'paid' : prior.adjudicated.path;
  }
  const adjudicated = adjudicate(claim, path);
  if (claim.frequency === '7') adjudicated.payerClaimNumber = payerClaimNumberFor(`${claim.patientControlNumber}#${claim.originalClaimNumber ?? ''}`);
  memory.set(key, { adjudicated, diagnosis: claim.diagnosis, procedures: proceduresOf(claim) });
  out.push(adjudicated);
  return out;
}
