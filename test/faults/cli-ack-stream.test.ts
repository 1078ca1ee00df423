/**
 * Issue 12, round 6: `x12gw ack` writes the 999 / TA1 it builds segment by segment with back-pressure
 * (src/acks/generate.ts `writeAcknowledgments`, src/cli/output.ts) instead of one string per interchange
 * written at once, and ends quietly when its reader goes (`| head`), like `parse` and `report`.
 *
 * The input: an 837P of 5,000 transaction sets (the professional sample's, renumbered), whose 999 is
 * ~200 KB (two segments per transaction set acknowledged), more than a pipe holds.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ackCommand } from '../../src/cli/commands/ack.js';
import { buildAcknowledgments } from '../../src/acks/generate.js';
import { readAcknowledgments } from '../../src/acks/read-999.js';
import { readX12 } from '../../src/guides/reader.js';

const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
const DATE = '2024-03-01T10:30:00Z';
const SETS = 5000;

const dir = mkdtempSync(join(tmpdir(), 'x12gw-ack-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** The professional sample's one transaction set, `sets` times with its own ST02 each. */
function many837(sets: number): string {
  const lines = readFileSync(join(ROOT, 'samples/claims/professional.837'), 'latin1').trim().split('\n');
  const st = lines.findIndex((l) => l.startsWith('ST*'));
  const se = lines.findIndex((l) => l.startsWith('SE*'));
  const body = lines.slice(st + 1, se);
  const out = lines.slice(0, st);
  for (let i = 1; i <= sets; i++) {
    const control = String(i).padStart(9, '0');
    out.push(`ST*837*${control}*005010X222A1~`, ...body, `SE*${body.length + 2}*${control}~`);
  }
  const gs = lines.find((l) => l.startsWith('GS*'))!.split('*')[6];
  out.push(`GE*${sets}*${gs}~`, lines[lines.length - 1]!);
  return out.join('\n') + '\n';
}

/** What the 999 / TA1 of `text` are, collected whole (`buildAcknowledgments`, as before this change), with the CLI's options. */
function wholeAcknowledgments(text: string): string {
  const now = new Date(DATE);
  const options = { date: '20240301', time: now.toISOString().slice(11, 16).replace(':', ''), interchangeControlNumber: (i: number) => 1 + i, groupControlNumber: (i: number) => 1 + i, lineEnding: '\n' };
  return buildAcknowledgments(readX12(text), options)
    .map((a) => (a.ta1 ?? '') + (a.ack999 ?? ''))
    .join('');
}

describe('x12gw ack streams its output', () => {
  const big = join(dir, 'many.837');
  writeFileSync(big, many837(SETS));

  it('writes in bounded pieces with back-pressure, the same bytes as the whole acknowledgment, one AK2 per transaction set', async () => {
    const pieces: number[] = [];
    let text = '';
    vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
      pieces.push(Buffer.byteLength(chunk as string));
      text += chunk.toString();
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    }) as typeof process.stdout.write);
    vi.spyOn(process.stderr, 'write').mockImplementation((() => true) as typeof process.stderr.write);
    expect(await ackCommand(big, { date: DATE })).toBe(0);
    expect(text).toBe(wholeAcknowledgments(readFileSync(big, 'latin1')));
    const { acks } = readAcknowledgments(text);
    expect(acks[0]!.transactions).toHaveLength(SETS);
    // Before: one write of the whole interchange's 999 (~200 KB); now 64 KiB batches with a wait for 'drain' between.
    expect(text.length).toBeGreaterThan(150_000);
    expect(Math.max(...pieces)).toBeLessThan(64 * 1024 + 1024);
    expect(pieces.length).toBeGreaterThan(2);
  }, 120_000);

  it('the samples: -o writes the same bytes as the whole acknowledgment, and they validate against the 999 / TA1 guides', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation((() => true) as typeof process.stderr.write);
    for (const sample of ['claims/professional.837', 'claims/institutional.837', 'claims/dental.837', 'claims/bad-input.837']) {
      const out = join(dir, `${sample.replace('/', '-')}.999`);
      const code = await ackCommand(join(ROOT, 'samples', sample), { date: DATE, output: out });
      expect(code, sample).toBeLessThan(2);
      const written = readFileSync(out, 'latin1');
      expect(written, sample).toBe(wholeAcknowledgments(readFileSync(join(ROOT, 'samples', sample), 'latin1')));
      const report = readX12(written);
      expect(report.interchanges.length, sample).toBeGreaterThan(0);
      expect(report.interchanges.flatMap((ic) => ic.findings).filter((f) => f.severity === 'error'), sample).toEqual([]);
    }
  }, 120_000);

  it('`| head -c 100` ends it quietly: exit 0, nothing on stderr', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" --import tsx "${MAIN}" ack "${big}" --date ${DATE} 2>"${dir}/err.txt" | head -c 100 >/dev/null; echo "exit \${PIPESTATUS[0]}"`], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.stdout.trim()).toBe('exit 0');
    // Before: the interchange's verdict line was printed after the reader had gone.
    expect(readFileSync(join(dir, 'err.txt'), 'utf8')).toBe('');
  }, 120_000);
});
