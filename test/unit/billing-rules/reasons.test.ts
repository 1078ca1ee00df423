import { describe, expect, it } from 'vitest';
import { reasonsFor } from '../../../src/api/workbench/views.js';

const denied = (adjustments: Array<{ group: string; reason: string; amount: string }>, remarks: string[] = [], state: 'denied' | 'partially-paid' = 'denied', options = {}) => reasonsFor(state, '{}', {}, adjustments, remarks, '2026-03-15', options);

describe('worklist reasons from an 835 (issue 11 item 3, issue 15: from the denial knowledge base)', () => {
  it('every denied or partially paid claim has a reason in words, also without an adjustment code', () => {
    for (const outcome of ['denied', 'partially-paid'] as const) {
      const reasons = denied([], [], outcome);
      expect(reasons.length).toBe(1);
      expect(reasons[0].text.length).toBeGreaterThan(20);
      expect(reasons[0].fix.length).toBeGreaterThan(20);
    }
  });

  it('the patient share, the contract and a prior payer are never reasons to fix; a real denial names the field and the next action', () => {
    const reasons = denied(
      [
        { group: 'PR', reason: '3', amount: '20' },
        { group: 'CO', reason: '45', amount: '10' },
        { group: 'OA', reason: '23', amount: '5' },
        { group: 'CO', reason: '4', amount: '50' },
      ],
      [],
      'partially-paid',
    );
    expect(reasons.map((r) => r.code)).toEqual(['CO-4']);
    expect(reasons[0]).toMatchObject({ field: '$.lines[0].modifiers', nextAction: 'correct-and-resubmit', deadline: { kind: 'timely-filing' } });
  });

  it('explains the reason and its remark in words (no generic sentence, no echoed remark, no stray ".:")', () => {
    const [r] = denied([{ group: 'CO', reason: '16', amount: '100' }], ['N290']);
    expect(r.text).toMatch(/rendering provider's NPI/);
    expect(r.text).not.toMatch(/Remark from the payer/);
    expect(r.fix).not.toMatch(/Correct the claim \(or add what is missing\)/);
    expect(`${r.text} ${r.fix}`).not.toMatch(/\.:|\.\./);
    expect(r.field).toBe('$.renderingProvider.npi');
  });

  it("uses the payer's appeal window from the partner profile and dates the deadline from the remittance", () => {
    const dflt = denied([{ group: 'CO', reason: '50', amount: '80' }], [], 'denied', { remittanceDate: '2026-03-01' })[0];
    const payer = denied([{ group: 'CO', reason: '50', amount: '80' }], [], 'denied', { deadlines: { appealWindowDays: 45 }, remittanceDate: '2026-03-01' })[0];
    expect(payer).toMatchObject({ nextAction: 'appeal', deadline: { kind: 'appeal-window', days: 45, dueDate: '2026-04-15' } });
    expect(payer.fix).toMatch(/2026-04-15/);
    expect(dflt.deadline?.days).not.toBe(45);
  });
});
