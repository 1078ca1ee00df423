/**
 * Edits from the patient's last eligibility answer (271): passed in by the gateway's intake as
 * `ScrubContext.lastEligibility` (keyed by src/eligibility/patient-key.ts), so the scrubber stays pure.
 * Both are warnings: the answer may be older than a new card the practice already has.
 */
import { claimPatientKey } from '../../eligibility/patient-key.js';
import type { Edit } from './types.js';

export const ELIGIBILITY_EDITS: readonly Edit[] = [
  {
    code: 'ELIGIBILITY-INACTIVE',
    severity: 'warning',
    message: "The payer's last eligibility answer (271) for this patient says the coverage is inactive.",
    fix: 'Ask the patient for current insurance (a new card or another payer) and run a new eligibility check before sending.',
    run(claim, ctx, flag) {
      const facts = ctx.lastEligibility?.get(claimPatientKey(claim));
      if (facts?.coverage === 'inactive') flag('$.subscriber.memberId');
    },
  },
  {
    code: 'ELIGIBILITY-MEMBER-ID',
    severity: 'warning',
    message: "The claim's member id differs from the one in the payer's last eligibility answer (271) for this patient.",
    fix: "Compare the member id with the insurance card and the eligibility answer; correct it in the practice system if the card's id changed.",
    run(claim, ctx, flag) {
      const facts = ctx.lastEligibility?.get(claimPatientKey(claim));
      const known = facts?.answeredMemberId ?? facts?.memberId;
      if (known && known.trim().toUpperCase() !== claim.subscriber.memberId.trim().toUpperCase()) flag('$.subscriber.memberId');
    },
  },
];
