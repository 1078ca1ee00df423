/** The bad inputs the engine must survive with a clear, positioned error — and keep reading what it can. */
import { describe, expect, it } from 'vitest';
import { readX12, allFindings, isValid } from '../../../src/guides/index.js';

const ISA = 'ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       *240101*1200*^*00501*000000001*0*T*:~';
const GROUP = (body: string, count = 1) => `GS*FA*SUB*REC*20240101*1200*1*X*005010X231A1~${body}GE*${count}*1~`;
const ACK = (st = '0001') => `ST*999*${st}*005010X231A1~AK1*HC*17*005010X222A1~AK2*837*0001*005010X222A1~IK5*A~AK9*A*1*1*1~SE*6*${st}~`;
const FILE = ISA + GROUP(ACK()) + 'IEA*1*000000001~';

const codes = (text: string | Buffer) => allFindings(readX12(text)).map((f) => f.code);

describe('bad input', () => {
  it('the well-formed file is valid', () => {
    expect(codes(FILE)).toEqual([]);
  });

  it('truncated file: missing terminator and trailers, with positions', () => {
    const cut = FILE.slice(0, FILE.indexOf('AK9') + 5);
    const findings = allFindings(readX12(cut));
    expect(findings.map((f) => f.code)).toEqual(expect.arrayContaining(['X12-MISSING-TERMINATOR', 'X12-SE-MISSING', 'X12-GE-MISSING', 'X12-IEA-MISSING']));
    for (const f of findings) expect(f.position.segmentNumber).toBeGreaterThan(0);
  });

  it('wrong ISA length', () => {
    expect(codes(FILE.replace('SUBMITTER      ', 'SUBMITTER'))).toContain('X12-ISA-LENGTH');
  });

  it('non-ASCII delimiters are read, with a warning', () => {
    const text = FILE.replace(/\*/g, '\u00a7');
    const report = readX12(Buffer.from(text, 'latin1'));
    expect(allFindings(report).map((f) => f.code)).toEqual(['X12-ISA-DELIMITER-NOT-ASCII']);
    expect(report.interchanges[0].groups[0].transactions[0].status).toBe('A');
  });

  it('count and control-number mismatches', () => {
    expect(codes(FILE.replace('SE*6*0001', 'SE*5*0002'))).toEqual(expect.arrayContaining(['X12-SE-COUNT', 'X12-SE-CONTROL-NUMBER']));
    expect(codes(FILE.replace('GE*1*1', 'GE*2*9'))).toEqual(expect.arrayContaining(['X12-GE-COUNT', 'X12-GE-CONTROL-NUMBER']));
    expect(codes(FILE.replace('IEA*1*000000001', 'IEA*3*000000002'))).toEqual(expect.arrayContaining(['X12-IEA-COUNT', 'X12-IEA-CONTROL-NUMBER']));
  });

  it('unknown transaction type and unknown version', () => {
    expect(codes(FILE.replace('ST*999*0001*005010X231A1', 'ST*850*0001*005010'))).toContain('GUIDE-TRANSACTION-UNSUPPORTED');
    const old = readX12(FILE.replace('ST*999*0001*005010X231A1', 'ST*999*0001*004010X231').replace('*X*005010X231A1~', '*X*004010X231~'));
    expect(allFindings(old).map((f) => f.code)).toContain('GUIDE-VERSION-4010');
    expect(isValid(old)).toBe(false);
  });

  it('empty files, blank files and binary junk', () => {
    expect(codes('')).toEqual(['X12-EMPTY']);
    expect(codes('\r\n\r\n')).toEqual(['X12-EMPTY']);
    expect(codes(Buffer.from([0, 1, 2, 250, 251, 7, 8, 9, 10, 11]))).toEqual(['X12-NO-ISA']);
  });

  it('several interchanges, one broken, the other still read', () => {
    const second = ISA.replace('000000001', '000000002') + GROUP(ACK('0002')) + 'IEA*1*000000002~';
    const report = readX12(FILE.replace('AK9*A*1*1*1', 'AK9*A*1*1') + second);
    expect(report.interchanges.map((i) => i.groups[0].transactions[0].status)).toEqual(['R', 'A']);
  });
});
