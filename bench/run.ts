/**
 * `npm run bench`: every benchmark in bench/, one after another, each printing its own table.
 * BENCH_ONLY=x12-engine,claims-generate,remits-parse,cli-paths,instances picks some; BENCH_SIZES=10,100 limits file sizes.
 */
const suites: Array<[string, () => Promise<{ run: () => Promise<unknown> }>]> = [
  ['x12-engine', () => import('./x12-engine.js')],
  ['claims-generate', () => import('./claims-generate.js')],
  ['remits-parse', () => import('./remits-parse.js')],
  ['workbench', () => import('./workbench.js')],
  ['intake', () => import('./intake.js')],
  ['denial-learner', () => import('./denial-learner.js')],
  ['cli-paths', () => import('./cli-paths.js')],
  ['instances', () => import('./instances.js')],
];

const only = process.env.BENCH_ONLY?.split(',');
for (const [name, load] of suites) {
  if (only && !only.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  const mod = await load();
  await mod.run();
}
