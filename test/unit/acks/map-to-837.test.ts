import { describe, expect, it } from 'vitest';
import { index837, mapAcknowledgmentTo837 } from '../../../src/acks/map-to-837.js';
import type { Acknowledgment999, SegmentError } from '../../../src/acks/model.js';

const claims837 = [
  'ISA*00*          *00*          *ZZ*SYNTHCLINIC    *ZZ*SYNTHCH        *240315*0900*^*00501*000000042*0*T*:~',
  'GS*HC*SYNTHCLINIC*SYNTHCH*20240315*0900*42*X*005010X222A1~',
  'ST*837*0001*005010X222A1~', // 1
  'BHT*0019*00*B1*20240315*0900*CH~', // 2
  'NM1*41*2*SYNTH CLINIC*****46*S1~PER*IC*BILLING*TE*5555550100~NM1*40*2*SYNTH CH*****46*CH~', // 3-5
  'HL*1**20*1~NM1*85*2*SYNTH CLINIC*****XX*1234567893~N3*1 MAIN~N4*SPRINGFIELD*IL*62704~REF*EI*371234567~', // 6-10
  'HL*2*1*22*0~SBR*P*18*******CI~NM1*IL*1*SYNTH*ONE****MI*M1~NM1*PR*2*PAYER*****PI*P1~', // 11-14
  'CLM*PCN-A*100***11:B:1*Y*A*Y*Y~HI*ABK:R51~LX*1~SV1*HC:99213*100*UN*1***1~DTP*472*D8*20240301~', // 15-19
  'CLM*PCN-B*50***11:B:1*Y*A*Y*Y~HI*ABK:R51~LX*1~SV1*HC:99212*50*UN*1***1~DTP*472*D8*20240302~', // 20-24
  'SE*25*0001~GE*1*42~IEA*1*000000042~',
].join('\n');

function ack(errors: SegmentError[], controlNumber = '0001'): Acknowledgment999 {
  return {
    interchangeControlNumber: '1', transactionControlNumber: '1', acknowledgedGroup: { functionalId: 'HC', controlNumber: '42' },
    transactions: [{ transactionSet: '837', controlNumber, status: 'R', statusDescription: '', accepted: false, errors: [], segmentErrors: errors }],
    groupStatus: 'R', groupStatusDescription: '', groupErrors: [], findings: [],
  };
}
const seg = (segmentId: string, segmentPosition: number, elements: SegmentError['elements'] = [], extra: Partial<SegmentError> = {}): SegmentError => ({ segmentId, segmentPosition, code: '8', description: 'Segment has data element errors.', context: [], elements, ...extra });
const el = (element: number, component?: number) => ({ element, component, code: '7', description: 'Invalid code value.', context: [] });

describe('999 errors mapped to the 837', () => {
  const index = index837(claims837);

  it('maps a claim-level element error to its CLM01 and field name', () => {
    expect(mapAcknowledgmentTo837(ack([seg('SV1', 23, [el(1, 2)])]), index)).toEqual([
      { transactionControlNumber: '0001', segmentId: 'SV1', segmentPosition: 23, segmentNumber: 25, loop: '2400', claims: ['PCN-B'], field: expect.stringMatching(/\(SV101-2\)$/), problem: 'Invalid code value.', matched: true },
    ]);
  });

  it('maps a subscriber-level error to every claim under that subscriber, a header error to all claims', () => {
    const [sub, head] = mapAcknowledgmentTo837(ack([seg('NM1', 13, [el(9)]), seg('BHT', 2, [], { code: '3', description: 'Required segment missing.' })]), index);
    expect(sub.claims).toEqual(['PCN-A', 'PCN-B']);
    expect(sub.field).toMatch(/NM109/);
    expect(head).toMatchObject({ claims: ['PCN-A', 'PCN-B'], problem: 'Required segment missing.' });
    expect(head.field).toBeUndefined();
  });

  it('trusts a CTX*CLM01 business unit, and says when the 837 given does not match', () => {
    const [m] = mapAcknowledgmentTo837(ack([seg('CLM', 99, [el(1)], { businessUnit: { name: 'CLM01', value: 'PCN-Z' } })]), index);
    expect(m).toMatchObject({ claims: ['PCN-Z'], matched: false });
    const [wrong] = mapAcknowledgmentTo837(ack([seg('CLM', 16)]), index);
    expect(wrong).toMatchObject({ matched: false, claims: [] });
    const [missing] = mapAcknowledgmentTo837(ack([seg('CLM', 15)], '0009'), index);
    expect(missing).toMatchObject({ matched: false, claims: [] });
  });
});
