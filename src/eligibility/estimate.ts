/**
 * The patient's estimate for a visit's scheduled procedures, from the last 271's benefits. Pure.
 *
 * Per procedure, in the order scheduled (network: in, unless asked otherwise), with
 * D = deductible remaining, O = out-of-pocket remaining (both carried from one procedure to the next):
 *   deductible  = min(D, charge)
 *   coinsurance = (charge − deductible) × coinsurance rate, rounded half-up to cents
 *   copay       = the service type's copay, once per service type per visit, at most what is left of the charge
 *   patient     = min(deductible + coinsurance + copay, O)
 * A benefit missing for the procedure's service type is taken from the plan-wide row (service type 30);
 * a remaining amount missing is taken as the period total (the patient's worst case); no out-of-pocket
 * limit means no cap. A procedure with no charge (none given, none in the fee schedule) is listed with a note.
 */
import { Decimal } from 'decimal.js';
import '../money/precision.js';
import type { Accumulator, EligibilityAnswer, Network, ParsedAppointment, ServiceBenefits } from './model.js';

export interface EstimateLine {
  code: string;
  serviceType: string;
  charge?: string;
  deductible: string;
  coinsurance: string;
  copay: string;
  patient: string;
  note?: string;
}

export interface VisitEstimate {
  appointmentId: string;
  coverage: EligibilityAnswer['coverage'];
  lines: EstimateLine[];
  /** Sum of the lines' patient amounts. */
  patientTotal: string;
  /** Sum of the charges minus the patient total. */
  insuranceTotal: string;
  notes: string[];
}

export interface EstimateOptions {
  /** CPT/HCPCS → the practice's charge, used when the appointment gives none. */
  feeSchedule?: Readonly<Record<string, string>>;
  network?: Exclude<Network, 'any'>;
}

interface Terms {
  copay?: Decimal;
  coinsurance: Decimal;
  deductibleRemaining: Decimal;
  outOfPocketRemaining?: Decimal;
}

const ZERO = new Decimal(0);
const money = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
const remainingOf = (acc: Accumulator | undefined): Decimal | undefined => (acc?.remaining !== undefined ? new Decimal(acc.remaining) : acc?.total !== undefined ? new Decimal(acc.total) : undefined);

/** Rows that apply to a service type, most specific first: the type in this network, the type in any network, then plan-wide (30). */
function rowsFor(answer: Pick<EligibilityAnswer, 'benefits'>, serviceType: string, network: Exclude<Network, 'any'>): ServiceBenefits[] {
  const order: Array<[string, Network]> = [[serviceType, network], [serviceType, 'any'], ['30', network], ['30', 'any']];
  return order.flatMap(([type, net]) => answer.benefits.filter((b) => b.serviceType === type && b.network === net));
}

/** Each benefit from the most specific row that states it. */
export function termsFor(answer: Pick<EligibilityAnswer, 'benefits'>, serviceType: string, network: Exclude<Network, 'any'> = 'in'): Terms {
  const rows = rowsFor(answer, serviceType, network);
  const first = <T>(pick: (r: ServiceBenefits) => T | undefined): T | undefined => rows.map(pick).find((v) => v !== undefined);
  const copay = first((r) => r.copay);
  const coinsurance = first((r) => r.coinsurance);
  return {
    copay: copay !== undefined ? new Decimal(copay) : undefined,
    coinsurance: coinsurance !== undefined ? new Decimal(coinsurance) : ZERO,
    deductibleRemaining: first((r) => remainingOf(r.deductible)) ?? ZERO,
    outOfPocketRemaining: first((r) => remainingOf(r.outOfPocket)),
  };
}

export function estimateVisit(appointment: ParsedAppointment, answer: Pick<EligibilityAnswer, 'benefits' | 'coverage'>, options: EstimateOptions = {}): VisitEstimate {
  const network = options.network ?? 'in';
  const notes: string[] = [];
  const lines: EstimateLine[] = [];
  const plan = termsFor(answer, '30', network);
  let deductibleLeft = plan.deductibleRemaining;
  let outOfPocketLeft = plan.outOfPocketRemaining;
  const copaysTaken = new Set<string>();
  let charges = ZERO;
  let patientTotal = ZERO;
  if (answer.coverage !== 'active') notes.push(`Coverage is ${answer.coverage}: the patient owes every charge unless other coverage applies.`);
  for (const p of appointment.procedures) {
    const serviceType = p.serviceType ?? '30';
    const chargeText = p.charge ?? options.feeSchedule?.[p.code];
    if (chargeText === undefined) {
      lines.push({ code: p.code, serviceType, deductible: '0.00', coinsurance: '0.00', copay: '0.00', patient: '0.00', note: 'no charge given and none in the fee schedule' });
      continue;
    }
    const charge = new Decimal(chargeText);
    charges = charges.plus(charge);
    if (answer.coverage !== 'active') {
      patientTotal = patientTotal.plus(charge);
      lines.push({ code: p.code, serviceType, charge: money(charge), deductible: '0.00', coinsurance: '0.00', copay: '0.00', patient: money(charge) });
      continue;
    }
    const terms = termsFor(answer, serviceType, network);
    const deductible = Decimal.min(deductibleLeft, charge);
    const afterDeductible = charge.minus(deductible);
    const coinsurance = afterDeductible.times(terms.coinsurance).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    const copay = terms.copay && !copaysTaken.has(serviceType) ? Decimal.min(terms.copay, afterDeductible.minus(coinsurance)) : ZERO;
    if (terms.copay) copaysTaken.add(serviceType);
    let patient = deductible.plus(coinsurance).plus(copay);
    if (outOfPocketLeft !== undefined) {
      patient = Decimal.min(patient, outOfPocketLeft);
      outOfPocketLeft = outOfPocketLeft.minus(patient);
    }
    deductibleLeft = deductibleLeft.minus(deductible);
    patientTotal = patientTotal.plus(patient);
    lines.push({ code: p.code, serviceType, charge: money(charge), deductible: money(deductible), coinsurance: money(coinsurance), copay: money(copay), patient: money(patient) });
  }
  return { appointmentId: appointment.appointmentId, coverage: answer.coverage, lines, patientTotal: money(patientTotal), insuranceTotal: money(charges.minus(patientTotal)), notes };
}
