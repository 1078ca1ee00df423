/**
 * ed25519 key pairs in OpenSSH format, for the simulator's host key and the demo's user key.
 *
 * ssh2's `utils.generateKeyPairSync('ed25519')` drops a leading zero byte of the key it encodes: about one
 * pair in 256 comes out with a 31-byte public key that neither ssh2 nor OpenSSH can read (the demo's
 * clearinghouse would then fail to start, or the gateway to log in). Each pair is therefore read back and
 * made again until both halves read and agree.
 */
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import ssh2 from 'ssh2';

export interface SshKeyPair {
  /** OpenSSH private key ("-----BEGIN OPENSSH PRIVATE KEY-----"). */
  privateKey: string;
  /** OpenSSH public key line ("ssh-ed25519 AAAA..."). */
  publicKey: string;
}

const ATTEMPTS = 16;

/** True when both halves parse and the private key's public part is the public key. */
export function isReadableKeyPair(pair: SshKeyPair): boolean {
  const priv = ssh2.utils.parseKey(pair.privateKey);
  const pub = ssh2.utils.parseKey(pair.publicKey);
  if (priv instanceof Error || pub instanceof Error) return false;
  const a = Array.isArray(priv) ? priv[0] : priv;
  const b = Array.isArray(pub) ? pub[0] : pub;
  return a.getPublicSSH().equals(b.getPublicSSH());
}

export function generateSshKeyPair(): SshKeyPair {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const kp = ssh2.utils.generateKeyPairSync('ed25519');
    const pair = { privateKey: kp.private, publicKey: kp.public };
    if (isReadableKeyPair(pair)) return pair;
  }
  throw new Error(`could not generate a readable ed25519 key pair in ${ATTEMPTS} attempts`);
}

/**
 * The key pair kept at `path` (private, 0600) and `path.pub`; made and stored (written under a temporary
 * name, then renamed, so a kill never leaves half a key) when absent or unreadable. Used for the
 * simulator's host key, so a restart presents the same key and a pinned client still connects.
 */
export function loadOrCreateKeyPair(path: string): SshKeyPair {
  if (existsSync(path) && existsSync(path + '.pub')) {
    const kept = { privateKey: readFileSync(path, 'utf8'), publicKey: readFileSync(path + '.pub', 'utf8') };
    if (isReadableKeyPair(kept)) {
      chmodSync(path, 0o600);
      return kept;
    }
  }
  const kp = generateSshKeyPair();
  for (const [file, text] of [
    [path + '.pub', kp.publicKey],
    [path, kp.privateKey],
  ]) {
    writeFileSync(file + '.tmp', text, { mode: 0o600 });
    renameSync(file + '.tmp', file);
  }
  return kp;
}
