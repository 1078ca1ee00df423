/**
 * Accepted denial rules at intake (checkBatch): a claim to the rule's payer that the rule would deny gets
 * a DENIAL-RULE finding naming the evidence; a warning lets it go out, an error holds it; other payers
 * and claims without the pattern get nothing; with no rules nothing changes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AcceptedRule } from '../../../src/denials/rule-edits.js';
import { checkBatch } from '../../../src/gateway/claims-port.js';

const sample = JSON.parse(readFileSync(join(__dirname, '../../../samples/claims/professional.json'), 'utf8')).claims[0];
const rule: AcceptedRule = {
  id: 'DR00000000000000aa',
  kind: 'missing-modifier',
  payerId: 'SHP01',
  procedureCode: '87880',
  modifier: 'QW',
  description: 'Payer SHP01 denies procedure 87880 billed without modifier QW',
  evidence: { denied: 9, lines: 10, rate: 0.9, remittanceIds: ['R1', 'R2'] },
  severity: 'warning',
};
const options = { today: '2024-06-01', defaultPartner: 'demo', knownPartners: new Set(['demo']) };
const claims = () => {
  const other = structuredClone(sample);
  other.claimId = 'P-OTHER';
  other.payer.id = 'ELSE1';
  const fine = structuredClone(sample);
  fine.claimId = 'P-FINE';
  fine.lines[1].modifiers = ['QW'];
  return [structuredClone(sample), other, fine];
};

describe('denial rules at intake', () => {
  it('warns on the claim the rule would deny, names the evidence, and still sends it', () => {
    const [hit, other, fine] = checkBatch({ claims: claims() }, { ...options, denialRules: [rule] });
    expect(hit.findings.filter((f) => f.code === 'DENIAL-RULE')).toEqual([expect.objectContaining({ severity: 'warning', field: '$.lines[1].modifiers', message: expect.stringContaining('R1, R2') })]);
    expect(hit.intake.rejected).toBeUndefined();
    expect(other.findings.some((f) => f.code === 'DENIAL-RULE')).toBe(false);
    expect(fine.findings.some((f) => f.code === 'DENIAL-RULE')).toBe(false);
  });

  it('holds the claim when the rule was accepted as an error', () => {
    const [hit] = checkBatch({ claims: claims() }, { ...options, denialRules: [{ ...rule, severity: 'error' }] });
    expect(hit.intake.rejected).toEqual([expect.objectContaining({ code: 'DENIAL-RULE', field: '$.lines[1].modifiers' })]);
  });

  it('changes nothing without rules', () => {
    const withNone = checkBatch({ claims: claims() }, options);
    expect(withNone.flatMap((c) => c.findings).some((f) => f.code === 'DENIAL-RULE')).toBe(false);
  });
});
