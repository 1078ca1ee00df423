/**
 * Appointment files for the eligibility/ drop folder: JSON (an array or { appointments }) and CSV, each
 * problem named by index/row and field, never by value; the same appointment id twice is refused.
 */
import { describe, expect, it } from 'vitest';
import { appointmentsFromCsv, appointmentsFromJson } from '../../../src/eligibility/appointments-in.js';

const one = { appointmentId: 'A1', date: '2024-03-15', payer: { id: 'P1', name: 'PAYER' }, provider: { npi: '1234567893', name: 'CLINIC' }, subscriber: { name: { last: 'DOE', first: 'JO' }, memberId: 'M1' } };

describe('appointment files', () => {
  it('JSON: an array or an object with appointments; defaults filled (no procedures)', () => {
    expect(appointmentsFromJson([one]).appointments[0]).toMatchObject({ appointmentId: 'A1', procedures: [] });
    expect(appointmentsFromJson({ appointments: [one] }).appointments).toHaveLength(1);
    expect(appointmentsFromJson({ claims: [] }).problems[0].field).toBe('$');
  });

  it('JSON: problems by index and field, without the value; a repeated appointment id is refused', () => {
    const r = appointmentsFromJson([one, { ...one, date: '15/03/2024', subscriber: { ...one.subscriber, memberId: 'SECRET*ID' } }, one]);
    expect(r.appointments).toHaveLength(1);
    expect(r.problems.map((p) => [p.index, p.field])).toEqual([
      [1, '$.date'],
      [1, '$.subscriber.memberId'],
      [2, '$.appointmentId'],
    ]);
    expect(JSON.stringify(r.problems)).not.toContain('SECRET');
  });

  it('CSV: columns by name, a dependent patient, service types and procedures with charges', () => {
    const csv = [
      'appointmentId,date,payerId,payerName,providerNpi,providerName,subscriberLast,subscriberFirst,memberId,patientLast,patientFirst,patientBirthDate,relationship,serviceTypes,procedures',
      'A2,2024-03-16,P1,PAYER,1234567893,CLINIC,DOE,JO,M1,DOE,KIM,2012-01-01,child,30 98,99213:150.00:98 80053',
    ].join('\r\n');
    const r = appointmentsFromCsv(csv);
    expect(r.problems).toEqual([]);
    expect(r.appointments[0]).toMatchObject({
      appointmentId: 'A2',
      patient: { name: { last: 'DOE', first: 'KIM' }, birthDate: '2012-01-01', relationship: 'child' },
      serviceTypes: ['30', '98'],
      procedures: [{ code: '99213', charge: '150.00', serviceType: '98' }, { code: '80053' }],
    });
  });

  it('CSV: a missing required column is one problem on the header row', () => {
    expect(appointmentsFromCsv('appointmentId,date\nA1,2024-01-01').problems).toEqual([{ row: 1, field: '(header)', message: 'missing column(s): payerId, payerName, providerNpi, providerName, subscriberLast, memberId' }]);
  });
});
