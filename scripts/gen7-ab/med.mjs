import { readFileSync } from 'node:fs';
const rows = {};
for (const f of process.argv.slice(2)) for (const l of readFileSync(f, 'utf8').split('\n')) {
  const m = /round \d+ (\S+) exit (\d+) ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(l); if (!m) continue;
  (rows[m[1]] ??= []).push({ wall: +m[3], cpu: +m[4] + +m[5], rss: +m[6] / 1000 });
}
const med = (v) => { const s = v.slice().sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
for (const [k, v] of Object.entries(rows)) console.log(k, 'n', v.length, 'wall', med(v.map((r) => r.wall)).toFixed(2), `(${Math.min(...v.map(r=>r.wall))}–${Math.max(...v.map(r=>r.wall))})`, 'claims/s', (100000 / med(v.map((r) => r.wall))).toFixed(0), 'cpu', med(v.map((r) => r.cpu)).toFixed(2), `(${Math.min(...v.map(r=>r.cpu)).toFixed(2)}–${Math.max(...v.map(r=>r.cpu)).toFixed(2)})`, 'rss', med(v.map((r) => r.rss)).toFixed(0), `(${Math.min(...v.map(r=>r.rss)).toFixed(0)}–${Math.max(...v.map(r=>r.rss)).toFixed(0)})`);
