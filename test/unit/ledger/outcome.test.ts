import { describe, expect, it } from 'vitest';
import { paymentOutcome } from '../../../src/ledger/outcome.js';

const base = { statusCode: '1', paid: '80.00', patientResponsibility: '20.00', adjustments: [], lines: [] };

describe('payment outcome', () => {
  it('paid when reduced only by the contract and the patient share', () => {
    expect(paymentOutcome({ ...base, adjustments: [{ group: 'CO', reason: '45', amount: '50' }, { group: 'PR', reason: '2', amount: '20' }] })).toBe('paid');
  });
  it('denied on CLP02=4 or nothing paid and nothing owed', () => {
    expect(paymentOutcome({ ...base, statusCode: '4', paid: '0', patientResponsibility: '0' })).toBe('denied');
    expect(paymentOutcome({ ...base, paid: '0', patientResponsibility: '0', adjustments: [{ group: 'CO', reason: '50', amount: '150' }] })).toBe('denied');
  });
  it('paid when the whole amount is the deductible', () => {
    expect(paymentOutcome({ ...base, paid: '0', patientResponsibility: '150' })).toBe('paid');
  });
  it('partially paid when a line is denied or a non-contractual reduction applies', () => {
    expect(paymentOutcome({ ...base, adjustments: [{ group: 'CO', reason: '97', amount: '30' }] })).toBe('partially-paid');
    expect(
      paymentOutcome({
        ...base,
        lines: [
          { paid: '80', adjustments: [] },
          { paid: '0', adjustments: [{ group: 'CO', reason: '45', amount: '50' }] },
        ],
      }),
    ).toBe('partially-paid');
  });
  it('reversed on CLP02=22', () => {
    expect(paymentOutcome({ ...base, statusCode: '22', paid: '-80' })).toBe('reversed');
  });
});
