// Claims of every kind (samples, synthetic) with planted characters: delimiters, accents, emoji, controls, DEL,
// in random string leaves (seeded), so DELIMITER-IN-VALUE / NON-ASCII-CHARACTER / CHARACTERS-REPLACED fire.
import { readFileSync, writeFileSync } from 'node:fs';
import { syntheticClaim } from '/tmp/ab-gen7-base/dist/bench/claims-generate.js';
const R = '/work/wt-gen7/samples/';
const samples = ['claims/professional', 'claims/institutional', 'claims/dental', 'claims/secondary', 'claims/fifty-lines'].flatMap((n) => JSON.parse(readFileSync(R + n + '.json', 'utf8')).claims);
let seed = 20261207; const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const plants = ['A*B', 'X:Y', 'P^Q', 'Z~', 'Café', 'MÜLLER', 'Straße', '😀', 'A\u0001B', 'DEL\u007f', 'ok', 'TAB\tX', 'é'];
const out = [];
for (let i = 0; i < 20000; i++) {
  const c = JSON.parse(JSON.stringify(i % 3 === 0 ? samples[i % samples.length] : syntheticClaim(i % 2 ? 'professional' : 'institutional', i)));
  c.claimId = 'M' + i;
  if (rnd() < 0.5) {
    const holders = [];
    const walk = (o) => { for (const k in o) { if (typeof o[k] === 'string') holders.push([o, k]); else if (o[k] && typeof o[k] === 'object') walk(o[k]); } };
    walk(c);
    const n = 1 + Math.floor(rnd() * 2);
    for (let j = 0; j < n; j++) { const [o, k] = holders[Math.floor(rnd() * holders.length)]; if (k !== 'kind') o[k] = o[k] + plants[Math.floor(rnd() * plants.length)]; }
  }
  out.push(JSON.stringify(c));
}
writeFileSync('/tmp/gen7/mix2.ndjson', out.join('\n') + '\n');
