// Issue 12 round 12 (wb3): `node --import ./io-exit.mjs <script>` prints, on exit, one JSON line on stderr with the
// process's /proc/self/io write_bytes, its CPU (user + system) and peak RSS — the write cost of a run.
import { readFileSync } from 'node:fs';
process.on('exit', () => {
  const io = Number(/write_bytes: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))[1]);
  const cpu = process.cpuUsage();
  process.stderr.write(JSON.stringify({ wb3io: true, script: process.argv[1], writeMB: +(io / 1e6).toFixed(1), cpuS: +((cpu.user + cpu.system) / 1e6).toFixed(2), rssMB: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n');
});
