/**
 * Faults seen from the gateway: the clearinghouse's server going away mid-upload and mid-download,
 * a host key that is not the pinned one, credentials the server refuses.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSftpTransport } from '../../src/gateway/sftp.js';
import { createGateway } from '../../src/gateway/runtime.js';
import { resolveConfig, GatewayConfigSchema } from '../../src/gateway/config.js';
import { FINAL_STATES } from '../../src/ledger/lifecycle.js';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { runUntil, startHarness, userKey, type Harness } from '../helpers/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const drop = (x: Harness, name: string, claims = 4) => writeFileSync(join(x.gateway.context.folders.outbox, name), JSON.stringify(syntheticBatch({ batchId: name.replace(/\W/g, '').slice(0, 20), claims })));
const allFinal = (x: Harness) => async () => {
  const c = await x.ledger.listClaims();
  return c.length > 0 && c.every((r) => FINAL_STATES.includes(r.state));
};

/** A gateway on the harness's ledger whose transport runs `onPoint` at the transport's test hooks. */
function gatewayWithHook(x: Harness, onPoint: (point: string) => Promise<void> | void) {
  const config = GatewayConfigSchema.parse(JSON.parse(readFileSync(x.configPath, 'utf8')));
  return createGateway({
    resolved: resolveConfig(config, x.dir),
    ledger: x.ledger,
    log: x.gateway.context.log,
    watch: false,
    transport: (partner, hook) =>
      createSftpTransport({
        settings: partner.sftp,
        baseDir: x.dir,
        hook: async (p) => {
          await onPoint(p);
          await hook?.(p);
        },
      }),
  });
}

describe('gateway faults', () => {
  it('recovers when the server goes away mid-upload: nothing under the final name, then delivered once', async () => {
    h = await startHarness();
    let stopped = false;
    const gw = gatewayWithHook(h, async (p) => {
      if (p === 'after-temp-upload' && !stopped) {
        stopped = true;
        await h!.sim.server.stop();
      }
    });
    drop(h, 'mid-upload.json');
    await gw.cycle();
    await new Promise((r) => setTimeout(r, 60));
    const first = await gw.cycle();
    expect(stopped).toBe(true);
    expect(first.uploadFailures).toBe(1);
    expect(readdirSync(join(h.sim.root, 'inbound')).filter((n) => !n.endsWith('.part'))).toEqual([]);
    expect((await h.ledger.outboundFiles())[0].state).toBe('uploading');
    await h.sim.server.start();
    await runUntil({ gateway: gw, sim: h.sim }, allFinal(h));
    expect(h.sim.stats().received).toBe(1);
    expect(await h.ledger.verify()).toEqual([]);
  });

  it('recovers when the server goes away mid-download: the response is fetched again and posted once', async () => {
    h = await startHarness();
    let stopped = 0;
    const gw = gatewayWithHook(h, async (p) => {
      if (p === 'after-download-read' && stopped === 0) {
        stopped++;
        await h!.sim.server.stop();
        throw new Error('Connection lost');
      }
    });
    drop(h, 'mid-download.json');
    for (let i = 0; i < 40 && stopped === 0; i++) {
      await gw.cycle({ poll: true });
      await h.sim.scan();
      await h.sim.idle();
      await new Promise((r) => setTimeout(r, 30));
    }
    expect(stopped).toBe(1);
    expect(readdirSync(h.gateway.context.folders.inbox).filter((n) => !n.startsWith('.') && n !== 'archive' && n !== 'quarantine')).toEqual([]);
    await h.sim.server.start();
    await runUntil({ gateway: gw, sim: h.sim }, allFinal(h));
    const files = await h.ledger.listFiles({ direction: 'in' });
    expect(files.filter((f) => f.state === 'posted').length).toBe(3);
    expect(files.filter((f) => f.state === 'duplicate')).toEqual([]);
  });

  it('refuses a server whose host key is not pinned: nothing is sent, and it does not keep trying', async () => {
    h = await startHarness({ suspendMs: 60_000 });
    const partner = h.gateway.context.partners.get('demo')!;
    partner.sftp.hostKeyFingerprints = ['SHA256:' + 'B'.repeat(43)];
    drop(h, 'pinned.json');
    await h.gateway.cycle();
    await new Promise((r) => setTimeout(r, 60));
    await h.gateway.cycle();
    const before = h.sim.server.connections();
    for (let i = 0; i < 5; i++) await h.gateway.cycle({ poll: true });
    expect(h.sim.server.connections()).toBe(before);
    expect(readdirSync(join(h.sim.root, 'inbound'))).toEqual([]);
    // the partner is left alone after the refusal: the 837 waits in the spool, untouched
    expect((await h.ledger.outboundFiles())[0].state).toBe('spooled');
    expect(h.logs.filter((l) => l.includes('"kind":"host-key"')).length).toBe(1);
  });

  it('does not retry refused credentials (no retry storm)', async () => {
    h = await startHarness({ suspendMs: 60_000 });
    const partner = h.gateway.context.partners.get('demo')!;
    mkdirSync(join(h.dir, 'other'));
    partner.sftp.privateKey = { file: userKey(join(h.dir, 'other')).file };
    drop(h, 'badcreds.json');
    await h.gateway.cycle();
    await new Promise((r) => setTimeout(r, 60));
    for (let i = 0; i < 5; i++) await h.gateway.cycle({ poll: true });
    // one connection, refused once; then the partner is left alone
    expect(h.sim.server.connections(), h.logs.filter((l) => /"event":"(upload|poll|send|cycle|intake)/.test(l)).join('')).toBe(1);
    expect(h.sim.server.authFailures()).toBeLessThanOrEqual(2);
    expect(h.logs.filter((l) => l.includes('"kind":"auth"')).length).toBe(1);
    expect((await h.ledger.outboundFiles())[0].state).toBe('spooled');
  });
});
