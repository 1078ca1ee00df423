import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readRemittances, readRemittanceStream } from '../../../src/remits/read-remittances.js';
import { write835 } from '../../../src/remits/write-835.js';
import { adj, claim, comparable, envelope, line, remittance } from './build.js';

/** A small 835 written as text in the test: every element the reader maps, once. */
const TEXT = [
  'ISA*00*          *00*          *ZZ*SYNTHPAYER     *ZZ*SYNTHCLINIC    *240315*0930*^*00501*000000009*0*T*:~',
  'GS*HP*SYNTHPAYER*SYNTHCLINIC*20240315*0930*9*X*005010X221A1~',
  'ST*835*0001~',
  'BPR*I*61*C*ACH*CCP*01*999999992*DA*1234*1512345678**01*999988880*DA*5678*20240318~',
  'TRN*1*EFT1*1512345678~',
  'N1*PR*SYNTHETIC PAYER~N3*1 PAYER WAY~N4*SPRINGFIELD*IL*62701~PER*BL*EDI*TE*8005550100~',
  'N1*PE*SYNTHETIC CLINIC*XX*1234567893~',
  'LX*1~',
  'CLP*PCN9*2*200*65.5*20*12*ICN9*11*1~',
  'CAS*OA*23*10*1*94*5~',
  'NM1*QC*1*TESTER*PAT*Q***MI*M9~',
  'NM1*74*1*TESTER*PATRICIA~',
  'MOA*0.8*12*MA01*N130*N211~',
  'DTM*232*20240301~DTM*233*20240302~',
  'SVC*HC:99214:25:59*200*80.5*0450*1*HC:99215*1~',
  'DTM*150*20240301~DTM*151*20240302~',
  'CAS*CO*45*99.5~CAS*PR*1*15**2*5~',
  'REF*APC*0012~REF*6R*LINE9~',
  'AMT*B6*100.5~',
  'LQ*HE*M15~',
  'PLB*1234567893*20241231*L6*-2.5*WO:ICN1*7~',
  'SE*27*0001~GE*1*9~IEA*1*000000009~',
].join('\n');

describe('835 reader', () => {
  const { remittances, report } = readRemittances(TEXT, { file: 'inline.835' });
  const r = remittances[0];
  const c = r.claims[0];

  it('reads payment, trace, payer and payee', () => {
    expect(r.payment).toMatchObject({ handling: 'I', creditDebit: 'C', method: 'ACH', date: '2024-03-18', senderBank: { id: '999999992', account: '1234' }, receiverBank: { id: '999988880' } });
    expect(r.payment.amount.toString()).toBe('61');
    expect(r.trace).toEqual({ number: 'EFT1', originatorId: '1512345678' });
    expect(r.payer.address).toEqual({ lines: ['1 PAYER WAY'], city: 'SPRINGFIELD', state: 'IL', postalCode: '62701' });
    expect(r.payee).toMatchObject({ name: 'SYNTHETIC CLINIC', idQualifier: 'XX', id: '1234567893' });
  });

  it('reads a claim: CLP, CAS triples, names, MOA remarks, dates', () => {
    expect(c).toMatchObject({ patientControlNumber: 'PCN9', status: '2', statusDescription: 'Processed as secondary.', filingIndicator: '12', payerClaimControlNumber: 'ICN9', facilityType: '11', frequency: '1', statementFrom: '2024-03-01', statementTo: '2024-03-02', headerNumber: '1' });
    expect(c.adjustments.map((a) => [a.group, a.reason, a.amount.toString(), a.quantity])).toEqual([['OA', '23', '10', '1'], ['OA', '94', '5', undefined]]);
    expect(c.adjustments[0].reasonDescription).toMatch(/prior payer/i);
    expect(c.patient).toMatchObject({ role: 'QC', lastName: 'TESTER', firstName: 'PAT', middleName: 'Q', id: 'M9' });
    expect(c.correctedName).toMatchObject({ role: '74', firstName: 'PATRICIA' });
    expect(c.adjudication?.kind).toBe('outpatient');
    expect(c.adjudication?.remarks.map((x) => x.code)).toEqual(['MA01', 'N130', 'N211']);
    expect(c.adjudication?.values).toEqual([{ element: 1, name: 'Reimbursement rate', value: '0.8' }]);
    expect(c.adjudication?.amounts.map((a) => [a.element, a.amount.toString()])).toEqual([[2, '12']]);
  });

  it('reads a service line: composite procedure, submitted procedure, dates, REF*6R, AMT, LQ', () => {
    const l = c.lines[0];
    expect(l.procedure).toEqual({ qualifier: 'HC', code: '99214', modifiers: ['25', '59'] });
    expect(l.submittedProcedure).toEqual({ qualifier: 'HC', code: '99215', modifiers: [] });
    expect(l).toMatchObject({ revenueCode: '0450', units: '1', submittedUnits: '1', serviceDateFrom: '2024-03-01', serviceDateTo: '2024-03-02', lineControlNumber: 'LINE9', references: [{ qualifier: 'APC', value: '0012' }] });
    expect(l.allowed.toString()).toBe('100.5');
    expect(l.remarks).toEqual([{ qualifier: 'HE', code: 'M15', description: expect.stringMatching(/bundled/i) }]);
    expect(l.patientResponsibility.deductible.toString()).toBe('15');
    expect(l.patientResponsibility.coinsurance.toString()).toBe('5');
  });

  it('reads PLB pairs with reason, reference and sign, and balances the check', () => {
    expect(r.providerAdjustments.map((p) => [p.reason, p.reference, p.amount.toString(), p.fiscalPeriodDate])).toEqual([
      ['L6', undefined, '-2.5', '2024-12-31'],
      ['WO', 'ICN1', '7', '2024-12-31'],
    ]);
    expect(r.balance.balanced).toBe(true);
    expect(report.interchanges[0].groups[0].transactions[0].status).toBe('A');
  });

  it('marks the transaction set rejected when the money does not add up', () => {
    const bad = readRemittances(TEXT.replace('BPR*I*61*', 'BPR*I*61.01*'));
    expect(bad.remittances[0].balance.balanced).toBe(false);
    const tx = bad.report.interchanges[0].groups[0].transactions[0];
    expect(tx.status).toBe('R');
    expect(tx.findings.map((f) => f.code)).toContain('835-BALANCE-PAYMENT');
  });

  it('streams: any chunking gives the same model, and keepClaims=false keeps no claims but the same totals', async () => {
    const chunks = (size: number) => Readable.from(Array.from({ length: Math.ceil(TEXT.length / size) }, (_, i) => TEXT.slice(i * size, (i + 1) * size)));
    for (const size of [1, 7, 64]) {
      const streamed = await readRemittanceStream(chunks(size));
      expect(comparable(streamed.remittances[0])).toEqual(comparable(r));
    }
    const seen: string[] = [];
    const lean = await readRemittanceStream(chunks(50), { keepClaims: false, onClaim: (x) => seen.push(x.patientControlNumber) });
    expect(lean.remittances[0].claims).toEqual([]);
    expect(lean.remittances[0].claimCount).toBe(1);
    expect(seen).toEqual(['PCN9']);
    expect(lean.remittances[0].balance.expectedPayment.toString()).toBe('61');
  });

  it('reports garbage and missing segments as findings without crashing, and keeps what it can read', () => {
    const garbage = readRemittances('this is not x12 at all');
    expect(garbage.remittances).toEqual([]);
    expect(garbage.report.findings.length).toBeGreaterThan(0);
    const noTrn = readRemittances(TEXT.replace('TRN*1*EFT1*1512345678~', ''));
    expect(noTrn.remittances[0].claims).toHaveLength(1);
    expect(noTrn.remittances[0].findings.some((f) => f.code === 'GUIDE-SEGMENT-REQUIRED-MISSING' && f.position.segmentNumber !== undefined)).toBe(true);
    const v4010 = readRemittances(TEXT.replace('005010X221A1', '004010X091A1'));
    expect(v4010.remittances).toEqual([]);
    expect(v4010.report.interchanges[0].groups[0].transactions[0].findings[0].code).toBe('GUIDE-VERSION-4010');
    const amounts = readRemittances(TEXT.replace('CLP*PCN9*2*200*65.5', 'CLP*PCN9*2*2X0*65.5'));
    expect(amounts.remittances[0].findings.some((f) => f.position.segmentId === 'CLP')).toBe(true);
  });

  it('pairs a reversal with its correction', () => {
    const reversal = claim('-100', '-80', [adj('CO', '45', '-20')], [], { status: '22', patientControlNumber: 'P1', payerClaimControlNumber: 'OLD' });
    const other = claim('50', '50', [], [], { patientControlNumber: 'P2' });
    const correction = claim('100', '90', [adj('CO', '45', '10')], [], { patientControlNumber: 'P1', payerClaimControlNumber: 'NEW', frequency: '7' });
    const text = write835([remittance([reversal, other, correction], '60')], envelope);
    const read = readRemittances(text).remittances[0];
    expect(read.reversals).toEqual([{ patientControlNumber: 'P1', reversal: 0, correction: 2, reversedPayerClaimControlNumber: 'OLD', correctionPayerClaimControlNumber: 'NEW' }]);
    expect(read.claims[0].outcome).toBe('reversed');
    expect(read.balance.balanced).toBe(true);
    // A correction sent before its reversal is paired too.
    const before = readRemittances(write835([remittance([correction, reversal], '10')], envelope)).remittances[0];
    expect(before.reversals).toEqual([expect.objectContaining({ reversal: 1, correction: 0 })]);
  });

  it('reads several transaction sets and interchanges in one file', () => {
    const one = write835([remittance([claim('10', '10')], '10'), remittance([claim('20', '20')], '20', { payer: { name: 'OTHER PAYER', references: [], contacts: [] } })], envelope);
    const two = write835([remittance([claim('30', '30')], '30')], { ...envelope, interchange: { ...envelope.interchange, controlNumber: 8 } });
    const read = readRemittances(one + two).remittances;
    expect(read.map((x) => [x.interchangeControlNumber, x.payer.name, x.payment.amount.toString()])).toEqual([
      ['000000007', 'SYNTHETIC PAYER', '10'],
      ['000000007', 'OTHER PAYER', '20'],
      ['000000008', 'SYNTHETIC PAYER', '30'],
    ]);
  });

  it('does not quote names or ids in balancing messages', () => {
    const bad = readRemittances(TEXT.replace('CLP*PCN9*2*200*65.5', 'CLP*PCN9*2*201*65.5'));
    for (const f of bad.remittances[0].findings) for (const phi of ['TESTER', 'PAT', 'M9', 'PCN9', 'ICN9']) expect(f.message).not.toContain(phi);
  });
});
