/**
 * A synthetic remittance history with planted payer rules and noise, for the learner's tests and its
 * benchmark (bench/denial-learner.ts). Deterministic for a seed. Pure.
 */
import type { ClaimFact } from './learn.js';
import { ruleKey } from './learn.js';
import { ruleDeniesLine, type RuleClaimView } from './rule-edits.js';

export interface PlantedRule {
  kind: 'missing-modifier' | 'diagnosis-procedure' | 'prior-authorization';
  payerId: string;
  procedureCode: string;
  modifier?: string;
  diagnosis?: string;
  carc: string;
}

export const PLANTED_RULES: readonly PlantedRule[] = [
  { kind: 'missing-modifier', payerId: 'PAYER-A', procedureCode: '97110', modifier: 'GP', carc: '4' },
  { kind: 'missing-modifier', payerId: 'PAYER-D', procedureCode: '99213', modifier: '25', carc: '4' },
  { kind: 'diagnosis-procedure', payerId: 'PAYER-B', procedureCode: '99214', diagnosis: 'Z0000', carc: '11' },
  { kind: 'prior-authorization', payerId: 'PAYER-C', procedureCode: '72148', carc: '197' },
];

export const plantedKey = (r: PlantedRule) => ruleKey(r.kind, r.payerId, r.procedureCode, r.modifier ?? r.diagnosis ?? '');

export interface HistoryOptions {
  seed: number;
  months: number;
  claimsPerMonth: number;
  /** Chance that any line is denied for no learnable reason. */
  noiseRate: number;
  planted: readonly PlantedRule[];
  /** Chance that a planted rule denies a line it applies to (payers are not perfectly consistent). */
  plantedRate: number;
}

const PAYERS = ['PAYER-A', 'PAYER-B', 'PAYER-C', 'PAYER-D', 'PAYER-E'];
const PROCEDURES = ['97110', '99213', '99214', '72148', '20610', '93000', '36415', '80053', '97140', '99203'];
const MODIFIERS = ['GP', '25', '59', 'RT', 'LT'];
const DIAGNOSES = ['Z0000', 'I10', 'E119', 'M545', 'J069', 'R079', 'M25561', 'K219', 'F419', 'N390'];
const NOISE_CARCS = ['50', '16', '96', '18'];

/** mulberry32: a small seeded generator. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface HistoryClaim extends ClaimFact {
  month: number;
  /** Per line: the planted rule that denied it, if any. */
  plantedBy: Array<string | undefined>;
}

export function syntheticHistory(options: Partial<HistoryOptions> = {}): HistoryClaim[] {
  const o: HistoryOptions = { seed: 1, months: 12, claimsPerMonth: 400, noiseRate: 0.05, planted: PLANTED_RULES, plantedRate: 0.9, ...options };
  const rnd = seededRandom(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const out: HistoryClaim[] = [];
  for (let month = 1; month <= o.months; month++) {
    for (let i = 0; i < o.claimsPerMonth; i++) {
      const payerId = pick(PAYERS);
      const remittanceId = `R-${payerId}-${String(month).padStart(2, '0')}-${Math.floor(i / 25)}`;
      const diagnoses = [pick(DIAGNOSES), ...(rnd() < 0.4 ? [pick(DIAGNOSES)] : [])];
      const view: RuleClaimView = {
        payerId,
        diagnoses,
        priorAuthorization: rnd() < 0.5,
        lines: Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => ({ procedureCode: pick(PROCEDURES), modifiers: rnd() < 0.5 ? [pick(MODIFIERS)] : [] })),
      };
      const plantedBy: Array<string | undefined> = [];
      const lines = view.lines.map((l) => {
        const rule = o.planted.find((r) => ruleDeniesLine(r, view, l));
        if (rule && rnd() < o.plantedRate) {
          plantedBy.push(plantedKey(rule));
          return { ...l, modifiers: [...l.modifiers], denied: true, carcs: [rule.carc] };
        }
        plantedBy.push(undefined);
        const noise = rnd() < o.noiseRate;
        return { ...l, modifiers: [...l.modifiers], denied: noise, carcs: noise ? [pick(NOISE_CARCS)] : ['45'] };
      });
      out.push({ claimId: `C${month}-${i}`, payerId, remittanceId, date: `2025-${String(month).padStart(2, '0')}-15`, diagnoses, priorAuthorization: view.priorAuthorization, lines, month, plantedBy });
    }
  }
  return out;
}
