// Paired in-process A/B of generate's per-claim main-thread work with --jobs 1: JSON.parse of the line,
// the pipeline (model check, scrubber, writer) and the validation of the written bytes (validateWhileWriting).
import { readFileSync } from 'node:fs';
const [A, B] = ['/tmp/ab-gen7-base', '/tmp/ab-gen7-new2'];
const kind = process.argv[2] ?? 'professional';
const load = async (r) => ({
  createPipeline: (await import(r + '/dist/src/claims/pipeline.js')).createPipeline,
  seq: (await import(r + '/dist/src/claims/partner.js')).sequentialAllocator,
  PartnerProfile: (await import(r + '/dist/src/claims/partner.js')).PartnerProfile,
  vww: (await import(r + '/dist/src/cli/commands/check-written.js')).validateWhileWriting,
  summarize: (await import(r + '/dist/src/cli/commands/check-written.js')).summarizeReport,
});
const a = await load(A), b = await load(B);
const partner = a.PartnerProfile.parse(JSON.parse(readFileSync('/work/wt-gen7/config/partners/demo.json', 'utf8')));
const { syntheticClaim } = await import(A + '/dist/bench/claims-generate.js');
const lines = []; for (let i = 0; i < 10000; i++) lines.push(JSON.stringify(syntheticClaim(kind, i)));
const run = (m) => {
  let bytes = 0; let valid = true;
  const t = process.cpuUsage();
  const p = m.createPipeline({ partners: () => partner, defaultPartnerId: 'demo', today: '2024-06-01', date: '20240601', time: '1200', allocator: m.seq({ interchange: 1, group: 1 }), openFile: () => {
    const check = m.vww('x.837'); let buf = []; let size = 0;
    const drain = () => { if (!size) return; const bytesOut = Buffer.from(buf.join(''), 'utf8'); buf = []; size = 0; bytes += bytesOut.length; check.push(bytesOut); };
    return { write(s) { buf.push(s); size += s.length; if (size >= 65536) drain(); }, close() { drain(); valid &&= m.summarize(check.end()).valid; } };
  } });
  for (let i = 0; i < lines.length; i++) if (!p.accept(JSON.parse(lines[i]), { line: i + 1 }).accepted) throw new Error('rejected');
  p.end();
  const u = process.cpuUsage(t);
  if (!valid) throw new Error('invalid');
  return [(u.user + u.system) / lines.length, bytes];
};
const ra = [], rb = [];
const blocks = Number(process.argv[3] ?? 17);
for (let k = 0; k < blocks; k++) { const [x, y] = k % 2 ? [run(b), run(a)].reverse() : [run(a), run(b)]; if (x[1] !== y[1]) throw new Error('bytes differ'); if (k >= 2) { ra.push(x[0]); rb.push(y[0]); } }
const med = (v) => v.slice().sort((p, q) => p - q)[v.length >> 1];
console.log(kind, 'µs CPU/claim base', med(ra).toFixed(2), 'new', med(rb).toFixed(2), ((med(rb) / med(ra) - 1) * 100).toFixed(1) + '%', 'new cheaper in', ra.filter((x, i) => rb[i] < x).length, 'of', ra.length);
