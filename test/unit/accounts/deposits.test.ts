import { describe, expect, it } from 'vitest';
import { readBai2 } from '../../../src/accounts/bai2.js';
import { readDepositCsv } from '../../../src/accounts/deposit-file.js';
import { reassociate, type DepositForMatch, type EraPayment } from '../../../src/accounts/reassociation.js';

describe('deposit CSV', () => {
  it('reads the default layout, skips debits, names bad lines', () => {
    const r = readDepositCsv('Date,Amount,Reference,Description\n2026-03-02,"1,234.50",TRN*1*EFT777*1512345678,ACH CREDIT\n03/03/2026,-20.00,,FEE\n2026-03-04,12.345,x,\nnot a date,5.00,y,\n', { file: 'bank.csv' });
    expect(r.deposits).toEqual([{ line: 2, date: '2026-03-02', amount: '1234.50', reference: 'TRN*1*EFT777*1512345678', description: 'ACH CREDIT' }]);
    expect(r.skipped).toBe(1);
    expect(r.problems).toEqual([
      { code: 'bad-amount', message: expect.any(String), position: { file: 'bank.csv', line: 4, column: 'amount' } },
      { code: 'bad-date', message: expect.any(String), position: { file: 'bank.csv', line: 5, column: 'date' } },
    ]);
  });

  it('maps a bank’s own headers', () => {
    const r = readDepositCsv('Posting Date;x\n'.replace(';x', ',Credit Amount,Addenda') + '20260302,99.10,CHK5555\n', { mapping: { date: 'Posting Date', amount: 'credit amount', reference: 'ADDENDA' } });
    expect(r.deposits).toEqual([{ line: 2, date: '2026-03-02', amount: '99.10', reference: 'CHK5555', description: '' }]);
  });

  it('refuses an unknown layout with the columns it expected and the ones it found', () => {
    const r = readDepositCsv('Posted,Value,Memo\n2026-03-02,1.00,x\n', { file: 'other.csv' });
    expect(r.deposits).toEqual([]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].code).toBe('unknown-layout');
    expect(r.problems[0].position).toEqual({ file: 'other.csv', line: 1 });
    expect(r.problems[0].message).toContain('expected the columns date, amount, reference');
    expect(r.problems[0].message).toContain('found "Posted", "Value", "Memo"');
  });
});

const BAI2 = [
  '01,122099999,123456789,260302,0200,1,,,2/',
  '02,123456789,122099999,1,260302,0200,USD,2/',
  '03,0001234567,USD,010,500000,,,040,300000,,/',
  '16,165,123450,0,BR0001,EFT777,ACH CREDIT HEALTH PLAN',
  '88,TRN*1*EFT777*1512345678~',
  '16,301,7500,S,7500,0,0,BR0002,CHK5555,DEPOSIT/',
  '16,475,1000,0,BR0003,,CHECK PAID/',
  '16,169,999,V,260301,,BR0004,,MISC, WITH COMMA/',
  '49,1234567,6/',
  '98,1234567,1,8/',
  '99,1234567,1,10/',
].join('\n');

describe('BAI2 reader', () => {
  it('reads 16 credits with their 88 continuations, funds types S and V, skips debits', () => {
    const r = readBai2(BAI2, { file: 'bank.bai' });
    expect(r.problems).toEqual([]);
    expect(r.skipped).toBe(1);
    expect(r.deposits).toEqual([
      { line: 4, date: '2026-03-02', amount: '1234.50', reference: 'EFT777 ACH CREDIT HEALTH PLAN,TRN*1*EFT777*1512345678~', description: 'BAI2 165 BR0001' },
      { line: 6, date: '2026-03-02', amount: '75.00', reference: 'CHK5555 DEPOSIT', description: 'BAI2 301 BR0002' },
      { line: 8, date: '2026-03-02', amount: '9.99', reference: 'MISC, WITH COMMA', description: 'BAI2 169 BR0004' },
    ]);
  });

  it('names the line of a bad record and refuses a file that is not BAI2', () => {
    const r = readBai2(BAI2.replace('16,301,7500', '16,301,75.00'), { file: 'bank.bai' });
    expect(r.problems).toEqual([{ code: 'bad-amount', message: expect.any(String), position: { file: 'bank.bai', line: 6, column: '16-2' } }]);
    expect(readBai2('date,amount\n').problems[0].code).toBe('bad-record');
  });
});

const era = (id: string, trace: string, amount: string, date: string | null): EraPayment => ({ id, trace, amount, date });
const dep = (id: string, amount: string, date: string, reference = ''): DepositForMatch => ({ id, amount, date, reference });

describe('reassociation', () => {
  it('matches on the trace first, even when the amount differs, with the difference to the cent', () => {
    const r = reassociate([era('E1', 'EFT777', '1234.56', '2026-03-01')], [dep('D1', '1234.56', '2026-03-02'), dep('D2', '1234.50', '2026-03-09', 'TRN*1*EFT777*1512345678')]);
    expect(r.matched).toEqual([{ eraId: 'E1', depositId: 'D2', by: 'trace', difference: '-0.06' }]);
    expect(r.unmatchedDeposits).toEqual(['D1']);
    expect(r.totals).toEqual({ matchedDifference: '-0.06', unmatchedEras: '0.00', unmatchedDeposits: '1234.56' });
  });

  it('does not take trace 12 for trace 123', () => {
    const r = reassociate([era('E1', '12', '5.00', '2026-03-01')], [dep('D1', '6.00', '2026-03-01', 'TRN*1*123*1')]);
    expect(r.matched).toEqual([]);
  });

  it('matches on amount within the date window, nearest date first, never one deposit to two ERAs', () => {
    const eras = [era('E1', 'A', '100.00', '2026-03-01'), era('E2', 'B', '100.00', '2026-03-02')];
    const r = reassociate(eras, [dep('D1', '100.00', '2026-03-02')], { windowDays: 3 });
    expect(r.matched).toHaveLength(1);
    expect(r.matched[0]).toMatchObject({ eraId: 'E1', depositId: 'D1', by: 'amount-date', difference: '0.00' });
    expect(r.unmatchedEras).toEqual(['E2']);
    expect(r.totals.unmatchedEras).toBe('100.00');
    // input order does not change the answer
    expect(reassociate([...eras].reverse(), [dep('D1', '100.00', '2026-03-02')], { windowDays: 3 }).matched[0].eraId).toBe('E1');
    // outside the window: nothing
    expect(reassociate([era('E1', 'A', '100.00', '2026-03-01')], [dep('D1', '100.00', '2026-03-05')], { windowDays: 3 }).matched).toEqual([]);
  });

  it('never gives a deposit named by one ERA’s trace to another ERA by amount', () => {
    const r = reassociate([era('E1', 'X1', '50.00', '2026-03-01'), era('E2', 'X2', '50.00', '2026-03-01')], [dep('D1', '50.00', '2026-03-01', 'X2')], { windowDays: 3 });
    expect(r.matched).toEqual([{ eraId: 'E2', depositId: 'D1', by: 'trace', difference: '0.00' }]);
    expect(r.unmatchedEras).toEqual(['E1']);
  });
});
