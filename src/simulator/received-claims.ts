/**
 * What the simulated clearinghouse reads out of an 837 transaction set: per claim the patient control
 * number, charge, member id, billing provider and service lines. Works on the loop tree the guide
 * engine builds, by segment (NM1 qualifiers), so 837P, 837I and 837D read the same way. Pure.
 */
import { Decimal } from 'decimal.js';
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
  /** 2430: what earlier payers did with this line (SVD01 payer id, SVD02 paid, the PR adjustments of its CAS). */
  priorPayers?: Array<{ payerId: string; paid: string; patientShare: string }>;
}

/** 2320 / 2330B: an earlier payer of a secondary or tertiary claim. */
export interface PriorPayer {
  /** 2320 SBR01: P, S, T */
  responsibility: string;
  /** 2330B NM109 */
  payerId: string;
  /** AMT*D (absent: that payer has not adjudicated: further coverage on a primary claim). */
  paid?: string;
  /** AMT*EAF */
  remainingPatientLiability?: string;
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
  /** 2000B SBR01: P primary, S secondary, T tertiary. */
  responsibility?: string;
  /** 2320 loops: the claim's other payers. */
  priorPayers?: PriorPayer[];
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
  responsibility?: string;
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
      if (s.id === 'SBR') ctx.responsibility = element(s, 1);
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
    responsibility: ctx.responsibility ?? 'P',
  };
  for (const child of loop.children) {
    if (child.kind === 'loop' && child.id === '2320') {
      (claim.priorPayers ??= []).push(priorPayerOf(child));
      continue;
    }
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
      if (c.kind === 'loop' && c.id === '2430') {
        (line.priorPayers ??= []).push(lineAdjudicationOf(c));
        continue;
      }
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

const segmentsOf = (loop: LoopNode) => loop.children.flatMap((c) => (c.kind === 'segment' ? [c.segment] : []));

/** The sum of the PR amounts of some CAS segments (CAS03, 06, ... when CAS01 = PR). */
function patientShareOf(loop: LoopNode): string {
  let total = new Decimal(0);
  for (const s of segmentsOf(loop)) {
    if (s.id !== 'CAS' || element(s, 1) !== 'PR') continue;
    for (let e = 3; e <= 18; e += 3) total = total.plus(element(s, e) || '0');
  }
  return total.toFixed(2);
}

function priorPayerOf(loop: LoopNode): PriorPayer {
  const out: PriorPayer = { responsibility: '', payerId: '' };
  for (const s of segmentsOf(loop)) {
    if (s.id === 'SBR') out.responsibility = element(s, 1);
    else if (s.id === 'AMT' && element(s, 1) === 'D') out.paid = element(s, 2);
    else if (s.id === 'AMT' && element(s, 1) === 'EAF') out.remainingPatientLiability = element(s, 2);
  }
  const b = loop.children.find((c) => c.kind === 'loop' && c.id === '2330B');
  if (b && b.kind === 'loop') for (const s of segmentsOf(b)) if (s.id === 'NM1') out.payerId = element(s, 9);
  return out;
}

function lineAdjudicationOf(loop: LoopNode): { payerId: string; paid: string; patientShare: string } {
  const svd = segmentsOf(loop).find((s) => s.id === 'SVD');
  return { payerId: svd ? element(svd, 1) : '', paid: svd ? element(svd, 2) : '0', patientShare: patientShareOf(loop) };
}
