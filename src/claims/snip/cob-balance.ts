/**
 * SNIP 3 for inbound 837s, coordination of benefits: what each other payer did must add up to what was
 * billed (837P/I/D, loops 2320 and 2430).
 *  - Line: for each line adjudication (2430), the paid amount (SVD02) plus the line's adjustments (CAS
 *    amounts in the 2430) equals the line charge (SV102 / SV203 / SV302). A bundled line (SVD06) is not
 *    checked.
 *  - Claim: for each other payer (2320) with a payer paid amount (AMT*D), that amount plus the claim-level
 *    adjustments (CAS in the 2320) plus the line-level adjustments of the same payer (CAS in the 2430s
 *    whose SVD01 is the payer's 2330B NM109) equals the claim charge (CLM02).
 * Findings name the segment and the amounts only (no names or ids).
 */
import { Decimal } from 'decimal.js';
import { childLoop, childLoops, findSegment, findSegments } from '../../guides/tree.js';
import type { LoopNode } from '../../guides/walker.js';
import type { Finding, Position } from '../../x12/finding.js';
import type { Segment } from '../../x12/tokenizer.js';

const LINE_CHARGE: Readonly<Record<string, { segment: string; element: number }>> = {
  '837P': { segment: 'SV1', element: 2 },
  '837I': { segment: 'SV2', element: 3 },
  '837D': { segment: 'SV3', element: 2 },
};

const amount = (text: string | undefined): Decimal | undefined => (text && /^-?(\d+(\.\d*)?|\.\d+)$/.test(text) ? new Decimal(text) : undefined);

/** The sum of the adjustment amounts (CAS03, 06, 09, 12, 15, 18) of some CAS segments. */
function adjustments(cas: readonly Segment[]): Decimal {
  let sum = new Decimal(0);
  for (const s of cas) for (let e = 3; e <= 18; e += 3) sum = sum.plus(amount(s.elements[e]) ?? 0);
  return sum;
}

const at = (base: Position, loop: string, seg: Segment, element: number): Position => ({ ...base, loop, segmentId: seg.id, element, segmentNumber: seg.number, byteOffset: seg.offset });

/** The COB balancing findings of one 2300 claim loop. */
export function cobBalanceFindings(guideId: string, claim: LoopNode, base: Position = {}): Finding[] {
  const charge = LINE_CHARGE[guideId];
  const clm = findSegment(claim, 'CLM');
  if (!charge || !clm) return [];
  const findings: Finding[] = [];
  /** Line-level adjustments per other payer id (SVD01). */
  const lineAdjustments = new Map<string, Decimal>();
  for (const line of childLoops(claim, '2400')) {
    const lineCharge = amount(findSegment(line, charge.segment)?.elements[charge.element]);
    for (const adjudication of childLoops(line, '2430')) {
      const svd = findSegment(adjudication, 'SVD');
      if (!svd) continue;
      const adjusted = adjustments(findSegments(adjudication, 'CAS'));
      const payer = svd.elements[1] ?? '';
      lineAdjustments.set(payer, (lineAdjustments.get(payer) ?? new Decimal(0)).plus(adjusted));
      const paid = amount(svd.elements[2]);
      if (!lineCharge || !paid || (svd.elements[6] ?? '') !== '') continue;
      const total = paid.plus(adjusted);
      if (!total.equals(lineCharge)) {
        findings.push({
          code: '837-COB-LINE-BALANCE',
          severity: 'error',
          snip: 3,
          message: `The other payer's line paid amount (SVD02) ${paid.toFixed(2)} plus its line adjustments (CAS) ${adjusted.toFixed(2)} is ${total.toFixed(2)}, not the line charge (${charge.segment}${String(charge.element).padStart(2, '0')}) ${lineCharge.toFixed(2)}; off by ${lineCharge.minus(total).toFixed(2)}.`,
          position: at(base, '2430', svd, 2),
        });
      }
    }
  }
  const claimCharge = amount(clm.elements[2]);
  if (!claimCharge) return findings;
  for (const other of childLoops(claim, '2320')) {
    const paidSegment = findSegment(other, 'AMT', ['D']);
    const paid = amount(paidSegment?.elements[2]);
    if (!paidSegment || !paid) continue;
    const payerId = childLoop(other, '2330B') ? (findSegment(childLoop(other, '2330B')!, 'NM1')?.elements[9] ?? '') : '';
    const claimLevel = adjustments(findSegments(other, 'CAS'));
    const lineLevel = lineAdjustments.get(payerId) ?? new Decimal(0);
    const total = paid.plus(claimLevel).plus(lineLevel);
    if (!total.equals(claimCharge)) {
      findings.push({
        code: '837-COB-CLAIM-BALANCE',
        severity: 'error',
        snip: 3,
        message: `The other payer's paid amount (AMT*D) ${paid.toFixed(2)} plus its claim adjustments (CAS in 2320) ${claimLevel.toFixed(2)} and line adjustments (CAS in 2430) ${lineLevel.toFixed(2)} is ${total.toFixed(2)}, not the claim charge (CLM02) ${claimCharge.toFixed(2)}; off by ${claimCharge.minus(total).toFixed(2)}.`,
        position: at(base, '2320', paidSegment, 2),
      });
    }
  }
  return findings;
}
