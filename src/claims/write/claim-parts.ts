/** Pieces of the claim loop that more than one 837 writer uses. */
import type { Claim, DentalClaim, ProfessionalClaim, RelatedCauses } from '../model.js';
import type { ElementValue, SegmentData } from '../../x12/writer.js';
import { x12Decimal } from '../x12-values.js';
import type { Segments } from './segments.js';

/** CLM11: AA auto accident, EM employment, OA other accident; CLM11-4 the auto accident state. */
function relatedCausesComposite(r: RelatedCauses | undefined): ElementValue {
  if (!r) return undefined;
  const codes: string[] = [];
  if (r.autoAccident) codes.push('AA');
  if (r.employment) codes.push('EM');
  if (r.otherAccident) codes.push('OA');
  if (codes.length === 0) return undefined;
  return [codes[0], codes[1] ?? '', '', r.autoAccident ? (r.autoAccidentState ?? '') : ''];
}

/**
 * CLM of the 837P and 837D claim loop: CLM05 is place of service : B : frequency; CLM10 (patient signature
 * source) exists only on the professional claim.
 */
export function professionalOrDentalClm(c: ProfessionalClaim | DentalClaim): SegmentData {
  return {
    id: 'CLM',
    elements: [
      c.claimId,
      x12Decimal(c.totalCharge),
      '',
      '',
      [c.placeOfService, 'B', c.frequency],
      c.providerSignature ? 'Y' : 'N',
      c.assignment,
      c.benefitsAssigned,
      c.releaseOfInformation,
      c.kind === 'professional' ? c.patientSignatureSource : '',
      relatedCausesComposite(c.relatedCauses),
      '', '', '', '', '', '', '', '',
      c.delayReason,
    ],
  };
}

/** REF*6R value of a line: the practice's own, else the line number. */
export const lineControlNumber = (claim: Claim, index: number): string => claim.lines[index].lineControlNumber ?? String(index + 1);

/** HI*ABK:..*ABF:.. for 837P (up to 12) and 837D (up to 4): ICD-10-CM codes, principal first. */
export function diagnosisHi(codes: readonly string[]): Segments {
  if (codes.length === 0) return [];
  return [{ id: 'HI', elements: codes.map((code, i) => [i === 0 ? 'ABK' : 'ABF', code]) }];
}

/** A diagnosis-pointer composite (SV107, SV311). */
export const pointers = (list: readonly number[]): ElementValue => (list.length ? list.map(String) : undefined);
