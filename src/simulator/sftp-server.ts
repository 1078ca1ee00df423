/**
 * A small SFTP server on loopback (ssh2's server side) backed by a local folder: enough of SFTP v3 for
 * a clearinghouse's inbound/outbound folders (open/read/write/close, stat, readdir, remove, rename,
 * mkdir, realpath). Public-key or password authentication for one user. `stop()` drops every open
 * connection, as a crashed server would; `start()` listens again on the same port with the same key.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmdirSync, statSync, unlinkSync, writeSync, existsSync, type Stats } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { posix, resolve, sep } from 'node:path';
import ssh2 from 'ssh2';
import { generateSshKeyPair } from './ssh-keys.js';

const { Server, utils } = ssh2;
const { STATUS_CODE, flagsToString } = utils.sftp;

export interface SftpServerOptions {
  root: string;
  username: string;
  /** OpenSSH public key line of the user ("ssh-ed25519 AAAA..."). */
  authorizedKey?: string;
  password?: string;
  /** Host private key (OpenSSH format); generated when absent. */
  hostKey?: string;
  port?: number;
  host?: string;
}

export interface SftpServerHandle {
  port: number;
  host: string;
  hostKeyFingerprint: string;
  /** Connections accepted since start (to check that nothing retries in a storm). */
  connections(): number;
  authFailures(): number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function generateHostKey(): { privateKey: string; publicKey: string } {
  return generateSshKeyPair();
}

export function publicKeyFingerprint(privateOrPublic: string): string {
  const key = utils.parseKey(privateOrPublic);
  if (key instanceof Error) throw key;
  const k = Array.isArray(key) ? key[0] : key;
  return 'SHA256:' + createHash('sha256').update(k.getPublicSSH()).digest('base64').replace(/=+$/, '');
}

function attrsOf(st: Stats) {
  return { mode: st.mode, uid: st.uid, gid: st.gid, size: st.size, atime: Math.floor(st.atimeMs / 1000), mtime: Math.floor(st.mtimeMs / 1000) };
}

function longname(name: string, st: Stats): string {
  const type = st.isDirectory() ? 'd' : '-';
  return `${type}rw-------    1 sim      sim      ${String(st.size).padStart(8)} Jan  1 00:00 ${name}`;
}

export function createSftpServer(options: SftpServerOptions): SftpServerHandle {
  const root = resolve(options.root);
  mkdirSync(root, { recursive: true });
  const hostKey = options.hostKey ?? generateHostKey().privateKey;
  const allowedKey = options.authorizedKey ? (utils.parseKey(options.authorizedKey) as ReturnType<typeof utils.parseKey>) : undefined;
  if (allowedKey instanceof Error) throw allowedKey;
  const allowed = Array.isArray(allowedKey) ? allowedKey[0] : allowedKey;
  let port = options.port ?? 0;
  const host = options.host ?? '127.0.0.1';
  let connections = 0;
  let authFailures = 0;
  const sockets = new Set<Socket>();
  let server: InstanceType<typeof Server> | undefined;

  const local = (p: string): string | undefined => {
    const normal = posix.normalize('/' + p.replace(/\\/g, '/'));
    const full = resolve(root, '.' + normal);
    return full === root || full.startsWith(root + sep) ? full : undefined;
  };

  const same = (a: string, b: string) => {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  };

  function handleClient(client: ssh2.Connection) {
    connections++;
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (ctx.username === options.username) {
        if (ctx.method === 'publickey' && allowed && ctx.key.algo === allowed.type && ctx.key.data.equals(allowed.getPublicSSH())) {
          if (!ctx.signature) return ctx.accept();
          if (allowed.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) === true) return ctx.accept();
        }
        if (ctx.method === 'password' && options.password && same(ctx.password, options.password)) return ctx.accept();
      }
      if (ctx.method !== 'none') authFailures++;
      ctx.reject(['publickey', 'password']);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        session.on('sftp', (acceptSftp) => {
          const sftp = acceptSftp();
          const handles = new Map<number, { fd?: number; path: string; entries?: string[]; sent?: boolean }>();
          let nextHandle = 1;
          const newHandle = (h: { fd?: number; path: string; entries?: string[] }) => {
            const id = nextHandle++;
            handles.set(id, h);
            const b = Buffer.alloc(4);
            b.writeUInt32BE(id);
            return b;
          };
          const get = (b: Buffer) => (b.length === 4 ? handles.get(b.readUInt32BE(0)) : undefined);
          const fail = (reqid: number, err: unknown) => {
            const code = (err as NodeJS.ErrnoException)?.code;
            sftp.status(reqid, code === 'ENOENT' ? STATUS_CODE.NO_SUCH_FILE : code === 'EACCES' ? STATUS_CODE.PERMISSION_DENIED : STATUS_CODE.FAILURE, String((err as Error)?.message ?? err));
          };
          sftp.on('OPEN', (reqid, filename, flags) => {
            const path = local(filename);
            const mode = flagsToString(flags);
            if (!path || !mode) return sftp.status(reqid, STATUS_CODE.FAILURE);
            try {
              const fd = openSync(path, mode, 0o600);
              sftp.handle(reqid, newHandle({ fd, path }));
            } catch (err) {
              fail(reqid, err);
            }
          });
          sftp.on('WRITE', (reqid, handle, offset, data) => {
            const h = get(handle);
            if (!h?.fd) return sftp.status(reqid, STATUS_CODE.FAILURE);
            try {
              writeSync(h.fd, data, 0, data.length, offset);
              sftp.status(reqid, STATUS_CODE.OK);
            } catch (err) {
              fail(reqid, err);
            }
          });
          sftp.on('READ', (reqid, handle, offset, length) => {
            const h = get(handle);
            if (!h?.fd) return sftp.status(reqid, STATUS_CODE.FAILURE);
            try {
              const buf = Buffer.alloc(Math.min(length, 256 * 1024));
              const n = readSync(h.fd, buf, 0, buf.length, offset);
              if (n === 0) sftp.status(reqid, STATUS_CODE.EOF);
              else sftp.data(reqid, buf.subarray(0, n));
            } catch (err) {
              fail(reqid, err);
            }
          });
          sftp.on('CLOSE', (reqid, handle) => {
            const h = get(handle);
            if (!h) return sftp.status(reqid, STATUS_CODE.FAILURE);
            handles.delete(handle.readUInt32BE(0));
            try {
              if (h.fd !== undefined) closeSync(h.fd);
              sftp.status(reqid, STATUS_CODE.OK);
            } catch (err) {
              fail(reqid, err);
            }
          });
          sftp.on('FSTAT', (reqid, handle) => {
            const h = get(handle);
            if (!h?.fd) return sftp.status(reqid, STATUS_CODE.FAILURE);
            sftp.attrs(reqid, attrsOf(fstatSync(h.fd)));
          });
          const stat = (lstat: boolean) => (reqid: number, p: string) => {
            const path = local(p);
            if (!path) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE);
            try {
              sftp.attrs(reqid, attrsOf(lstat ? lstatSync(path) : statSync(path)));
            } catch (err) {
              fail(reqid, err);
            }
          };
          sftp.on('STAT', stat(false));
          sftp.on('LSTAT', stat(true));
          sftp.on('SETSTAT', (reqid) => sftp.status(reqid, STATUS_CODE.OK));
          sftp.on('FSETSTAT', (reqid) => sftp.status(reqid, STATUS_CODE.OK));
          sftp.on('OPENDIR', (reqid, p) => {
            const path = local(p);
            try {
              if (!path || !statSync(path).isDirectory()) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE);
              sftp.handle(reqid, newHandle({ path, entries: readdirSync(path) }));
            } catch (err) {
              fail(reqid, err);
            }
          });
          sftp.on('READDIR', (reqid, handle) => {
            const h = get(handle);
            if (!h?.entries) return sftp.status(reqid, STATUS_CODE.FAILURE);
            if (h.sent) return sftp.status(reqid, STATUS_CODE.EOF);
            h.sent = true;
            const names = [];
            for (const name of h.entries) {
              try {
                const st = statSync(`${h.path}/${name}`);
                names.push({ filename: name, longname: longname(name, st), attrs: attrsOf(st) });
              } catch {
                /* removed meanwhile */
              }
            }
            if (names.length === 0) return sftp.status(reqid, STATUS_CODE.EOF);
            sftp.name(reqid, names);
          });
          sftp.on('REMOVE', (reqid, p) => {
            const path = local(p);
            if (!path) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE);
            try {
              unlinkSync(path);
              sftp.status(reqid, STATUS_CODE.OK);
            } catch (err) {
              fail(reqid, err);
            }
          });
          sftp.on('RMDIR', (reqid, p) => {
            const path = local(p);
            if (!path || path === root) return sftp.status(reqid, STATUS_CODE.FAILURE);
            try {
              rmdirSync(path);
              sftp.status(reqid, STATUS_CODE.OK);
            } catch (err) {
              fail(reqid, err);
            }
          });
          sftp.on('MKDIR', (reqid, p) => {
            const path = local(p);
            if (!path) return sftp.status(reqid, STATUS_CODE.FAILURE);
            try {
              mkdirSync(path, { mode: 0o700 });
              sftp.status(reqid, STATUS_CODE.OK);
            } catch (err) {
              fail(reqid, err);
            }
          });
          sftp.on('RENAME', (reqid, from, to) => {
            const a = local(from);
            const b = local(to);
            if (!a || !b) return sftp.status(reqid, STATUS_CODE.FAILURE);
            // SFTP v3 semantics (as OpenSSH): renaming onto an existing file fails.
            if (existsSync(b)) return sftp.status(reqid, STATUS_CODE.FAILURE, 'target exists');
            try {
              renameSync(a, b);
              sftp.status(reqid, STATUS_CODE.OK);
            } catch (err) {
              fail(reqid, err);
            }
          });
          sftp.on('REALPATH', (reqid, p) => {
            const normal = posix.normalize('/' + p);
            const path = local(normal);
            if (!path) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE);
            let attrs;
            try {
              attrs = attrsOf(statSync(path));
            } catch {
              attrs = undefined;
            }
            sftp.name(reqid, [{ filename: normal, longname: normal, attrs: attrs ?? ({} as ReturnType<typeof attrsOf>) }]);
          });
        });
      });
    });
  }

  const handle: SftpServerHandle = {
    host,
    get port() {
      return port;
    },
    hostKeyFingerprint: publicKeyFingerprint(hostKey),
    connections: () => connections,
    authFailures: () => authFailures,
    async start() {
      if (server) return;
      const srv = new Server({ hostKeys: [hostKey] }, handleClient);
      const listen = () =>
        new Promise<void>((res, rej) => {
          srv.once('error', rej);
          srv.listen(port, host, () => {
            srv.removeListener('error', rej);
            port = (srv.address() as AddressInfo).port;
            res();
          });
        });
      server = srv;
      // A restart binds the port it had (partners are configured with it). Another process may have been
      // given that port while it was free: wait for it a little rather than fail at once.
      for (let attempt = 0; ; attempt++) {
        try {
          await listen();
          break;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0 || attempt >= 50) {
            server = undefined;
            throw err;
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      // Track raw sockets so stop() can drop live sessions.
      const netServer = (srv as unknown as { _srv: import('node:net').Server })._srv;
      netServer?.on('connection', (sock: Socket) => {
        sockets.add(sock);
        sock.on('close', () => sockets.delete(sock));
      });
    },
    async stop() {
      const srv = server;
      server = undefined;
      if (!srv) return;
      for (const s of sockets) s.destroy();
      sockets.clear();
      await new Promise<void>((res) => srv.close(() => res()));
    },
  };
  return handle;
}
