/**
 * SNIP 3 for inbound 837s: the claim total (CLM02) must equal the sum of its service line charges
 * (SV102 in 837P, SV203 in 837I, SV302 in 837D). Checked on each 2300 claim loop as the reader streams it;
 * the finding names the CLM segment and the amounts (amounts are not PHI; no names or ids are quoted).
 * Wired with the other inbound checks by src/claims/snip/index.ts (`inbound837Check`).
 */
import { Decimal } from 'decimal.js';
import { childLoops, findSegment } from '../../guides/tree.js';
import type { LoopNode } from '../../guides/walker.js';
import type { Finding, Position } from '../../x12/finding.js';

/** The charge element of each guide's service line segment. */
const LINE_CHARGE: Readonly<Record<string, { segment: string; element: number }>> = {
  '837P': { segment: 'SV1', element: 2 },
  '837I': { segment: 'SV2', element: 3 },
  '837D': { segment: 'SV3', element: 2 },
};

const amount = (text: string | undefined): Decimal | undefined => {
  if (!text || !/^-?\d+(\.\d+)?$|^-?\.\d+$/.test(text)) return undefined;
  return new Decimal(text);
};

/** CLM02 against the sum of the lines of one 2300 loop; undefined when they agree or cannot be read. */
export function claimTotalFinding(guideId: string, claim: LoopNode, base: Position = {}): Finding | undefined {
  const charge = LINE_CHARGE[guideId];
  const clm = findSegment(claim, 'CLM');
  if (!charge || !clm) return undefined;
  const total = amount(clm.elements[2]);
  if (!total) return undefined;
  let sum = new Decimal(0);
  const lines = childLoops(claim, '2400');
  for (const line of lines) {
    const seg = findSegment(line, charge.segment);
    const value = amount(seg?.elements[charge.element]);
    if (!value) return undefined;
    sum = sum.plus(value);
  }
  if (lines.length === 0 || sum.equals(total)) return undefined;
  return {
    code: '837-CLAIM-TOTAL',
    severity: 'error',
    snip: 3,
    message: `The claim total (CLM02) ${total.toFixed(2)} is not the sum of its ${lines.length} service line charge(s) (${charge.segment}${String(charge.element).padStart(2, '0')}) ${sum.toFixed(2)}; off by ${total.minus(sum).toFixed(2)}.`,
    position: { ...base, loop: '2300', segmentId: 'CLM', element: 2, segmentNumber: clm.number, byteOffset: clm.offset },
  };
}
