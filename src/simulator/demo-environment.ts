/**
 * Everything the demo (and the crash/e2e tests) needs on one machine: a simulated clearinghouse on a
 * loopback port, a user key for it, the demo partner profile (config/partners/demo.json's claims part,
 * plus the simulator's SFTP endpoint and pinned host key), the gateway config, in one data folder.
 * Keys persist in the folder so a restarted demo talks to the same simulator identity.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GatewayConfigSchema, type GatewayConfig } from '../gateway/config.js';
import { GatewayPartnerProfile, type GatewayPartnerProfileInput } from '../gateway/partners.js';
import { createSimulator, type Simulator, type SimulatorOptions } from './clearinghouse.js';
import { loadOrCreateKeyPair } from './ssh-keys.js';

/** Every so many demo claims the simulated payer answers only when asked (a 276). */
export const DEMO_SILENT_EVERY = 5;

const SECOND = 1 / 86_400;
/**
 * The demo's claim-status thresholds, in seconds instead of hours and days (the defaults, documented in
 * docs/claim-status.md) so the follow-up happens while you watch: the simulator answers in about a second.
 */
export const DEMO_STATUS_FOLLOWUP = { no999Hours: 5 / 3600, no277caDays: 3 * SECOND, no835Days: 8 * SECOND, silentAfterInquiryDays: 30 * SECOND, reinquireDays: 60 * SECOND };

export interface DemoEnvironment {
  dir: string;
  sim: Simulator;
  /** The simulator's folder (processed/, scheduled/, sftp/): what it received is read from here. */
  simDir: string;
  partner: GatewayPartnerProfile;
  partnerPath: string;
  config: GatewayConfig;
  configPath: string;
}

/** The pair kept at `path` (and `path`.pub); a new one when absent or unreadable (a spoiled key from an older
 * demo folder: see ssh-keys.ts). The partner profile is written afresh on every start, so it pins the key. */
/** The claims part of the demo partner: config/partners/demo.json when present, else built-in ids. */
export function demoPartnerBase(repoRoot: string): Record<string, unknown> {
  const file = join(repoRoot, 'config', 'partners', 'demo.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return {
    id: 'demo',
    name: 'Demo clearinghouse (the built-in simulator)',
    isa: { senderQualifier: 'ZZ', senderId: 'DEMOSUBMITTER', receiverQualifier: 'ZZ', receiverId: 'DEMOCLEARING', usage: 'T', ackRequested: false },
    gs: { senderCode: 'DEMOSUBMITTER', receiverCode: 'DEMOCLEARING' },
    submitter: { name: 'DEMO BILLING SERVICE', id: 'DEMO0001', contact: { name: 'EDI DESK', phone: '5555550100' } },
    receiver: { name: 'DEMO CLEARINGHOUSE', id: 'DEMOCH' },
  };
}

export async function startDemoEnvironment(options: {
  dir: string;
  repoRoot: string;
  simPort?: number;
  sim?: Partial<SimulatorOptions>;
  partner?: Partial<GatewayPartnerProfileInput>;
  config?: Partial<GatewayConfig>;
}): Promise<DemoEnvironment> {
  const dir = resolve(options.dir);
  const keys = join(dir, 'keys');
  mkdirSync(keys, { recursive: true, mode: 0o700 });
  const user = loadOrCreateKeyPair(join(keys, 'user_ed25519'));
  const host = loadOrCreateKeyPair(join(keys, 'sim_host_ed25519'));
  const simDir = join(dir, 'clearinghouse');
  const sim = createSimulator({
    dir: simDir,
    sftp: { username: 'practice', authorizedKey: user.publicKey, hostKey: host.privateKey, port: options.simPort ?? 0 },
    delays: { ackMs: 200, statusMs: 600, remitMs: 1200 },
    scanIntervalMs: 150,
    rejectMemberIds: '^REJ',
    plbEvery: 2,
    // Issue 14: the payer sits on about one claim in five until a 276 asks about it (the follow-up path).
    silentEvery: DEMO_SILENT_EVERY,
    ...options.sim,
  });
  await sim.start();
  const partner = GatewayPartnerProfile.parse({
    ...demoPartnerBase(options.repoRoot),
    limits: { maxClaimsPerTransaction: 100, maxClaimsPerFile: 500 },
    sftp: {
      host: '127.0.0.1',
      port: sim.server.port,
      username: 'practice',
      privateKey: { file: join(keys, 'user_ed25519') },
      hostKeyFingerprints: [sim.server.hostKeyFingerprint],
      readyTimeoutMs: 5000,
      operationTimeoutMs: 20_000,
      retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
    },
    pollIntervalMs: 400,
    statusFollowup: DEMO_STATUS_FOLLOWUP,
    ...options.partner,
  });
  const partnerPath = join(dir, 'partners', 'demo.json');
  mkdirSync(join(dir, 'partners'), { recursive: true, mode: 0o700 });
  writeFileSync(partnerPath, JSON.stringify(partner, null, 2), { mode: 0o600 });
  const config = GatewayConfigSchema.parse({
    dataDir: join(dir, 'data'),
    folders: { outbox: join(dir, 'outbox'), inbox: join(dir, 'inbox'), reports: join(dir, 'reports') },
    partners: [partnerPath],
    defaultPartner: partner.id,
    intake: { stableMs: 250, rescanIntervalMs: 500 },
    // Issue 11: the practice on patient statements (remit-to stub, phone) in the demo.
    accounts: { practice: { name: 'Demo Family Practice', address: ['100 Demo Street', 'Springfield, IL 62701'], phone: '217-555-0100' } },
    ...options.config,
  });
  const configPath = join(dir, 'gateway.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2), { mode: 0o600 });
  return { dir, sim, simDir, partner, partnerPath, config, configPath };
}
