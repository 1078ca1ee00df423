// Summarises scripts/wb2/ab.sh output: per page, each run's median (ms) by build, and the builds' CPU and peak RSS.
//   node scripts/wb2/summary.mjs out.jsonl
import { readFileSync } from 'node:fs';
const text = readFileSync(process.argv[2], 'utf8');
const runs = [];
let cur = null;
let buf = '';
for (const line of text.split('\n')) {
  if (line.startsWith('{"root"')) { cur = { root: JSON.parse(line).root.includes('/tmp/ab-') ? 'base' : 'new' }; runs.push(cur); buf = ''; continue; }
  if (!cur) continue;
  if (line.startsWith('{"user"')) { Object.assign(cur, JSON.parse(line)); continue; }
  if (line.startsWith('{"rc"')) { cur.rc = JSON.parse(line).rc; continue; }
  buf += line + '\n';
  if (line === '}') { try { cur.out = JSON.parse(buf); } catch {} buf = ''; }
}
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN; };
const pages = [...new Set(runs.flatMap((r) => Object.keys(r.out?.pages ?? {})))];
console.log(`| page | base, ms (each run) | new, ms (each run) | base median | new median | change |`);
console.log(`|---|---:|---:|---:|---:|---:|`);
for (const p of pages) {
  const b = runs.filter((r) => r.root === 'base').map((r) => r.out?.pages?.[p]?.medianMs).filter((x) => x !== undefined);
  const n = runs.filter((r) => r.root === 'new').map((r) => r.out?.pages?.[p]?.medianMs).filter((x) => x !== undefined);
  const mb = med(b), mn = med(n);
  console.log(`| ${p} | ${b.join(' / ') || '—'} | ${n.join(' / ') || '—'} | ${isNaN(mb) ? '—' : mb} | ${isNaN(mn) ? '—' : mn} | ${isNaN(mb) || isNaN(mn) ? '' : (((mn - mb) / mb) * 100).toFixed(0) + ' %'} |`);
}
for (const k of ['base', 'new']) {
  const rs = runs.filter((r) => r.root === k);
  console.log(`${k}: runs ${rs.length}, rc ${rs.map((r) => r.rc).join('/')}, CPU s ${rs.map((r) => (r.user + r.sys).toFixed(1)).join(' / ')}, wall s ${rs.map((r) => r.wallS).join(' / ')}, peak RSS MB ${rs.map((r) => Math.round(r.rssKB / 1024)).join(' / ')}, open s ${rs.map((r) => r.out?.openSeconds).join(' / ')}`);
}
