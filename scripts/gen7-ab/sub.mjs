import { readFileSync } from 'node:fs';
const p = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const nodes = new Map(p.nodes.map(n => [n.id, n]));
const self = new Map(); let total = 0;
for (let i = 0; i < p.samples.length; i++) { const d = p.timeDeltas[i] ?? 0; self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + d); total += d; }
const incl = new Map();
function sum(n) { let t = self.get(n.id) ?? 0; for (const c of n.children ?? []) t += sum(nodes.get(c)); incl.set(n.id, t); return t; }
sum(p.nodes[0]);
const key = n => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`;
const target = process.argv[3];
// aggregate children of all nodes whose key matches target
const agg = new Map(); let tot = 0;
for (const n of p.nodes) if (key(n).startsWith(target)) {
  tot += incl.get(n.id); agg.set('(self)', (agg.get('(self)') ?? 0) + (self.get(n.id) ?? 0));
  for (const c of n.children ?? []) { const cn = nodes.get(c); agg.set(key(cn), (agg.get(key(cn)) ?? 0) + incl.get(c)); }
}
console.log(target, (100 * tot / total).toFixed(1) + '%');
for (const [k, t] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((100 * t / total).toFixed(1).padStart(6) + '%  ' + k);
