/**
 * Issue 10 item 1: a server that lists hostile names. The poller must refuse every name that is not
 * already a safe base name (recorded and logged once, by hash and escaped form), never write anything
 * outside the inbox, never silently rewrite a name into a collision, and keep downloading the good
 * files. Also: a file the server fails to read and one whose size lies are counted, quarantined after
 * the bound, and do not stop the poll. Real SFTP (an ssh2 server this test controls), a real gateway.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayConfigSchema, resolveConfig } from '../../src/gateway/config.js';
import { MAX_DOWNLOAD_ATTEMPTS } from '../../src/gateway/inbox.js';
import { createLogger } from '../../src/gateway/logger.js';
import { createGateway, type Gateway } from '../../src/gateway/runtime.js';
import { PathEscapeError, pathInside, safeBaseName } from '../../src/gateway/safe-name.js';
import { createLedger, openLedgerDb, type LedgerDb } from '../../src/ledger/index.js';
import { remoteFilesOf } from '../../src/ledger/remote-files.js';
import { userKey } from '../helpers/harness.js';
import { startHostileServer, type HostileServer } from '../helpers/hostile-sftp.js';
import { testPartner } from '../helpers/partner.js';

const GOOD = readFileSync(join(import.meta.dirname, '..', '..', 'samples', 'acks', 'accepted.999'));

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

async function setup(): Promise<{ dir: string; server: HostileServer; gateway: Gateway; handle: LedgerDb; logs: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'x12gw-hostile-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const key = userKey(dir);
  const server = await startHostileServer({ authorizedKey: key.publicKey });
  cleanup.push(() => server.stop());
  const partner = testPartner({ host: '127.0.0.1', port: server.port, username: 'practice', keyFile: key.file, fingerprint: server.hostKeyFingerprint }, { id: 'chx' });
  partner.sftp.afterDownload = 'delete';
  const config = GatewayConfigSchema.parse({
    dataDir: join(dir, 'data'),
    folders: { outbox: join(dir, 'outbox'), inbox: join(dir, 'inbox'), reports: join(dir, 'reports') },
    defaultPartner: 'chx',
    intake: { stableMs: 50, rescanIntervalMs: 200 },
  });
  const logs: string[] = [];
  const log = createLogger({ level: 'debug', destination: new Writable({ write: (c, _e, cb) => (logs.push(String(c)), cb()) }) });
  const handle = await openLedgerDb({ dataDir: config.dataDir });
  cleanup.push(() => handle.close());
  const gateway = createGateway({ resolved: resolveConfig(config, dir, [partner]), ledger: createLedger(handle.db), log, watch: false });
  cleanup.push(() => gateway.stop());
  return { dir, server, gateway, handle, logs };
}

const HOSTILE = [
  'x/../../../../tmp/PWNED.txt',
  '../PWNED-parent.x12',
  '../outbox/evil.json',
  'a\\..\\..\\PWNED-backslash.x12',
  'nul\u0000byte.x12',
  'bell\u0007.x12',
  'line\nbreak.x12',
  'A'.repeat(300),
  'ünïcode.x12',
];

describe('hostile remote file names', () => {
  it('refuses every unsafe name before a path is made, writes nothing outside the inbox, and still downloads the good file', async () => {
    const { dir, server, gateway, handle, logs } = await setup();
    for (const name of HOSTILE) server.files.set(name, { data: Buffer.from('PWNED') });
    server.files.set('.hidden', { data: Buffer.from('PWNED') });
    server.files.set('GOOD-0001.999', { data: GOOD });

    const first = await gateway.cycle({ poll: true });
    await gateway.cycle({ poll: true });

    // The good file came in once and was posted (or at least recorded) under its own name.
    expect(first.downloaded).toBe(1);
    const ins = await createLedger(handle.db).listFiles({ direction: 'in' });
    expect(ins.map((f) => f.name)).toEqual(['GOOD-0001.999']);
    // Nothing anywhere in the gateway's folders holds the hostile payload, and nothing left the inbox.
    const everything = walk(dir).filter((p) => !p.includes(`${join(dir, 'data')}/`) && !p.endsWith('user_key'));
    for (const p of everything) {
      if (statSync(p).size > 0 && statSync(p).size < 64) expect(readFileSync(p, 'utf8'), relative(dir, p)).not.toBe('PWNED');
    }
    expect(everything.filter((p) => /PWNED|evil/.test(p))).toEqual([]);
    expect(existsSync('/tmp/PWNED.txt')).toBe(false);
    expect(readdirSync(join(dir, 'outbox')).filter((n) => !n.startsWith('.') && !['archive', 'rejected', 'duplicates', 'results'].includes(n))).toEqual([]);
    expect(readdirSync(join(dir, 'inbox')).filter((n) => n.endsWith('.part'))).toEqual([]);
    // The server was never even asked to open a hostile name.
    expect(server.opened.filter((p) => !p.endsWith('GOOD-0001.999'))).toEqual([]);
    // Each refused name is recorded once and logged once (two polls), by hash and escaped form, never raw.
    const refusedLogs = logs.filter((l) => l.includes('"event":"download.refused-name"'));
    expect(refusedLogs.map((l) => JSON.parse(l).escapedName).sort()).toEqual(HOSTILE.map((n) => (safeBaseName(n) as { escaped: string }).escaped).sort());
    // eslint-disable-next-line no-control-regex
    expect(refusedLogs.map((l) => JSON.parse(l).escapedName).filter((n: string) => /[\u0000-\u001f\u007f-\uffff]/.test(n.replace('…', '')))).toEqual([]);
    for (const l of refusedLogs) expect(JSON.parse(l)).toMatchObject({ partner: 'chx', nameHash: expect.stringMatching(/^[0-9a-f]{16}$/) });
    const known = await remoteFilesOf(handle.db, 'chx');
    expect([...known.values()].filter((r) => r.state === 'refused').length).toBe(HOSTILE.length);
    // Hostile files stay on the server: we never retire what we did not take.
    expect(server.retired.every((p) => p.endsWith('GOOD-0001.999'))).toBe(true);
  });

  it('a file the server cannot read and one whose size lies are quarantined after the bound; the next good file still comes in each poll', async () => {
    const { server, gateway, handle, logs, dir } = await setup();
    server.files.set('A-unreadable.999', { data: GOOD, failRead: true });
    server.files.set('B-short.999', { data: GOOD.subarray(0, 40), claimedSize: GOOD.length });
    for (let i = 1; i <= MAX_DOWNLOAD_ATTEMPTS + 1; i++) {
      server.files.set(`C-good-${i}.999`, { data: Buffer.from(GOOD.toString('latin1').replace('000000301', String(300 + i).padStart(9, '0')), 'latin1') });
      const r = await gateway.cycle({ poll: true });
      expect(r.downloaded, `poll ${i}`).toBe(1);
      expect(readdirSync(join(dir, 'inbox')).filter((n) => n.endsWith('.part'))).toEqual([]);
    }
    const known = await remoteFilesOf(handle.db, 'chx');
    const rows = [...known.values()].sort((a, b) => String(a.safe_name).localeCompare(String(b.safe_name)));
    expect(rows.map((r) => [r.safe_name, r.state, r.attempts])).toEqual([
      ['A-unreadable.999', 'quarantined', MAX_DOWNLOAD_ATTEMPTS],
      ['B-short.999', 'quarantined', MAX_DOWNLOAD_ATTEMPTS],
    ]);
    expect(rows[1].reason).toMatch(/^size-mismatch/);
    // The log names the file by its safe name; quarantine is logged once per file.
    expect(logs.filter((l) => l.includes('"event":"download.quarantined"')).map((l) => JSON.parse(l).remoteName).sort()).toEqual(['A-unreadable.999', 'B-short.999']);
    // Once quarantined a file is not asked for again.
    const opens = server.opened.filter((p) => p.endsWith('A-unreadable.999')).length;
    await gateway.cycle({ poll: true });
    expect(server.opened.filter((p) => p.endsWith('A-unreadable.999')).length).toBe(opens);
    const ins = await createLedger(handle.db).listFiles({ direction: 'in' });
    expect(ins.length).toBe(MAX_DOWNLOAD_ATTEMPTS + 1);
  });
});

describe('safeBaseName', () => {
  it('accepts plain names and refuses, never rewrites, everything else', () => {
    for (const ok of ['SIMCH-000000001-999.x12', 'remit_2024-03-16.835', 'a', 'File (1).txt']) expect(safeBaseName(ok)).toEqual({ ok: true, name: ok });
    const reasons = Object.fromEntries([...HOSTILE, '..', '.hidden', '', 'x.part', 'trailing.', 'sp ace '].map((n) => [n, (safeBaseName(n) as { reason?: string }).reason]));
    expect(Object.values(reasons).every((r) => typeof r === 'string')).toBe(true);
    expect(reasons['A'.repeat(300)]).toBe('too-long');
    expect(reasons['x/../../../../tmp/PWNED.txt']).toBe('separator');
    expect(reasons['.hidden']).toBe('leading-dot');
    expect(reasons['nul\u0000byte.x12']).toBe('control-character');
  });

  it('pathInside builds only direct children of the folder and throws on anything else', () => {
    expect(pathInside('/srv/x12/inbox', 'demo__A.999')).toBe('/srv/x12/inbox/demo__A.999');
    for (const bad of ['../outbox/evil.json', 'a/b', '..', '', '/etc/passwd', 'x/../../y']) expect(() => pathInside('/srv/x12/inbox', bad), bad).toThrow(PathEscapeError);
  });
});
