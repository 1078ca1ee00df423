/**
 * The SFTP transport against a real OpenSSH server (a private sshd on a loopback port). Never skipped:
 * without sshd the suite fails and says which package to install.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSftpTransport, TransportError } from '../../src/gateway/sftp.js';
import { SftpSettings } from '../../src/gateway/partners.js';
import { startSshd, type SshdHandle } from '../helpers/sshd.js';

let sshd: SshdHandle;
let local: string;

beforeAll(async () => {
  sshd = await startSshd();
  mkdirSync(join(sshd.root, 'inbound'));
  mkdirSync(join(sshd.root, 'outbound'));
  local = mkdtempSync(join(tmpdir(), 'x12gw-local-'));
});
afterAll(async () => {
  await sshd?.dispose();
  if (local) rmSync(local, { recursive: true, force: true });
});

function settings(over: Partial<SftpSettings> = {}): SftpSettings {
  return SftpSettings.parse({
    host: sshd.host,
    port: sshd.port,
    username: sshd.user,
    privateKey: { file: sshd.privateKeyFile },
    hostKeyFingerprints: [sshd.hostKeyFingerprint],
    readyTimeoutMs: 5000,
    operationTimeoutMs: 10_000,
    retry: { attempts: 4, baseDelayMs: 50, maxDelayMs: 200 },
    ...over,
  });
}

describe('SFTP transport against OpenSSH', () => {
  it('uploads through a temporary name, then renames; downloads via .part; retires after', async () => {
    const seen: string[] = [];
    const t = createSftpTransport({
      settings: settings(),
      hook: (p) => {
        if (p === 'after-temp-upload') seen.push(readdirSync(join(sshd.root, 'inbound')).join(','));
      },
    });
    const body = Buffer.from('ISA*synthetic*content~'.repeat(100));
    const up = await t.upload('demo-000000001.837p', body);
    expect(up.size).toBe(body.length);
    expect(seen).toEqual(['demo-000000001.837p.part']);
    expect(readFileSync(join(sshd.root, 'inbound', 'demo-000000001.837p'))).toEqual(body);
    expect(await t.inspectUpload('demo-000000001.837p')).toEqual({ final: body.length, temp: undefined });

    writeFileSync(join(sshd.root, 'outbound', 'resp-1.999'), 'ISA*999*synthetic~');
    writeFileSync(join(sshd.root, 'outbound', 'resp-2.835.part'), 'half');
    expect(await t.listResponses()).toEqual([{ name: 'resp-1.999', size: 18 }]);
    const dest = join(local, 'resp-1.999');
    const got = await t.download('resp-1.999', dest);
    expect(got.size).toBe(18);
    expect(readFileSync(dest, 'utf8')).toBe('ISA*999*synthetic~');
    expect(existsSync(dest + '.part')).toBe(false);
    await t.retire('resp-1.999');
    expect(existsSync(join(sshd.root, 'outbound', 'resp-1.999'))).toBe(false);
  });

  it('moves instead of deleting when the profile says so', async () => {
    writeFileSync(join(sshd.root, 'outbound', 'resp-3.277'), 'x');
    const t = createSftpTransport({ settings: settings({ afterDownload: 'move', archiveDir: 'archive' }) });
    await t.retire('resp-3.277');
    expect(existsSync(join(sshd.root, 'archive', 'resp-3.277'))).toBe(true);
  });

  it('refuses a server whose host key is not pinned, and sends nothing', async () => {
    const retries: string[] = [];
    const t = createSftpTransport({ settings: settings({ hostKeyFingerprints: ['SHA256:' + 'A'.repeat(43)] }), onRetry: (r) => retries.push(r.kind) });
    const before = readdirSync(join(sshd.root, 'inbound')).length;
    const err = await t.upload('never.837p', Buffer.from('x')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).kind).toBe('host-key');
    expect(retries).toEqual([]);
    expect(readdirSync(join(sshd.root, 'inbound')).length).toBe(before);
  });

  it('does not retry bad credentials', async () => {
    const wrong = join(local, 'wrong-key');
    const { execFileSync } = await import('node:child_process');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', wrong]);
    const retries: string[] = [];
    const t = createSftpTransport({ settings: settings({ privateKey: { file: wrong } }), onRetry: (r) => retries.push(r.kind) });
    const err = await t.listResponses().catch((e: unknown) => e);
    expect((err as TransportError).kind).toBe('auth');
    expect(retries).toEqual([]);
  });

  it('survives the server going down mid-upload: no partial file under the final name, then completes', async () => {
    let stopped = false;
    const finals: string[][] = [];
    const t = createSftpTransport({
      settings: settings(),
      hook: async (p) => {
        if (p === 'after-temp-upload' && !stopped) {
          stopped = true;
          await sshd.stop();
        }
      },
      onRetry: async () => {
        finals.push(readdirSync(join(sshd.root, 'inbound')).filter((n) => n === 'mid.837p'));
        if (stopped) await sshd.start().catch(() => undefined);
      },
    });
    const body = Buffer.from('y'.repeat(50_000));
    const up = await t.upload('mid.837p', body);
    expect(up.size).toBe(body.length);
    expect(finals[0]).toEqual([]);
    expect(readFileSync(join(sshd.root, 'inbound', 'mid.837p')).length).toBe(body.length);
  });

  it('survives the server going down mid-download: no file under the final local name until complete', async () => {
    writeFileSync(join(sshd.root, 'outbound', 'big.835'), 'z'.repeat(80_000));
    let stopped = false;
    const dest = join(local, 'big.835');
    const t = createSftpTransport({
      settings: settings(),
      hook: async (p) => {
        if (p === 'after-download-read' && !stopped) {
          stopped = true;
          await sshd.stop();
          throw new Error('Connection lost');
        }
      },
      onRetry: async () => {
        expect(existsSync(dest)).toBe(false);
        await sshd.start().catch(() => undefined);
      },
    });
    const got = await t.download('big.835', dest);
    expect(got.size).toBe(80_000);
  });
});
