/**
 * FHIR intake of further coverage (issue 14 item 1): a Claim's non-focal insurances become `otherPayers`
 * not yet billed (secondary, tertiary by sequence), which the primary 837 carries as a 2320 without AMT*D
 * and which the gateway bills after the primary's 835. An incomplete one is left out with a warning.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Claim } from '../../../src/claims/index.js';
import { hasFurtherCoverage } from '../../../src/claims/cob/further-coverage.js';
import { claimsFromFhirBundle } from '../../../src/intake/index.js';

type Entry = { fullUrl?: string; resource: Record<string, unknown> };
const bundle = () => JSON.parse(readFileSync(new URL('../../../samples/fhir/professional.json', import.meta.url), 'utf8')) as { entry: Entry[] };

/** The professional sample with a spouse's plan as secondary (sequence 2) and, optionally, a third coverage. */
function withSecondary(third?: Record<string, unknown>) {
  const b = bundle();
  const claim = b.entry.find((e) => e.resource.resourceType === 'Claim')!.resource as { insurance: Array<Record<string, unknown>> };
  claim.insurance.push({ sequence: 2, focal: false, coverage: { reference: 'Coverage/cov-2' } });
  b.entry.push(
    { fullUrl: 'urn:uuid:spouse', resource: { resourceType: 'RelatedPerson', id: 'spouse', name: [{ family: 'MUNOZ', given: ['LUIS'] }] } },
    { fullUrl: 'urn:uuid:payer-2', resource: { resourceType: 'Organization', id: 'payer-2', name: 'SECOND HEALTH PLAN', identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'NIIP' }] }, value: 'SEC02' }] } },
    {
      fullUrl: 'urn:uuid:cov-2',
      resource: { resourceType: 'Coverage', id: 'cov-2', status: 'active', type: { coding: [{ system: 'https://nahdo.org/sopt', code: '5' }] }, subscriberId: 'SEC778', beneficiary: { reference: 'Patient/pat-1' }, subscriber: { reference: 'RelatedPerson/spouse' }, relationship: { coding: [{ code: 'spouse' }] }, payor: [{ reference: 'Organization/payer-2' }], class: [{ type: { coding: [{ code: 'group' }] }, value: 'SPOUSEGRP' }] },
    },
  );
  if (third) {
    claim.insurance.push({ sequence: 3, focal: false, coverage: { reference: 'Coverage/cov-3' } });
    b.entry.push({ fullUrl: 'urn:uuid:cov-3', resource: { resourceType: 'Coverage', id: 'cov-3', status: 'active', beneficiary: { reference: 'Patient/pat-1' }, relationship: { coding: [{ code: 'self' }] }, payor: [{ reference: 'Organization/payer-2' }], ...third } });
  }
  return b;
}

describe('FHIR Claim.insurance beyond the focal one', () => {
  it('becomes a secondary otherPayers entry without a paid amount: further coverage', () => {
    const r = claimsFromFhirBundle(withSecondary());
    expect(r.problems).toEqual([]);
    const claim = Claim.parse(r.claims[0].claim);
    expect(claim.otherPayers).toEqual([
      expect.objectContaining({ responsibility: 'secondary', relationship: '01', groupNumber: 'SPOUSEGRP', claimFilingIndicator: 'CI', subscriber: { name: { last: 'MUNOZ', first: 'LUIS' }, memberId: 'SEC778' }, payer: { name: 'SECOND HEALTH PLAN', id: 'SEC02' } }),
    ]);
    expect(claim.otherPayers[0].paidAmount).toBeUndefined();
    expect(hasFurtherCoverage(claim)).toBe(true);
  });

  it('an incomplete third coverage is left out, with a warning that names what it lacks', () => {
    const r = claimsFromFhirBundle(withSecondary({}));
    expect(r.problems.map((p) => [p.severity, p.path])).toEqual([['warning', expect.stringContaining('entry[')]]);
    expect(r.problems[0].message).toMatch(/tertiary coverage lacks member id/);
    expect(Claim.parse(r.claims[0].claim).otherPayers.map((o) => o.responsibility)).toEqual(['secondary']);
  });

  it('without other insurance nothing changes', () => {
    const r = claimsFromFhirBundle(bundle());
    expect(Claim.parse(r.claims[0].claim).otherPayers).toEqual([]);
  });
});
