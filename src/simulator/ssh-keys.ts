/**
 * ed25519 key pairs in OpenSSH format, for the simulator's host key and the demo's user key.
 *
 * ssh2's `utils.generateKeyPairSync('ed25519')` drops a leading zero byte of the key it encodes: about one
 * pair in 256 comes out with a 31-byte public key that neither ssh2 nor OpenSSH can read (the demo's
 * clearinghouse would then fail to start, or the gateway to log in). Each pair is therefore read back and
 * made again until both halves read and agree.
 */
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
