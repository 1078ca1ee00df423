/**
 * Issue 10 (smaller): a missing key file was retried as a remote error every tick (74 log lines in 30 s),
 * and host-key / auth failures did not say which host key the server presented or why. Now: a missing
 * key file is a configuration error — the partner is suspended, logged once per suspension with the
 * file's name, no connection is even tried; host-key and auth failures log the SHA256 fingerprint the
 * server presented and the reason. Real SFTP (the simulated clearinghouse).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { startHarness, userKey, type Harness } from '../helpers/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const events = (x: Harness, name: string) => x.logs.filter((l) => l.includes(`"event":"${name}"`)).map((l) => JSON.parse(l));

async function cycles(x: Harness, n: number) {
  writeFileSync(join(x.gateway.context.folders.outbox, 'b.json'), JSON.stringify(syntheticBatch({ batchId: 'CFG', claims: 2 })));
  await x.gateway.cycle();
  await new Promise((r) => setTimeout(r, 60));
  for (let i = 0; i < n; i++) await x.gateway.cycle({ poll: true });
}

describe('SFTP configuration and trust failures', () => {
  it('a missing key file suspends the partner as a configuration error, logged once, without dialling', async () => {
    h = await startHarness({ suspendMs: 60_000 });
    h.gateway.context.partners.get('demo')!.sftp.privateKey = { file: join(h.dir, 'no-such-key') };
    await cycles(h, 10);
    const suspended = events(h, 'partner.suspended');
    expect(suspended).toHaveLength(1);
    expect(suspended[0]).toMatchObject({ partner: 'demo', kind: 'config' });
    expect(suspended[0].reason).toContain('no-such-key');
    expect(h.logs.filter((l) => /"event":"(upload|poll)\.failed"|"event":"sftp\.retry"/.test(l))).toEqual([]);
    expect(h.sim.server.connections()).toBe(0);
  });

  it('a host key that is not pinned: the fingerprint presented is logged, once', async () => {
    h = await startHarness({ suspendMs: 60_000 });
    h.gateway.context.partners.get('demo')!.sftp.hostKeyFingerprints = ['SHA256:' + 'B'.repeat(43)];
    await cycles(h, 4);
    const suspended = events(h, 'partner.suspended');
    expect(suspended).toHaveLength(1);
    expect(suspended[0]).toMatchObject({ partner: 'demo', kind: 'host-key', hostKeyFingerprint: h.sim.server.hostKeyFingerprint });
    expect(suspended[0].reason).toContain(h.sim.server.hostKeyFingerprint);
  });

  it('refused credentials: the reason and the server fingerprint are logged, once', async () => {
    h = await startHarness({ suspendMs: 60_000 });
    mkdirSync(join(h.dir, 'other'));
    h.gateway.context.partners.get('demo')!.sftp.privateKey = { file: userKey(join(h.dir, 'other')).file };
    await cycles(h, 4);
    const suspended = events(h, 'partner.suspended');
    expect(suspended).toHaveLength(1);
    expect(suspended[0]).toMatchObject({ partner: 'demo', kind: 'auth', hostKeyFingerprint: h.sim.server.hostKeyFingerprint });
    expect(suspended[0].reason).toMatch(/authentication/i);
  });

  it('resumes after the wait once the key file is back: one probe, partner.resumed, the 837 goes out', async () => {
    h = await startHarness({ suspendMs: 300 });
    const sftp = h.gateway.context.partners.get('demo')!.sftp;
    const keyRef = sftp.privateKey;
    sftp.privateKey = { file: join(h.dir, 'no-such-key') };
    await cycles(h, 1);
    expect(events(h, 'partner.suspended')).toHaveLength(1);
    sftp.privateKey = keyRef;
    await h.gateway.cycle({ poll: true }); // still within the wait: skipped
    expect(h.sim.server.connections()).toBe(0);
    await new Promise((r) => setTimeout(r, 450));
    const r = await h.gateway.cycle({ poll: true });
    expect(r.uploaded).toBe(1);
    expect(events(h, 'partner.resumed')).toMatchObject([{ partner: 'demo', after: 'config' }]);
  });
});
