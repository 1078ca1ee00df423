/**
 * bench/x12-engine.ts names why a child did not survive. At 1 GiB node-x12 fails reading the file as one
 * string, and the row said `return binding.readFileUtf8(…)` (the source line printed above the error, the
 * first line mentioning "string") instead of the error. A real child failing the same way on a small input:
 * its source line mentions "string" before the RangeError's own line.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { failureReason } from '../../../bench/x12-engine.js';

const dir = mkdtempSync(join(tmpdir(), 'x12gw-bench-failure-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function stderrOf(source: string): string {
  const file = join(dir, `child-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, source);
  try {
    execFileSync(process.execPath, [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    return (err as { stderr: string }).stderr;
  }
  throw new Error('the child was expected to fail');
}

describe('x12-engine bench: why a child did not survive', () => {
  it("names the error, not the source line above it that mentions 'string'", () => {
    const stderr = stderrOf("const text = 'x';\nconst string = text.repeat(2 ** 29);\nconsole.log(string.length);\n");
    expect(stderr).toMatch(/const string = text\.repeat/); // the line the old pick returned
    expect(failureReason(stderr)).toBe('RangeError: Invalid string length');
  });

  it('names a Node error with its code', () => {
    const stderr = stderrOf("import { readFileSync } from 'node:fs';\nconst string = readFileSync('/nonexistent/x12gw-file', 'utf8');\n");
    expect(failureReason(stderr)).toMatch(/^Error: ENOENT: no such file or directory/);
  });

  it('falls back to a line mentioning memory, then to "failed"', () => {
    expect(failureReason('something\nout of memory here\n')).toBe('out of memory here');
    expect(failureReason('nothing useful\n')).toBe('failed');
  });
});
