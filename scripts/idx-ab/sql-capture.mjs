// --import hook (issue 12 round 11, branch idx): records each distinct SQL text that touches claims / claim_events /
// claim_lines, with its last parameters, one JSON line each to $SQL_CAPTURE_FILE (tag: $SQL_CAPTURE_TAG). Run from the
// checkout: NODE_OPTIONS="--import $PWD/scripts/idx-ab/sql-capture.mjs" SQL_CAPTURE_FILE=/tmp/cap.jsonl node dist/bench/workbench.js 3000
import { createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
const require = createRequire(process.cwd() + '/package.json');
const Database = require('better-sqlite3');
const out = process.env.SQL_CAPTURE_FILE;
const seen = new Set();
const RE = /\b(claims|claim_events|claim_lines)\b/i;
function rec(sql, args) {
  if (/^\s*explain/i.test(sql) || !RE.test(sql) || /^\s*(create|drop|pragma|alter)/i.test(sql)) return;
  if (seen.has(sql)) return;
  seen.add(sql);
  try { appendFileSync(out, JSON.stringify({ sql, params: args, src: process.env.SQL_CAPTURE_TAG ?? process.argv[1] }, (k, v) => typeof v === 'bigint' ? Number(v) : Buffer.isBuffer(v) ? null : v) + '\n'); } catch {}
}
const origPrepare = Database.prototype.prepare;
let patched = false;
Database.prototype.prepare = function (sql, ...rest) {
  const st = origPrepare.call(this, sql, ...rest);
  if (!patched) {
    patched = true;
    const proto = Object.getPrototypeOf(st);
    for (const m of ['run', 'get', 'all', 'iterate']) {
      const o = proto[m];
      proto[m] = function (...a) { rec(this.source, a); return o.apply(this, a); };
    }
  }
  return st;
};
