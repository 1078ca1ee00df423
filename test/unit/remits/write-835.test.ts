import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adjustmentSegments, providerAdjustmentSegments, write835 } from '../../../src/remits/write-835.js';
import { readRemittances } from '../../../src/remits/read-remittances.js';
import { formatSegment } from '../../../src/x12/writer.js';
import { allFindings } from '../../../src/guides/reader.js';
import { adj, claim, comparable, d, envelope, line, remittance } from './build.js';

describe('835 writer', () => {
  it('groups CAS triples by group, six to a segment, amounts without trailing zeros', () => {
    const many = ['1', '2', '3', '4', '5', '6', '7'].map((r) => adj('CO', r, '1.50'));
    const text = adjustmentSegments([adj('PR', '1', '10.00', '2'), ...many, adj('PR', '2', '0.10')]).map((s) => formatSegment(s));
    expect(text).toEqual(['CAS*PR*1*10*2', 'CAS*CO*1*1.5**2*1.5**3*1.5**4*1.5**5*1.5**6*1.5', 'CAS*CO*7*1.5', 'CAS*PR*2*0.1']);
  });

  it('writes PLB pairs six to a segment per provider and period, with composite references', () => {
    const p = (reason: string, amount: string, reference?: string) => ({ providerId: 'P1', fiscalPeriodDate: '2024-12-31', reason, reasonDescription: '', amount: d(amount), ...(reference ? { reference } : {}) });
    const text = providerAdjustmentSegments([p('L6', '-2.5'), p('WO', '100', 'ICN1'), p('FB', '3'), p('CS', '4'), p('CS', '5'), p('CS', '6'), p('CS', '7')]).map((s) => formatSegment(s));
    expect(text).toEqual(['PLB*P1*20241231*L6*-2.5*WO:ICN1*100*FB*3*CS*4*CS*5*CS*6', 'PLB*P1*20241231*CS*7']);
  });

  it('writes a remittance the guide engine accepts and reads back the same', () => {
    const claims = [
      claim('250', '180', [], [line('150', '110', [adj('CO', '45', '20'), adj('PR', '2', '20')], { lineControlNumber: 'L1', serviceDate: '2024-03-01', amounts: [{ qualifier: 'B6', amount: d('130') }] }), line('100', '70', [adj('CO', '45', '20'), adj('PR', '3', '10')], { lineControlNumber: 'L2', serviceDate: '2024-03-01' })], { headerNumber: '1', patient: { role: 'QC', entityType: '1', lastName: 'SYNTH', firstName: 'ONE', idQualifier: 'MI', id: 'M1' }, payerClaimControlNumber: 'ICN1', patientResponsibilityAmount: d('30') }),
      claim('5000', '4000', [adj('CO', '45', '600'), adj('PR', '1', '400')], [], { headerNumber: '2', payerClaimControlNumber: 'ICN2', patient: { role: 'QC', entityType: '1', lastName: 'SYNTH', firstName: 'TWO' }, adjudication: { kind: 'inpatient', amounts: [{ element: 4, name: 'Claim DRG amount', amount: d('3900') }], values: [{ element: 1, name: 'Covered days or visits', value: '3' }], remarks: [{ code: 'MA01', description: '' }, { code: 'N130', description: '' }] } }),
    ];
    const r = remittance(claims, '4177.5', { providerAdjustments: [{ providerId: '1234567893', fiscalPeriodDate: '2024-12-31', reason: 'WO', reasonDescription: '', reference: 'ICN0', amount: d('2.5') }], providerSummaries: [{ headerNumber: '1', providerId: '1234567893', facilityType: '11', fiscalPeriodEnd: '2024-12-31', claimCount: '1', totalCharge: d('250') }, { headerNumber: '2' }] });
    const text = write835([r], { ...envelope, lineEnding: '\n' });
    expect(text).toContain('MIA*3***3900*MA01***************N130~');
    const read = readRemittances(text);
    expect(allFindings(read.report)).toEqual([]);
    const back = read.remittances[0];
    expect(back.balance.balanced).toBe(true);
    const strip = (x: unknown) => JSON.parse(JSON.stringify(x, (k, v) => (/[dD]escription$/.test(k) ? undefined : v)));
    expect(strip(comparable({ ...back }))).toMatchObject(strip(comparable(r)));
  });
});

const CORPUS = join(__dirname, '../../../../shared/corpus/835');
// The corpus is required: a missing ../shared/corpus fails this file loudly, never skips it.
describe('835 writer on the public corpus', () => {
  it.each(readdirSync(CORPUS).sort())('%s: read → write → read gives the same model', (name) => {
    const first = readRemittances(readFileSync(join(CORPUS, name))).remittances;
    const again = readRemittances(write835(first, envelope)).remittances;
    const strip = (x: unknown) => JSON.parse(JSON.stringify(x, (k, v) => (['position', 'findings', 'interchangeControlNumber', 'groupControlNumber'].includes(k) ? undefined : v)));
    expect(strip(again)).toEqual(strip(first));
  });
});
