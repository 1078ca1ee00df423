/**
 * The contents of the three hierarchical levels above a claim (HL segments excluded; the transaction
 * writer numbers those): 2000A billing provider, 2000B subscriber + payer, 2000C patient.
 * Claims whose level contents are equal share the level, which is how claims are grouped.
 */
import type { Claim } from '../model.js';
import { address, contact, organizationNm1, personNm1, providerNm1, taxonomy, type Segments } from './segments.js';

const RESPONSIBILITY = { primary: 'P', secondary: 'S', tertiary: 'T' } as const;
export const responsibilityCode = (r: keyof typeof RESPONSIBILITY): string => RESPONSIBILITY[r];

/** 2000A (PRV) + 2010AA billing provider + 2010AB pay-to address. */
export function billingProviderLevel(claim: Claim): Segments {
  const b = claim.billingProvider;
  const out: Segments = [...taxonomy('BI', b), providerNm1('85', b), ...address(b.address)];
  out.push({ id: 'REF', elements: [b.taxIdType === 'ssn' ? 'SY' : 'EI', b.taxId] });
  out.push(...contact(b.contact));
  if (claim.payToAddress) out.push({ id: 'NM1', elements: ['87', '2'] }, ...address(claim.payToAddress));
  return out;
}

/** 2000B (SBR) + 2010BA subscriber + 2010BB payer. */
export function subscriberLevel(claim: Claim): Segments {
  const s = claim.subscriber;
  const isPatient = !claim.patient;
  const professional = claim.kind === 'professional';
  const out: Segments = [
    {
      id: 'SBR',
      elements: [responsibilityCode(s.responsibility), isPatient ? '18' : undefined, s.groupNumber, s.groupName, professional ? s.insuranceType : undefined, '', '', '', s.claimFilingIndicator],
    },
    personNm1('IL', s.name, 'MI', s.memberId),
  ];
  // The guides send the subscriber's address and demographics only when the subscriber is the patient.
  if (isPatient && s.address) out.push(...address(s.address));
  if (isPatient && s.birthDate) out.push({ id: 'DMG', elements: ['D8', s.birthDate.replaceAll('-', ''), s.gender ?? 'U'] });
  out.push(organizationNm1('PR', claim.payer.name, 'PI', claim.payer.id));
  if (claim.payer.address) out.push(...address(claim.payer.address));
  return out;
}

/** 2000C (PAT) + 2010CA patient; empty when the subscriber is the patient. */
export function patientLevel(claim: Claim): Segments {
  const p = claim.patient;
  if (!p) return [];
  return [
    { id: 'PAT', elements: [p.relationship] },
    personNm1('QC', p.name),
    ...address(p.address),
    { id: 'DMG', elements: ['D8', p.birthDate.replaceAll('-', ''), p.gender] },
  ];
}
