/**
 * The denial-rule learner: planted payer rules are found with their evidence; noise finds nothing above
 * the thresholds; a dismissed rule never comes back from the same evidence (only when at least as much
 * new evidence as was dismissed arrives); accepted rules become scrubber findings naming the evidence.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Claim } from '../../../src/claims/model.js';
import { learnDenialRules, reconcileRules, ruleId, type LearnedRule, type RuleDecision } from '../../../src/denials/learn.js';
import { denialRuleEdits, type AcceptedRule } from '../../../src/denials/rule-edits.js';
import { PLANTED_RULES, plantedKey, syntheticHistory } from '../../../src/denials/synthetic-history.js';

const history = syntheticHistory({ seed: 7 });
const firstHalf = history.filter((c) => c.month <= 6);

describe('learnDenialRules', () => {
  it('finds every planted rule, and only those, with its evidence', () => {
    const rules = learnDenialRules(firstHalf);
    expect(rules.map((r) => r.key).sort()).toEqual(PLANTED_RULES.map(plantedKey).sort());
    const modifier = rules.find((r) => r.kind === 'missing-modifier' && r.payerId === 'PAYER-A')!;
    expect(modifier).toMatchObject({ procedureCode: '97110', modifier: 'GP', description: 'Payer PAYER-A denies procedure 97110 billed without modifier GP' });
    expect(modifier.evidence.rate).toBeGreaterThan(0.7);
    expect(modifier.evidence.contrastRate).toBeLessThan(0.25);
    expect(modifier.evidence.carcs).toEqual(['4']);
    expect(modifier.evidence.remittanceIds.length).toBeGreaterThan(3);
    expect(modifier.evidence.remittanceIds.every((r) => r.startsWith('R-PAYER-A-0'))).toBe(true);
    expect(Object.values(modifier.evidence.deniedByRemittance).reduce((a, b) => a + b, 0)).toBe(modifier.evidence.denied);
    expect(rules.find((r) => r.kind === 'prior-authorization')).toMatchObject({ payerId: 'PAYER-C', procedureCode: '72148' });
    expect(rules.find((r) => r.kind === 'diagnosis-procedure')).toMatchObject({ payerId: 'PAYER-B', procedureCode: '99214', diagnosis: 'Z0000' });
  });

  it('gives the same rule the same id however often it is learned', () => {
    const a = learnDenialRules(firstHalf);
    const b = learnDenialRules(history);
    for (const r of a) expect(b.find((x) => x.key === r.key)?.id).toBe(r.id);
    expect(a[0].id).toBe(ruleId(a[0].key));
  });

  it('finds nothing in noise, however noisy, over many seeds', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      for (const noiseRate of [0.05, 0.15, 0.3]) {
        expect(learnDenialRules(syntheticHistory({ seed, planted: [], noiseRate })), `seed ${seed} noise ${noiseRate}`).toEqual([]);
      }
    }
  });

  it('finds nothing for a payer that denies a procedure whatever the claim says (no contrast)', () => {
    const facts = syntheticHistory({ seed: 3, planted: [], noiseRate: 0 }).map((c) => ({
      ...c,
      lines: c.lines.map((l) => (c.payerId === 'PAYER-E' && l.procedureCode === '93000' ? { ...l, denied: true, carcs: ['96'] } : l)),
    }));
    expect(learnDenialRules(facts).filter((r) => r.payerId === 'PAYER-E')).toEqual([]);
  });
});

describe('reconcileRules', () => {
  const dismiss = (r: LearnedRule): RuleDecision => ({ id: r.id, status: 'dismissed', dismissedRemittanceIds: r.evidence.remittanceIds, dismissedDenied: r.evidence.denied });

  it('keeps a dismissed rule dismissed when the same evidence is learned again', () => {
    const learned = learnDenialRules(firstHalf);
    const target = learned.find((r) => r.payerId === 'PAYER-A')!;
    const again = reconcileRules(learnDenialRules(firstHalf), [dismiss(target)]);
    expect(again.find((r) => r.id === target.id)?.status).toBe('dismissed');
    expect(again.filter((r) => r.id !== target.id).every((r) => r.status === 'proposed')).toBe(true);
  });

  it('keeps it dismissed with a trickle of new evidence, and proposes it again with as much new evidence as was dismissed', () => {
    const target = learnDenialRules(firstHalf).find((r) => r.payerId === 'PAYER-A')!;
    const decisions = [dismiss(target)];
    const oneMoreMonth = reconcileRules(learnDenialRules(history.filter((c) => c.month <= 7)), decisions);
    expect(oneMoreMonth.find((r) => r.id === target.id)?.status).toBe('dismissed');
    const sixMoreMonths = reconcileRules(learnDenialRules(history), decisions);
    const back = sixMoreMonths.find((r) => r.id === target.id)!;
    expect(back.status).toBe('proposed');
    expect(back.newDenials).toBeGreaterThanOrEqual(target.evidence.denied);
  });

  it('keeps an accepted rule accepted', () => {
    const learned = learnDenialRules(firstHalf);
    expect(reconcileRules(learned, [{ id: learned[0].id, status: 'accepted' }])[0].status).toBe('accepted');
  });
});

describe('denialRuleEdits', () => {
  const sample = JSON.parse(readFileSync(join(__dirname, '../../../samples/claims/professional.json'), 'utf8')).claims[0];
  const claim = (patch: (c: any) => void) => {
    const c = structuredClone(sample);
    patch(c);
    return Claim.parse(c);
  };
  const rule: AcceptedRule = {
    id: 'DR0123456789abcdef',
    kind: 'missing-modifier',
    payerId: 'SHP01',
    procedureCode: '87880',
    modifier: 'QW',
    description: 'Payer SHP01 denies procedure 87880 billed without modifier QW',
    evidence: { denied: 12, lines: 14, rate: 0.857, remittanceIds: ['R1', 'R2', 'R3', 'R4'] },
    severity: 'warning',
  };

  it('warns on the line the rule would deny, naming the evidence and the field', () => {
    const findings = denialRuleEdits([rule], claim(() => undefined));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ claimId: 'P-1001', code: 'DENIAL-RULE', field: '$.lines[1].modifiers', severity: 'warning' });
    expect(findings[0].message).toBe('Payer SHP01 denies procedure 87880 billed without modifier QW: denied 12 of 14 such lines (86%) in remittances R1, R2, R3 and 1 more (rule DR0123456789abcdef).');
  });

  it('says nothing when the line carries the modifier or the claim goes to another payer', () => {
    expect(denialRuleEdits([rule], claim((c) => (c.lines[1].modifiers = ['QW'])))).toEqual([]);
    expect(denialRuleEdits([rule], claim((c) => (c.payer.id = 'OTHER')))).toEqual([]);
  });

  it('flags a missing prior authorization and a diagnosis the payer denies, as errors when so accepted', () => {
    const auth: AcceptedRule = { ...rule, kind: 'prior-authorization', modifier: undefined, procedureCode: '99213', description: 'Payer SHP01 requires a prior authorization for procedure 99213', severity: 'error' };
    expect(denialRuleEdits([auth], claim(() => undefined))).toEqual([]);
    expect(denialRuleEdits([auth], claim((c) => delete c.priorAuthorization))[0]).toMatchObject({ field: '$.priorAuthorization', severity: 'error' });
    const dx: AcceptedRule = { ...rule, kind: 'diagnosis-procedure', modifier: undefined, diagnosis: 'R05', procedureCode: '99213', description: 'Payer SHP01 denies procedure 99213 with diagnosis R05' };
    expect(denialRuleEdits([dx], claim(() => undefined))[0]).toMatchObject({ field: '$.lines[0].diagnosisPointers' });
  });
});
