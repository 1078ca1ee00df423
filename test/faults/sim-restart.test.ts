/**
 * Issue 10 (smaller): `x12gw sim` made a new host key on every start (a client that pinned the key could
 * not connect after a restart) and lost its scheduled responses when killed. Real processes: the CLI is
 * started, sent an 837 over SFTP by a pinned client, SIGKILLed after its 999 and before its 277CA/835
 * are due, and started again on the same folder and port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSftpTransport, type Transport } from '../../src/gateway/sftp.js';
import { createSimulator } from '../../src/simulator/clearinghouse.js';
import { REPO } from '../helpers/child.js';
import { userKey } from '../helpers/harness.js';
import { testPartner } from '../helpers/partner.js';
import { freePort } from '../helpers/sshd.js';

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

const C837 = readFileSync(join(REPO, 'samples', 'acks', 'claims-answered.837'));

async function startSim(dir: string, port: number, keyFile: string): Promise<{ child: ChildProcess; info: { port: number; hostKeyFingerprint: string; hostKeyFile: string } }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src', 'cli', 'main.ts'), 'sim', '--dir', join(dir, 'sim'), '--port', String(port), '--authorized-key', keyFile + '.pub', '--delays', '0,4000,4000', '--json'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  cleanup.push(() => void child.kill('SIGKILL'));
  const info = await new Promise<{ port: number; hostKeyFingerprint: string; hostKeyFile: string }>((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`x12gw sim did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(t);
        resolve(JSON.parse(line));
      }
    });
    child.once('exit', (code) => reject(new Error(`x12gw sim exited ${code}: ${out}`)));
  });
  return { child, info };
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const kinds = async (t: Transport) => (await t.listResponses()).map((r) => r.name.replace(/^.*-/, '').replace('.x12', '')).sort();

describe('x12gw sim across a kill', () => {
  it('keeps its host key (0600 in its folder), so a pinned client still connects, and still sends the responses it had scheduled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'x12gw-simrestart-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const key = userKey(dir);
    writeFileSync(key.file + '.pub', key.publicKey);
    const port = await freePort();

    const first = await startSim(dir, port, key.file);
    const partner = testPartner({ host: '127.0.0.1', port, username: 'practice', keyFile: key.file, fingerprint: first.info.hostKeyFingerprint });
    const client = createSftpTransport({ settings: partner.sftp });
    await client.upload('claims.837', C837);
    // The 999 is answered at once; the 277CA and the 835 are due seconds later. Kill it in between.
    await waitFor('the 999', async () => ((await kinds(client)).includes('999') ? true : undefined));
    expect(await kinds(client)).not.toContain('835');
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    const second = await startSim(dir, port, key.file);
    expect(second.info.hostKeyFingerprint).toBe(first.info.hostKeyFingerprint);
    expect(second.info.hostKeyFile).toBe(join(dir, 'sim', 'host_ed25519'));
    expect(statSync(second.info.hostKeyFile).mode & 0o777).toBe(0o600);
    // The same pinned client connects, and the responses scheduled before the kill arrive.
    const got = await waitFor('the 277CA and the 835 after the restart', async () => {
      const k = await kinds(client);
      return k.includes('277ca') && k.includes('835') ? k : undefined;
    });
    expect(got.filter((k) => k === '835')).toHaveLength(1);
    expect(readdirSync(join(dir, 'sim', 'scheduled'))).toEqual([]);
  }, 90_000);

  it('responses scheduled before the simulator stopped are sent by the next one on the same folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'x12gw-simsched-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const key = userKey(dir);
    const make = () => createSimulator({ dir: join(dir, 'sim'), sftp: { username: 'practice', authorizedKey: key.publicKey }, delays: { ackMs: 0, statusMs: 1_500, remitMs: 1_500 }, scanIntervalMs: 50 });
    const outbound = join(dir, 'sim', 'sftp', 'outbound');
    const first = make();
    await first.start();
    writeFileSync(join(first.root, 'inbound', 'claims.837'), C837);
    await waitFor('the 999', async () => (readdirSync(outbound).some((n) => n.endsWith('-999.x12')) ? true : undefined));
    await first.stop();
    expect(readdirSync(outbound).filter((n) => /277ca|835/.test(n))).toEqual([]);
    const second = make();
    await second.start();
    cleanup.push(() => second.stop());
    const got = await waitFor('the 277CA and the 835 from the second simulator', async () => {
      const names = readdirSync(outbound).filter((n) => /277ca|835/.test(n));
      return names.length === 2 ? names.sort() : undefined;
    }, 10_000);
    expect(got.map((n) => n.replace(/^.*-/, ''))).toEqual(['277ca.x12', '835.x12']);
  });
});
