/**
 * The 271 reader: the golden samples read into per-patient benefits (coverage, plan, copay, coinsurance,
 * deductible and out-of-pocket remaining vs total, in and out of network, per service type), and AAA
 * rejections with the reason in words.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEligibilityResponses } from '../../../src/eligibility/read-271.js';

const root = new URL('../../../', import.meta.url).pathname;
const read = (name: string) => readEligibilityResponses(readFileSync(join(root, 'samples/270-271', name)), name);

describe('271 reader', () => {
  it('reads the subscriber\'s benefits per service type and network, amounts exact', () => {
    const { answers, report } = read('benefits.271');
    expect(report.interchanges).toHaveLength(1);
    const alex = answers.find((a) => a.appointmentId === 'APPT-1001')!;
    expect(alex).toMatchObject({ level: 'subscriber', memberId: 'W100200300', payerId: 'ACME01', coverage: 'active', coverageCode: '1', coverageText: 'Active Coverage', plan: 'GOLD PPO', groupNumber: 'GRP555', rejections: [] });
    expect(alex.messages).toEqual(['COPAY PER OFFICE VISIT']);
    const row = (type: string, network: string) => alex.benefits.find((b) => b.serviceType === type && b.network === network);
    expect(row('30', 'in')).toEqual({ serviceType: '30', serviceTypeName: 'Health Benefit Plan Coverage', network: 'in', coinsurance: '0.2', deductible: { total: '1500', remaining: '1100.5' }, outOfPocket: { total: '5000', remaining: '4200' } });
    expect(row('30', 'out')).toEqual({ serviceType: '30', serviceTypeName: 'Health Benefit Plan Coverage', network: 'out', coinsurance: '0.4', deductible: { total: '3000', remaining: '3000' }, outOfPocket: {} });
    expect(row('98', 'in')).toMatchObject({ copay: '25', serviceTypeName: 'Professional (Physician) Visit - Office' });
    expect(row('UC', 'in')).toMatchObject({ copay: '50' });
    expect(alex.benefits).toHaveLength(4);
  });

  it('a dependent is answered with the subscriber\'s member id; EB*6 means inactive', () => {
    const lee = read('benefits.271').answers.find((a) => a.appointmentId === 'APPT-1003')!;
    expect(lee).toMatchObject({ level: 'dependent', memberId: 'W100200400', coverage: 'inactive', coverageText: 'Inactive', benefits: [], messages: ['COVERAGE ENDED'] });
  });

  it('AAA rejections come with the reason and the follow-up in words', () => {
    const { answers } = read('rejected.271');
    expect(answers.map((a) => [a.appointmentId, a.coverage])).toEqual([
      ['APPT-2001', 'rejected'],
      ['APPT-2002', 'rejected'],
    ]);
    expect(answers[0].rejections).toEqual([{ loop: '2100C', reason: '75', reasonText: 'Subscriber/insured not found', followUp: 'C', followUpText: 'Please correct and resubmit' }]);
    expect(answers[1].rejections.map((r) => r.reasonText)).toEqual(['Invalid/missing subscriber/insured ID', 'Invalid/missing date of birth']);
  });

  it('a rejection at the information source applies to every person under it', () => {
    const text = readFileSync(join(root, 'samples/270-271/rejected.271'), 'latin1').replace('HL*1**20*1~\n', 'HL*1**20*1~\nAAA*Y**42*R~\n').replace('SE*16*', 'SE*17*');
    const { answers, report } = readEligibilityResponses(text);
    expect(report.interchanges[0].groups[0].transactions[0].findings).toEqual([]);
    expect(answers[0].rejections[0]).toMatchObject({ loop: '2000A', reason: '42', reasonText: 'Unable to respond at current time', followUpText: 'Resubmission allowed' });
  });
});
