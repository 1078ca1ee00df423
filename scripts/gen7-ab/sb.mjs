const [A, B] = ['/tmp/ab-gen7-base', '/tmp/ab-gen7-new2'];
const load = async (r) => ({ scrub: (await import(r + '/dist/src/claims/scrub/scrub.js')).scrubClaim, Claim: (await import(r + '/dist/src/claims/model.js')).Claim });
const a = await load(A), b = await load(B);
const { syntheticClaim } = await import(A + '/dist/bench/claims-generate.js');
const kind = process.argv[2] ?? 'professional';
const claims = []; for (let i = 0; i < 20000; i++) claims.push(a.Claim.parse(syntheticClaim(kind, i)));
const run = (m) => { const t = process.cpuUsage(); let n = 0; const seen = new Set(); for (const c of claims) n += m.scrub(c, { today: '2024-06-01', seenClaimIds: seen }).length; const u = process.cpuUsage(t); return [(u.user + u.system) / claims.length, n]; };
const ra = [], rb = [];
for (let k = 0; k < 17; k++) { const x = run(a), y = run(b); if (x[1] !== y[1]) throw new Error('findings differ'); if (k >= 2) { ra.push(x[0]); rb.push(y[0]); } }
const med = (v) => v.slice().sort((p, q) => p - q)[v.length >> 1];
console.log(kind, 'µs/claim base', med(ra).toFixed(2), 'new', med(rb).toFixed(2), ((med(rb) / med(ra) - 1) * 100).toFixed(1) + '%', 'new cheaper in', ra.filter((x, i) => rb[i] < x).length, 'of', ra.length);
