import { describe, expect, it } from 'vitest';
import { acceptClaim } from '../../../src/claims/accept-claim.js';
import { Claim, read837 } from '../../../src/claims/index.js';
import { allFindings, readX12 } from '../../../src/guides/index.js';
import { partner, professionalInput, write837OneLine } from './fixtures.js';

const today = '2024-06-01';

const write = write837OneLine;

/** A ground ambulance run: base rate A0427 and 12 miles A0425. */
const ambulanceRun = () => {
  const c = professionalInput({ claimId: 'AMB-1', placeOfService: '41', totalCharge: '950' }) as Record<string, any>;
  c.lines = [
    { procedureCode: 'A0427', modifiers: ['RH'], charge: '800', units: '1', diagnosisPointers: [1], serviceDate: '2024-03-01' },
    { procedureCode: 'A0425', modifiers: ['RH'], charge: '150', units: '12', diagnosisPointers: [1], serviceDate: '2024-03-01' },
  ];
  return c;
};
const transport = {
  patientWeightPounds: '140',
  transportReason: 'A',
  distanceMiles: '12',
  stretcherPurpose: 'PATIENT UNABLE TO SIT',
  certification: { conditionsMet: true, conditions: ['01', '04'] },
  pickUp: { line1: '12 ELM ROAD', city: 'SPRINGFIELD', state: 'IL', postalCode: '62702' },
  dropOffName: 'SPRINGFIELD GENERAL',
  dropOff: { line1: '800 HOSPITAL DRIVE', city: 'SPRINGFIELD', state: 'IL', postalCode: '62701' },
};

describe('ambulance claims (837P CR1, CRC*07, 2310E/2310F)', () => {
  it('an ambulance code without ambulance information is refused with the reason (it used to go out without CR1)', () => {
    const r = acceptClaim(ambulanceRun(), { today });
    expect(r.accepted).toBe(false);
    expect(r.findings.map((f) => [f.code, f.field])).toEqual([['AMBULANCE-INFO-REQUIRED', '$.lines[0].procedureCode']]);
  });

  it('with it: CR1, CRC*07 before HI, pick-up and drop-off loops after the providers; valid', () => {
    const r = acceptClaim({ ...ambulanceRun(), ambulance: transport }, { today });
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const text = write(r.claim!);
    expect(text).toContain('~CR1*LB*140**A*DH*12****PATIENT UNABLE TO SIT~CRC*07*Y*01*04~HI*ABK:J069*ABF:R05~');
    expect(text).toContain('~NM1*PW*2~N3*12 ELM ROAD~N4*SPRINGFIELD*IL*62702~NM1*45*2*SPRINGFIELD GENERAL~N3*800 HOSPITAL DRIVE~N4*SPRINGFIELD*IL*62701~LX*1~');
    expect(allFindings(readX12(text)).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('checks the certification codes, and warns about ambulance information on a claim with no ambulance code', () => {
    const bad = acceptClaim({ ...ambulanceRun(), ambulance: { ...transport, certification: { conditions: ['02'] } } }, { today });
    expect(bad.findings.map((f) => [f.code, f.field])).toEqual([['AMBULANCE-CONDITION-CODE', '$.ambulance.certification.conditions[0]']]);
    const stray = acceptClaim({ ...professionalInput(), ambulance: transport }, { today });
    expect(stray.accepted).toBe(true);
    expect(stray.findings.map((f) => [f.code, f.field, f.severity])).toEqual([['AMBULANCE-WITHOUT-TRANSPORT-CODE', '$.ambulance', 'warning']]);
  });

  it('the 837 reader reads the ambulance block back: write → read → write gives the same 837', () => {
    const r = acceptClaim({ ...ambulanceRun(), ambulance: { ...transport, roundTripPurpose: 'RETURN HOME' } }, { today });
    const text = write(r.claim!);
    const back = read837(text).claims[0].claim as Record<string, any>;
    expect(back.ambulance).toEqual({ ...transport, roundTripPurpose: 'RETURN HOME' });
    const again = acceptClaim(back, { today });
    expect(again.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(write(again.claim!)).toBe(text);
  });
});

describe('ambulance on the 837I (value code A0: the pick-up ZIP)', () => {
  it('an ambulance line without value code A0 is warned; with it, HI*BE:A0 is written, valid and read back', async () => {
    const { institutionalInput } = await import('./fixtures.js');
    const c = institutionalInput() as Record<string, any>;
    c.lines[0].procedureCode = 'A0429';
    const warned = acceptClaim(c, { today });
    expect(warned.findings.filter((f) => f.code === 'AMBULANCE-PICKUP-ZIP').map((f) => [f.field, f.severity])).toEqual([['$.lines[0].procedureCode', 'warning']]);
    c.values = [...(c.values ?? []), { code: 'A0', amount: '62702' }];
    const r = acceptClaim(c, { today });
    expect(r.findings.filter((f) => f.code.startsWith('AMBULANCE'))).toEqual([]);
    const text = write(r.claim!);
    expect(text).toMatch(/HI\*[^~]*BE:A0:::62702/);
    expect(allFindings(readX12(text)).filter((f) => f.severity === 'error')).toEqual([]);
    expect((read837(text).claims[0].claim as Record<string, any>).values).toContainEqual({ code: 'A0', amount: '62702' });
  });
});
