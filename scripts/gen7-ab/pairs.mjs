import { readFileSync } from 'node:fs';
const [ref, ...others] = process.argv[2].split(',');
const rounds = {};
for (const f of process.argv.slice(3)) for (const l of readFileSync(f, 'utf8').split('\n')) {
  const m = /^(\S+) round (\d+) (\S+) exit \d+ ([\d.]+) ([\d.]+) ([\d.]+)/.exec(l); if (!m) continue;
  ((rounds[f + m[2]] ??= {})[m[3]] = { wall: +m[4], cpu: +m[5] + +m[6] });
}
for (const o of others) { let w = 0, c = 0, n = 0; for (const r of Object.values(rounds)) if (r[ref] && r[o]) { n++; if (r[o].wall < r[ref].wall) w++; if (r[o].cpu < r[ref].cpu) c++; } console.log(`${o} vs ${ref}: lower wall in ${w}/${n}, lower CPU in ${c}/${n}`); }
