import { describe, expect, it } from 'vitest';
import { acceptClaim } from '../../../src/claims/accept-claim.js';
import { Claim, read837 } from '../../../src/claims/index.js';
import { allFindings, readX12 } from '../../../src/guides/index.js';
import { institutionalInput, partner, write837 } from './fixtures.js';

const today = '2024-06-01';

const write = (claim: Claim): string => write837([claim]);

/** A skilled-nursing stay billed with a HIPPS rate code (revenue code 0022, SV202-1 = HP). */
const skilledNursing = () =>
  institutionalInput({
    claimId: 'SNF-1',
    typeOfBill: '211',
    totalCharge: '4200',
    lines: [
      { revenueCode: '0022', procedureQualifier: 'HP', procedureCode: 'KAQD1', charge: '0', units: '30', serviceDate: '2024-03-01', serviceDateEnd: '2024-03-04' },
      { revenueCode: '0120', charge: '4200', unitType: 'DA', units: '3' },
    ],
  } as never);

describe('HIPPS rate codes and DRG (837I)', () => {
  it('a skilled-nursing claim with a HIPPS code (SV202 HP) is accepted and written as HP (it used to be refused)', () => {
    const r = acceptClaim(skilledNursing(), { today });
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(r.accepted).toBe(true);
    const text = write(r.claim!);
    expect(text).toContain('SV2*0022*HP:KAQD1*0*UN*30~');
    expect(allFindings(readX12(text)).filter((f) => f.severity === 'error')).toEqual([]);
    const back = read837(text).claims[0].claim as Record<string, any>;
    expect(back.lines[0]).toMatchObject({ procedureQualifier: 'HP', procedureCode: 'KAQD1' });
    expect(back.lines[1].procedureQualifier).toBeUndefined();
  });

  it('a HIPPS code that is not five letters or digits is refused with its own edit', () => {
    const input = skilledNursing() as Record<string, any>;
    input.lines[0].procedureCode = 'KAQ';
    expect(acceptClaim(input, { today }).findings.map((f) => [f.code, f.field])).toEqual([['HIPPS-CODE-FORMAT', '$.lines[0].procedureCode']]);
  });

  it('a DRG is written as HI*DR after the admitting diagnosis, read back, and checked', () => {
    const r = acceptClaim({ ...institutionalInput(), drg: '470' }, { today });
    expect(r.accepted).toBe(true);
    const text = write(r.claim!);
    expect(text.replaceAll('\n', '')).toContain('HI*ABJ:R079~HI*DR:470~HI*ABF:E119:::::::Y~');
    expect(allFindings(readX12(text)).filter((f) => f.severity === 'error')).toEqual([]);
    expect((read837(text).claims[0].claim as Record<string, unknown>).drg).toBe('470');
    expect(acceptClaim({ ...institutionalInput(), drg: '47' }, { today }).findings.map((f) => [f.code, f.field])).toEqual([['DRG-FORMAT', '$.drg']]);
    const outpatient = acceptClaim({ ...institutionalInput({ typeOfBill: '131' }), drg: '470' }, { today }).findings.filter((f) => f.code === 'DRG-OUTPATIENT');
    expect(outpatient.map((f) => [f.field, f.severity])).toEqual([['$.drg', 'warning']]);
  });
});
