import { describe, expect, it } from 'vitest';
import { remittanceReasons } from '../../../src/workbench/reasons.js';

describe('worklist reasons from an 835 (issue 11 item 3)', () => {
  it('every denied or partially paid claim has a reason in words, also without an adjustment code', () => {
    for (const outcome of ['denied', 'partially-paid']) {
      const reasons = remittanceReasons([], [], outcome);
      expect(reasons.length).toBe(1);
      expect(reasons[0].text.length).toBeGreaterThan(20);
      expect(reasons[0].fix.length).toBeGreaterThan(20);
    }
  });
  it('the patient share, the contract and a prior payer are never reasons to fix; a real denial names the field', () => {
    const reasons = remittanceReasons(
      [
        { group: 'PR', reason: '3', amount: '20' },
        { group: 'CO', reason: '45', amount: '10' },
        { group: 'OA', reason: '23', amount: '5' },
        { group: 'CO', reason: '50', amount: '50' },
      ],
      [],
      'partially-paid',
    );
    expect(reasons.map((r) => r.code)).toEqual(['CO-50']);
    expect(reasons[0].field).toBe('$.diagnoses[0]');
  });
});
