// Index catalog (issue 12 round 11, branch idx): node scripts/idx-ab/index-catalog.mjs <base root> <new root> <captured .jsonl...>
// For every index on claims / claim_events / claim_lines, how many captured statements (sql-capture.mjs) seek it
// on a freshly migrated ledger of each build (no ANALYZE: plans do not depend on the rows), by where they came from.
import { createRequire } from 'node:module';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const require = createRequire(process.cwd() + '/package.json');
const Database = require('better-sqlite3');
const res = {};
const [baseRoot, newRoot, ...caps] = process.argv.slice(2);
for (const [tag, dist] of [['base', join(baseRoot, 'dist/src/ledger/db.js')], ['new', join(newRoot, 'dist/src/ledger/db.js')]]) {
  const { openLedgerDb } = await import(dist);
  const dir = mkdtempSync(join(tmpdir(), 'idx-cat-'));
  (await openLedgerDb({ dataDir: dir })).close();
  const a = new Database(join(dir, 'ledger.sqlite'));
  const stmts = new Map();
  for (const f of caps) for (const line of readFileSync(f, 'utf8').split('\n')) if (line) { const r = JSON.parse(line); if (!/^\s*explain/i.test(r.sql) && !stmts.has(r.sql)) stmts.set(r.sql, r); }
  const use = {};
  const plans = new Map();
  for (const [s, r] of stmts) {
    let p; try { const st = a.prepare('EXPLAIN QUERY PLAN ' + s); p = st.all(...(r.params ?? [])).map((x) => x.detail); } catch { continue; }
    plans.set(s, p);
    const kind = /^\s*(insert|update|delete)/i.test(s) ? 'write' : 'read';
    const area = /practice_id IN \(/.test(s) ? 'scoped' : r.src;
    for (const d of p) for (const m of d.matchAll(/USING (?:COVERING )?INDEX (\w+)/g)) { (use[m[1]] ??= {}); use[m[1]][area] = (use[m[1]][area] ?? 0) + 1; }
  }
  const idx = a.prepare("select name, tbl_name, sql from sqlite_master where type='index' and tbl_name in ('claims','claim_events','claim_lines') order by tbl_name,name").all();
  res[tag] = { idx, use, n: stmts.size, plans };
}
const names = [...new Set([...res.base.idx, ...res.new.idx].map((i) => i.tbl_name + '|' + i.name))];
for (const k of names) {
  const [t, n] = k.split('|');
  const def = (res.base.idx.find((i) => i.name === n) ?? res.new.idx.find((i) => i.name === n))?.sql?.replace(/^CREATE (UNIQUE )?INDEX "?\w+"? on "?\w+"? /i, '').replace(/"/g, '') ?? '(primary key)';
  const fmt = (u) => u ? Object.entries(u).map(([a, c]) => `${a} ${c}`).join(', ') : '—';
  console.log(`| ${t} | ${n} | ${def} | ${fmt(res.base.use[n])} | ${res.new.idx.some((i) => i.name === n) ? fmt(res.new.use[n]) : 'dropped'} |`);
}
console.log(`statements: ${res.base.n}`);
// Plans that changed between the builds; a table scan (`SCAN x` with no index) or a sort the base plan did not have.
const count = (p, re) => p.filter((d) => re.test(d)).length;
let changed = 0;
for (const [s, b] of res.base.plans) {
  const n = res.new.plans.get(s);
  if (!n || JSON.stringify(n) === JSON.stringify(b)) continue;
  changed++;
  const worse = [];
  if (count(n, /^SCAN \w+$/) > count(b, /^SCAN \w+$/)) worse.push('NEW TABLE SCAN');
  if (count(n, /TEMP B-TREE/) > count(b, /TEMP B-TREE/)) worse.push('NEW SORT');
  if (worse.length || process.env.SHOW_CHANGED) console.log(`${worse.join(', ') || 'changed'}: ${s.replace(/\s+/g, ' ').slice(0, 160)}\n  base: ${b.join(' | ')}\n  new:  ${n.join(' | ')}`);
}
console.log(`plans changed: ${changed}`);
