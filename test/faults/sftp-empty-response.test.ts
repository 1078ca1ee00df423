/**
 * Issue 10 item 4: a zero-byte response and a truncated one in the partner's outbound folder (named to
 * come first) must not block the responses after them: those are downloaded and posted once. The empty
 * file counts attempts durably and is quarantined after the bound (logged by its safe name), never
 * leaving a `.part`; the truncated one is downloaded and quarantined by the inbox with its reason.
 * Real SFTP (the simulated clearinghouse), a real gateway and ledger.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_DOWNLOAD_ATTEMPTS } from '../../src/gateway/inbox.js';
import { FINAL_STATES } from '../../src/ledger/lifecycle.js';
import { remoteFilesOf } from '../../src/ledger/remote-files.js';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { runUntil, startHarness, type Harness } from '../helpers/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ACK = readFileSync(join(import.meta.dirname, '..', '..', 'samples', 'acks', 'accepted.999'));

describe('empty and truncated response files', () => {
  it('do not block the next good files, which are posted once; the empty one is quarantined after the bound', async () => {
    h = await startHarness();
    const outbound = join(h.sim.root, 'outbound');
    writeFileSync(join(outbound, 'AAA-empty.x12'), '');
    writeFileSync(join(outbound, 'AAB-truncated.x12'), ACK.subarray(0, Math.floor(ACK.length / 2)));
    // Partial downloads a kill left behind in an earlier run (in the landing folder, and in the inbox
    // itself as older builds left them).
    writeFileSync(join(h.gateway.context.folders.inbox, 'demo__SIMCH-000000007-999.x12.part'), 'ISA*00*');
    mkdirSync(join(h.gateway.context.folders.inbox, '.incoming'), { recursive: true });
    writeFileSync(join(h.gateway.context.folders.inbox, '.incoming', 'demo__SIMCH-000000008-999.x12.part'), 'ISA*00*');
    writeFileSync(join(h.gateway.context.folders.outbox, 'batch.json'), JSON.stringify(syntheticBatch({ batchId: 'EMPTYRESP', claims: 4 })));

    await runUntil(h, async () => {
      const c = await h!.ledger.listClaims();
      return c.length === 4 && c.every((r) => FINAL_STATES.includes(r.state));
    });

    const ins = await h.ledger.listFiles({ direction: 'in' });
    const posted = ins.filter((f) => f.state === 'posted');
    expect(posted.map((f) => f.kind).sort()).toEqual(['277CA', '835', '999']);
    expect(ins.filter((f) => f.state === 'duplicate')).toEqual([]);
    expect(await h.ledger.verify()).toEqual([]);
    // The truncated file was taken and quarantined by the inbox, with its reason beside it.
    const truncated = ins.find((f) => f.name === 'AAB-truncated.x12');
    expect(truncated?.state).toBe('quarantined');
    expect(readdirSync(h.gateway.context.folders.quarantine).filter((n) => n.startsWith('demo__AAB-truncated.x12'))).toHaveLength(2);
    // The empty file never became a local file and never left a .part behind.
    expect(ins.find((f) => f.name === 'AAA-empty.x12')).toBeUndefined();
    const inboxNames = readdirSync(h.gateway.context.folders.inbox);
    expect(inboxNames.filter((n) => n.endsWith('.part') || n.includes('AAA-empty'))).toEqual([]);
    expect(h.logs.filter((l) => l.includes('"event":"download.stale-part-removed"'))).toHaveLength(2);
    expect(readdirSync(join(h.gateway.context.folders.inbox, '.incoming'))).toEqual([]);
    expect(h.logs.some((l) => l.includes('"event":"download.failed"') && l.includes('"remoteName":"AAA-empty.x12"') && l.includes('"kind":"empty"'))).toBe(true);

    // It keeps being counted (durably) until it is quarantined, then it is left alone.
    for (let i = 0; i < MAX_DOWNLOAD_ATTEMPTS; i++) await h.gateway.cycle({ poll: true });
    const row = [...(await remoteFilesOf(h.handle.db, 'demo')).values()].find((r) => r.safe_name === 'AAA-empty.x12');
    expect(row).toMatchObject({ state: 'quarantined', attempts: MAX_DOWNLOAD_ATTEMPTS });
    expect(row?.reason).toMatch(/^empty/);
    expect(h.logs.filter((l) => l.includes('"event":"download.quarantined"') && l.includes('AAA-empty.x12'))).toHaveLength(1);
    // Quarantine leaves the remote file where it is for the operator (nothing deleted we did not take).
    expect(existsSync(join(outbound, 'AAA-empty.x12'))).toBe(true);
  });

  it('a download a kill left recorded but not yet moved into the inbox is moved there and posted once, not recorded twice', async () => {
    h = await startHarness();
    const inbox = h.gateway.context.folders.inbox;
    mkdirSync(join(inbox, '.incoming'), { recursive: true });
    const name = 'demo__SIMCH-000000009-999.x12';
    writeFileSync(join(inbox, '.incoming', name), ACK);
    const { createHash } = await import('node:crypto');
    const rec = await h.ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'SIMCH-000000009-999.x12', sha256: createHash('sha256').update(ACK).digest('hex'), size: ACK.length, kind: '999', localPath: join(inbox, name) });
    await h.gateway.cycle({ poll: true });
    const ins = await h.ledger.listFiles({ direction: 'in' });
    expect(ins.map((f) => f.id)).toEqual([rec.file.id]);
    expect(ins[0].state).not.toBe('received');
    expect(h.logs.filter((l) => l.includes('"event":"download.recovered"'))).toHaveLength(1);
    expect(readdirSync(join(inbox, '.incoming'))).toEqual([]);
  });
});
