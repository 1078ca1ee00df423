import { describe, expect, it } from 'vitest';
import { daysIn, EnvelopeReader } from '../../../src/x12/envelope-reader.js';
import { tokenize } from '../../../src/x12/tokenizer.js';
import type { Finding } from '../../../src/x12/finding.js';

const ISA = 'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240101*1200*^*00501*000000001*1*T*:~';
const GS = 'GS*HC*S*R*20240101*1200*1*X*005010X222A1~';

function run(text: string) {
  const findings: Finding[] = [];
  const events: string[] = [];
  const r = new EnvelopeReader({
    interchangeStart: (c) => events.push('ISA ' + c.interchange!.controlNumber),
    groupStart: (c) => events.push('GS ' + c.group!.controlNumber),
    transactionStart: (c) => events.push('ST ' + c.transaction!.controlNumber),
    transactionSegment: (s) => events.push(s.id),
    transactionEnd: (se) => events.push(se ? 'SE' : 'SE missing'),
    groupEnd: (ge) => events.push(ge ? 'GE' : 'GE missing'),
    interchangeEnd: (iea) => events.push(iea ? 'IEA' : 'IEA missing'),
    interchangeSegment: (s) => events.push('direct ' + s.id),
    finding: (f) => findings.push(f),
  });
  for (const s of tokenize(text).segments) r.accept(s);
  r.end();
  return { findings, events, codes: findings.map((f) => f.code) };
}

describe('envelope reader', () => {
  it('walks a clean interchange without findings', () => {
    const { events, findings } = run(ISA + GS + 'ST*837*0001~BHT*0019~SE*3*0001~GE*1*1~IEA*1*000000001~');
    expect(findings).toEqual([]);
    expect(events).toEqual(['ISA 000000001', 'GS 1', 'ST 0001', 'BHT', 'SE', 'GE', 'IEA']);
  });

  it('reports count and control-number mismatches with their ack codes', () => {
    const { findings } = run(ISA + GS + 'ST*837*0001~BHT*0019~SE*9*0002~GE*3*2~IEA*5*000000009~');
    const byCode = Object.fromEntries(findings.map((f) => [f.code, f]));
    expect(byCode['X12-SE-COUNT'].ack?.transaction).toBe('4');
    expect(byCode['X12-SE-CONTROL-NUMBER'].ack?.transaction).toBe('3');
    expect(byCode['X12-GE-COUNT'].ack?.group).toBe('5');
    expect(byCode['X12-GE-CONTROL-NUMBER'].ack?.group).toBe('4');
    expect(byCode['X12-IEA-COUNT'].ack?.ta1).toBe('021');
    expect(byCode['X12-IEA-CONTROL-NUMBER'].ack?.ta1).toBe('001');
    expect(byCode['X12-SE-COUNT'].position).toMatchObject({ interchange: '000000001', group: '1', transaction: '0001', segmentId: 'SE', element: 1, segmentNumber: 5 });
  });

  it('closes what is open when trailers are missing', () => {
    const { codes, events } = run(ISA + GS + 'ST*837*0001~BHT*0019~');
    expect(codes).toEqual(['X12-SE-MISSING', 'X12-GE-MISSING', 'X12-IEA-MISSING']);
    expect(events.slice(-3)).toEqual(['SE missing', 'GE missing', 'IEA missing']);
  });

  it('reports duplicate control numbers and bad ISA values', () => {
    const twice = ISA + GS + 'ST*837*0001~SE*2*0001~ST*837*0001~SE*2*0001~GE*2*1~IEA*1*000000001~';
    expect(run(twice + twice).codes).toEqual(['X12-ST-DUPLICATE', 'X12-ISA-DUPLICATE', 'X12-ST-DUPLICATE']);
    const bad = ISA.replace('*240101*', '*241301*').replace('*1*T*', '*2*X*');
    expect(run(bad + 'IEA*0*000000001~').findings.map((f) => f.position.element)).toEqual([9, 14, 15]);
  });

  it('passes TA1 directly under ISA and flags stray segments', () => {
    const { events, codes } = run(ISA + 'TA1*000000005*240101*1200*A*000~NM1*X~IEA*0*000000001~');
    expect(events).toContain('direct TA1');
    expect(codes).toEqual(['X12-SEGMENT-OUTSIDE-ENVELOPE']);
  });
});

describe('daysIn (the date checks of the envelope and the clean pass)', () => {
  it('gives the calendar days of every month of 1800–2400, leap years included', () => {
    for (let y = 1800; y <= 2400; y++) {
      for (let m = 1; m <= 12; m++) expect(daysIn(y, m), `${y}-${m}`).toBe(new Date(Date.UTC(y, m, 0)).getUTCDate());
    }
  });
});
