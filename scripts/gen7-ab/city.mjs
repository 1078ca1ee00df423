import { writeFileSync } from 'node:fs';
import { syntheticClaim } from '/tmp/ab-gen7-base/dist/bench/claims-generate.js';
const a = syntheticClaim('professional', 1), b = syntheticClaim('professional', 2);
b.subscriber.address.city = 'é';
writeFileSync('/tmp/gen7/city.ndjson', JSON.stringify(a) + '\n' + JSON.stringify(b) + '\n');
