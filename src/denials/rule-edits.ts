/**
 * Accepted denial rules as scrubber findings: for a new claim to the rule's payer, each line the rule
 * would deny gets a warning (or an error, when the person who accepted it chose so) naming the evidence.
 * Pure; the gateway loads the accepted rules from the ledger and passes them in.
 */
import type { Claim } from '../claims/model.js';
import type { ScrubFinding } from '../claims/scrub/types.js';
import type { LearnedRule } from './learn.js';

export interface AcceptedRule extends Pick<LearnedRule, 'id' | 'kind' | 'payerId' | 'procedureCode' | 'modifier' | 'diagnosis' | 'description'> {
  evidence: Pick<LearnedRule['evidence'], 'denied' | 'lines' | 'rate' | 'remittanceIds'>;
  severity: 'warning' | 'error';
}

/** What a rule looks at in a claim (the learner's facts have the same shape). */
export interface RuleClaimView {
  payerId: string;
  diagnoses: readonly string[];
  priorAuthorization: boolean;
  lines: ReadonlyArray<{ procedureCode: string; modifiers: readonly string[] }>;
}

export function ruleDeniesLine(rule: Pick<AcceptedRule, 'kind' | 'payerId' | 'procedureCode' | 'modifier' | 'diagnosis'>, claim: RuleClaimView, line: RuleClaimView['lines'][number]): boolean {
  if (claim.payerId !== rule.payerId || line.procedureCode !== rule.procedureCode) return false;
  switch (rule.kind) {
    case 'missing-modifier':
      return !line.modifiers.includes(rule.modifier ?? '');
    case 'diagnosis-procedure':
      return claim.diagnoses.includes(rule.diagnosis ?? '');
    case 'prior-authorization':
      return !claim.priorAuthorization;
  }
}

export function claimView(claim: Claim): RuleClaimView {
  return {
    payerId: claim.payer.id,
    diagnoses: claim.kind === 'institutional' ? claim.diagnoses.map((d) => d.code) : claim.diagnoses,
    priorAuthorization: Boolean(claim.priorAuthorization),
    lines: claim.lines.map((l) => ({ procedureCode: l.procedureCode ?? '', modifiers: l.modifiers })),
  };
}

const FIX: Record<AcceptedRule['kind'], (r: AcceptedRule) => string> = {
  'missing-modifier': (r) => `Add modifier ${r.modifier} to the line if the service supports it; this payer has denied the procedure without it.`,
  'diagnosis-procedure': (r) => `Check that diagnosis ${r.diagnosis} is the one that supports this procedure (or point the line at the diagnosis that does).`,
  'prior-authorization': () => 'Get the prior authorization from the payer and enter its number before sending.',
};

/** Findings for one claim from the accepted rules (none when no rule is about its payer). */
export function denialRuleEdits(rules: readonly AcceptedRule[], claim: Claim): ScrubFinding[] {
  const view = claimView(claim);
  const findings: ScrubFinding[] = [];
  for (const rule of rules) {
    if (rule.payerId !== view.payerId) continue;
    view.lines.forEach((line, i) => {
      if (!ruleDeniesLine(rule, view, line)) return;
      const shown = rule.evidence.remittanceIds.slice(0, 3).join(', ') + (rule.evidence.remittanceIds.length > 3 ? ` and ${rule.evidence.remittanceIds.length - 3} more` : '');
      findings.push({
        claimId: claim.claimId,
        code: 'DENIAL-RULE',
        field: rule.kind === 'missing-modifier' ? `$.lines[${i}].modifiers` : rule.kind === 'diagnosis-procedure' ? `$.lines[${i}].diagnosisPointers` : '$.priorAuthorization',
        message: `${rule.description}: denied ${rule.evidence.denied} of ${rule.evidence.lines} such lines (${Math.round(rule.evidence.rate * 100)}%) in remittances ${shown} (rule ${rule.id}).`,
        fix: FIX[rule.kind](rule),
        severity: rule.severity,
      });
    });
  }
  return findings;
}
