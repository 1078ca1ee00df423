/**
 * The 270 writer: the golden appointments file → samples/270-271/appointments.270 byte for byte, and
 * (independently of the golden) the written file validates clean against the 270 guide map and reads
 * back into the appointments' references, members, dates and service types.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { allFindings, readX12 } from '../../../src/guides/index.js';
import { childLoops, findSegment } from '../../../src/guides/tree.js';
import type { LoopNode } from '../../../src/guides/walker.js';
import { Appointment } from '../../../src/eligibility/model.js';
import { traceCompanyIdOf, writeEligibilityInquiry, type InquiryEnvelope } from '../../../src/eligibility/write-270.js';
import { element, repetitions } from '../../../src/x12/elements.js';

const root = new URL('../../../', import.meta.url).pathname;
const appointments = z.array(Appointment).parse(JSON.parse(readFileSync(join(root, 'samples/270-271/appointments.json'), 'utf8')));
const env: InquiryEnvelope = { senderQualifier: 'ZZ', senderId: 'SUBM01', receiverQualifier: 'ZZ', receiverId: 'CH01', senderCode: 'SUBM01', receiverCode: 'CH01', interchangeControl: 701, groupControl: 701, date: '20240301', time: '0900', usage: 'T', batchId: 'ELIG-BATCH-1' };

describe('270 writer', () => {
  const written = writeEligibilityInquiry(appointments, env);

  it('writes the golden 270 for the sample appointments', () => {
    expect(written.text).toBe(readFileSync(join(root, 'samples/270-271/appointments.270'), 'utf8'));
  });

  it('batches per payer: one transaction set per payer, in first-seen order', () => {
    expect(written.transactions).toEqual([
      { controlNumber: '0001', payerId: 'ACME01', appointmentIds: ['APPT-1001', 'APPT-1003'] },
      { controlNumber: '0002', payerId: 'BLUE02', appointmentIds: ['APPT-1004'] },
    ]);
  });

  it('validates against the 270 guide map with no findings, and reads back what was asked', () => {
    const asked: Array<{ trace: string; member: string; date: string; types: string[]; payer: string; level: string }> = [];
    const report = readX12(written.text, {
      file: 'out.270',
      buildTree: true,
      onTransaction: (tree) => {
        for (const source of childLoops(tree!, '2000A')) {
          const payer = element(findSegment(childLoops(source, '2100A')[0], 'NM1')!, 9);
          for (const receiver of childLoops(source, '2000B'))
            for (const sub of childLoops(receiver, '2000C')) {
              const subName = childLoops(sub, '2100C')[0];
              const member = element(findSegment(subName, 'NM1')!, 9);
              const person = (level: LoopNode, name: LoopNode) => {
                const eq = findSegment(childLoops(name, `2110${level.id.slice(-1)}`)[0], 'EQ')!;
                asked.push({ trace: element(findSegment(level, 'TRN')!, 2), member, date: element(findSegment(name, 'DTP')!, 3), types: repetitions(eq, 1), payer, level: level.id });
              };
              const deps = childLoops(sub, '2000D');
              if (deps.length === 0) person(sub, subName);
              for (const d of deps) person(d, childLoops(d, '2100D')[0]);
            }
        }
      },
    });
    expect(allFindings(report)).toEqual([]);
    expect(report.interchanges[0].groups[0]).toMatchObject({ functionalId: 'HS', version: '005010X279A1' });
    expect(asked).toEqual([
      { trace: 'APPT-1001', member: 'W100200300', date: '20240315', types: ['30', '98'], payer: 'ACME01', level: '2000C' },
      { trace: 'APPT-1003', member: 'W100200400', date: '20240316', types: ['30'], payer: 'ACME01', level: '2000D' },
      { trace: 'APPT-1004', member: 'BR7788', date: '20240318', types: ['98'], payer: 'BLUE02', level: '2000C' },
    ]);
  });

  it('TRN03 is always ten characters (the guide requires exactly ten)', () => {
    expect(traceCompanyIdOf('SUBM01')).toBe('9SUBM01000');
    expect(traceCompanyIdOf('A-VERY-LONG-SUBMITTER')).toHaveLength(10);
  });

  it('an appointment with an X12 delimiter in a name is refused at the boundary', () => {
    const bad = { ...appointments[0], payer: { id: 'ACME*01', name: 'ACME' } };
    expect(Appointment.safeParse(bad).success).toBe(false);
  });
});
