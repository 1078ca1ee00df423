// Intake + 837 generation of one batch (issue 12 round 11, branch idx): node scripts/idx-ab/intake-gen.mjs <built root> <claims> [chunkClaims]
// env DROP=index[,index]: drop those indexes first (per-index attribution). Prints CPU (user+system), wall and
// /proc/self/io write_bytes of each phase, and peak RSS, as one JSON line.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
const [root, nStr, chunkStr] = process.argv.slice(2);
const n = Number(nStr);
const d = (p) => import(join(root, 'dist', p));
const { GatewayConfigSchema, resolveConfig } = await d('src/gateway/config.js');
const { claimBatch, takeBatch, DEFAULT_INTAKE_SETTINGS } = await d('src/gateway/intake.js');
const { createLogger } = await d('src/gateway/logger.js');
const { createGateway } = await d('src/gateway/runtime.js');
const { generatePending } = await d('src/gateway/sender.js');
const { createLedger, openLedgerDb } = await d('src/ledger/index.js');
const { syntheticBatch } = await d('src/simulator/synthetic-claims.js');
const { partner } = await d('bench/workbench.js');
const dir = mkdtempSync(join(tmpdir(), 'idx-ab-'));
const cfg = GatewayConfigSchema.parse({ dataDir: join(dir, 'data'), folders: { outbox: join(dir, 'outbox'), inbox: join(dir, 'inbox'), reports: join(dir, 'reports') }, defaultPartner: 'demo' });
mkdirSync(join(dir, 'outbox'), { recursive: true });
const path = join(dir, 'outbox', 'bench.json');
writeFileSync(path, '{"batchId":"BENCH","partnerId":"demo","claims":[');
for (let s = 1; s <= n; s += 5000) { const k = Math.min(5000, n - s + 1); appendFileSync(path, (s > 1 ? ',' : '') + syntheticBatch({ batchId: 'BENCH', claims: k, start: s }).claims.map((c) => JSON.stringify(c)).join(',')); }
appendFileSync(path, ']}');
const handle = await openLedgerDb({ dataDir: cfg.dataDir });
if (process.env.DROP) { const { sql } = await import(join(root, 'node_modules/kysely/dist/esm/index.js')); for (const d of process.env.DROP.split(',')) await sql.raw(`DROP INDEX IF EXISTS ${d}`).execute(handle.db); }
const ledger = createLedger(handle.db);
const log = createLogger({ level: 'warn', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const gateway = createGateway({ resolved: resolveConfig(cfg, dir, [partner]), ledger, log, watch: false });
const io = () => Number(/write_bytes: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))[1]);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const snap = () => ({ t: performance.now() / 1000, c: cpu(), w: io() });
const diff = (a, b) => ({ wall: +(b.t - a.t).toFixed(2), cpu: +(b.c - a.c).toFixed(2), writeMB: +((b.w - a.w) / 1048576).toFixed(1) });
global.gc?.();
const s0 = snap();
const p = claimBatch(gateway.context, 'bench.json');
const outcome = await takeBatch(gateway.context, p, { ...DEFAULT_INTAKE_SETTINGS, chunkClaims: Number(chunkStr ?? 100) });
if (outcome !== 'recorded') throw new Error(outcome);
const s1 = snap();
const files = await generatePending(gateway.context);
const s2 = snap();
const intake = diff(s0, s1), gen = diff(s1, s2);
const claims = Number((await handle.db.selectFrom('claims').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
await gateway.stop(); await handle.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ drop: process.env.DROP ?? '', root, claims, files, intake, gen, genClaimsPerS: Math.round(claims / gen.wall), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n');
