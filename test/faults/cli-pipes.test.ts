/**
 * x12gw in pipes, as a user runs it: output written with back-pressure (a slow reader never makes the
 * writer hold the output in memory), `| head -1` ends the job quietly with exit 0, 835 reports stream
 * (a 200 MB 835 under a 64 MiB heap), and CSV cells cannot run as spreadsheet formulas.
 *
 * Memory is checked two ways: the CLI runs under `node --max-old-space-size=64` (it dies if it buffers
 * output or builds a report whole), and its peak RSS is measured by /usr/bin/time (%M). The RSS bound is
 * loose because `--import tsx` alone takes ~145 MB here; the heap cap is the sharp check.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { write835, write837 } from '../../bench/synthetic.js';

const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
const TIME = '/usr/bin/time';
const HEAP_CAP = '--max-old-space-size=64';
/** Peak RSS allowed for the CLI under tsx (tsx's own ~145 MB + the 200 MB goal of the issue). */
const RSS_LIMIT_KB = 345 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'x12gw-pipes-'));
const big837 = join(dir, 'big.837');
const big835 = join(dir, 'big.835');
const huge835 = join(dir, 'huge.835');
let claims837 = 0;
let claims835 = 0;
let claimsHuge = 0;

/** A reader that takes 64 KiB at a time with a pause between reads, and counts bytes and lines. */
const SLOW_READER = `let bytes = 0, lines = 0, tail = '';
process.stdin.on('data', (d) => {
  bytes += d.length;
  for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) lines++;
  tail = (tail + d.toString('latin1')).slice(-200);
  process.stdin.pause();
  setTimeout(() => process.stdin.resume(), 2);
});
process.stdin.on('end', () => process.stdout.write(JSON.stringify({ bytes, lines, tail })));`;

interface PipeRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  peakRssKb: number;
  reader: { bytes: number; lines: number; tail: string };
}

/** `x12gw ARGS | slow reader`, the CLI under the heap cap and /usr/bin/time; both are real processes joined by an OS pipe. */
async function throughSlowReader(args: string[]): Promise<PipeRun> {
  const rssFile = join(dir, `rss-${Math.random().toString(36).slice(2)}`);
  const cli = spawn(TIME, ['-f', '%M', '-o', rssFile, process.execPath, HEAP_CAP, '--import', 'tsx', MAIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const reader = spawn(process.execPath, ['-e', SLOW_READER], { stdio: [cli.stdout!, 'pipe', 'inherit'] });
  let stderr = '';
  cli.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  let out = '';
  reader.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const [exit] = await Promise.all([
    new Promise<{ status: number | null; signal: NodeJS.Signals | null }>((resolve) => cli.once('exit', (status, signal) => resolve({ status, signal }))),
    new Promise((resolve) => reader.once('exit', resolve)),
  ]);
  return { ...exit, stderr, peakRssKb: Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()), reader: JSON.parse(out) };
}

/** `x12gw ARGS | head -1` through bash: the CLI's exit status and its stderr. */
function intoHead(args: string[]): { status: number; stderr: string; firstLine: string } {
  const errFile = join(dir, 'head.err');
  const quoted = [process.execPath, '--import', 'tsx', MAIN, ...args].map((a) => `'${a}'`).join(' ');
  const r = spawnSync('bash', ['-c', `${quoted} 2>'${errFile}' | head -1; exit \${PIPESTATUS[0]}`], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status ?? -1, stderr: readFileSync(errFile, 'utf8'), firstLine: r.stdout };
}

beforeAll(async () => {
  if (!existsSync(TIME)) throw new Error(`${TIME} is needed to measure the CLI's peak RSS`);
  claims837 = await write837(big837, 20e6);
  claims835 = await write835(big835, 20e6);
  claimsHuge = await write835(huge835, 200e6);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('x12gw in pipes', () => {
  it('parse --ndjson into a slow reader: the whole output arrives, the heap stays under 64 MiB, RSS bounded', async () => {
    const r = await throughSlowReader(['parse', '--ndjson', big837]);
    expect(r.stderr).toBe('');
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    // One line per claim (unit), one per transaction set, one summary.
    expect(r.reader.lines).toBeGreaterThan(claims837);
    // The summary record closes the output: its interchanges → groups → transactions end the last line.
    expect(r.reader.tail).toMatch(/"findingCount":\d+\}\]\}\]\}\]\}\n$/);
    expect(r.peakRssKb).toBeLessThan(RSS_LIMIT_KB);
  }, 300_000);

  it('parse (loop tree) into a slow reader: streamed JSON that parses, under the same caps', async () => {
    const r = await throughSlowReader(['parse', big837]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.reader.tail).toMatch(/\}\n\]\n$/);
    expect(r.reader.bytes).toBeGreaterThan(100e6);
    expect(r.peakRssKb).toBeLessThan(RSS_LIMIT_KB);
  }, 300_000);

  it('the loop tree streamed claim by claim is the tree of the file (a small file, parsed back)', () => {
    const small = join(dir, 'small.835');
    const text = readFileSync(big835, 'latin1');
    // The first 25 claim payments of the first transaction set, closed properly.
    const cut = text.indexOf('CLP*PCN000000026*');
    const body = text.slice(0, cut);
    const segments = body.split('~').length - 1 - 2; // ISA and GS are not counted in SE01
    writeFileSync(small, `${body}SE*${segments + 1}*0001~\nGE*1*1~\nIEA*1*000000001~\n`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'parse', small], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 << 20 });
    const [record] = JSON.parse(r.stdout);
    expect(record.guide).toBe('835');
    const payments = record.tree.children.filter((c: { loop?: string }) => c.loop === '2000').flatMap((h: { children: Array<{ loop?: string }> }) => h.children.filter((c) => c.loop === '2100'));
    expect(payments).toHaveLength(25);
    expect(payments[24].children[0]).toMatchObject({ segment: 'CLP', elements: expect.arrayContaining(['PCN000000025']) });
    expect(record.tree.children.at(-1)).toMatchObject({ segment: 'SE' });
  });

  it.each([
    ['parse --ndjson', ['parse', '--ndjson']],
    ['parse', ['parse']],
    ['report --format csv', ['report', '--format', 'csv']],
    ['report --format json', ['report', '--format', 'json']],
  ])('%s | head -1 exits 0 with nothing on stderr', (_name, args) => {
    const r = intoHead([...args, big835]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.firstLine.length).toBeGreaterThan(0);
  }, 180_000);

  it(`report --format csv on a generated 200 MB 835 completes under a 64 MiB heap, one row per service line`, async () => {
    expect(statSync(huge835).size).toBeGreaterThan(200e6);
    const r = await throughSlowReader(['report', '--format', 'csv', huge835]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.reader.lines).toBe(1 + 2 * claimsHuge);
    expect(r.peakRssKb).toBeLessThan(RSS_LIMIT_KB);
  }, 900_000);

  it.each(['json', 'html'])('report --format %s streams a 20 MB 835 under a 64 MiB heap', async (format) => {
    const r = await throughSlowReader(['report', '--format', format, big835]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    if (format === 'json') expect(r.reader.tail).toMatch(/\]\n$/);
    else {
      expect(r.reader.tail).toMatch(/<\/body><\/html>\n$/);
      expect(r.reader.tail).toMatch(/payment\(s\)/);
    }
    expect(r.peakRssKb).toBeLessThan(RSS_LIMIT_KB);
    expect(claims835).toBeGreaterThan(10_000);
  }, 600_000);

  it('report -o writes a 0600 file and says where it wrote', () => {
    const target = join(dir, 'remit.csv');
    writeFileSync(target, 'old', { mode: 0o644 });
    const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'report', '--format', 'csv', '-o', target, join(ROOT, 'samples/remits/paid-partial-denied.835')], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`wrote ${target}`);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readFileSync(target, 'utf8')).toBe(readFileSync(join(ROOT, 'samples/remits/paid-partial-denied.expected.csv'), 'utf8'));
  });

  it('report --format csv: formula payloads in CLP01 come out as text, not formulas', () => {
    const sample = readFileSync(join(ROOT, 'samples/remits/paid-partial-denied.835'), 'utf8');
    let n = 0;
    const payloads = ['=1+2+cmd|calc!A0', '-2+3+cmd|calc!A0', '@SUM(1+1)+cmd|calc!A0'];
    const injected = sample.replace(/^CLP\*[^*]*\*/gm, () => `CLP*${payloads[n++ % payloads.length]}*`);
    expect(n).toBe(3);
    const file = join(dir, 'injected.835');
    writeFileSync(file, injected);
    const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'report', '--format', 'csv', file], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    // 1: the report is written, and the guide engine flags the odd CLP01 values as problems.
    expect([0, 1]).toContain(r.status);
    const cells = r.stdout.trimEnd().split('\r\n').slice(1).map((line) => line.match(/^(?:"[^"]*(?:""[^"]*)*"|[^,]*)(?:,(?:"[^"]*(?:""[^"]*)*"|[^,]*)){2},("(?:[^"]|"")*"|[^,]*)/)![1]);
    expect(cells.length).toBeGreaterThanOrEqual(3);
    for (const p of payloads) expect(cells).toContain(`'${p}`);
    for (const c of cells) expect(c).toMatch(/^'/);
  });
});
