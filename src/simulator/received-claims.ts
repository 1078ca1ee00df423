/**
 * What the simulated clearinghouse reads out of an 837 transaction set: per claim the patient control
 * number, charge, member id, billing provider and service lines. Works on the loop tree the guide
 * engine builds, by segment (NM1 qualifiers), so 837P, 837I and 837D read the same way. Pure.
 */
import type { LoopNode } from '../guides/walker.js';
import { component, element } from '../x12/elements.js';

export interface ReceivedLine {
  lineNumber: number;
  /** SV101-2 / SV202-2 / SV301-2 */
  procedure: string;
  /** SV101-3..6 / SV202-3..6 / SV301-3..6 */
  modifiers?: string[];
  qualifier: string;
  charge: string;
  units: string;
  /** REF*6R */
  lineControl?: string;
  serviceDate?: string;
}

export interface ReceivedClaim {
  /** CLM01 */
  patientControlNumber: string;
  /** CLM02 */
  charge: string;
  memberId: string;
  patientLast: string;
  patientFirst: string;
  billingNpi: string;
  billingName: string;
  payerId: string;
  serviceDate?: string;
  lines: ReceivedLine[];
  /** The transaction set it came in (ST02). */
  transaction: string;
  /** CLM05-3: 1 original, 7 replacement, 8 void. */
  frequency: string;
  /** REF*F8: the payer claim number a replacement or void names. */
  originalClaimNumber?: string;
  /** HI01-2: the principal diagnosis. */
  diagnosis?: string;
}

export interface SubmitterInfo {
  name: string;
  id: string;
}

interface Context {
  billingNpi: string;
  billingName: string;
  memberId: string;
  subscriberLast: string;
  subscriberFirst: string;
  patientLast?: string;
  patientFirst?: string;
  payerId: string;
}

/** Claims of one 837 transaction set (its whole tree). */
export function claimsOf837(root: LoopNode, transaction: string): { submitter: SubmitterInfo; claims: ReceivedClaim[] } {
  const claims: ReceivedClaim[] = [];
  const submitter: SubmitterInfo = { name: '', id: '' };
  const ctx: Context = { billingNpi: '', billingName: '', memberId: '', subscriberLast: '', subscriberFirst: '', payerId: '' };

  const visit = (node: LoopNode) => {
    if (node.id === '2300') {
      claims.push(readClaim(node, ctx, transaction));
      return;
    }
    for (const child of node.children) {
      if (child.kind === 'loop') {
        visit(child);
        continue;
      }
      const s = child.segment;
      if (s.id === 'HL' && element(s, 3) === '22') {
        ctx.patientLast = undefined;
        ctx.patientFirst = undefined;
      }
      if (s.id !== 'NM1') continue;
      const q = element(s, 1);
      if (q === '41') Object.assign(submitter, { name: element(s, 3), id: element(s, 9) });
      else if (q === '85') Object.assign(ctx, { billingNpi: element(s, 9), billingName: element(s, 3) });
      else if (q === 'IL') Object.assign(ctx, { memberId: element(s, 9), subscriberLast: element(s, 3), subscriberFirst: element(s, 4) });
      else if (q === 'QC') Object.assign(ctx, { patientLast: element(s, 3), patientFirst: element(s, 4) });
      else if (q === 'PR') ctx.payerId = element(s, 9);
    }
  };
  visit(root);
  return { submitter, claims };
}

function d8(v: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(v);
  return m ? `${m[1]}${m[2]}${m[3]}` : undefined;
}

function readClaim(loop: LoopNode, ctx: Context, transaction: string): ReceivedClaim {
  const claim: ReceivedClaim = {
    patientControlNumber: '',
    charge: '0',
    memberId: ctx.memberId,
    patientLast: ctx.patientLast ?? ctx.subscriberLast,
    patientFirst: ctx.patientFirst ?? ctx.subscriberFirst,
    billingNpi: ctx.billingNpi,
    billingName: ctx.billingName,
    payerId: ctx.payerId,
    lines: [],
    transaction,
    frequency: '1',
  };
  for (const child of loop.children) {
    if (child.kind === 'segment') {
      const s = child.segment;
      if (s.id === 'CLM') {
        claim.patientControlNumber = element(s, 1);
        claim.charge = element(s, 2);
        claim.frequency = component(s, 5, 3) || '1';
      } else if (s.id === 'REF' && element(s, 1) === 'F8') claim.originalClaimNumber = element(s, 2);
      else if (s.id === 'HI' && claim.diagnosis === undefined) claim.diagnosis = component(s, 1, 2) || undefined;
      else if (s.id === 'DTP' && ['472', '434'].includes(element(s, 1))) claim.serviceDate = d8(element(s, 3));
      continue;
    }
    if (child.id !== '2400') continue;
    const line: ReceivedLine = { lineNumber: claim.lines.length + 1, procedure: '', qualifier: 'HC', charge: '0', units: '1' };
    for (const c of child.children) {
      if (c.kind !== 'segment') continue;
      const s = c.segment;
      if (s.id === 'LX') line.lineNumber = Number(element(s, 1)) || line.lineNumber;
      else if (s.id === 'SV1' || s.id === 'SV3') {
        line.qualifier = component(s, 1, 1);
        line.procedure = component(s, 1, 2);
        line.modifiers = modifiersOf(s, 1);
        line.charge = element(s, 2);
        line.units = s.id === 'SV1' ? element(s, 4) || '1' : element(s, 6) || '1';
      } else if (s.id === 'SV2') {
        line.qualifier = component(s, 2, 1) || 'NU';
        line.procedure = component(s, 2, 2) || element(s, 1);
        line.modifiers = modifiersOf(s, 2);
        line.charge = element(s, 3);
        line.units = element(s, 5) || '1';
      } else if (s.id === 'REF' && element(s, 1) === '6R') line.lineControl = element(s, 2);
      else if (s.id === 'DTP' && element(s, 1) === '472') line.serviceDate = d8(element(s, 3));
    }
    claim.lines.push(line);
  }
  claim.serviceDate ??= claim.lines.find((l) => l.serviceDate)?.serviceDate;
  return claim;
}

/** Components 3..6 of a procedure composite: the modifiers. */
function modifiersOf(s: Parameters<typeof component>[0], pos: number): string[] {
  return [3, 4, 5, 6].map((k) => component(s, pos, k)).filter(Boolean);
}
