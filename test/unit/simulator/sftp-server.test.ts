/**
 * The simulator's SFTP server across a stop and start: partners are configured with its port, so a
 * restart must come back on the same one, even when something else held that port for a moment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSftpServer, type SftpServerHandle } from '../../../src/simulator/sftp-server.js';

const dirs: string[] = [];
const handles: SftpServerHandle[] = [];
afterEach(async () => {
  for (const h of handles.splice(0)) await h.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function server(): SftpServerHandle {
  const root = mkdtempSync(join(tmpdir(), 'x12gw-sftp-'));
  dirs.push(root);
  const h = createSftpServer({ root, username: 'practice', password: 'secret', host: '127.0.0.1' });
  handles.push(h);
  return h;
}

const listenOn = (port: number) =>
  new Promise<Server>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
const close = (s: Server) => new Promise<void>((r) => s.close(() => r()));
/** Resolves true when something accepts a TCP connection on the port. */
const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const c = connect(port, '127.0.0.1');
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });

describe('simulator SFTP server restart', () => {
  it('comes back on the same port after a stop', async () => {
    const h = server();
    await h.start();
    const port = h.port;
    expect(port).toBeGreaterThan(0);
    await h.stop();
    expect(await accepts(port)).toBe(false);
    await h.start();
    expect(h.port).toBe(port);
    expect(await accepts(port)).toBe(true);
  });

  it('waits for its port when another listener holds it for a moment, instead of failing', async () => {
    const h = server();
    await h.start();
    const port = h.port;
    await h.stop();
    const squatter = await listenOn(port);
    let started = false;
    const starting = h.start().then(() => (started = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(started).toBe(false);
    await close(squatter);
    await starting;
    expect(h.port).toBe(port);
    expect(await accepts(port)).toBe(true);
  });
});
