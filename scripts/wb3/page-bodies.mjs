// Issue 12 round 12 (branch wb3): the workbench bench's pages (wb2's page-sql.mjs list) on a copy of a seeded ledger,
// each page's status and body written to $OUT/<page> — to `cmp` a base build's pages with a new build's.
//   OUT=dir node scripts/wb3/page-bodies.mjs <built root> <seeded dataDir> [biller|service]
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
const out = process.env.OUT; const { writeFileSync, mkdirSync } = await import('node:fs'); mkdirSync(out, { recursive: true });
for (const [name, url] of pages) {
  const res = await server.inject({ url, headers });
  writeFileSync(join(out, name.replace(/[^a-z0-9]+/gi, '_')), `${res.statusCode}\n${res.body}`);
}
await server.close(); await db.destroy(); await handle.close(); rmSync(dir, { recursive: true, force: true });
