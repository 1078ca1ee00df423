/**
 * Segment builders shared by the three 837 writers: names (NM1), addresses (N3/N4), references, dates,
 * contacts and providers. Each returns `SegmentData` for src/x12's writer; nothing here knows a loop.
 */
import type { SegmentData } from '../../x12/writer.js';
import type { Address, Attachment, Contact, PersonName, Provider, Repricing } from '../model.js';
import { toD8, x12Decimal } from '../x12-values.js';

export type Segments = SegmentData[];

/** NM1 for a person: NM1*{code}*1*LAST*FIRST*MIDDLE**SUFFIX[*{idQualifier}*{id}] */
export function personNm1(code: string, name: PersonName, idQualifier?: string, id?: string): SegmentData {
  return { id: 'NM1', elements: [code, '1', name.last, name.first, name.middle, '', name.suffix, id ? idQualifier : undefined, id] };
}

/** NM1 for an organization: NM1*{code}*2*NAME*****{idQualifier}*{id} */
export function organizationNm1(code: string, name: string, idQualifier?: string, id?: string): SegmentData {
  return { id: 'NM1', elements: [code, '2', name, '', '', '', '', id ? idQualifier : undefined, id] };
}

/** NM1 for a provider, with its NPI (NM108 = XX) when known. */
export function providerNm1(code: string, p: Provider): SegmentData {
  if (p.entity === 'organization') return organizationNm1(code, p.name, 'XX', p.npi);
  return personNm1(code, { last: p.name, first: p.firstName, middle: p.middleName, suffix: p.suffix }, 'XX', p.npi);
}

/** PRV*{role}*PXC*{taxonomy} when the provider has a taxonomy. */
export function taxonomy(role: string, p: Provider | undefined): Segments {
  return p?.taxonomy ? [{ id: 'PRV', elements: [role, 'PXC', p.taxonomy] }] : [];
}

/** N3 and N4. N404 (country) only outside the US. */
export function address(a: Address): Segments {
  return [
    { id: 'N3', elements: [a.line1, a.line2] },
    { id: 'N4', elements: [a.city, a.state, a.postalCode, a.country && a.country !== 'US' ? a.country : undefined] },
  ];
}

export const ref = (qualifier: string, value: string | undefined): Segments => (value ? [{ id: 'REF', elements: [qualifier, value] }] : []);

export const dtp = (qualifier: string, isoDate: string | undefined): Segments => (isoDate ? [{ id: 'DTP', elements: [qualifier, 'D8', toD8(isoDate)] }] : []);

export const amt = (qualifier: string, amount: string | undefined, format: (v: string) => string): Segments =>
  amount !== undefined ? [{ id: 'AMT', elements: [qualifier, format(amount)] }] : [];

/** PER*IC*NAME*TE*PHONE*EM*EMAIL (phone and email as given; at least one must be present). */
export function contact(c: Contact | undefined): Segments {
  if (!c || (!c.phone && !c.email)) return [];
  const channels: string[] = [];
  if (c.phone) channels.push('TE', c.phone);
  if (c.email) channels.push('EM', c.email);
  return [{ id: 'PER', elements: ['IC', c.name, ...channels] }];
}

/** A composite of up to `max` values after a fixed head ("HC", "99213", mod1..mod4). */
export const composite = (head: string[], rest: readonly string[]): string[] => [...head, ...rest];

/** PWK per attachment (2300 and 2400): report type, transmission, and AC + control number when there is one. */
export const pwk = (attachments: readonly Attachment[] | undefined): Segments =>
  (attachments ?? []).map((a) => ({ id: 'PWK', elements: a.controlNumber ? [a.reportType, a.transmission, '', '', 'AC', a.controlNumber] : [a.reportType, a.transmission] }));

/** HCP (claim or line repricing): HCP01-05 and HCP13-15; the DRG/APG (06, 07) and repriced procedure and units (09-12) are not modelled. */
export function hcp(r: Repricing | undefined): Segments {
  if (!r) return [];
  const amount = (v: string | undefined) => (v === undefined ? undefined : x12Decimal(v));
  return [{ id: 'HCP', elements: [r.method, x12Decimal(r.allowedAmount), amount(r.savingAmount), r.organizationId, amount(r.perDiemRate), '', '', '', '', '', '', '', r.rejectReason, r.policyCompliance, r.exception] }];
}
