import { syntheticClaim } from '/tmp/ab-gen7-base/dist/bench/claims-generate.js';
import { writeFileSync } from 'node:fs';
const n = Number(process.argv[2]); let t = '';
for (let i = 0; i < n; i++) t += JSON.stringify(syntheticClaim('professional', i)) + '\n';
writeFileSync(process.argv[3], t);
