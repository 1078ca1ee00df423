import { describe, expect, it } from 'vitest';
import { acceptClaim } from '../../../src/claims/accept-claim.js';
import { Claim, read837 } from '../../../src/claims/index.js';
import { allFindings, readX12 } from '../../../src/guides/index.js';
import { dentalInput, institutionalInput, partner, professionalInput, write837OneLine } from './fixtures.js';

const today = '2024-06-01';

const write = write837OneLine;

describe('line-level prior authorization and referral (837P, 837D)', () => {
  for (const [kind, make] of [['professional', professionalInput], ['dental', dentalInput]] as const) {
    it(`${kind}: REF*G1 before and REF*9F after the line's REF*6R, valid, read back`, () => {
      const input = make() as Record<string, any>;
      input.lines[0].priorAuthorization = 'LINEAUTH1';
      input.lines[0].referralNumber = 'LINEREF1';
      const r = acceptClaim(input, { today });
      expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
      const text = write(r.claim!);
      expect(text).toMatch(/~REF\*G1\*LINEAUTH1~REF\*6R\*1~REF\*9F\*LINEREF1~/);
      expect(allFindings(readX12(text)).filter((f) => f.severity === 'error')).toEqual([]);
      const back = read837(text).claims[0].claim as Record<string, any>;
      expect(back.lines[0]).toMatchObject({ priorAuthorization: 'LINEAUTH1', referralNumber: 'LINEREF1' });
      expect(back.lines[1].priorAuthorization).toBeUndefined();
    });
  }

  it('a line authorization with spaces is refused at the line', () => {
    const input = professionalInput() as Record<string, any>;
    input.lines[1].priorAuthorization = 'AUTH 22';
    expect(acceptClaim(input, { today }).findings.map((f) => [f.code, f.field])).toEqual([['PRIOR-AUTHORIZATION-FORMAT', '$.lines[1].priorAuthorization']]);
  });

  it('an 837I line has no place for one: refused by name, never dropped', () => {
    const input = institutionalInput() as Record<string, any>;
    input.lines[0].priorAuthorization = 'LINEAUTH1';
    expect(acceptClaim(input, { today }).findings.map((f) => [f.code, f.field])).toEqual([['FIELD-UNKNOWN', '$.lines[0].priorAuthorization']]);
  });
});
