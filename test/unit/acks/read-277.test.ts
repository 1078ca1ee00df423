import { describe, expect, it } from 'vitest';
import { readClaimStatuses, verdictOf, verdictOfCategory } from '../../../src/acks/read-277.js';

const text = [
  'ISA*00*          *00*          *ZZ*SYNTHCH        *ZZ*SYNTHCLINIC    *240316*1015*^*00501*000000601*0*T*:~',
  'GS*HN*SYNTHCH*SYNTHCLINIC*20240316*1015*601*X*005010X214~',
  'ST*277*0001*005010X214~',
  'BHT*0085*08*REF1*20240316*1015*TH~',
  'HL*1**20*1~NM1*AY*2*SYNTH CLEARINGHOUSE*****46*CH01~TRN*1*R1~DTP*050*D8*20240316~DTP*009*D8*20240316~',
  'HL*2*1*21*1~NM1*41*2*SYNTH CLINIC*****46*S1~TRN*2*B1~STC*A1:20*20240316*WQ*300~QTY*90*1~QTY*AA*1~AMT*YU*100~AMT*YY*200~',
  'HL*3*2*19*1~NM1*85*2*SYNTH CLINIC*****XX*1234567893~TRN*1*P1~QTY*QA*1~QTY*QC*1~',
  'HL*4*3*PT~NM1*QC*1*SYNTH*ONE****MI*M1~TRN*2*PCN1~STC*A2:20*20240316*WQ*100~REF*1K*PAYER1~DTP*472*RD8*20240301-20240303~',
  'HL*5*3*PT~NM1*QC*1*SYNTH*TWO****MI*M2~TRN*2*PCN2~STC*A7:562:85*20240316*WQ*200~REF*D9*CH2~DTP*472*D8*20240302~',
  'SVC*HC:99213:25*200*****1~STC*A7:454*20240316*U~REF*FJ*LINE2~DTP*472*D8*20240302~',
  'SE*37*0001~GE*1*601~IEA*1*000000601~',
].join('\n');

describe('277CA reader', () => {
  const { responses, report } = readClaimStatuses(text);
  const r = responses[0];

  it('reads without findings', () => {
    expect(report.interchanges[0].groups[0].transactions[0].findings).toEqual([]);
  });

  it('reads each claim with its verdict, ids, dates and decoded statuses', () => {
    expect(r.claims.map((c) => [c.patientControlNumber, c.verdict, c.payerClaimControlNumber, c.clearinghouseTraceNumber, c.serviceDateFrom, c.serviceDateTo])).toEqual([
      ['PCN1', 'accepted', 'PAYER1', undefined, '2024-03-01', '2024-03-03'],
      ['PCN2', 'rejected', undefined, 'CH2', '2024-03-02', '2024-03-02'],
    ]);
    const code = r.claims[1].statuses[0].codes[0];
    expect(code).toMatchObject({ category: 'A7', code: '562', entity: '85' });
    expect(code.entityDescription).toMatch(/billing provider/i);
    expect(code.codeDescription).toMatch(/NPI|National Provider/i);
    expect(r.claims[1].amount?.toString()).toBe('200');
    expect(r.claims[0].provider).toMatchObject({ role: '85', id: '1234567893' });
    expect(r.claims[0].payer).toMatchObject({ role: 'AY' });
  });

  it('reads line statuses with our line control number', () => {
    const l = r.claims[1].lines[0];
    expect(l).toMatchObject({ procedure: { qualifier: 'HC', code: '99213', modifiers: ['25'] }, lineControlNumber: 'LINE2', units: '1', verdict: 'rejected' });
    expect(l.statuses[0].codes[0].code).toBe('454');
  });

  it('reads information receiver and provider level statuses and the header', () => {
    expect(r).toMatchObject({ guide: '277CA', reference: 'REF1', date: '2024-03-16', receivedDate: '2024-03-16', processedDate: '2024-03-16' });
    expect(r.levels.map((l) => [l.level, l.trace, l.acceptedQuantity, l.rejectedQuantity])).toEqual([
      ['information-receiver', 'B1', '1', '1'],
      ['provider', 'P1', '1', '1'],
    ]);
    expect(r.levels[0].rejectedAmount?.toString()).toBe('200');
  });

  it('names verdicts from status categories', () => {
    expect(['A1', 'A2', 'A3', 'A4', 'A7', 'P1', 'F2', 'E0'].map(verdictOfCategory)).toEqual(['accepted', 'accepted', 'rejected', 'rejected', 'rejected', 'pending', 'finalized', 'other']);
    const s = (category: string) => ({ codes: [{ category, categoryDescription: '', code: '', codeDescription: '' }] });
    expect(verdictOf([s('A1'), s('A8')])).toBe('rejected');
    expect(verdictOf([])).toBe('other');
  });
});
