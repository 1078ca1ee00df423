/**
 * The gateway against a real OpenSSH server (private sshd, internal-sftp) that serves the simulated
 * clearinghouse's folders: 837s go up through OpenSSH, responses come down through it, and are posted.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { GatewayConfigSchema, resolveConfig } from '../../src/gateway/config.js';
import { createLogger } from '../../src/gateway/logger.js';
import { createGateway } from '../../src/gateway/runtime.js';
import { createLedger, openLedgerDb, type LedgerDb } from '../../src/ledger/index.js';
import { FINAL_STATES } from '../../src/ledger/lifecycle.js';
import { createSimulator } from '../../src/simulator/clearinghouse.js';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { runUntil } from '../helpers/harness.js';
import { testPartner } from '../helpers/partner.js';
import { startSshd, type SshdHandle } from '../helpers/sshd.js';

const dir = mkdtempSync(join(tmpdir(), 'x12gw-ossh-'));
let sshd: SshdHandle | undefined;
let handle: LedgerDb | undefined;
afterAll(async () => {
  await handle?.close();
  await sshd?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('gateway through OpenSSH', () => {
  it('uploads 837s and posts the responses, all through a real sshd', async () => {
    // The simulator only processes files; OpenSSH serves its folders.
    const sim = createSimulator({ dir: join(dir, 'sim'), sftp: { username: 'unused' }, delays: { ackMs: 0, statusMs: 0, remitMs: 0 }, rejectMemberIds: '^REJ' });
    sshd = await startSshd({ root: sim.root });
    const partner = testPartner({ host: sshd.host, port: sshd.port, username: sshd.user, keyFile: sshd.privateKeyFile, fingerprint: sshd.hostKeyFingerprint });
    const config = GatewayConfigSchema.parse({ dataDir: join(dir, 'data'), folders: { outbox: join(dir, 'outbox'), inbox: join(dir, 'inbox'), reports: join(dir, 'reports') }, defaultPartner: 'demo', intake: { stableMs: 20 } });
    handle = await openLedgerDb({ dataDir: config.dataDir });
    const ledger = createLedger(handle.db);
    const logs: string[] = [];
    const gateway = createGateway({ resolved: resolveConfig(config, dir, [partner]), ledger, log: createLogger({ destination: new Writable({ write: (c, _e, cb) => (logs.push(String(c)), cb()) }) }), watch: false });
    writeFileSync(join(config.folders.outbox, 'ossh.json'), JSON.stringify(syntheticBatch({ batchId: 'OSSH', claims: 8, payerRejectEvery: 4 })));
    await runUntil({ gateway, sim }, async () => {
      const claims = await ledger.listClaims();
      return claims.length === 8 && claims.every((c) => FINAL_STATES.includes(c.state));
    });
    expect(sim.stats().received).toBe(1);
    expect((await ledger.claimStateCounts())['payer-rejected']).toBe(2);
    expect((await ledger.listFiles({ direction: 'in', state: 'posted' })).length).toBe(3);
    // responses were moved to the remote archive only after being recorded; nothing is left to fetch
    expect(readdirSync(join(sim.root, 'outbound'))).toEqual([]);
    expect(readdirSync(join(sim.root, 'archive')).length).toBe(3);
    await gateway.stop();
    await sim.stop();
  });
});
