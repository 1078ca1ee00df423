/**
 * A private OpenSSH server for integration tests: `sshd -D -f CONFIG -p PORT` on 127.0.0.1 with a
 * temporary host key and an authorized user key, `internal-sftp` rooted in a temporary folder.
 *
 * It never skips: when OpenSSH's server is missing, `startSshd` throws and the test fails, naming the
 * package to install (CI installs it).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SSHD_PATHS = ['/usr/sbin/sshd', '/usr/local/sbin/sshd'];

export interface SshdHandle {
  host: string;
  port: number;
  user: string;
  /** The user's private key (OpenSSH format) and its file. */
  privateKey: string;
  privateKeyFile: string;
  /** SHA256:... fingerprint of the server's host key, as OpenSSH prints it. */
  hostKeyFingerprint: string;
  /** Folder the SFTP session starts in (remote relative paths resolve here). */
  root: string;
  dir: string;
  /** Stops the listener and every session it forked (a crash of the server, seen from the client). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same keys. */
  start(): Promise<void>;
  /** Stop and remove everything. */
  dispose(): Promise<void>;
}

export function findSshd(): string {
  const found = SSHD_PATHS.find((p) => existsSync(p));
  if (!found) throw new Error('OpenSSH server (sshd) is not installed: run `apt-get install -y openssh-server` (CI installs it in .ci/run).');
  return found;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Fingerprint of an OpenSSH public key line ("ssh-ed25519 AAAA... comment"), as `ssh-keygen -l` shows it. */
export function fingerprintOfPublicKey(line: string): string {
  const blob = Buffer.from(line.trim().split(/\s+/)[1], 'base64');
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

/** Pids of every descendant of `pid` (from /proc), deepest last. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function keygen(file: string, comment: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file], { stdio: 'ignore' });
}

export async function startSshd(options: { user?: string; /** Serve this folder instead of a fresh one. */ root?: string } = {}): Promise<SshdHandle> {
  const sshd = findSshd();
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(join(tmpdir(), 'x12gw-sshd-'));
  const root = options.root ?? join(dir, 'root');
  mkdirSync(root, { recursive: true });
  const hostKey = join(dir, 'host_ed25519');
  const userKey = join(dir, 'user_ed25519');
  keygen(hostKey, 'x12gw-test-host');
  keygen(userKey, 'x12gw-test-user');
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(userKey + '.pub'), { mode: 0o600 });
  const user = options.user ?? (process.env.USER || execFileSync('id', ['-un']).toString().trim());
  const port = await freePort();
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `ListenAddress 127.0.0.1`,
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'StrictModes no',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'UsePAM no',
      `AllowUsers ${user}`,
      'MaxStartups 100:30:200',
      'MaxSessions 50',
      'LogLevel INFO',
      `Subsystem sftp internal-sftp -d ${root}`,
      `ForceCommand internal-sftp -d ${root}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  let child: ChildProcess | undefined;

  const start = async () => {
    const proc = spawn(sshd, ['-D', '-e', '-f', config, '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    await new Promise<void>((resolve, reject) => {
      let log = '';
      const timer = setTimeout(() => reject(new Error(`sshd did not start listening within 10 s: ${log}`)), 10_000);
      proc.stderr!.on('data', (d: Buffer) => {
        log += d.toString();
        if (/Server listening on 127\.0\.0\.1 port/.test(log)) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`sshd exited with ${code}: ${log}`));
      });
    });
    proc.stderr!.resume();
  };

  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || !proc.pid) return;
    const pids = [proc.pid, ...descendants(proc.pid)];
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    for (const p of pids) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    await exited;
  };

  await start();
  return {
    host: '127.0.0.1',
    port,
    user,
    privateKey: readFileSync(userKey, 'utf8'),
    privateKeyFile: userKey,
    hostKeyFingerprint: fingerprintOfPublicKey(readFileSync(hostKey + '.pub', 'utf8')),
    root,
    dir,
    stop,
    start,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
