/**
 * FHIR R4 Appointment + Coverage bundles → appointments: the patient from the participants, the
 * subscriber, member id, relationship and payer from the Coverage whose beneficiary is the patient, the
 * provider's NPI, X12 service types and CPT procedures from serviceType; an Appointment without a Patient
 * is a problem named by its FHIR path. The appointment written as a 270 validates against the 270 map.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appointmentsFromFhirBundle } from '../../../src/eligibility/fhir-appointments.js';
import { writeEligibilityInquiry } from '../../../src/eligibility/write-270.js';
import { allFindings, readX12 } from '../../../src/guides/index.js';

const root = new URL('../../../', import.meta.url).pathname;
const bundle = JSON.parse(readFileSync(join(root, 'samples/270-271/appointments-fhir.json'), 'utf8'));

describe('FHIR Appointment + Coverage', () => {
  const read = appointmentsFromFhirBundle(bundle);

  it('maps a dependent\'s appointment with its Coverage', () => {
    expect(read.appointments).toEqual([
      {
        appointmentId: 'FHIR-APPT-1',
        date: '2024-03-15',
        payer: { id: 'ACME01', name: 'ACME HEALTH PLAN' },
        provider: { npi: '1245319599', name: 'WELBY MARCUS' },
        subscriber: { name: { last: 'CHEN', first: 'SAM' }, memberId: 'W100200400', birthDate: '1975-03-02', gender: 'M' },
        patient: { name: { last: 'CHEN', first: 'LEE' }, birthDate: '2010-06-20', gender: 'M', relationship: 'child' },
        serviceTypes: ['98'],
        procedures: [{ code: '99213' }],
      },
    ]);
  });

  it('an Appointment without a Patient participant is a problem at its path', () => {
    expect(read.problems).toEqual([{ field: 'Bundle.entry[6].resource.participant', message: 'no participant is a Patient in this Bundle' }]);
  });

  it('the FHIR appointment written as a 270 validates against the 270 map', () => {
    const w = writeEligibilityInquiry(read.appointments, { senderQualifier: 'ZZ', senderId: 'S1', receiverQualifier: 'ZZ', receiverId: 'R1', senderCode: 'S1', receiverCode: 'R1', interchangeControl: 1, groupControl: 1, date: '20240301', time: '0900', usage: 'T', batchId: 'F1' });
    expect(allFindings(readX12(w.text))).toEqual([]);
    expect(w.text).toContain('NM1*03*1*CHEN*LEE~');
  });

  it('something that is not a Bundle is one problem', () => {
    expect(appointmentsFromFhirBundle({ resourceType: 'Patient' }).problems).toEqual([{ field: '$', message: 'not a FHIR Bundle' }]);
  });
});
