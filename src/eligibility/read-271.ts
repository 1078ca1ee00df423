/**
 * 271 loop trees → one EligibilityAnswer per person asked about (2100C subscriber, 2100D dependent).
 * Pure: bytes in, values out. Amounts stay decimal strings (decimal.js normalised); nothing is rounded.
 *
 *   EB*1*IND*30**GOLD PPO~               coverage active, plan "GOLD PPO"
 *   EB*C*IND*30***29*1100.5*****Y~       deductible remaining 1100.50 in network (EB06 29 = remaining, 23 = calendar-year total)
 *   EB*A*IND*30*****0.2****N~            coinsurance 20 % out of network
 *   EB*B*IND*98***27*25*****Y~           copay 25 per office visit in network
 *   AAA*N**75*C~                         rejected: subscriber/insured not found; please correct and resubmit
 */
import { Decimal } from 'decimal.js';
import '../money/precision.js';
import { X12Reader, type ReadReport, type TransactionContext } from '../guides/reader.js';
import { childLoop, childLoops, findSegment, findSegments } from '../guides/tree.js';
import type { LoopNode } from '../guides/walker.js';
import { describeCode } from '../remits/codes.js';
import { element, repetitions } from '../x12/elements.js';
import type { Segment } from '../x12/tokenizer.js';
import type { Accumulator, EligibilityAnswer, Network, Rejection, ServiceBenefits } from './model.js';

const ACTIVE = new Set(['1', '2', '3', '4', '5']);
const INACTIVE = new Set(['6', '7', '8']);
/** EB06 values that mean "what is left" rather than the period's total. */
const REMAINING = new Set(['29', '33']);
/** EB01 co-insurance, co-payment, deductible, out of pocket: the benefits an estimate uses. */
const MONEY_BENEFITS = new Set(['A', 'B', 'C', 'G']);

export interface ReadEligibility {
  answers: EligibilityAnswer[];
  report: ReadReport;
}

const networkOf = (eb12: string): Network => (eb12 === 'Y' ? 'in' : eb12 === 'N' ? 'out' : 'any');
const decimalText = (raw: string): string | undefined => {
  if (!raw) return undefined;
  try {
    return new Decimal(raw).toFixed();
  } catch {
    return undefined;
  }
};

function rejectionsIn(loop: LoopNode): Rejection[] {
  return findSegments(loop, 'AAA').map((s) => ({
    loop: loop.id,
    reason: element(s, 3),
    reasonText: describeCode('eligibility-reject-reason', element(s, 3)),
    followUp: element(s, 4),
    followUpText: describeCode('eligibility-follow-up', element(s, 4)),
  }));
}

function benefitRow(rows: Map<string, ServiceBenefits>, serviceType: string, network: Network): ServiceBenefits {
  const key = `${serviceType}|${network}`;
  let row = rows.get(key);
  if (!row) {
    row = { serviceType, serviceTypeName: describeCode('service-type', serviceType), network, deductible: {}, outOfPocket: {} };
    rows.set(key, row);
  }
  return row;
}

function setAccumulator(acc: Accumulator, eb06: string, amount: string | undefined): void {
  if (amount === undefined) return;
  if (REMAINING.has(eb06)) acc.remaining = amount;
  else acc.total = amount;
}

/** The person loop (2100C / 2100D) read into an answer; `inherited` carries the subscriber's member id to a dependent. */
function readPerson(level: LoopNode, nameLoop: LoopNode, parents: { payerId?: string; memberId?: string; rejections: Rejection[] }): EligibilityAnswer {
  const trn = findSegments(level, 'TRN').find((s) => element(s, 1) === '2') ?? findSegment(level, 'TRN');
  const nm1 = findSegment(nameLoop, 'NM1') as Segment;
  const isDependent = level.id === '2000D';
  const answer: EligibilityAnswer = {
    appointmentId: trn ? element(trn, 2) || undefined : undefined,
    level: isDependent ? 'dependent' : 'subscriber',
    memberId: (isDependent ? parents.memberId : element(nm1, 9)) || undefined,
    payerId: parents.payerId,
    coverage: 'unknown',
    benefits: [],
    rejections: [...parents.rejections, ...rejectionsIn(nameLoop)],
    messages: [],
    position: { segmentNumber: nm1.number },
  };
  const group = findSegments(nameLoop, 'REF').find((s) => ['6P', '18', 'IG'].includes(element(s, 1)));
  if (group) {
    answer.groupNumber = element(group, 2) || undefined;
    answer.plan = element(group, 3) || undefined;
  }
  const rows = new Map<string, ServiceBenefits>();
  for (const benefit of childLoops(nameLoop, isDependent ? '2110D' : '2110C')) {
    const eb = findSegment(benefit, 'EB');
    if (!eb) continue;
    answer.rejections.push(...rejectionsIn(benefit));
    answer.messages.push(...findSegments(benefit, 'MSG').map((m) => element(m, 1)));
    const code = element(eb, 1);
    if (ACTIVE.has(code) || INACTIVE.has(code)) {
      // The first coverage EB decides; a later "inactive" for one service type does not end the plan.
      if (answer.coverage === 'unknown') {
        answer.coverage = ACTIVE.has(code) ? 'active' : 'inactive';
        answer.coverageCode = code;
        answer.coverageText = describeCode('eligibility-benefit', code);
      }
      if (element(eb, 5)) answer.plan = element(eb, 5);
      continue;
    }
    if (!MONEY_BENEFITS.has(code)) continue;
    const network = networkOf(element(eb, 12));
    const serviceTypes = repetitions(eb, 3).filter(Boolean);
    for (const serviceType of serviceTypes.length ? serviceTypes : ['30']) {
      const row = benefitRow(rows, serviceType, network);
      const amount = decimalText(element(eb, 7));
      if (code === 'B' && amount !== undefined) row.copay = amount;
      else if (code === 'A') row.coinsurance = decimalText(element(eb, 8)) ?? row.coinsurance;
      else if (code === 'C') setAccumulator(row.deductible, element(eb, 6), amount);
      else if (code === 'G') setAccumulator(row.outOfPocket, element(eb, 6), amount);
    }
  }
  answer.benefits = [...rows.values()];
  if (answer.coverage === 'unknown' && answer.rejections.length) answer.coverage = 'rejected';
  return answer;
}

/**
 * The answers of a 271 read one subscriber loop (2000C, with its dependents) at a time: give `units`,
 * `onUnit` to an X12Reader. The whole read (`readEligibilityResponses`) and the gateway's streamed read
 * (src/gateway/answer-streams.ts) both go through it, so they give the same answers in the same order.
 */
export class EligibilityCollector {
  static readonly units: Record<string, readonly string[]> = { '271': ['2000C'] };

  constructor(private readonly onAnswer: (answer: EligibilityAnswer) => void) {}

  onUnit(subscriber: LoopNode, path: readonly LoopNode[], ctx: TransactionContext): void {
    if (ctx.transaction.guideId !== '271' || path.length !== 3) return;
    const [, source, receiver] = path as [LoopNode, LoopNode, LoopNode];
    if (source.id !== '2000A' || receiver.id !== '2000B' || subscriber.id !== '2000C') return;
    const sourceName = childLoop(source, '2100A');
    const payerNm1 = sourceName && findSegment(sourceName, 'NM1');
    const payerId = payerNm1 ? element(payerNm1, 9) || undefined : undefined;
    const sourceRejections = [...rejectionsIn(source), ...(sourceName ? rejectionsIn(sourceName) : [])];
    const receiverName = childLoop(receiver, '2100B');
    const upper = [...sourceRejections, ...(receiverName ? rejectionsIn(receiverName) : [])];
    const subscriberName = childLoop(subscriber, '2100C');
    if (!subscriberName || !findSegment(subscriberName, 'NM1')) return;
    const dependents = childLoops(subscriber, '2000D');
    const subscriberAnswer = readPerson(subscriber, subscriberName, { payerId, rejections: upper });
    // A subscriber level that only carries its dependents (no trace, no benefits) is not an answer of its own.
    if (!dependents.length || subscriberAnswer.appointmentId || subscriberAnswer.benefits.length || subscriberAnswer.coverage !== 'unknown') this.onAnswer(subscriberAnswer);
    for (const dependent of dependents) {
      const dependentName = childLoop(dependent, '2100D');
      if (!dependentName || !findSegment(dependentName, 'NM1')) continue;
      this.onAnswer(readPerson(dependent, dependentName, { payerId, memberId: subscriberAnswer.memberId, rejections: [...upper, ...rejectionsIn(subscriberName)] }));
    }
  }
}

/** Reads every 271 in `bytes`. Findings stay in `report`; a 271 with errors is still read as far as it goes. */
export function readEligibilityResponses(bytes: Buffer | string, file?: string): ReadEligibility {
  const answers: EligibilityAnswer[] = [];
  const collector = new EligibilityCollector((a) => answers.push(a));
  const reader = new X12Reader({ file, units: EligibilityCollector.units, onUnit: (u, p, x) => collector.onUnit(u, p, x) });
  reader.push(bytes);
  return { answers, report: reader.end() };
}
