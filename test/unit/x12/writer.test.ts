import { describe, expect, it } from 'vitest';
import { formatSegment, formatIsa, writeInterchange, X12WriteError, structureSegment } from '../../../src/x12/writer.js';
import { tokenize } from '../../../src/x12/tokenizer.js';
import { EnvelopeReader } from '../../../src/x12/envelope-reader.js';
import { DEFAULT_DELIMITERS } from '../../../src/x12/delimiters.js';
import type { Finding } from '../../../src/x12/finding.js';

const header = { senderQualifier: 'ZZ', senderId: 'SUBMITTER', receiverQualifier: 'ZZ', receiverId: 'CLEARINGHOUSE', controlNumber: 42, date: '20240315', time: '0930', usage: 'T' as const };

describe('writer', () => {
  it('writes composites and repetitions and drops trailing empties', () => {
    expect(formatSegment({ id: 'CLM', elements: ['PCN1', '100', '', '', ['11', 'B', '1'], 'Y', 'A', 'Y', 'Y', '', ''] })).toBe('CLM*PCN1*100***11:B:1*Y*A*Y*Y');
    expect(formatSegment({ id: 'SV1', elements: [['HC', '99213', '', ''], '100', 'UN', '1'] })).toBe('SV1*HC:99213*100*UN*1');
    expect(formatSegment({ id: 'X', elements: [{ repeat: ['A', ['B', 'C']] }] })).toBe('X*A^B:C');
  });

  it('refuses a value that contains a delimiter', () => {
    expect(() => formatSegment({ id: 'NM1', elements: ['IL', '1', 'SMITH*JONES'] })).toThrow(X12WriteError);
    expect(() => formatSegment({ id: 'NM1', elements: ['IL', '1', 'A~B'] })).toThrow(/NM103/);
    expect(() => formatSegment({ id: 'NM1', elements: ['IL', '1', 'A:B'] })).toThrow(/delimiter/);
  });

  it('writes a fixed-width ISA of 106 characters', () => {
    const isa = formatIsa(header, DEFAULT_DELIMITERS);
    expect(isa.length + 1).toBe(106);
    expect(isa).toBe('ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*CLEARINGHOUSE  *240315*0930*^*00501*000000042*0*T*:');
    expect(() => formatIsa({ ...header, senderId: 'X'.repeat(16) }, DEFAULT_DELIMITERS)).toThrow(/ISA06/);
  });

  it('computes SE, GE and IEA counts and control numbers that the envelope reader accepts', () => {
    const text = writeInterchange(header, [
      {
        header: { functionalId: 'HC', senderCode: 'S', receiverCode: 'R', date: '20240315', time: '0930', controlNumber: 7, version: '005010X222A1' },
        transactions: [
          { id: '837', controlNumber: 1, version: '005010X222A1', segments: [{ id: 'BHT', elements: ['0019', '00', 'B1', '20240315', '0930', 'CH'] }] },
          { id: '837', controlNumber: 2, version: '005010X222A1', segments: [{ id: 'BHT', elements: ['0019', '00', 'B2', '20240315', '0930', 'CH'] }, { id: 'REF', elements: ['87', 'X'] }] },
        ],
      },
    ]);
    expect(text).toContain('SE*3*0001~');
    expect(text).toContain('SE*4*0002~');
    expect(text).toContain('GE*2*7~');
    expect(text.endsWith('IEA*1*000000042~')).toBe(true);
    const findings: Finding[] = [];
    const reader = new EnvelopeReader({ finding: (f) => findings.push(f) });
    const { segments, findings: tf } = tokenize(text);
    for (const s of segments) reader.accept(s);
    reader.end();
    expect([...tf, ...findings]).toEqual([]);
  });

  it('structureSegment splits what the tokenizer read so it can be written with other delimiters', () => {
    const { segments } = tokenize('ISA*00*          *00*          *ZZ*S              *ZZ*R              *240101*1200*^*00501*000000001*0*T*:~HI*ABK:J449*ABF:R05^ABF:R06~');
    const hi = structureSegment(segments[1]);
    expect(hi.elements).toEqual([['ABK', 'J449'], { repeat: [['ABF', 'R05'], ['ABF', 'R06']] }]);
    expect(formatSegment(hi, { element: '|', component: '>', repetition: '!', segment: '\n' })).toBe('HI|ABK>J449|ABF>R05!ABF>R06');
  });
});
