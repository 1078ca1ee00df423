/**
 * Prepares the inputs of the 1 GB gateway soak once, ahead of the run (test/soak/gateway-300mb.soak.ts,
 * `X12GW_SOAK_PREPARED=DIR`): DIR/BIG.835 from the simulator's writer (bench/large-835.ts) and
 * DIR/data/ledger.sqlite seeded with the claims it pays, plus DIR/meta.json (the counts). The soak moves
 * both files into its own folder, so a prepared DIR is used once. Writing and seeding 1 GB take ~10–20 min
 * on this machine: done ahead, the soak's own time is the gateway's.
 * Run: `npx tsx bench/soak-prepare.ts DIR [MB]` (MB default 1024). Synthetic data only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLedger, openLedgerDb } from '../src/ledger/index.js';
import { seedClaims, writeLarge835 } from './large-835.js';

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: npx tsx bench/soak-prepare.ts DIR [MB]');
  const mb = Number(process.argv[3] ?? 1024);
  mkdirSync(join(dir, 'data'), { recursive: true });
  let t = Date.now();
  const big = await writeLarge835(join(dir, 'BIG.835'), mb * 1e6);
  console.log(`835: ${big.bytes} bytes, ${big.claims} claim payments in ${big.remittances} 835s, ${((Date.now() - t) / 1000).toFixed(0)} s`);
  t = Date.now();
  const handle = await openLedgerDb({ dataDir: join(dir, 'data') });
  await seedClaims(createLedger(handle.db), 'demo', big.claims);
  await handle.close();
  console.log(`ledger seeded with ${big.claims} claims, ${((Date.now() - t) / 1000).toFixed(0)} s`);
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(big));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
