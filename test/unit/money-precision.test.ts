/** Money never rounds: sums of X12 amounts stay exact beyond decimal.js's default 20 significant digits. */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { MONEY_PRECISION } from '../../src/money/precision.js';
import { amountOf, sum } from '../../src/remits/values.js';

describe('money precision', () => {
  it('sums 21-digit amounts exactly (the default precision of 20 rounded 1000000000000000000.25 + 0 to …0.3)', () => {
    expect(MONEY_PRECISION).toBeGreaterThanOrEqual(40);
    expect(new Decimal('0').plus('1000000000000000000.25').toFixed(2)).toBe('1000000000000000000.25');
    expect(sum([amountOf('0')!, amountOf('1000000000000000000.25')!, amountOf('0.05')!]).toFixed(2)).toBe('1000000000000000000.30');
    expect(new Decimal('999999999999999999.99').times(100).plus('0.01').toFixed(2)).toBe('99999999999999999999.01');
  });
});
