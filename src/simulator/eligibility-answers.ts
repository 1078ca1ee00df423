/**
 * The simulated payer's 271 for a 270 (005010X279A1). Pure: the 270's loop tree in, the 271's segments
 * (BHT to the last benefit; ST/SE added by the writer) out. Every person asked about is answered under
 * the same HL structure, with the 270's TRN*1 echoed as TRN*2:
 *  - a member id matching `unknown` → AAA*N**75*C (subscriber/insured not found) in 2100C;
 *  - matching `inactive` → EB*6 (inactive);
 *  - otherwise active, with the plan the simulated adjudication applies (payer-rules.ts SIMULATED_BENEFITS):
 *      EB*1*IND*30**SIMULATED PPO~  EB*C*IND*30***23*500*****Y~  EB*C*IND*30***29*10*****Y~
 *      EB*A*IND*30*****0.2****Y~    EB*B*IND*98***27*15*****Y~  EB*G*IND*30***23*3000*****Y~  EB*G*IND*30***29*2500*****Y~
 */
import { childLoop, childLoops, findSegment, findSegments } from '../guides/tree.js';
import type { LoopNode } from '../guides/walker.js';
import { structureSegment, type SegmentData } from '../x12/writer.js';
import { element } from '../x12/elements.js';
import { SIMULATED_BENEFITS as B } from './payer-rules.js';

export interface EligibilityAnswerOptions {
  inactive?: RegExp;
  unknown?: RegExp;
  date: string;
  time: string;
}

export const DEFAULT_INACTIVE_MEMBERS = /INACTIVE/;
export const DEFAULT_UNKNOWN_MEMBERS = /UNKNOWN/;

const copy = (node: LoopNode | undefined, id: string): SegmentData[] => (node ? findSegments(node, id).map(structureSegment) : []);

function benefits(memberId: string, o: EligibilityAnswerOptions): SegmentData[] {
  if ((o.inactive ?? DEFAULT_INACTIVE_MEMBERS).test(memberId)) return [{ id: 'EB', elements: ['6', 'IND', '30'] }];
  const eb = (...e: string[]): SegmentData => ({ id: 'EB', elements: e });
  return [
    eb('1', 'IND', '30', '', B.plan),
    eb('C', 'IND', '30', '', '', '23', B.deductibleTotal, '', '', '', '', 'Y'),
    eb('C', 'IND', '30', '', '', '29', B.deductibleRemaining, '', '', '', '', 'Y'),
    eb('A', 'IND', '30', '', '', '', '', B.coinsurance, '', '', '', 'Y'),
    eb('B', 'IND', '98', '', '', '27', B.copay, '', '', '', '', 'Y'),
    eb('G', 'IND', '30', '', '', '23', B.outOfPocketTotal, '', '', '', '', 'Y'),
    eb('G', 'IND', '30', '', '', '29', B.outOfPocketRemaining, '', '', '', '', 'Y'),
  ];
}

const traceBack = (level: LoopNode): SegmentData[] => findSegments(level, 'TRN').map((t) => ({ id: 'TRN', elements: ['2', element(t, 2), element(t, 3)] }));

/** One 270 transaction set (its tree) → the 271 transaction set's body. */
export function answer270(tree: LoopNode, o: EligibilityAnswerOptions): SegmentData[] {
  const bht = findSegment(tree, 'BHT');
  const out: SegmentData[] = [{ id: 'BHT', elements: ['0022', '11', bht ? element(bht, 3) : '', o.date, o.time] }];
  for (const source of childLoops(tree, '2000A')) {
    out.push(...copy(source, 'HL'), ...copy(childLoop(source, '2100A'), 'NM1'));
    for (const receiver of childLoops(source, '2000B')) {
      out.push(...copy(receiver, 'HL'), ...copy(childLoop(receiver, '2100B'), 'NM1'));
      for (const subscriber of childLoops(receiver, '2000C')) {
        const name = childLoop(subscriber, '2100C');
        const nm1 = name && findSegment(name, 'NM1');
        const memberId = nm1 ? element(nm1, 9) : '';
        const unknown = (o.unknown ?? DEFAULT_UNKNOWN_MEMBERS).test(memberId) || !memberId;
        const dependents = childLoops(subscriber, '2000D');
        out.push(...copy(subscriber, 'HL'), ...traceBack(subscriber), ...copy(name, 'NM1'));
        if (unknown) {
          out.push({ id: 'AAA', elements: ['N', '', memberId ? '75' : '72', 'C'] });
          // Nothing more about this subscriber or the dependents under it: the HL child code stays as asked.
          for (const dependent of dependents) out.push(...copy(dependent, 'HL'), ...traceBack(dependent), ...copy(childLoop(dependent, '2100D'), 'NM1'), { id: 'AAA', elements: ['N', '', '75', 'C'] });
          continue;
        }
        out.push(...copy(name, 'DMG'));
        if (dependents.length === 0) out.push(...benefits(memberId, o));
        for (const dependent of dependents) {
          const dependentName = childLoop(dependent, '2100D');
          out.push(...copy(dependent, 'HL'), ...traceBack(dependent), ...copy(dependentName, 'NM1'), ...copy(dependentName, 'DMG'), ...copy(dependentName, 'INS'), ...benefits(memberId, o));
        }
      }
    }
  }
  return out;
}
