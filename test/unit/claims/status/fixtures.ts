/** Claims and a partner for the 276/277 tests: the sample claims (837P/I/D), the dental ones at a second payer. */
import { readFileSync } from 'node:fs';
import { Claim } from '../../../../src/claims/model.js';
import { PartnerProfile } from '../../../../src/claims/partner.js';
import type { StatusInquiryItem } from '../../../../src/claims/status/write-276.js';

const root = new URL('../../../../', import.meta.url).pathname;
const claimsOf = (name: string) => (JSON.parse(readFileSync(`${root}samples/claims/${name}.json`, 'utf8')).claims as unknown[]).map((c) => Claim.parse(c));

export const partner = PartnerProfile.parse({
  id: 'demo',
  name: 'Test clearinghouse',
  isa: { senderId: 'PRACTICE01', receiverId: 'SIMCH' },
  gs: { senderCode: 'PRACTICE01', receiverCode: 'SIMCH' },
  submitter: { name: 'TEST BILLING SERVICE', id: 'PRACTICE01', contact: { name: 'DESK', phone: '8005550199' } },
  receiver: { name: 'TEST CLEARINGHOUSE', id: 'SIMCH' },
});

/** Every sample claim; the dental ones go to a second payer. */
export function sampleItems(): StatusInquiryItem[] {
  const claims = [...claimsOf('professional'), ...claimsOf('institutional'), ...claimsOf('dental').map((c) => ({ ...c, payer: { ...c.payer, id: 'DENT02', name: 'TEST DENTAL PLAN' } }))];
  return claims.map((claim, i) => ({ claimId: `C${i}`, claim, trace: `T${String(i + 1).padStart(6, '0')}`, payerClaimNumber: i % 3 === 0 ? `PCN-PAYER-${i}` : null }));
}

export const numbers = { interchange: 4711, group: 4712, date: '20260101', time: '0930' };
