// Issue 12 round 12 (branch wb2): the workbench bench's pages on a copy of a seeded ledger, as the practice's biller
// (or service-wide), each page's server time and its slowest statements with their plans.
//   node scripts/wb2/page-sql.mjs <built root> <seeded dataDir> [biller|service] [page-name-filter]
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
const [root, seedDir, as = 'biller', only] = process.argv.slice(2);
const require = createRequire(join(root, 'package.json'));
const Database = require('better-sqlite3');
const { Kysely, SqliteDialect } = require('kysely');
// TRACE=1: every statement on stderr as it starts (to find one that does not finish).
if (process.env.TRACE) {
  const origPrepare = Database.prototype.prepare; let patched = false;
  Database.prototype.prepare = function (text, ...rest) {
    const st = origPrepare.call(this, text, ...rest);
    if (!patched) { patched = true; const proto = Object.getPrototypeOf(st);
      for (const m of ['run', 'get', 'all', 'iterate']) { const o = proto[m]; proto[m] = function (...a) { const t = performance.now(); process.stderr.write(`START ${this.source.replace(/\s+/g, ' ').slice(0, 300)}\n`); const r = o.apply(this, a); process.stderr.write(`  done ${(performance.now() - t).toFixed(1)} ms\n`); return r; }; } }
    return st;
  };
}
const { openLedgerDb, createLedger } = await import(join(root, 'dist/src/ledger/index.js'));
const { createUserStore } = await import(join(root, 'dist/src/ledger/users.js'));
const { buildServer } = await import(join(root, 'dist/src/api/app.js'));
const dir = mkdtempSync(join(tmpdir(), 'wb2-pages-'));
for (const s of ['', '-wal']) if (existsSync(join(seedDir, 'ledger.sqlite' + s))) copyFileSync(join(seedDir, 'ledger.sqlite' + s), join(dir, 'ledger.sqlite' + s));
const t0 = performance.now();
const handle = await openLedgerDb({ dataDir: dir });
const openMs = performance.now() - t0;
let rec = null;
const sqlite = new Database(handle.path);
const db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }), log: (e) => { if (rec && e.level === 'query') rec.push({ sql: e.query.sql, params: e.query.parameters, ms: e.queryDurationMillis }); } });
const users = createUserStore(handle.db);
const u = await users.createUser({ username: 'wb2', password: 'wb2-password-1234', role: 'biller' });
const token = as === 'biller' ? await users.createApiToken(u.id, 'wb2') : 'wb2-config-token-0123456789';
const server = await buildServer({ deps: { ledger: createLedger(db), tokens: ['wb2-config-token-0123456789'], workbench: { partnerIds: ['demo'] } }, logger: false });
const headers = { authorization: `Bearer ${token}` };
const sample = await handle.db.selectFrom('claims').select(['patient_last', 'member_id', 'data', 'total_charge']).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
const paidOne = await handle.db.selectFrom('claims').select('payer_claim_number').where('payer_claim_number', 'is not', null).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
const d = JSON.parse(sample.data); const q = encodeURIComponent;
const pages = [
  ['claims list (first page)', '/claims'], ['claims list (page 200)', '/claims?offset=10000'], ['claims: state filter', '/claims?state=ack-accepted'],
  ['claims: payer + date range', '/claims?payer=SIMPAYER1&from=2024-01-01&to=2030-12-31'], ['claims: date range only', '/claims?from=2024-01-01&to=2030-12-31'],
  ['claims: patient control no.', '/claims?pcn=B7-*'], ['aging page', '/aging'], ['aging API', '/v1/aging?limit=100'], ['worklist', '/worklist'], ['dashboard', '/'],
  ['patient balances (per claim)', '/balances?view=claims'], ['patient balances (per patient)', '/balances?view=patients'],
  ['claims: patient last-name prefix', `/claims?patient=${q((sample.patient_last ?? 'A').slice(0, 3).toLowerCase())}`], ['claims: member id', `/claims?memberId=${q(sample.member_id ?? '')}`],
  ['claims: date of birth', `/claims?dob=${d.patient?.birthDate ?? d.subscriber?.birthDate ?? '1980-01-01'}`], ['claims: amount', `/claims?amount=${sample.total_charge}`],
  ['API claims: patient prefix', `/v1/claims?patient=${q((sample.patient_last ?? 'A').slice(0, 3))}&limit=100`],
  ...(paidOne?.payer_claim_number ? [['claims: payer claim number', `/claims?payerClaimNumber=${q(paidOne.payer_claim_number)}`]] : []),
];
console.log(JSON.stringify({ openMs: Math.round(openMs), as }));
for (const [name, url] of pages) {
  if (only && !name.includes(only)) continue;
  await server.inject({ url, headers });
  rec = [];
  const t = performance.now();
  const res = await server.inject({ url, headers });
  const ms = performance.now() - t;
  const stmts = rec; rec = null;
  console.log(`\n== ${name} ${url} status ${res.statusCode} ${ms.toFixed(1)} ms, ${stmts.length} statements, sql ${stmts.reduce((s, x) => s + x.ms, 0).toFixed(1)} ms`);
  for (const s of [...stmts].sort((a, b) => b.ms - a.ms).slice(0, Number(process.env.TOP ?? 4))) {
    if (s.ms < Number(process.env.MINMS ?? 3)) break;
    let plan = [];
    try { plan = sqlite.prepare('EXPLAIN QUERY PLAN ' + s.sql).all(...s.params).map((p) => p.detail); } catch (e) { plan = [String(e)]; }
    console.log(`  ${s.ms.toFixed(1)} ms  ${s.sql.replace(/\s+/g, ' ').slice(0, 400)}\n     ${plan.join('\n     ')}`);
  }
}
await server.close(); await db.destroy(); await handle.close(); rmSync(dir, { recursive: true, force: true });
