import { describe, expect, it } from 'vitest';
import { isExpectedReduction, patientResponsibilityOf } from '../../../src/remits/derive.js';
import { EXPECTED_REDUCTIONS } from '../../../src/remits/outcome-rule.js';
import { adj, claim, d, line } from './build.js';

describe('derived claim figures', () => {
  it('knows the expected reductions by group and reason as the "group-reason" set does', () => {
    const parts = ['CO', 'OA', 'PR', '45', '253', '23', '4', '5', '-', 'CO-4', '45-', '', 'C', 'O-45'];
    let expected = 0;
    for (const group of parts)
      for (const reason of parts) {
        expect(isExpectedReduction(group, reason)).toBe(EXPECTED_REDUCTIONS.has(`${group}-${reason}`));
        if (isExpectedReduction(group, reason)) expected++;
      }
    expect(expected).toBe(EXPECTED_REDUCTIONS.size);
  });


  it('splits patient responsibility into deductible, coinsurance, copay and other PR', () => {
    const pr = patientResponsibilityOf([adj('PR', '1', '50'), adj('PR', '2', '12.5'), adj('PR', '3', '20'), adj('PR', '96', '7'), adj('CO', '1', '99'), adj('PR', '1', '5')]);
    expect(Object.fromEntries(Object.entries(pr).map(([k, v]) => [k, v.toString()]))).toEqual({ deductible: '55', coinsurance: '12.5', copay: '20', other: '7', total: '94.5' });
  });

  it('adds claim-level and line-level PR and computes allowed without PR', () => {
    const c = claim('300', '180', [adj('PR', '3', '10')], [line('300', '190', [adj('CO', '45', '60'), adj('PR', '1', '50')])]);
    expect(c.patientResponsibility.total.toString()).toBe('60');
    expect(c.allowed.toString()).toBe('240');
  });

  it('prefers AMT*B6 for the line allowed amount', () => {
    expect(line('200', '120', [adj('CO', '45', '30')], { amounts: [{ qualifier: 'B6', amount: d('175') }] }).allowed.toString()).toBe('175');
    expect(line('200', '120', [adj('CO', '45', '30')]).allowed.toString()).toBe('170');
  });

  it('names the outcome: paid, partially paid, denied, reversed', () => {
    expect(claim('100', '80', [adj('CO', '45', '20')]).outcome).toBe('paid');
    expect(claim('100', '0', [adj('PR', '1', '100')]).outcome).toBe('paid');
    expect(claim('100', '0', [adj('CO', '29', '100')]).outcome).toBe('denied');
    expect(claim('100', '0', [adj('PR', '1', '100')], [], { status: '4' }).outcome).toBe('denied');
    expect(claim('-100', '-80', [adj('CO', '45', '-20')], [], { status: '22' }).outcome).toBe('reversed');
    const lines = [line('100', '80', [adj('CO', '45', '20')]), line('50', '0', [adj('CO', '97', '50')])];
    expect(lines[1].denied).toBe(true);
    expect(claim('150', '80', [], lines).outcome).toBe('partially-paid');
  });
});
