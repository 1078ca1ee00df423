/**
 * Issue 12: 277CA reports stream like the 835's. `x12gw report` of a large 277CA made by the simulated
 * clearinghouse's writer, into a pipe, with the CLI's V8 heap capped at 64 MiB: CSV, HTML and JSON
 * complete with every claim in them. Before, the claim status report was built whole from every claim's
 * model (readClaimStatuses → claimStatusCsv / claimStatusHtml / JSON.stringify) and the capped CLI ran
 * out of heap.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLarge277CA } from '../../bench/large-835.js';

const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
const MB = Number(process.env.X12GW_LARGE_277_MB ?? 24);

const dir = mkdtempSync(join(tmpdir(), 'x12gw-277-'));
const file = join(dir, 'big.277ca');
let made: Awaited<ReturnType<typeof writeLarge277CA>>;

beforeAll(async () => {
  made = await writeLarge277CA(file, MB * 1e6);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `x12gw report --format F FILE` under a 64 MiB heap, stdout read by this process: status, stderr and what the text holds. */
async function report(format: string, count: (chunk: string) => void): Promise<{ status: number | null; stderr: string }> {
  const cli = spawn(process.execPath, ['--max-old-space-size=64', '--import', 'tsx', MAIN, 'report', '--format', format, file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let carry = '';
  cli.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  cli.stdout!.on('data', (d: Buffer) => {
    const text = carry + d.toString('utf8');
    const cut = text.lastIndexOf('\n') + 1;
    count(text.slice(0, cut));
    carry = text.slice(cut);
  });
  const status = await new Promise<number | null>((resolve) => cli.once('close', resolve));
  count(carry);
  return { status, stderr };
}

const matches = (text: string, re: RegExp) => text.match(re)?.length ?? 0;

describe(`report of a ${MB} MB 277CA under a 64 MiB heap`, () => {
  it('CSV: a row per claim, rejected ones flagged; exit 1 (rejected claims)', async () => {
    let rows = 0;
    let rejected = 0;
    const r = await report('csv', (t) => {
      rows += matches(t, /\r\n/g);
      rejected += matches(t, /,rejected,/g);
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(rows).toBe(made.claims + 1);
    expect(rejected).toBe(made.rejected);
  }, 240_000);

  it('HTML: every claim row, and each response counted after its table', async () => {
    let rows = 0;
    let claimsCounted = 0;
    const r = await report('html', (t) => {
      rows += matches(t, /<tr class="[^"]*"><td>BIG\d+/g);
      for (const m of t.matchAll(/Claims<b>(\d+)<\/b>/g)) claimsCounted += Number(m[1]);
    });
    expect(r.status, r.stderr).toBe(1);
    expect(rows).toBe(made.claims);
    expect(claimsCounted).toBe(made.claims);
  }, 240_000);

  it('JSON: every claim, with its response', async () => {
    let claims = 0;
    let responses = 0;
    const r = await report('json', (t) => {
      claims += matches(t, /"patientControlNumber": "BIG\d+"/g);
      responses += matches(t, /"guide": "277CA"/g);
    });
    expect(r.status, r.stderr).toBe(1);
    expect(claims).toBe(made.claims);
    expect(responses).toBe(made.responses);
  }, 240_000);
});
