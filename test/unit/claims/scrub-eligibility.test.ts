/**
 * The scrubber's eligibility warnings: a claim whose patient's last 271 says inactive, or whose member id
 * differs from the 271's, gets a warning (the claim still goes out); the facts come in as input, keyed by
 * the patient's name and birth date, so the scrubber stays pure.
 */
import { describe, expect, it } from 'vitest';
import { scrubClaim } from '../../../src/claims/scrub/scrub.js';
import type { EligibilityFacts } from '../../../src/claims/scrub/types.js';
import { claimPatientKey, patientKeyOf } from '../../../src/eligibility/patient-key.js';
import { parseClaim, professionalInput } from './fixtures.js';

const claim = parseClaim(professionalInput());
const key = claimPatientKey(claim);
const scrub = (facts?: EligibilityFacts, forKey = key) => scrubClaim(claim, { today: '2030-01-01', lastEligibility: facts ? new Map([[forKey, facts]]) : undefined }).filter((f) => f.code.startsWith('ELIGIBILITY-'));

describe('scrubber: eligibility warnings', () => {
  it('inactive coverage in the last 271 → ELIGIBILITY-INACTIVE warning on the member id', () => {
    const f = scrub({ coverage: 'inactive', memberId: claim.subscriber.memberId, answeredMemberId: claim.subscriber.memberId });
    expect(f.map((x) => [x.code, x.severity, x.field])).toEqual([['ELIGIBILITY-INACTIVE', 'warning', '$.subscriber.memberId']]);
    expect(f[0].message).not.toContain(claim.subscriber.memberId);
  });

  it('a member id other than the one the payer answered with → ELIGIBILITY-MEMBER-ID warning', () => {
    const f = scrub({ coverage: 'active', memberId: claim.subscriber.memberId, answeredMemberId: 'ZZ999' });
    expect(f.map((x) => x.code)).toEqual(['ELIGIBILITY-MEMBER-ID']);
  });

  it('active coverage with the same member id (case and spaces aside) → no warning', () => {
    expect(scrub({ coverage: 'active', memberId: 'x', answeredMemberId: ` ${claim.subscriber.memberId.toLowerCase()} ` })).toEqual([]);
  });

  it('facts for another patient, or no facts at all → no warning', () => {
    expect(scrub({ coverage: 'inactive', memberId: 'OTHER' }, patientKeyOf({ last: 'SOMEONE', first: 'ELSE' }, '1999-01-01'))).toEqual([]);
    expect(scrub()).toEqual([]);
  });
});
