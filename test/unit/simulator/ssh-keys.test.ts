/**
 * Key pairs for the simulator and the demo. ssh2's generator spoils about one ed25519 pair in 256 (a leading
 * zero byte dropped); 3,000 pairs would meet that about 12 times, so this fails if a spoiled pair gets out.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { generateSshKeyPair, isReadableKeyPair } from '../../../src/simulator/ssh-keys.js';

describe('ssh key pairs', () => {
  it('every generated pair reads back, private and public halves agreeing', () => {
    const unreadable: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const kp = generateSshKeyPair();
      const pub = ssh2.utils.parseKey(kp.publicKey);
      const priv = ssh2.utils.parseKey(kp.privateKey);
      if (pub instanceof Error || priv instanceof Error) unreadable.push(kp.publicKey);
    }
    expect(unreadable).toEqual([]);
  });

  it('recognises a spoiled pair (a 31-byte ed25519 public key) as unreadable', () => {
    const good = generateSshKeyPair();
    const blob = Buffer.from(good.publicKey.split(' ')[1], 'base64');
    // ssh-ed25519 blob: string "ssh-ed25519" (4 + 11 bytes), then string key (4 + 32 bytes); drop one key byte
    const spoiled = Buffer.concat([blob.subarray(0, 15), Buffer.from([0, 0, 0, 31]), blob.subarray(20)]);
    expect(isReadableKeyPair(good)).toBe(true);
    expect(isReadableKeyPair({ privateKey: good.privateKey, publicKey: `ssh-ed25519 ${spoiled.toString('base64')}` })).toBe(false);
    expect(isReadableKeyPair({ privateKey: good.privateKey, publicKey: generateSshKeyPair().publicKey })).toBe(false);
  });

  it('OpenSSH reads the pair too (ssh-keygen derives the same public key)', () => {
    let keygen = true;
    try {
      execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
    } catch (err) {
      keygen = (err as { code?: string }).code !== 'ENOENT';
    }
    expect(keygen, 'ssh-keygen must be installed (openssh-client, with openssh-server)').toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'x12gw-keys-'));
    try {
      for (let i = 0; i < 5; i++) {
        const kp = generateSshKeyPair();
        const file = join(dir, `k${i}`);
        writeFileSync(file, kp.privateKey, { mode: 0o600 });
        const derived = execFileSync('ssh-keygen', ['-y', '-f', file], { encoding: 'utf8' }).trim().split(' ').slice(0, 2).join(' ');
        expect(derived).toBe(kp.publicKey.trim().split(' ').slice(0, 2).join(' '));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
