/**
 * A whole gateway against the in-process simulated clearinghouse, in a temporary folder: partner
 * profile with the simulator's port and pinned host key, a user key on disk, config, ledger.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { GatewayConfigSchema, resolveConfig, type GatewayConfig } from '../../src/gateway/config.js';
import { createLogger } from '../../src/gateway/logger.js';
import type { GatewayPartnerProfileInput } from '../../src/gateway/partners.js';
import { createGateway, type Gateway } from '../../src/gateway/runtime.js';
import { createLedger, openLedgerDb, type Ledger, type LedgerDb } from '../../src/ledger/index.js';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/clearinghouse.js';
import { generateSshKeyPair } from '../../src/simulator/ssh-keys.js';
import { testPartner } from './partner.js';

export interface Harness {
  dir: string;
  sim: Simulator;
  gateway: Gateway;
  ledger: Ledger;
  handle: LedgerDb;
  logs: string[];
  configPath: string;
  partnerPath: string;
  close(): Promise<void>;
}

export function userKey(dir: string): { file: string; publicKey: string } {
  const kp = generateSshKeyPair();
  const file = join(dir, 'user_key');
  writeFileSync(file, kp.privateKey, { mode: 0o600 });
  return { file, publicKey: kp.publicKey };
}

export async function startSimulator(dir: string, over: Partial<SimulatorOptions> = {}) {
  const key = userKey(dir);
  const sim = createSimulator({ dir: join(dir, 'sim'), sftp: { username: 'practice', authorizedKey: key.publicKey }, delays: { ackMs: 0, statusMs: 0, remitMs: 0 }, scanIntervalMs: 50, rejectMemberIds: '^REJ', plbEvery: 3, ...over });
  await sim.start();
  return { sim, key };
}

/** Writes the config and partner files a separate gateway process would read. */
export function writeConfig(dir: string, sim: Simulator, keyFile: string, over: { partner?: Partial<GatewayPartnerProfileInput>; config?: Partial<GatewayConfig> } = {}) {
  const partner = testPartner({ host: '127.0.0.1', port: sim.server.port, username: 'practice', keyFile, fingerprint: sim.server.hostKeyFingerprint }, over.partner);
  const partnerPath = join(dir, 'partner-demo.json');
  writeFileSync(partnerPath, JSON.stringify(partner, null, 2));
  const config = GatewayConfigSchema.parse({
    dataDir: join(dir, 'data'),
    folders: { outbox: join(dir, 'outbox'), inbox: join(dir, 'inbox'), reports: join(dir, 'reports') },
    partners: [partnerPath],
    defaultPartner: 'demo',
    intake: { stableMs: 50, rescanIntervalMs: 200 },
    ...over.config,
  });
  const configPath = join(dir, 'gateway.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  return { config, configPath, partnerPath };
}

export async function startHarness(over: { sim?: Partial<SimulatorOptions>; partner?: Partial<GatewayPartnerProfileInput>; config?: Partial<GatewayConfig>; suspendMs?: number; openLedger?: (dataDir: string) => Promise<LedgerDb> } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'x12gw-h-'));
  const { sim, key } = await startSimulator(dir, over.sim);
  const { config, configPath, partnerPath } = writeConfig(dir, sim, key.file, { partner: over.partner, config: over.config });
  const logs: string[] = [];
  const log = createLogger({ level: 'debug', destination: new Writable({ write: (c, _e, cb) => (logs.push(String(c)), cb()) }) });
  const handle = over.openLedger ? await over.openLedger(config.dataDir) : await openLedgerDb({ dataDir: config.dataDir });
  const ledger = createLedger(handle.db);
  const gateway = createGateway({ resolved: resolveConfig(config, dir), ledger, log, watch: false, suspendMs: over.suspendMs });
  return {
    dir,
    sim,
    gateway,
    ledger,
    handle,
    logs,
    configPath,
    partnerPath,
    async close() {
      await gateway.stop();
      await sim.stop();
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs gateway cycles (and lets the simulator answer) until `done` or the time is up. */
export async function runUntil(h: Pick<Harness, 'gateway' | 'sim'>, done: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await h.gateway.cycle({ poll: true });
    if (await done()) return;
    if (Date.now() > deadline) throw new Error('timed out waiting for the gateway');
    await h.sim.scan();
    await h.sim.idle();
    await new Promise((r) => setTimeout(r, 60));
  }
}
