/**
 * SNIP 7 on outgoing claims: a partner profile's `rules` — skipEdits honoured by the scrubber, extra
 * required fields and payer-specific code lists — for claims to that partner only, in the outbox's check
 * (checkClaims) and in generate's pipeline.
 */
import { describe, expect, it } from 'vitest';
import { PartnerProfile } from '../../../src/claims/partner.js';
import { createPipeline } from '../../../src/claims/pipeline.js';
import { sequentialAllocator } from '../../../src/claims/partner.js';
import { partnerRuleFindings, valuesAt } from '../../../src/claims/snip/partner-rules.js';
import { PartnerRules } from '../../../src/claims/snip/partner-rules-schema.js';
import { checkClaims } from '../../../src/gateway/claims-port.js';
import { partner, professionalInput } from './fixtures.js';

const badNpi = () => professionalInput({ billingProvider: { ...professionalInput().billingProvider, npi: '1234567890' } } as never);
const rulesFor = (byPartner: Record<string, unknown>) => (id: string) => (byPartner[id] ? PartnerRules.parse(byPartner[id]) : undefined);
const check = (raws: unknown[], byPartner: Record<string, unknown>, batchPartnerId?: string) =>
  checkClaims(raws, { startIndex: 0, batchPartnerId, seenClaimIds: new Set() }, { today: '2024-06-01', defaultPartner: 'demo', knownPartners: new Set(['demo', 'lenient', 'strict']), partnerRules: rulesFor(byPartner) });

describe('partner rules in the outbox check (checkClaims)', () => {
  it('skipEdits: an edit the partner turned off does not reject its claims; other partners still get it', () => {
    const rules = { lenient: { skipEdits: ['NPI-CHECK-DIGIT'] } };
    const [toLenient] = check([badNpi()], rules, 'lenient');
    expect(toLenient.intake.rejected).toBeUndefined();
    expect(toLenient.findings.map((f) => f.code)).not.toContain('NPI-CHECK-DIGIT');
    const [toDemo] = check([badNpi()], rules);
    expect(toDemo.intake.rejected?.map((r) => r.code)).toContain('NPI-CHECK-DIGIT');
    // the claim's own partnerId wins over the batch's
    const [own] = check([{ ...badNpi(), partnerId: 'lenient' }], rules, 'demo');
    expect(own.intake.rejected).toBeUndefined();
  });

  it('extra required fields and payer-specific code lists reject the claim with the field and the fix', () => {
    const rules = { strict: { requiredFields: [{ field: 'referringProvider.npi', reason: 'referrals are checked' }], codeLists: [{ field: 'lines[].modifiers', codes: ['59'], payerIds: ['SHP01'] }, { field: 'placeOfService', codes: ['11'], payerIds: ['OTHER'] }] } };
    const [c] = check([professionalInput()], rules, 'strict');
    expect(c.intake.rejected?.map((r) => [r.code, r.field])).toEqual([
      ['PARTNER-REQUIRED-FIELD', '$.referringProvider.npi'],
      ['PARTNER-CODE-LIST', '$.lines[0].modifiers[0]'],
    ]);
    expect(c.findings.find((f) => f.code === 'PARTNER-CODE-LIST')!.fix).toBe('Use one of: 59.');
    const [other] = check([professionalInput()], rules, 'demo');
    expect(other.intake.rejected).toBeUndefined();
  });
});

describe('partner rules in generate (createPipeline)', () => {
  it('honours skipEdits and the extra rules of the claim\'s partner', () => {
    const base = partner();
    const lenient = PartnerProfile.parse({ ...base, id: 'lenient', rules: { skipEdits: ['NPI-CHECK-DIGIT'] } });
    const strict = PartnerProfile.parse({ ...base, id: 'strict', rules: { requiredFields: [{ field: 'lines[].lineControlNumber' }] } });
    const profiles: Record<string, PartnerProfile> = { [base.id]: base, lenient, strict };
    const p = createPipeline({ partners: (id) => profiles[id], defaultPartnerId: base.id, today: '2024-06-01', date: '20240601', time: '0930', allocator: sequentialAllocator(), openFile: () => ({ write() {}, close() {} }) });
    expect(p.accept(badNpi(), { index: 0 }).accepted).toBe(false);
    expect(p.accept({ ...badNpi(), claimId: 'P-2', partnerId: 'lenient' }, { index: 1 }).accepted).toBe(true);
    const strictOutcome = p.accept({ ...professionalInput(), claimId: 'P-3', partnerId: 'strict' }, { index: 2 });
    expect(strictOutcome.accepted).toBe(false);
    expect(strictOutcome.findings.filter((f) => f.code === 'PARTNER-REQUIRED-FIELD').map((f) => f.field)).toEqual(['$.lines[0].lineControlNumber', '$.lines[1].lineControlNumber']);
  });
});

describe('field paths', () => {
  it('reads dotted paths and every element of a list', () => {
    const claim = { a: { b: '1' }, lines: [{ m: ['x', 'y'] }, {}] };
    expect(valuesAt(claim, 'a.b')).toEqual([{ path: '$.a.b', value: '1' }]);
    expect(valuesAt(claim, 'lines[].m')).toEqual([{ path: '$.lines[0].m', value: ['x', 'y'] }, { path: '$.lines[1].m', value: undefined }]);
    expect(partnerRuleFindings(claim, PartnerRules.parse({ requiredFields: [{ field: 'missing[].x' }] }), 'C', 'p').map((f) => f.field)).toEqual(['$.missing']);
    expect(PartnerRules.safeParse({ requiredFields: [{ field: '$.bad path' }] }).success).toBe(false);
  });
});
