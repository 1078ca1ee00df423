import { describe, expect, it } from 'vitest';
import { readAcknowledgments } from '../../../src/acks/read-999.js';
import { buildAcknowledgments } from '../../../src/acks/generate.js';
import { readX12 } from '../../../src/guides/reader.js';

const isa = (ctrl: string) => `ISA*00*          *00*          *ZZ*SYNTHCH        *ZZ*SYNTHCLINIC    *240316*1015*^*00501*${ctrl}*0*T*:~`;
const ack999 = [
  isa('000000501'),
  'GS*FA*SYNTHCH*SYNTHCLINIC*20240316*1015*501*X*005010X231A1~',
  'ST*999*0001*005010X231A1~',
  'AK1*HC*17*005010X222A1~',
  'AK2*837*0001*005010X222A1~',
  'IK3*CLM*22*2300*8~',
  'CTX*CLM01:PCN7~',
  'IK4*5:3*1325*7*X~',
  'CTX*SITUATIONAL TRIGGER*CLM*22**5:3~',
  'IK3*ZZZ*30**1~',
  'IK5*R*5*I5~',
  'AK9*R*1*1*0*4~',
  'SE*12*0001~',
  'GE*1*501~',
  'IEA*1*000000501~',
].join('\n');

describe('999 reader', () => {
  const { acks } = readAcknowledgments(ack999, { file: 'a.999' });
  const a = acks[0];

  it('decodes group, transaction set, segment and element errors to text and positions', () => {
    expect(a.acknowledgedGroup).toEqual({ functionalId: 'HC', controlNumber: '17', version: '005010X222A1' });
    expect(a).toMatchObject({ groupStatus: 'R', groupStatusDescription: 'Rejected.', included: 1, received: 1, accepted: 0 });
    expect(a.groupErrors.map((e) => e.code)).toEqual(['4']);
    expect(a.groupErrors[0].description).toMatch(/control number/i);
    const t = a.transactions[0];
    expect(t).toMatchObject({ transactionSet: '837', controlNumber: '0001', status: 'R', accepted: false });
    expect(t.errors.map((e) => e.code)).toEqual(['5', 'I5']);
    expect(t.errors[0].description).toMatch(/segments in error/i);
    const [clm, unknown] = t.segmentErrors;
    expect(clm).toMatchObject({ segmentId: 'CLM', segmentPosition: 22, loop: '2300', code: '8', businessUnit: { name: 'CLM01', value: 'PCN7' } });
    expect(clm.description).toMatch(/data element errors/i);
    expect(clm.elements).toEqual([{ element: 5, component: 3, reference: '1325', code: '7', description: 'Invalid code value.', badValue: 'X', context: ['SITUATIONAL TRIGGER: segment CLM, at position 22, element 5-3'], repetition: undefined }]);
    expect(unknown).toMatchObject({ segmentId: 'ZZZ', segmentPosition: 30, code: '1', description: 'Unrecognized segment ID.' });
    expect(clm.position?.segmentNumber).toBe(6);
  });

  it('reads back what our own 999 generator writes for a rejected file', () => {
    const bad837 = [
      isa('000000042'),
      'GS*HC*SYNTHCLINIC*SYNTHCH*20240315*0900*42*X*005010X222A1~',
      'ST*837*0001*005010X222A1~',
      'BHT*0019*00*B1*20240315*0900*CH~',
      'SE*3*0001~',
      'GE*1*42~',
      'IEA*1*000000042~',
    ].join('\n');
    const [generated] = buildAcknowledgments(readX12(bad837), { date: '20240316', time: '1015', interchangeControlNumber: () => 9, groupControlNumber: () => 9 });
    const read = readAcknowledgments(generated.ack999!).acks[0];
    expect(read.acknowledgedGroup.controlNumber).toBe('42');
    expect(read.transactions[0].accepted).toBe(false);
    expect(read.transactions[0].segmentErrors.length).toBeGreaterThan(0);
    expect(read.transactions[0].segmentErrors.every((s) => s.description && !s.description.startsWith('Unknown'))).toBe(true);
  });

  it('reads TA1 status and note', () => {
    const text = `${isa('000000777')}\nTA1*000000042*240315*0900*R*022~\nIEA*0*000000777~`;
    const { ta1 } = readAcknowledgments(text);
    expect(ta1).toEqual([expect.objectContaining({ carriedIn: '000000777', interchangeControlNumber: '000000042', date: '2024-03-15', time: '0900', status: 'R', accepted: false, note: '022' })]);
    expect(ta1[0].noteDescription).not.toMatch(/^Unknown/);
  });
});
