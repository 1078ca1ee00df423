// node scripts/intake-ab/ledger-dump.mjs <root> <out.txt>: intake of fixed batches (valid, broken, duplicate, replacement claims) with a fixed clock in
// a fixed folder; writes the claims, claim_lines, claim_events, files tables (all columns, sorted) and the rejected reports.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path'; import { Writable } from 'node:stream';
const [,, root, outFile] = process.argv;
const imp = (p) => import(join(root, 'dist', p));
const { GatewayConfigSchema, resolveConfig } = await imp('src/gateway/config.js');
const { claimBatch, takeBatch, DEFAULT_INTAKE_SETTINGS } = await imp('src/gateway/intake.js');
const { createLogger } = await imp('src/gateway/logger.js');
const { createGateway } = await imp('src/gateway/runtime.js');
const { createLedger, openLedgerDb } = await imp('src/ledger/index.js');
const { syntheticBatch } = await imp('src/simulator/synthetic-claims.js');
const { partner } = await imp('bench/workbench.js');
const { sql } = await import(join(root, 'node_modules/kysely/dist/esm/index.js'));
const dir = '/tmp/intake2-dump-run';
rmSync(dir, { recursive: true, force: true });
mkdirSync(join(dir, 'outbox'), { recursive: true });
const config = GatewayConfigSchema.parse({ dataDir: join(dir, 'data'), folders: { outbox: join(dir, 'outbox'), inbox: join(dir, 'inbox'), reports: join(dir, 'reports') }, defaultPartner: 'demo' });
const handle = await openLedgerDb({ dataDir: config.dataDir });
const ledger = createLedger(handle.db);
const log = createLogger({ level: 'warn', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
let tick = Date.parse('2026-12-07T10:00:00.000Z');
const gateway = createGateway({ resolved: resolveConfig(config, dir, [partner]), ledger, log, watch: false, now: () => new Date((tick += 1000)) });
const a = syntheticBatch({ batchId: 'A', claims: 1500, start: 1 }).claims;
const broken = [{}, { claimId: 'X1' }, 'not a claim', { ...a[3], totalCharge: 'abc' }, { ...a[4], lines: [] }, { ...a[5], payer: null }, { ...a[6], partnerId: 'nobody' }];
const replacement = { ...a[7], claimId: a[7].claimId + 'R', frequency: '7', originalClaimNumber: 'PCN-NOT-SENT' };
const batches = [
  { name: 'a.json', doc: { batchId: 'A', partnerId: 'demo', claims: [...a, ...broken, a[10], a[11], replacement] } },
  // the same claims again in another batch: the ledger's DUPLICATE-CLAIM, and a few new ones
  { name: 'b.ndjson', text: [JSON.stringify({ record: 'batch', batchId: 'B', partnerId: 'demo' }), ...a.slice(0, 150).map((c) => JSON.stringify(c)), ...syntheticBatch({ batchId: 'B', claims: 250, start: 5001 }).claims.map((c) => JSON.stringify(c))].join('\n') + '\n' },
];
const outcomes = [];
for (const [i, b] of batches.entries()) {
  writeFileSync(join(dir, 'outbox', b.name), b.text ?? JSON.stringify(b.doc));
  const p = claimBatch(gateway.context, b.name);
  outcomes.push(await takeBatch(gateway.context, p, { ...DEFAULT_INTAKE_SETTINGS, chunkClaims: i === 0 ? 100 : 64, completion: 'done-marker' }));
}
const lines = [`outcomes ${JSON.stringify(outcomes)}`];
for (const [t, order] of [['files', 'id'], ['claims', 'id'], ['claim_lines', 'claim_id, line_number'], ['claim_events', 'seq']]) {
  const rows = (await sql.raw(`select * from ${t} order by ${order}`).execute(handle.db)).rows;
  lines.push(`table ${t} ${rows.length}`);
  // files.updated_at is the ledger's own wall clock (setFileState), not the gateway's: left out
  for (const r of rows) lines.push(JSON.stringify(t === 'files' ? { ...r, updated_at: '(wall clock)' } : r));
}
const rej = join(dir, 'outbox', 'rejected');
for (const f of readdirSync(rej).sort()) lines.push(`file ${f}`, readFileSync(join(rej, f), 'utf8'));
await gateway.stop(); await handle.close();
writeFileSync(outFile, lines.join('\n') + '\n');
console.log(outFile, outcomes, lines.length);
rmSync(dir, { recursive: true, force: true });
process.exit(0);
