/**
 * The simulated payer answers a 270 with a 271 that validates against our 271 map, echoes each trace,
 * states the plan its adjudication applies (deductible left, coinsurance, copay), says inactive for some
 * member ids and "subscriber not found" (AAA 75) for unknown ones.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Appointment } from '../../../src/eligibility/model.js';
import { readEligibilityResponses } from '../../../src/eligibility/read-271.js';
import { estimateVisit } from '../../../src/eligibility/estimate.js';
import { writeEligibilityInquiry } from '../../../src/eligibility/write-270.js';
import { allFindings, readX12 } from '../../../src/guides/index.js';
import type { LoopNode } from '../../../src/guides/walker.js';
import { answer270 } from '../../../src/simulator/eligibility-answers.js';
import { SIMULATED_BENEFITS } from '../../../src/simulator/payer-rules.js';
import { writeInterchange } from '../../../src/x12/writer.js';

const root = new URL('../../../', import.meta.url).pathname;
const appointments = z.array(Appointment).parse(JSON.parse(readFileSync(join(root, 'samples/270-271/appointments.json'), 'utf8')));
appointments[2].subscriber.memberId = 'UNKNOWN7';
appointments.push(Appointment.parse({ ...appointments[0], appointmentId: 'APPT-1005', subscriber: { ...appointments[0].subscriber, memberId: 'W-INACTIVE-1' } }));

function answerFor(text: string): string {
  const trees: LoopNode[] = [];
  readX12(text, { buildTree: true, onTransaction: (t) => t && trees.push(t) });
  const header = { senderQualifier: 'ZZ', senderId: 'SIMCH', receiverQualifier: 'ZZ', receiverId: 'SUBM01', controlNumber: 9, date: '20240301', time: '0905', usage: 'T' as const };
  return writeInterchange(header, [{ header: { functionalId: 'HB', senderCode: 'SIMCH', receiverCode: 'SUBM01', date: '20240301', time: '0905', controlNumber: 9, version: '005010X279A1' }, transactions: trees.map((t, i) => ({ id: '271', controlNumber: i + 1, version: '005010X279A1', segments: answer270(t, { date: '20240301', time: '0905' }) })) }], undefined, '\n');
}

describe('simulated 271', () => {
  const inquiry = writeEligibilityInquiry(appointments, { senderQualifier: 'ZZ', senderId: 'SUBM01', receiverQualifier: 'ZZ', receiverId: 'SIMCH', senderCode: 'SUBM01', receiverCode: 'SIMCH', interchangeControl: 5, groupControl: 5, date: '20240301', time: '0900', usage: 'T', batchId: 'B1' });
  const text = answerFor(inquiry.text);

  it('validates against the 271 map with no findings', () => {
    const report = readX12(text, { file: 'sim.271' });
    expect(report.interchanges[0].groups[0].transactions.map((t) => t.guideId)).toEqual(['271', '271']);
    expect(allFindings(report)).toEqual([]);
  });

  it('answers every appointment by its trace: active with the adjudication\'s plan, inactive, not found', () => {
    const { answers } = readEligibilityResponses(text);
    const by = new Map(answers.map((a) => [a.appointmentId, a]));
    expect([...by.keys()].sort()).toEqual(['APPT-1001', 'APPT-1003', 'APPT-1004', 'APPT-1005']);
    const alex = by.get('APPT-1001')!;
    expect(alex).toMatchObject({ coverage: 'active', plan: SIMULATED_BENEFITS.plan });
    expect(alex.benefits.find((b) => b.serviceType === '30')).toMatchObject({ coinsurance: '0.2', deductible: { total: '500', remaining: '10' }, outOfPocket: { total: '3000', remaining: '2500' } });
    expect(alex.benefits.find((b) => b.serviceType === '98')?.copay).toBe('15');
    expect(by.get('APPT-1003')).toMatchObject({ level: 'dependent', coverage: 'active', memberId: 'W100200400' });
    expect(by.get('APPT-1005')).toMatchObject({ coverage: 'inactive' });
    expect(by.get('APPT-1004')).toMatchObject({ coverage: 'rejected', rejections: [{ reason: '75', reasonText: 'Subscriber/insured not found' }] });
  });

  it('the estimate from the simulated 271 uses the plan values the simulated adjudication applies (PR-1 10, PR-2 20 %, PR-3 15)', () => {
    const alex = readEligibilityResponses(text).answers.find((a) => a.appointmentId === 'APPT-1001')!;
    const e = estimateVisit(appointments[0], alex);
    // 99213 (office visit, 98) 150: deductible 10, coinsurance 20 % of 140 = 28, copay 15; 80053 60: coinsurance 12.
    expect(e.lines.map((l) => [l.code, l.deductible, l.coinsurance, l.copay, l.patient])).toEqual([
      ['99213', '10.00', '28.00', '15.00', '53.00'],
      ['80053', '0.00', '12.00', '0.00', '12.00'],
    ]);
  });
});
