/**
 * Denial-rule learner, measured honestly: synthetic histories (src/denials/synthetic-history.ts) with
 * four planted payer rules (a missing modifier twice, a diagnosis with a procedure, a prior
 * authorization) applied 90% of the time, plus random denials (noise) on every line. Train on months 1-6,
 * then on months 7-12 predict each line's denial with the learned rules and compare with what happened.
 *
 *  - rules: precision = learned rules that are planted / learned; recall = planted rules learned / planted
 *  - lines (months 7-12): precision = predicted lines that were denied / predicted; recall = of all denied
 *    lines (noise included: no rule can predict a random denial), and of the denials the planted rules caused
 *
 *   npx tsx bench/denial-learner.ts        (or `npm run bench` with BENCH_ONLY=denial-learner)
 */
import { learnDenialRules } from '../src/denials/learn.js';
import { ruleDeniesLine } from '../src/denials/rule-edits.js';
import { plantedKey, PLANTED_RULES, syntheticHistory } from '../src/denials/synthetic-history.js';

interface Row {
  scenario: string;
  seed: number;
  learned: number;
  rulePrecision: number;
  ruleRecall: number;
  linePrecision: number;
  lineRecallAll: number;
  lineRecallPlanted: number;
  ms: number;
}

function measure(scenario: string, seed: number, noiseRate: number, claimsPerMonth: number): Row {
  const history = syntheticHistory({ seed, months: 12, claimsPerMonth, noiseRate });
  const train = history.filter((c) => c.month <= 6);
  const test = history.filter((c) => c.month > 6);
  const t0 = performance.now();
  const rules = learnDenialRules(train);
  const ms = performance.now() - t0;
  const planted = new Set(PLANTED_RULES.map(plantedKey));
  const truePositives = rules.filter((r) => planted.has(r.key)).length;
  let predicted = 0;
  let predictedDenied = 0;
  let denied = 0;
  let plantedDenied = 0;
  let plantedCaught = 0;
  for (const c of test) {
    c.lines.forEach((l, i) => {
      const hit = rules.some((r) => ruleDeniesLine(r, c, l));
      if (hit) predicted++;
      if (l.denied) denied++;
      if (hit && l.denied) predictedDenied++;
      if (c.plantedBy[i]) {
        plantedDenied++;
        if (hit) plantedCaught++;
      }
    });
  }
  const ratio = (a: number, b: number) => (b ? a / b : 1);
  return { scenario, seed, learned: rules.length, rulePrecision: ratio(truePositives, rules.length), ruleRecall: ratio(truePositives, planted.size), linePrecision: ratio(predictedDenied, predicted), lineRecallAll: ratio(predictedDenied, denied), lineRecallPlanted: ratio(plantedCaught, plantedDenied), ms };
}

export async function run() {
  const scenarios: Array<[string, number, number]> = [
    ['noise 5%, 400 claims/month', 0.05, 400],
    ['noise 15%, 400 claims/month', 0.15, 400],
    ['noise 5%, 100 claims/month', 0.05, 100],
  ];
  const rows: Row[] = [];
  for (const [name, noise, perMonth] of scenarios) for (const seed of [1, 2, 3, 4, 5]) rows.push(measure(name, seed, noise, perMonth));
  const f = (x: number) => x.toFixed(3);
  console.log('scenario                        seed  rules  rule-P  rule-R  line-P  line-R(all)  line-R(planted)  learn-ms');
  for (const r of rows) console.log(`${r.scenario.padEnd(31)} ${String(r.seed).padStart(4)}  ${String(r.learned).padStart(5)}  ${f(r.rulePrecision)}   ${f(r.ruleRecall)}   ${f(r.linePrecision)}   ${f(r.lineRecallAll)}        ${f(r.lineRecallPlanted)}           ${r.ms.toFixed(0)}`);
  for (const [name] of scenarios) {
    const mine = rows.filter((r) => r.scenario === name);
    const mean = (k: keyof Row) => mine.reduce((n, r) => n + (r[k] as number), 0) / mine.length;
    console.log(`mean ${name}: rule precision ${f(mean('rulePrecision'))}, rule recall ${f(mean('ruleRecall'))}, line precision ${f(mean('linePrecision'))}, line recall ${f(mean('lineRecallAll'))} of all denials / ${f(mean('lineRecallPlanted'))} of planted-rule denials`);
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
