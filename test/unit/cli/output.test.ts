/** CLI output: waits for a slow reader, treats EPIPE as the end of the reader, creates files 0600. */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OutputError, ReaderGone, openOutput, streamOutput } from '../../../src/cli/output.js';

/** A writable that takes nothing until `release()` is called. */
function stalledWritable() {
  const held: Array<() => void> = [];
  let received = 0;
  const stream = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _enc, done) {
      received += chunk.length;
      held.push(done);
    },
  });
  return { stream, received: () => received, release: () => held.splice(0).forEach((d) => d()) };
}

describe('cli output', () => {
  it('ready() waits while the reader is behind, and resolves once it drains', async () => {
    const w = stalledWritable();
    const out = streamOutput(w.stream);
    out.write('x'.repeat(100_000));
    let ready = false;
    const waiting = out.ready().then(() => (ready = true));
    await new Promise((r) => setImmediate(r));
    expect(ready).toBe(false);
    w.release();
    await waiting;
    expect(ready).toBe(true);
    expect(w.received()).toBe(100_000);
  });

  it('EPIPE: ready() throws ReaderGone and later writes are dropped', async () => {
    const stream = new Writable({ write(_c, _e, done) { done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })); } });
    const out = streamOutput(stream);
    out.write('y'.repeat(70_000));
    await new Promise((r) => setImmediate(r));
    await expect(out.ready()).rejects.toBeInstanceOf(ReaderGone);
    out.write('more');
    await expect(out.end()).rejects.toBeInstanceOf(ReaderGone);
  });

  it('other write errors are OutputErrors naming the output', async () => {
    const stream = new Writable({ write(_c, _e, done) { done(Object.assign(new Error('no space left'), { code: 'ENOSPC' })); } });
    const out = streamOutput(stream, { name: 'report.csv' });
    out.write('z'.repeat(70_000));
    await new Promise((r) => setImmediate(r));
    await expect(out.ready()).rejects.toThrow(OutputError);
    await expect(out.ready()).rejects.toThrow(/report.csv: cannot write: no space left/);
  });

  it('a file output is created 0600 (also over an existing file) and holds everything written', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'x12gw-out-')), 'r.csv');
    writeFileSync(file, 'old', { mode: 0o644 });
    const out = openOutput(file);
    for (let i = 0; i < 1000; i++) out.write(`line ${i}\n`);
    await out.end();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(1001);
    expect(out.bytes).toBe(statSync(file).size);
  });

  it('an output that is not a regular file (`-o /dev/null`, a FIFO) keeps its permissions and gets everything', async () => {
    // A FIFO stands for /dev/null: as root, fchmod on `-o /dev/null` once made the machine's /dev/null 0600
    // (found when PostgreSQL's initdb, running as postgres, could no longer write to it).
    const dir = mkdtempSync(join(tmpdir(), 'x12gw-out-'));
    const fifo = join(dir, 'out.fifo');
    execFileSync('mkfifo', ['-m', '644', fifo]);
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    const received: Buffer[] = [];
    reader.stdout.on('data', (b: Buffer) => received.push(b));
    const closed = new Promise<number | null>((resolve) => reader.on('close', resolve));
    const out = openOutput(fifo);
    for (let i = 0; i < 1000; i++) out.write(`line ${i}\n`);
    await out.end();
    expect(await closed).toBe(0);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(statSync(fifo).mode & 0o777).toBe(0o644);
    expect(Buffer.concat(received).toString('utf8').split('\n')).toHaveLength(1001);
  });
});
