import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { paymentOutcome } from '../../../src/ledger/outcome.js';
import { deriveClaim, deriveLine } from '../../../src/remits/derive.js';

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
  it('a shortfall that is only the patient share is paid, also when a whole line went to the deductible (issue 11 item 3)', () => {
    const prOnlyLine = {
      ...base,
      paid: '80.00',
      patientResponsibility: '70.00',
      lines: [
        { charge: '100', paid: '80', adjustments: [{ group: 'PR', reason: '3', amount: '20' }] },
        { charge: '50', paid: '0', adjustments: [{ group: 'PR', reason: '1', amount: '50' }] },
      ],
    };
    expect(paymentOutcome(prOnlyLine)).toBe('paid');
  });
  it('the ledger and the 835 report give the same outcome for the same claim payment', () => {
    const cases = [
      { status: '1', paid: '80', lines: [{ charge: '100', paid: '80', adj: [['PR', '3', '20']] }, { charge: '50', paid: '0', adj: [['PR', '1', '50']] }] },
      { status: '1', paid: '80', lines: [{ charge: '100', paid: '80', adj: [['CO', '45', '20']] }, { charge: '50', paid: '0', adj: [['CO', '97', '50']] }] },
      { status: '1', paid: '70', lines: [{ charge: '100', paid: '70', adj: [['CO', '97', '30']] }] },
      { status: '4', paid: '0', lines: [{ charge: '100', paid: '0', adj: [['CO', '50', '100']] }] },
      { status: '2', paid: '60', lines: [{ charge: '100', paid: '60', adj: [['OA', '23', '40']] }] },
    ];
    for (const c of cases) {
      const adj = (xs: string[][]) => xs.map(([group, reason, amount]) => ({ group, reason, amount }));
      const ledger = paymentOutcome({ statusCode: c.status, paid: c.paid, patientResponsibility: '0', adjustments: [], lines: c.lines.map((l) => ({ charge: l.charge, paid: l.paid, adjustments: adj(l.adj) })) });
      const report = deriveClaim({
        status: c.status,
        billed: c.lines.reduce((t, l) => t.plus(l.charge), new Decimal(0)),
        paid: new Decimal(c.paid),
        adjustments: [],
        lines: c.lines.map((l) => deriveLine({ charge: new Decimal(l.charge), paid: new Decimal(l.paid), adjustments: adj(l.adj).map((a) => ({ ...a, amount: new Decimal(a.amount) })), amounts: [] } as never)),
      } as never).outcome;
      expect(ledger, JSON.stringify(c)).toBe(report);
    }
  });
});
