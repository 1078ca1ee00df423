import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCommand } from '../../../src/cli/commands/generate.js';
import { read837 } from '../../../src/claims/index.js';
import { professionalInput } from './fixtures.js';

const samples = new URL('../../../samples/claims/', import.meta.url).pathname;
const partners = new URL('../../../config/partners/', import.meta.url).pathname;
const date = '2024-06-01T09:30:00Z';

let dir: string;
let out: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'x12gw-generate-'));
  out = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('x12gw generate', () => {
  it('bad NDJSON input: a report per bad claim with the fix, the good claims still generated, exit 1', async () => {
    const output = join(dir, 'out.837');
    const code = await generateCommand(join(samples, 'bad-input.ndjson'), { output, partners, date, controlNumber: '301' });
    expect(code).toBe(1);
    expect(readFileSync(output, 'utf8')).toBe(readFileSync(join(samples, 'bad-input.837'), 'utf8'));
    const report = out.join('');
    for (const [id, code] of [['(no claim id)', 'JSON-MALFORMED'], ['SCHEMA-1', 'FIELD-MISSING'], ['PARTNER-1', 'PARTNER-UNKNOWN'], ['DELIM-1', 'DELIMITER-IN-VALUE'], ['ACCENT-1', 'NON-ASCII-CHARACTER']]) {
      expect(report).toMatch(new RegExp(`REJECTED bad-input\\.ndjson line \\d+ claim ${id.replace(/[()]/g, '\\$&')}\\n[^\\n]*\\[${code}\\]\\n\\s+fix: `));
    }
    expect(report).toContain('7 claim(s) read, 2 generated, 5 rejected');
    expect(read837(readFileSync(output)).claims.map((c) => c.claimId).sort()).toEqual(['GOOD-1', 'GOOD-2']);
    expect(readdirSync(dir)).toEqual(['out.837']);
    // The report never carries the values that were wrong (PHI).
    expect(report).not.toContain('BRIEN');
    expect(report).not.toContain('JOS');
  });

  it('a clean JSON batch: exit 0 and the 837 next to it by default', async () => {
    const batch = join(dir, 'batch.json');
    writeFileSync(batch, JSON.stringify({ partnerId: 'demo', claims: [professionalInput()] }));
    expect(await generateCommand(batch, { partners, date })).toBe(0);
    const { claims } = read837(readFileSync(join(dir, 'batch.837')));
    expect(claims.map((c) => c.claimId)).toEqual(['P-1001']);
  });

  it('-o naming something that is not a regular file (/dev/null, a FIFO) is refused before anything is written; --dry-run still runs', async () => {
    // The 837 is written beside its name and renamed onto it: as root, renamed onto `-o /dev/null` it
    // would replace the machine's /dev/null with a file. A FIFO stands for the device here.
    const batch = join(dir, 'batch.json');
    writeFileSync(batch, JSON.stringify({ partnerId: 'demo', claims: [professionalInput()] }));
    const fifo = join(dir, 'out.fifo');
    execFileSync('mkfifo', ['-m', '644', fifo]);
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
    expect(await generateCommand(batch, { partners, date, output: fifo })).toBe(3);
    expect(err.join('')).toContain(`${fifo}: not a regular file`);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(statSync(fifo).mode & 0o777).toBe(0o644);
    expect(readdirSync(dir).sort()).toEqual(['batch.json', 'out.fifo']);
    expect(await generateCommand(batch, { partners, date, output: fifo, dryRun: true })).toBe(0);
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it('--dry-run writes nothing and still reports', async () => {
    const batch = join(dir, 'batch.json');
    writeFileSync(batch, JSON.stringify({ partnerId: 'demo', claims: [professionalInput(), professionalInput({ totalCharge: '1' })] }));
    expect(await generateCommand(batch, { partners, date, dryRun: true })).toBe(1);
    expect(existsSync(join(dir, 'batch.837'))).toBe(false);
    expect(out.join('')).toContain('TOTAL-CHARGE-MISMATCH');
  });

  it('--partner names the partner for claims that name none; an unknown one rejects every claim', async () => {
    const batch = join(dir, 'batch.json');
    writeFileSync(batch, JSON.stringify({ claims: [professionalInput()] }));
    expect(await generateCommand(batch, { partners, date, partner: 'demo' })).toBe(0);
    expect(await generateCommand(batch, { partners, date, partner: 'nope' })).toBe(1);
    expect(out.join('')).toContain('[PARTNER-UNKNOWN]');
  });

  it('a batch file that is not JSON is reported, not thrown; a missing file exits 2', async () => {
    const batch = join(dir, 'batch.json');
    writeFileSync(batch, '{ "claims": [');
    expect(await generateCommand(batch, { partners, date })).toBe(1);
    expect(out.join('')).toContain('[JSON-MALFORMED]');
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await generateCommand(join(dir, 'missing.json'), { partners, date })).toBe(2);
  });

  it('--json prints a machine-readable report', async () => {
    const batch = join(dir, 'batch.json');
    writeFileSync(batch, JSON.stringify({ partnerId: 'demo', claims: [professionalInput({ claimId: 'X1', totalCharge: '2' })] }));
    await generateCommand(batch, { partners, date, json: true });
    const report = JSON.parse(out.join(''));
    expect(report).toMatchObject({ read: 1, accepted: 0, rejected: 1 });
    expect(report.claims[0].findings[0]).toMatchObject({ claimId: 'X1', code: 'TOTAL-CHARGE-MISMATCH', field: '$.totalCharge' });
  });
});
