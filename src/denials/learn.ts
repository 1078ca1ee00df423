/**
 * Denial prevention from history: from the practice's own posted 835s, learn payer-specific patterns that
 * predict a denial, each with its evidence, for a person to accept or dismiss. Pure.
 *
 * Three kinds of rule, each a contrast between the lines of one payer and one procedure that meet a
 * condition and those that do not:
 *  - `missing-modifier`   payer P denies procedure X without modifier Y (and pays it with Y);
 *  - `diagnosis-procedure` payer Q denies procedure X when the claim carries diagnosis D (and pays it without);
 *  - `prior-authorization` payer R denies procedure X without a prior authorization (and pays it with one).
 * A rule is kept when the condition's lines are at least `minSupport`, their denial rate at least
 * `minRate`, the other side has at least `minContrast` lines and its denial rate is at most
 * `maxContrastRate` — so a payer that simply denies X (or noise) yields nothing.
 *
 * Identity: a rule's key is its kind, payer, procedure and condition ("missing-modifier|P|97110|GP"); its
 * id is a hash of the key, so the same pattern learned again is the same rule. A dismissal stores the
 * remittances the evidence came from; `reconcileRules` keeps a dismissed rule dismissed until at least as
 * many denials from NEW remittances as the dismissed evidence had (and never fewer than minSupport) show it.
 */
import { createHash } from 'node:crypto';

/** One posted claim, as the learner needs it (no patient data: codes, ids and outcomes). */
export interface ClaimFact {
  claimId: string;
  payerId: string;
  remittanceId: string;
  /** Remittance (or adjudication) date, ISO. */
  date: string;
  providerNpi?: string;
  diagnoses: string[];
  priorAuthorization: boolean;
  lines: Array<{ procedureCode: string; modifiers: string[]; denied: boolean; carcs: string[] }>;
}

export type RuleKind = 'missing-modifier' | 'diagnosis-procedure' | 'prior-authorization';

export interface RuleEvidence {
  /** Lines meeting the condition, and how many of them were denied. */
  lines: number;
  denied: number;
  rate: number;
  /** Lines of the same payer and procedure not meeting it, and their denial rate. */
  contrastLines: number;
  contrastRate: number;
  claims: number;
  /** Remittances that carried the denials (sorted). */
  remittanceIds: string[];
  /** Denied lines per remittance id. */
  deniedByRemittance: Record<string, number>;
  /** Most frequent CARCs on the denied lines. */
  carcs: string[];
  firstSeen: string;
  lastSeen: string;
}

export interface LearnedRule {
  id: string;
  key: string;
  kind: RuleKind;
  payerId: string;
  procedureCode: string;
  modifier?: string;
  diagnosis?: string;
  /** The rule in the biller's words. */
  description: string;
  evidence: RuleEvidence;
}

export interface LearnOptions {
  minSupport: number;
  minRate: number;
  minContrast: number;
  maxContrastRate: number;
}

export const DEFAULT_LEARN_OPTIONS: Readonly<LearnOptions> = Object.freeze({ minSupport: 8, minRate: 0.7, minContrast: 5, maxContrastRate: 0.25 });

export const ruleKey = (kind: RuleKind, payerId: string, procedureCode: string, condition = ''): string => [kind, payerId, procedureCode, condition].join('|');
export const ruleId = (key: string): string => 'DR' + createHash('sha256').update(key).digest('hex').slice(0, 16);

interface LineFact {
  claim: ClaimFact;
  modifiers: ReadonlySet<string>;
  denied: boolean;
  carcs: string[];
}

interface Tally {
  lines: number;
  denied: number;
  claims: Set<string>;
  remittances: Map<string, number>;
  carcs: Map<string, number>;
  first: string;
  last: string;
}

const newTally = (): Tally => ({ lines: 0, denied: 0, claims: new Set(), remittances: new Map(), carcs: new Map(), first: '', last: '' });

function add(t: Tally, l: LineFact): void {
  t.lines++;
  t.claims.add(l.claim.claimId);
  if (!l.denied) return;
  t.denied++;
  t.remittances.set(l.claim.remittanceId, (t.remittances.get(l.claim.remittanceId) ?? 0) + 1);
  for (const c of l.carcs) t.carcs.set(c, (t.carcs.get(c) ?? 0) + 1);
  if (!t.first || l.claim.date < t.first) t.first = l.claim.date;
  if (l.claim.date > t.last) t.last = l.claim.date;
}

export function learnDenialRules(facts: readonly ClaimFact[], options: Partial<LearnOptions> = {}): LearnedRule[] {
  const o = { ...DEFAULT_LEARN_OPTIONS, ...options };
  // payer|procedure → its lines
  const groups = new Map<string, LineFact[]>();
  for (const claim of facts) {
    for (const l of claim.lines) {
      if (!l.procedureCode) continue;
      const k = `${claim.payerId}\u0000${l.procedureCode}`;
      let g = groups.get(k);
      if (!g) groups.set(k, (g = []));
      g.push({ claim, modifiers: new Set(l.modifiers), denied: l.denied, carcs: l.carcs });
    }
  }
  const rules: LearnedRule[] = [];
  for (const [k, lines] of groups) {
    if (lines.length < o.minSupport + o.minContrast) continue;
    const [payerId, procedureCode] = k.split('\u0000');
    const consider = (kind: RuleKind, condition: string, holds: (l: LineFact) => boolean, describe: string) => {
      const yes = newTally();
      const no = newTally();
      for (const l of lines) add(holds(l) ? yes : no, l);
      if (yes.lines < o.minSupport || no.lines < o.minContrast) return;
      const rate = yes.denied / yes.lines;
      const contrastRate = no.denied / no.lines;
      if (rate < o.minRate || contrastRate > o.maxContrastRate) return;
      const key = ruleKey(kind, payerId, procedureCode, condition);
      rules.push({
        id: ruleId(key),
        key,
        kind,
        payerId,
        procedureCode,
        ...(kind === 'missing-modifier' ? { modifier: condition } : kind === 'diagnosis-procedure' ? { diagnosis: condition } : {}),
        description: describe,
        evidence: {
          lines: yes.lines,
          denied: yes.denied,
          rate: round(rate),
          contrastLines: no.lines,
          contrastRate: round(contrastRate),
          claims: yes.claims.size,
          remittanceIds: [...yes.remittances.keys()].sort(),
          deniedByRemittance: Object.fromEntries([...yes.remittances.entries()].sort((a, b) => a[0].localeCompare(b[0]))),
          carcs: [...yes.carcs.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3).map(([c]) => c),
          firstSeen: yes.first,
          lastSeen: yes.last,
        },
      });
    };
    // Modifiers seen on paid lines are the candidates for "denied without Y".
    const paidModifiers = new Set<string>();
    const diagnoses = new Set<string>();
    for (const l of lines) {
      if (!l.denied) for (const m of l.modifiers) paidModifiers.add(m);
      if (l.denied) for (const d of l.claim.diagnoses) diagnoses.add(d);
    }
    for (const m of [...paidModifiers].sort()) consider('missing-modifier', m, (l) => !l.modifiers.has(m), `Payer ${payerId} denies procedure ${procedureCode} billed without modifier ${m}`);
    for (const d of [...diagnoses].sort()) consider('diagnosis-procedure', d, (l) => l.claim.diagnoses.includes(d), `Payer ${payerId} denies procedure ${procedureCode} with diagnosis ${d}`);
    consider('prior-authorization', '', (l) => !l.claim.priorAuthorization, `Payer ${payerId} requires a prior authorization for procedure ${procedureCode}`);
  }
  return rules.sort((a, b) => a.key.localeCompare(b.key));
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export type RuleStatus = 'proposed' | 'accepted' | 'dismissed';

/** What a person decided about a rule, as stored. */
export interface RuleDecision {
  id: string;
  status: RuleStatus;
  /** For a dismissal: the remittances its evidence came from, and how many denials that evidence had. */
  dismissedRemittanceIds?: readonly string[];
  dismissedDenied?: number;
}

export interface ReconciledRule extends LearnedRule {
  status: RuleStatus;
  /** A dismissed rule shown again because of new evidence: how many denials came from new remittances. */
  newDenials?: number;
}

/**
 * Learned rules with the decisions taken on them. Accepted stay accepted (with fresh evidence); dismissed
 * stay dismissed unless the denials from remittances outside the dismissed evidence reach
 * max(minSupport, dismissedDenied): then the rule is proposed again, saying how much is new.
 */
export function reconcileRules(learned: readonly LearnedRule[], decisions: readonly RuleDecision[], options: Partial<LearnOptions> = {}): ReconciledRule[] {
  const o = { ...DEFAULT_LEARN_OPTIONS, ...options };
  const byId = new Map(decisions.map((d) => [d.id, d]));
  return learned.map((rule) => {
    const d = byId.get(rule.id);
    if (!d || d.status === 'proposed') return { ...rule, status: 'proposed' };
    if (d.status === 'accepted') return { ...rule, status: 'accepted' };
    const seen = new Set(d.dismissedRemittanceIds ?? []);
    const fresh = Object.entries(rule.evidence.deniedByRemittance).reduce((n, [r, count]) => (seen.has(r) ? n : n + count), 0);
    const needed = Math.max(o.minSupport, d.dismissedDenied ?? 0);
    return fresh >= needed ? { ...rule, status: 'proposed', newDenials: fresh } : { ...rule, status: 'dismissed' };
  });
}
