// A seeded workbench ledger to reuse (issue 12 round 11, branch idx): the same 100,000 claims bench/workbench.ts
// seeds, written once with one build, so each A/B child opens a copy (BENCH_WORKBENCH_LEDGER) instead of seeding.
//   node scripts/idx-ab/wb-seed.mjs <built root> <claims> <dataDir>
import { join } from 'node:path';
const [root, nStr, dataDir] = process.argv.slice(2);
const total = Number(nStr);
const { openLedgerDb } = await import(join(root, 'dist/src/ledger/index.js'));
const { seedSlice } = await import(join(root, 'dist/bench/workbench-seed.js'));
const { partner } = await import(join(root, 'dist/bench/workbench.js'));
const handle = await openLedgerDb({ dataDir });
const ages = [2, 12, 25, 40, 55, 70, 85, 100, 130];
const untils = ['uploaded', 'uploaded', 'ack', 'status', 'paid'];
let seeded = 0;
for (let i = 0; seeded < total; i++) {
  const n = Math.min(2500, total - seeded);
  await seedSlice(handle.db, partner, { batchId: `B${i}`, claims: n, sentDaysAgo: ages[i % ages.length], until: untils[i % untils.length], start: seeded + 1 });
  seeded += n;
}
await handle.close();
console.log(JSON.stringify({ seeded, dataDir }));
