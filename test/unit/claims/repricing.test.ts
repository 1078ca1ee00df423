/** HCP claim repricing (issue 13 item 5) in the model, the 837P/I/D writers (after the HI segments) and the reader, with its scrubber edit. */
import { describe, expect, it } from 'vitest';
import { acceptClaim } from '../../../src/claims/accept-claim.js';
import { Claim, read837 } from '../../../src/claims/index.js';
import { allFindings, readX12 } from '../../../src/guides/index.js';
import { dentalInput, institutionalInput, partner, professionalInput, write837OneLine } from './fixtures.js';

const today = '2024-06-01';

const write = write837OneLine;

describe('HCP repricing (837P, 837I, 837D)', () => {
  for (const [kind, make] of [['professional', professionalInput], ['institutional', institutionalInput], ['dental', dentalInput]] as const) {
    it(`${kind}: HCP after the HI segments and before the provider loops, valid, read back; write → read → write is the same`, () => {
      const input = make() as Record<string, any>;
      input.repricing = { method: '03', allowedAmount: '100.5', savingAmount: '20', organizationId: 'REPRICER01', policyCompliance: '1' };
      const r = acceptClaim(input, { today });
      expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
      const text = write(r.claim!);
      expect(text).toMatch(/~HCP\*03\*100\.5\*20\*REPRICER01\*{10}1~(NM1|LX|SBR)/);
      // after every HI of the claim (the guide engine below checks the order against the map)
      expect(text.lastIndexOf('~HI*')).toBeLessThan(text.indexOf('~HCP*'));
      expect(allFindings(readX12(text)).filter((f) => f.severity === 'error')).toEqual([]);
      const back = read837(text).claims[0].claim as Record<string, any>;
      expect(back.repricing).toEqual(input.repricing);
      expect(write(acceptClaim(back, { today }).claim!)).toBe(text);
    });
  }

  it('an allowed amount above the claim charge is refused; an unknown methodology is refused by the model', () => {
    const over = professionalInput() as Record<string, any>;
    over.repricing = { method: '03', allowedAmount: '175.01' };
    expect(acceptClaim(over, { today }).findings.map((f) => [f.code, f.field])).toEqual([['REPRICED-AMOUNT-OVER-CHARGE', '$.repricing.allowedAmount']]);
    const method = professionalInput() as Record<string, any>;
    method.repricing = { method: '15', allowedAmount: '10' };
    expect(acceptClaim(method, { today }).findings.map((f) => f.field)).toContain('$.repricing.method');
  });
});
