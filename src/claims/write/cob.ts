/**
 * Coordination of benefits: what earlier payers did with the claim.
 *   2320 other subscriber information (SBR, claim-level CAS, AMT, OI)
 *   2330A other subscriber, 2330B other payer (DTP*573, REF*F8)
 *   2430 line adjudication (SVD, line CAS, DTP*573, AMT*EAF), written under each service line
 */
import type { Adjustment, Claim, OtherPayer } from '../model.js';
import { KINDS } from '../kinds.js';
import { x12Decimal } from '../x12-values.js';
import { address, amt, dtp, organizationNm1, personNm1, ref, type Segments } from './segments.js';
import { responsibilityCode } from './levels.js';

/**
 * CAS segments: one per adjustment group (CO, PR, ...) in order of first appearance, up to six
 * reason / amount / quantity triplets each; a seventh reason of a group starts another CAS.
 */
export function casSegments(adjustments: readonly Adjustment[]): Segments {
  const byGroup = new Map<string, Adjustment[]>();
  for (const a of adjustments) {
    const list = byGroup.get(a.group) ?? [];
    list.push(a);
    byGroup.set(a.group, list);
  }
  const out: Segments = [];
  for (const [group, list] of byGroup) {
    for (let i = 0; i < list.length; i += 6) {
      const elements: string[] = [group];
      for (const a of list.slice(i, i + 6)) elements.push(a.reason, x12Decimal(a.amount), a.quantity !== undefined ? x12Decimal(a.quantity) : '');
      out.push({ id: 'CAS', elements });
    }
  }
  return out;
}

/** The AMT segments of 2320 in the order each guide lists them. */
function amounts(kind: Claim['kind'], o: OtherPayer): Segments {
  const paid = amt('D', o.paidAmount, x12Decimal);
  const nonCovered = amt('A8', o.nonCoveredAmount, x12Decimal);
  const remaining = amt('EAF', o.remainingPatientLiability, x12Decimal);
  return kind === 'institutional' ? [...paid, ...remaining, ...nonCovered] : [...paid, ...nonCovered, ...remaining];
}

/** 2320 + 2330A + 2330B for each other payer. */
export function otherPayerLoops(claim: Claim): Segments {
  const out: Segments = [];
  for (const o of claim.otherPayers) {
    const professional = claim.kind === 'professional';
    out.push({
      id: 'SBR',
      elements: [responsibilityCode(o.responsibility), o.relationship, o.groupNumber, '', professional ? o.insuranceType : undefined, '', '', '', o.claimFilingIndicator],
    });
    out.push(...casSegments(o.claimAdjustments));
    out.push(...amounts(claim.kind, o));
    out.push({ id: 'OI', elements: ['', '', o.benefitsAssigned, '', '', o.releaseOfInformation] });
    out.push(personNm1('IL', o.subscriber.name, 'MI', o.subscriber.memberId));
    if (o.subscriber.address) out.push(...address(o.subscriber.address));
    out.push(organizationNm1('PR', o.payer.name, 'PI', o.payer.id));
    if (o.payer.address) out.push(...address(o.payer.address));
    out.push(...dtp('573', o.adjudicationDate));
    out.push(...ref('F8', o.claimControlNumber));
  }
  return out;
}

/** 2430 loops for service line `lineNumber` (1-based), one per other payer that adjudicated it. */
export function lineAdjudicationLoops(claim: Claim, lineNumber: number): Segments {
  const out: Segments = [];
  const qualifier = KINDS[claim.kind].procedureQualifier;
  const line = claim.lines[lineNumber - 1];
  for (const o of claim.otherPayers) {
    for (const a of o.lineAdjudications) {
      if (a.line !== lineNumber) continue;
      const code = a.procedureCode;
      const procedure = code ? [qualifier, code, ...a.modifiers] : undefined;
      const revenue = claim.kind === 'institutional' && 'revenueCode' in line ? line.revenueCode : '';
      out.push({ id: 'SVD', elements: [o.payer.id, x12Decimal(a.paidAmount), procedure, revenue, x12Decimal(a.units), a.bundledLine !== undefined ? String(a.bundledLine) : undefined] });
      out.push(...casSegments(a.adjustments));
      out.push(...dtp('573', a.adjudicationDate));
      out.push(...amt('EAF', a.remainingPatientLiability, x12Decimal));
    }
  }
  return out;
}
