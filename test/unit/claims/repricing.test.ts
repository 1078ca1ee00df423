/** HCP repricing (issue 13 item 5) of a claim (2300, after the HI segments) and of a line (2400) in the model, the 837P/I/D writers and the reader, with the scrubber edits. */
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

  for (const [kind, make, after, before] of [
    ['professional', professionalInput, 'NTE*ADD', 'LIN'],
    ['institutional', institutionalInput, 'NTE*TPO', 'LIN'],
    ['dental', dentalInput, 'NTE*ADD', 'LX'],
  ] as const) {
    it(`${kind}: a line's HCP in its 2400 after the line note and before ${before}, valid, read back, write → read → write the same`, () => {
      const input = make() as Record<string, any>;
      input.lines[0].note = 'LINE NOTE';
      if (kind !== 'dental') input.lines[0].drug = { ndc: '00002140701', quantity: '1', unit: 'UN' };
      input.lines[0].repricing = { method: '02', allowedAmount: '40', savingAmount: '10.25', organizationId: 'PPO7', rejectReason: 'T2' };
      const r = acceptClaim(input, { today });
      expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
      const text = write(r.claim!);
      const hcpAt = text.indexOf('~HCP*02*40*10.25*PPO7*********T2~');
      expect(hcpAt).toBeGreaterThan(text.indexOf('~LX*1~'));
      expect(hcpAt).toBeLessThan(text.indexOf('~LX*2~'));
      expect(text.indexOf(`~${after}*LINE NOTE~`)).toBeLessThan(hcpAt);
      expect(text.indexOf(`~${before}*`, hcpAt)).toBe(hcpAt + '~HCP*02*40*10.25*PPO7*********T2'.length);
      // the guide engine checks the place and the elements against the 2400 HCP of the map
      expect(allFindings(readX12(text)).filter((f) => f.severity === 'error')).toEqual([]);
      const back = read837(text).claims[0].claim as Record<string, any>;
      expect(back.lines[0].repricing).toEqual(input.lines[0].repricing);
      expect(back.lines[1].repricing).toBeUndefined();
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
