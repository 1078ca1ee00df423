/**
 * 837D (005010X224A2) claim loop: 2300 CLM, dates, references (predetermination G3), HI, 2310A-C
 * providers, 2320/2330, 2400 lines (SV3 with oral cavity and prosthesis, TOO per tooth, DTP*472).
 *
 *   CLM*DEN-5*250***11:B:1*Y*A*Y*Y~
 *   LX*1~  SV3*AD:D2392*250****1~  TOO*JP*30*M:O:D~  DTP*472*D8*20240301~  REF*6R*1~
 */
import type { DentalClaim, DentalLine } from '../model.js';
import { toD8, x12Decimal } from '../x12-values.js';
import { lineAdjudicationLoops, otherPayerLoops } from './cob.js';
import { diagnosisHi, lineControlNumber, pointers, professionalOrDentalClm } from './claim-parts.js';
import { rendersApart } from './professional.js';
import { address, dtp, hcp, organizationNm1, providerNm1, pwk, ref, taxonomy, type Segments } from './segments.js';

export function dentalClaimLoop(c: DentalClaim): Segments {
  const out = dentalClaimHead(c);
  c.lines.forEach((line, i) => out.push(...lineLoop(c, line, i)));
  return out;
}

/** The 2300 loop up to its first 2400 (claim-text.ts writes the lines without segment objects). */
export function dentalClaimHead(c: DentalClaim): Segments {
  const out: Segments = [
    professionalOrDentalClm(c),
    ...dtp('439', c.accidentDate),
    ...pwk(c.attachments),
    ...ref('G3', c.predeterminationNumber),
    ...ref('F8', c.originalClaimNumber),
    ...ref('9F', c.referralNumber),
    ...ref('G1', c.priorAuthorization),
  ];
  if (c.note) out.push({ id: 'NTE', elements: ['ADD', c.note] });
  out.push(...diagnosisHi(c.diagnoses), ...hcp(c.repricing));
  if (c.referringProvider) out.push(providerNm1('DN', c.referringProvider), ...taxonomy('RF', c.referringProvider));
  if (rendersApart(c)) out.push(providerNm1('82', c.renderingProvider!), ...taxonomy('PE', c.renderingProvider));
  if (c.serviceFacility) out.push(organizationNm1('77', c.serviceFacility.name, 'XX', c.serviceFacility.npi), ...address(c.serviceFacility.address));
  out.push(...otherPayerLoops(c));
  return out;
}

function lineLoop(c: DentalClaim, line: DentalLine, i: number): Segments {
  const out: Segments = [
    { id: 'LX', elements: [String(i + 1)] },
    {
      id: 'SV3',
      elements: [
        ['AD', line.procedureCode, ...line.modifiers],
        x12Decimal(line.charge),
        line.placeOfService !== c.placeOfService ? line.placeOfService : undefined,
        line.oralCavity.length ? [...line.oralCavity] : undefined,
        line.prosthesis,
        x12Decimal(line.units),
        '', '', '', '',
        pointers(line.diagnosisPointers),
      ],
    },
    ...line.teeth.map((t) => ({ id: 'TOO', elements: ['JP', t.number, t.surfaces.length ? [...t.surfaces] : undefined] })),
    { id: 'DTP', elements: ['472', 'D8', toD8(line.serviceDate)] },
    ...ref('G1', line.priorAuthorization),
    ...ref('6R', lineControlNumber(c, i)),
    ...ref('9F', line.referralNumber),
  ];
  if (line.note) out.push({ id: 'NTE', elements: ['ADD', line.note] });
  out.push(...dentalLineTail(c, line, i));
  return out;
}

/** What follows a line's NTE: repricing (HCP), the 2430 loops. */
export function dentalLineTail(c: DentalClaim, line: DentalLine, i: number): Segments {
  return [...hcp(line.repricing), ...lineAdjudicationLoops(c, i + 1)];
}
