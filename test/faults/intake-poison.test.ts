/**
 * Poison batches (issue 10, item 3): five kinds of bad batch dropped beside a good one. Each bad batch
 * gets an outcome (rejected with a report naming the fault, or quarantined after its tries), and the
 * good batch still reaches the clearinghouse (real SFTP on loopback) within ONE cycle.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { movedName, safeStem } from '../../src/gateway/batch-names.js';
import { loadConfigFile, type GatewayConfig } from '../../src/gateway/config.js';
import { createLogger } from '../../src/gateway/logger.js';
import { createGateway } from '../../src/gateway/runtime.js';
import type { Ledger } from '../../src/ledger/ledger.js';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const INTAKE: GatewayConfig['intake'] = { stableMs: 0, rescanIntervalMs: 200, usePolling: false, completion: 'quiet-period', maxAttempts: 3, chunkClaims: 500, settleMs: 60_000 };

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A gateway on the harness's folders and ledger whose ledger throws for one batch content (a fault inside recording). */
function gatewayWithSickLedger(harness: Harness, sickSha: string) {
  const logs: string[] = [];
  const log = createLogger({ level: 'debug', destination: new Writable({ write: (c, _e, cb) => (logs.push(String(c)), cb()) }) });
  const ledger: Ledger = {
    ...harness.ledger,
    findFileBySha: async (direction, sha) => {
      if (sha === sickSha) throw new Error('injected ledger failure');
      return harness.ledger.findFileBySha(direction, sha);
    },
  };
  const gateway = createGateway({ resolved: loadConfigFile(harness.configPath), ledger, log, watch: false });
  return { gateway, logs };
}

const events = (logs: string[], event: string) => logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.event === event);

describe('poison batches', () => {
  it('rejects or quarantines five kinds of poison, and a good batch still goes out within one cycle', async () => {
    h = await startHarness({ config: { intake: INTAKE } });
    const outbox = join(h.dir, 'outbox');
    mkdirSync(outbox, { recursive: true });
    // 1. valid JSON nested 100,000 levels deep (stack overflow in JSON.stringify before)
    writeFileSync(join(outbox, 'a-deep.json'), '{"claims":[' + '['.repeat(100_000) + ']'.repeat(100_000) + ']}');
    // 2. a 240-character name holding one rejected claim (ENAMETOOLONG writing its report before)
    const longName = 'L'.repeat(235) + '.json';
    expect(longName).toHaveLength(240);
    writeFileSync(join(outbox, longName), JSON.stringify(syntheticBatch({ batchId: 'LONG', claims: 2, scrubRejectEvery: 2 })));
    // 3. invalid UTF-8 / binary junk
    writeFileSync(join(outbox, 'b-junk.json'), Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x00, 0x01, 0xc3, 0x28, 0x22, 0x7d, 0x80, 0x81]));
    // 4. JSON that is not an object or array of claims
    writeFileSync(join(outbox, 'c-shape.json'), '"a string is not a batch"');
    // 5a. a claim with a 10 MB string
    const huge = syntheticBatch({ batchId: 'HUGE', claims: 2 });
    (huge.claims[0] as Record<string, unknown>).note = 'x'.repeat(10_000_000);
    writeFileSync(join(outbox, 'd-huge.json'), JSON.stringify(huge));
    // 5b. a batch whose recording throws (an injected ledger failure): tried, then quarantined
    const sick = JSON.stringify(syntheticBatch({ batchId: 'SICK', claims: 3 }));
    writeFileSync(join(outbox, 'e-sick.json'), sick);
    // and a good batch, last in name order
    writeFileSync(join(outbox, 'z-good.json'), JSON.stringify(syntheticBatch({ batchId: 'GOOD', claims: 5 })));

    const { gateway, logs } = gatewayWithSickLedger(h, createHash('sha256').update(sick).digest('hex'));
    const first = await gateway.cycle({ poll: false });
    expect(first.uploaded).toBeGreaterThanOrEqual(1);

    const claims = await h.ledger.listClaims({});
    const good = claims.filter((c) => c.patient_control_number.startsWith('GOOD-'));
    expect(good).toHaveLength(5);
    expect(good.every((c) => c.state === 'uploaded')).toBe(true);

    const report = (name: string) => JSON.parse(readFileSync(join(outbox, 'rejected', `${safeStem(name)}.errors.json`), 'utf8')) as { fileError: { code: string; message: string } | null; rejectedClaims: Array<{ index: number; findings: Array<{ code: string }> }> };
    expect(report('a-deep.json').fileError).toMatchObject({ code: 'BATCH-DEPTH' });
    expect(report('b-junk.json').fileError).toMatchObject({ code: 'BATCH-ENCODING' });
    expect(report('c-shape.json').fileError).toMatchObject({ code: 'BATCH-SHAPE' });
    const hugeReport = report('d-huge.json');
    expect(hugeReport.fileError).toBeNull();
    expect(hugeReport.rejectedClaims).toMatchObject([{ index: 0, findings: [{ code: 'CLAIM-TOO-LARGE' }] }]);
    expect(claims.filter((c) => c.patient_control_number.startsWith('HUGE-'))).toHaveLength(1); // the other claim of that batch went on
    const longReport = report(longName);
    expect(safeStem(longName).length).toBeLessThanOrEqual(80);
    expect(longReport.rejectedClaims).toHaveLength(1);
    expect(claims.filter((c) => c.patient_control_number.startsWith('LONG-')).map((c) => c.state).sort()).toEqual(['scrub-rejected', 'uploaded']);
    expect(readdirSync(join(outbox, 'archive'))).toContain(movedName(longName));
    expect(movedName(longName)).toMatch(/^L{67}-[0-9a-f]{12}\.json$/);

    // The sick batch is still in .working after its first failed try, and was logged without its name.
    expect(existsSync(join(outbox, '.working', 'e-sick.json'))).toBe(true);
    expect(events(logs, 'intake.failed')).toHaveLength(1);
    expect(logs.join('')).not.toContain('e-sick');

    await gateway.cycle({ poll: false });
    await gateway.cycle({ poll: false });
    expect(existsSync(join(outbox, '.working', 'e-sick.json'))).toBe(false);
    expect(existsSync(join(outbox, 'quarantine', 'e-sick.json'))).toBe(true);
    const reason = JSON.parse(readFileSync(join(outbox, 'quarantine', 'e-sick.reason.json'), 'utf8'));
    expect(reason).toMatchObject({ batch: 'e-sick.json', code: 'INTAKE-FAILED', reason: 'injected ledger failure', attempts: 3 });
    expect(events(logs, 'intake.quarantined')).toHaveLength(1);
    await gateway.stop();
  });

  it('accepts a JSON batch with a UTF-8 BOM; logs each non-batch file once, by hash, not every scan', async () => {
    h = await startHarness({ config: { intake: INTAKE } });
    const outbox = join(h.dir, 'outbox');
    mkdirSync(outbox, { recursive: true });
    writeFileSync(join(outbox, 'bom.json'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(syntheticBatch({ batchId: 'BOM', claims: 2 })))]));
    for (const n of ['notes.txt', 'claims.xml', '.hidden']) writeFileSync(join(outbox, n), 'not a batch');
    for (let i = 0; i < 3; i++) await h.gateway.cycle({ poll: false });
    const claims = await h.ledger.listClaims({});
    expect(claims.filter((c) => c.patient_control_number.startsWith('BOM-'))).toHaveLength(2);
    const ignored = events(h.logs, 'intake.ignored');
    expect(ignored).toHaveLength(3);
    expect(new Set(ignored.map((l) => l.nameHash)).size).toBe(3);
    expect(h.logs.join('')).not.toMatch(/notes\.txt|claims\.xml|\.hidden/);
  });
});
