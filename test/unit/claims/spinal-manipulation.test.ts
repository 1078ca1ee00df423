/** CR2 spinal manipulation (837P, issue 13 item 5): model, writer (between CR1 and CRC), reader, scrubber edit. */
import { describe, expect, it } from 'vitest';
import { acceptClaim } from '../../../src/claims/accept-claim.js';
import { Claim, read837 } from '../../../src/claims/index.js';
import { allFindings, readX12 } from '../../../src/guides/index.js';
import { partner, professionalInput, write837OneLine } from './fixtures.js';

const today = '2024-06-01';

const write = write837OneLine;

const chiropractic = () => {
  const c = professionalInput({ claimId: 'CHIRO-1', totalCharge: '120', diagnoses: ['M9903', 'M545'] } as never) as Record<string, any>;
  c.lines = [{ procedureCode: '98941', charge: '120', units: '1', diagnosisPointers: [1, 2], serviceDate: '2024-03-01' }];
  return c;
};

describe('spinal manipulation (CR2, 837P)', () => {
  it('a manipulation code without CR2 information is warned at the line (the claim still goes)', () => {
    const r = acceptClaim(chiropractic(), { today });
    expect(r.accepted).toBe(true);
    expect(r.findings.map((f) => [f.code, f.field, f.severity])).toEqual([['SPINAL-MANIPULATION-INFO', '$.lines[0].procedureCode', 'warning']]);
  });

  it('with it: CR2 written before HI, valid, read back; write → read → write gives the same 837', () => {
    const input = { ...chiropractic(), spinalManipulation: { condition: 'C', description: 'CHRONIC LOW BACK PAIN' } };
    const r = acceptClaim(input, { today });
    expect(r.findings).toEqual([]);
    const text = write(r.claim!);
    expect(text).toContain('~CR2********C**CHRONIC LOW BACK PAIN~HI*ABK:M9903*ABF:M545~');
    expect(allFindings(readX12(text)).filter((f) => f.severity === 'error')).toEqual([]);
    const back = read837(text).claims[0].claim as Record<string, any>;
    expect(back.spinalManipulation).toEqual({ condition: 'C', description: 'CHRONIC LOW BACK PAIN' });
    expect(write(acceptClaim(back, { today }).claim!)).toBe(text);
  });

  it('with an ambulance block too, CR2 sits between CR1 and CRC', () => {
    const input = { ...chiropractic(), spinalManipulation: { condition: 'A' }, ambulance: { transportReason: 'A', distanceMiles: '3', pickUp: { line1: '1 A ST', city: 'SPRINGFIELD', state: 'IL', postalCode: '62702' }, dropOff: { line1: '2 B ST', city: 'SPRINGFIELD', state: 'IL', postalCode: '62701' }, certification: { conditions: ['01'] } } };
    const text = write(acceptClaim(input, { today }).claim!);
    expect(text).toMatch(/~CR1\*\*\*\*A\*DH\*3~CR2\*{8}A~CRC\*07\*Y\*01~/);
    expect(allFindings(readX12(text)).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('a condition the guide does not know is refused by the model', () => {
    const r = acceptClaim({ ...chiropractic(), spinalManipulation: { condition: 'X' } }, { today });
    expect(r.accepted).toBe(false);
    expect(r.findings.map((f) => f.field)).toContain('$.spinalManipulation.condition');
  });
});
