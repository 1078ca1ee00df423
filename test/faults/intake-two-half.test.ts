/**
 * Completeness proven, not guessed (issue 10, item 5): a batch written in two halves with a pause longer
 * than the quiet period between them ends with every claim taken once, or its first half deferred until
 * it is complete — never half taken and the rest archived unprocessed. And the done-marker contract.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../../src/gateway/config.js';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const INTAKE: GatewayConfig['intake'] = { stableMs: 50, rescanIntervalMs: 200, usePolling: false, completion: 'quiet-period', maxAttempts: 3, chunkClaims: 500, settleMs: 1500 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const lines = (batchId: string, from: number, n: number) =>
  syntheticBatch({ batchId, claims: n, start: from })
    .claims.map((c) => JSON.stringify(c) + '\n')
    .join('');

async function claimsOf(harness: Harness, prefix: string) {
  return (await harness.ledger.listClaims({})).filter((c) => c.patient_control_number.startsWith(prefix));
}

/** Cycles for longer than the quiet period (the writer is "pausing"). */
async function pause(harness: Harness, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await harness.gateway.cycle({ poll: false });
    await sleep(60);
  }
}

describe('a batch written in two halves', () => {
  it('NDJSON through an open file: 15 lines, a pause longer than stableMs, 15 more → 30 claims, each once', async () => {
    h = await startHarness({ config: { intake: INTAKE } });
    const outbox = join(h.dir, 'outbox');
    mkdirSync(outbox, { recursive: true });
    const fd = openSync(join(outbox, 'halves.ndjson'), 'w');
    writeSync(fd, '{"record":"batch","batchId":"HALF","partnerId":"demo"}\n' + lines('HALF', 1, 15));
    await pause(h, 400); // > stableMs (50) several times over
    expect(await claimsOf(h, 'HALF-')).toHaveLength(15); // the first half was taken (it ends cleanly)...
    writeSync(fd, lines('HALF', 16, 15));
    closeSync(fd);
    await pause(h, 400);
    const taken = await claimsOf(h, 'HALF-');
    expect(taken).toHaveLength(30);
    expect(new Set(taken.map((c) => c.patient_control_number)).size).toBe(30);
    // Not archived while the writer might still append; archived once quiet for settleMs.
    expect(readdirSync(join(outbox, 'archive'), { withFileTypes: false, encoding: 'utf8' }).filter((n) => n.startsWith('halves'))).toHaveLength(0);
    await pause(h, INTAKE.settleMs + 300);
    expect(existsSync(join(outbox, 'archive', 'halves.ndjson'))).toBe(true);
    expect(existsSync(join(outbox, '.working', 'halves.ndjson'))).toBe(false);
    expect(await claimsOf(h, 'HALF-')).toHaveLength(30);
    const files = (await h.ledger.listFiles({ direction: 'intake' })).filter((f) => f.name.startsWith('halves'));
    expect(files.every((f) => f.state === 'processed' && f.local_path === join(outbox, 'archive', 'halves.ndjson'))).toBe(true);
  });

  it('an in-place NDJSON whose appended tail never ends is archived after settleMs, the tail reported', async () => {
    h = await startHarness({ config: { intake: INTAKE } });
    const outbox = join(h.dir, 'outbox');
    mkdirSync(outbox, { recursive: true });
    const first = lines('TAIL', 1, 5);
    const fd = openSync(join(outbox, 'tail.ndjson'), 'w');
    writeSync(fd, first);
    await pause(h, 300);
    expect(await claimsOf(h, 'TAIL-')).toHaveLength(5);
    writeSync(fd, lines('TAIL', 6, 1).slice(0, 40)); // the writer dies mid-line
    closeSync(fd);
    await pause(h, INTAKE.settleMs + 500);
    expect(existsSync(join(outbox, 'archive', 'tail.ndjson'))).toBe(true);
    const report = JSON.parse(readFileSync(join(outbox, 'rejected', `tail.from-byte-${Buffer.byteLength(first)}.errors.json`), 'utf8'));
    expect(report.fileError).toMatchObject({ code: 'BATCH-INCOMPLETE' });
    expect(await claimsOf(h, 'TAIL-')).toHaveLength(5);
  });

  it('NDJSON whose first half ends mid-line is deferred, not half taken', async () => {
    h = await startHarness({ config: { intake: INTAKE } });
    const outbox = join(h.dir, 'outbox');
    mkdirSync(outbox, { recursive: true });
    const all = lines('MID', 1, 30);
    const cut = all.indexOf('\n', Math.floor(all.length / 2)) - 20; // inside a line
    const fd = openSync(join(outbox, 'mid.ndjson'), 'w');
    writeSync(fd, all.slice(0, cut));
    await pause(h, 400);
    expect(await claimsOf(h, 'MID-')).toHaveLength(0);
    expect(existsSync(join(outbox, 'mid.ndjson'))).toBe(true);
    writeSync(fd, all.slice(cut));
    closeSync(fd);
    await pause(h, 400);
    expect(await claimsOf(h, 'MID-')).toHaveLength(30);
  });

  it('a JSON batch whose array is not closed yet is deferred, then taken whole', async () => {
    h = await startHarness({ config: { intake: INTAKE } });
    const outbox = join(h.dir, 'outbox');
    mkdirSync(outbox, { recursive: true });
    const text = JSON.stringify(syntheticBatch({ batchId: 'ARR', claims: 30 }));
    const cut = text.indexOf('},{', Math.floor(text.length / 2)) + 2; // after a whole claim and its comma
    const fd = openSync(join(outbox, 'arr.json'), 'w');
    writeSync(fd, text.slice(0, cut));
    await pause(h, 400);
    expect(await claimsOf(h, 'ARR-')).toHaveLength(0);
    expect(existsSync(join(outbox, 'rejected', 'arr.errors.json'))).toBe(false);
    writeSync(fd, text.slice(cut));
    closeSync(fd);
    await pause(h, 400);
    expect(await claimsOf(h, 'ARR-')).toHaveLength(30);
    expect(existsSync(join(outbox, 'archive', 'arr.json'))).toBe(true);
  });

  it('with completion "done-marker", takes a batch only once <batch>.done exists, then removes the marker', async () => {
    h = await startHarness({ config: { intake: { ...INTAKE, completion: 'done-marker' } } });
    const outbox = join(h.dir, 'outbox');
    mkdirSync(outbox, { recursive: true });
    writeFileSync(join(outbox, 'marked.ndjson'), lines('MARK', 1, 10).slice(0, -1)); // no final newline: fine once marked
    await pause(h, 300);
    expect(await claimsOf(h, 'MARK-')).toHaveLength(0);
    writeFileSync(join(outbox, 'marked.ndjson.done'), '');
    await pause(h, 200);
    expect(await claimsOf(h, 'MARK-')).toHaveLength(10);
    expect(existsSync(join(outbox, 'marked.ndjson.done'))).toBe(false);
    expect(existsSync(join(outbox, 'archive', 'marked.ndjson'))).toBe(true);
  });
});
