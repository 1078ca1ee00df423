/**
 * 837P (005010X222A1) claim loop: 2300 CLM and its dates, references and diagnoses, 2310A-D providers,
 * 2320/2330 other payers, 2400 lines (SV1, DTP*472, REF*6R, 2410 drug, 2420A rendering, 2430 COB).
 *
 *   CLM*PCN-1001*125***11:B:1*Y*A*Y*Y~
 *   HI*ABK:J069*ABF:R05~
 *   LX*1~  SV1*HC:99213:25*125*UN*1***1:2~  DTP*472*D8*20240301~  REF*6R*1~
 */
import type { ProfessionalClaim, ProfessionalLine } from '../model.js';
import { dateOrRange, x12Decimal, yesOrAbsent } from '../x12-values.js';
import { lineAdjudicationLoops, otherPayerLoops } from './cob.js';
import { diagnosisHi, lineControlNumber, pointers, professionalOrDentalClm } from './claim-parts.js';
import { address, dtp, hcp, organizationNm1, providerNm1, pwk, ref, taxonomy, type Segments } from './segments.js';

/**
 * 2310B is sent only when the rendering provider is not the billing provider (same NPI): the guide says
 * "if not required, do not send". The scrubber warns RENDERING-SAME-AS-BILLING when it is left out.
 */
export const rendersApart = (c: { renderingProvider?: { npi?: string }; billingProvider: { npi?: string } }): boolean =>
  !!c.renderingProvider && !(c.renderingProvider.npi && c.renderingProvider.npi === c.billingProvider.npi);

export function professionalClaimLoop(c: ProfessionalClaim): Segments {
  const out = professionalClaimHead(c);
  c.lines.forEach((line, i) => out.push(...lineLoop(c, line, i)));
  return out;
}

/** The 2300 loop up to its first 2400 (claim-text.ts writes the lines without segment objects). */
export function professionalClaimHead(c: ProfessionalClaim): Segments {
  const out: Segments = [
    professionalOrDentalClm(c),
    ...dtp('431', c.onsetDate),
    ...dtp('304', c.lastSeenDate),
    ...dtp('439', c.accidentDate),
    ...pwk(c.attachments),
    ...ref('9F', c.referralNumber),
    ...ref('G1', c.priorAuthorization),
    ...ref('F8', c.originalClaimNumber),
    ...ref('EA', c.medicalRecordNumber),
  ];
  if (c.note) out.push({ id: 'NTE', elements: ['ADD', c.note] });
  out.push(...ambulanceSegments(c));
  out.push(...diagnosisHi(c.diagnoses), ...hcp(c.repricing));
  if (c.referringProvider) out.push(providerNm1('DN', c.referringProvider));
  if (rendersApart(c)) out.push(providerNm1('82', c.renderingProvider!), ...taxonomy('PE', c.renderingProvider));
  if (c.serviceFacility) out.push(organizationNm1('77', c.serviceFacility.name, 'XX', c.serviceFacility.npi), ...address(c.serviceFacility.address));
  if (c.supervisingProvider) out.push(providerNm1('DQ', c.supervisingProvider));
  if (c.ambulance) {
    out.push({ id: 'NM1', elements: ['PW', '2'] }, ...address(c.ambulance.pickUp));
    out.push({ id: 'NM1', elements: ['45', '2', c.ambulance.dropOffName] }, ...address(c.ambulance.dropOff));
  }
  out.push(...otherPayerLoops(c));
  return out;
}

/**
 * CR1 (weight, reason, miles, round-trip and stretcher purposes) and CRC*07 (certification conditions).
 *   CR1*LB*140**A*DH*12~  CRC*07*Y*01*04~
 */
function ambulanceSegments(c: ProfessionalClaim): Segments {
  const a = c.ambulance;
  if (!a) return spinalManipulationSegments(c);
  const weight = a.patientWeightPounds !== undefined ? x12Decimal(a.patientWeightPounds) : undefined;
  const out: Segments = [{ id: 'CR1', elements: [weight ? 'LB' : '', weight, '', a.transportReason, 'DH', x12Decimal(a.distanceMiles), '', '', a.roundTripPurpose, a.stretcherPurpose] }];
  // CR2 sits between CR1 and the CRC segments in the 2300 loop.
  out.push(...spinalManipulationSegments(c));
  if (a.certification) out.push({ id: 'CRC', elements: ['07', a.certification.conditionsMet ? 'Y' : 'N', ...a.certification.conditions] });
  return out;
}

/** CR2 (spinal manipulation): CR208 condition, CR210/CR211 description.  CR2********C**CHRONIC LOW BACK PAIN~ */
function spinalManipulationSegments(c: ProfessionalClaim): Segments {
  const s = c.spinalManipulation;
  return s ? [{ id: 'CR2', elements: ['', '', '', '', '', '', '', s.condition, '', s.description, s.additionalDescription] }] : [];
}

function lineLoop(c: ProfessionalClaim, line: ProfessionalLine, i: number): Segments {
  const date = dateOrRange(line.serviceDate, line.serviceDateEnd);
  const out: Segments = [
    { id: 'LX', elements: [String(i + 1)] },
    {
      id: 'SV1',
      elements: [
        ['HC', line.procedureCode, ...padModifiers(line.modifiers, line.description)],
        x12Decimal(line.charge),
        line.unitType,
        x12Decimal(line.units),
        line.placeOfService !== c.placeOfService ? line.placeOfService : undefined,
        '',
        pointers(line.diagnosisPointers),
        '',
        yesOrAbsent(line.emergency),
        '',
        yesOrAbsent(line.epsdt),
        yesOrAbsent(line.familyPlanning),
      ],
    },
    { id: 'DTP', elements: ['472', date.format, date.value] },
    ...ref('G1', line.priorAuthorization),
    ...ref('6R', lineControlNumber(c, i)),
    ...ref('9F', line.referralNumber),
  ];
  if (line.note) out.push({ id: 'NTE', elements: ['ADD', line.note] });
  out.push(...professionalLineTail(c, line, i));
  return out;
}

/** What follows a line's NTE: repricing (HCP), the drug (LIN, CTP, REF*XZ), the rendering provider, the 2430 loops. */
export function professionalLineTail(c: ProfessionalClaim, line: ProfessionalLine, i: number): Segments {
  const out: Segments = [...hcp(line.repricing)];
  if (line.drug) {
    out.push({ id: 'LIN', elements: ['', 'N4', line.drug.ndc] });
    out.push({ id: 'CTP', elements: ['', '', '', x12Decimal(line.drug.quantity), [line.drug.unit]] });
    out.push(...ref('XZ', line.drug.prescriptionNumber));
  }
  if (line.renderingProvider) out.push(providerNm1('82', line.renderingProvider), ...taxonomy('PE', line.renderingProvider));
  out.push(...lineAdjudicationLoops(c, i + 1));
  return out;
}

/** SV101-3..6 modifiers and SV101-7 description: the description sits at component 7 whatever the modifier count. */
export function padModifiers(modifiers: readonly string[], description?: string): string[] {
  if (!description) return [...modifiers];
  const out = [...modifiers];
  while (out.length < 4) out.push('');
  out.push(description);
  return out;
}
