/**
 * The demo keeps its keys in its folder so a restart talks to the same simulator identity; a key that cannot
 * be read (an older demo folder holding a pair spoiled by ssh2's generator) is replaced, not fatal.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../../src/simulator/demo-environment.js';
import { generateSshKeyPair, isReadableKeyPair } from '../../../src/simulator/ssh-keys.js';

const repoRoot = resolve(__dirname, '../../..');
let env: DemoEnvironment | undefined;
let dir: string | undefined;
afterEach(async () => {
  await env?.sim.stop();
  env = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const spoil = (publicKey: string) => {
  const [type, b64] = publicKey.split(' ');
  const blob = Buffer.from(b64, 'base64');
  return `${type} ${Buffer.concat([blob.subarray(0, 15), Buffer.from([0, 0, 0, 31]), blob.subarray(20)]).toString('base64')}\n`;
};

describe('demo environment keys', () => {
  it('keeps readable keys across restarts and replaces an unreadable one', async () => {
    dir = mkdtempSync(join(tmpdir(), 'x12gw-demo-env-'));
    env = await startDemoEnvironment({ dir, repoRoot });
    const hostFingerprint = env.sim.server.hostKeyFingerprint;
    const userPub = readFileSync(join(dir, 'keys', 'user_ed25519.pub'), 'utf8');
    await env.sim.stop();

    // restart: same identity
    env = await startDemoEnvironment({ dir, repoRoot });
    expect(env.sim.server.hostKeyFingerprint).toBe(hostFingerprint);
    expect(readFileSync(join(dir, 'keys', 'user_ed25519.pub'), 'utf8')).toBe(userPub);
    await env.sim.stop();

    // a spoiled user key on disk: replaced by a readable pair that the partner profile uses
    const kp = generateSshKeyPair();
    mkdirSync(join(dir, 'keys'), { recursive: true });
    writeFileSync(join(dir, 'keys', 'user_ed25519'), kp.privateKey, { mode: 0o600 });
    writeFileSync(join(dir, 'keys', 'user_ed25519.pub'), spoil(kp.publicKey), { mode: 0o600 });
    env = await startDemoEnvironment({ dir, repoRoot });
    const pair = { privateKey: readFileSync(join(dir, 'keys', 'user_ed25519'), 'utf8'), publicKey: readFileSync(join(dir, 'keys', 'user_ed25519.pub'), 'utf8') };
    expect(isReadableKeyPair(pair)).toBe(true);
    expect(pair.privateKey).not.toBe(kp.privateKey);
    expect(env.sim.server.hostKeyFingerprint).toBe(hostFingerprint);
  });
});
