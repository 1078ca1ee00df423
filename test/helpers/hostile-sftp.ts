/**
 * A hostile SFTP server for fault tests (ssh2's server side, loopback): its `outbound/` folder is a
 * list the test controls, with names no honest server would list (`x/../../../PWNED.txt`, a 300-char
 * name, control characters) and files that fail (a read error, a size that lies). Paths are looked up
 * verbatim, never normalised: whatever the client asks for is what it gets. Records every path opened.
 */
import type { AddressInfo, Socket } from 'node:net';
import ssh2 from 'ssh2';
import { publicKeyFingerprint } from '../../src/simulator/sftp-server.js';
import { generateSshKeyPair } from '../../src/simulator/ssh-keys.js';

const { Server, utils } = ssh2;
const { STATUS_CODE } = utils.sftp;

export type HostileFile = { data: Buffer; failRead?: boolean; claimedSize?: number };

export interface HostileServer {
  port: number;
  hostKeyFingerprint: string;
  /** The outbound listing: name → file. Edit it between polls. */
  files: Map<string, HostileFile>;
  /** Every path the client opened (read or write), verbatim. */
  opened: string[];
  /** Every path the client removed or renamed away. */
  retired: string[];
  stop(): Promise<void>;
}

export async function startHostileServer(options: { authorizedKey: string; username?: string; outboundDir?: string }): Promise<HostileServer> {
  const hostKey = generateSshKeyPair().privateKey;
  const allowedKey = utils.parseKey(options.authorizedKey);
  if (allowedKey instanceof Error) throw allowedKey;
  const allowed = Array.isArray(allowedKey) ? allowedKey[0] : allowedKey;
  const prefix = (options.outboundDir ?? 'outbound') + '/';
  const files = new Map<string, HostileFile>();
  const opened: string[] = [];
  const retired: string[] = [];
  const sockets = new Set<Socket>();
  const nameOf = (p: string) => (p.startsWith(prefix) ? p.slice(prefix.length) : p.startsWith('/' + prefix) ? p.slice(prefix.length + 1) : undefined);
  const attrs = (size: number, dir = false) => ({ mode: (dir ? 0o040000 : 0o100000) | 0o600, uid: 0, gid: 0, size, atime: 0, mtime: 0 });

  const server = new Server({ hostKeys: [hostKey] }, (client) => {
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (ctx.method === 'publickey' && ctx.username === (options.username ?? 'practice') && ctx.key.algo === allowed.type && ctx.key.data.equals(allowed.getPublicSSH())) {
        if (!ctx.signature) return ctx.accept();
        if (allowed.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) === true) return ctx.accept();
      }
      ctx.reject(['publickey']);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        accept().on('sftp', (acceptSftp) => {
          const sftp = acceptSftp();
          const handles = new Map<number, { name?: string; dir?: boolean; sent?: boolean }>();
          let next = 1;
          const handle = (h: { name?: string; dir?: boolean }) => {
            const id = next++;
            handles.set(id, h);
            const b = Buffer.alloc(4);
            b.writeUInt32BE(id);
            return b;
          };
          const get = (b: Buffer) => (b.length === 4 ? handles.get(b.readUInt32BE(0)) : undefined);
          sftp.on('REALPATH', (reqid, p) => sftp.name(reqid, [{ filename: p, longname: p, attrs: attrs(0, true) }]));
          const stat = (reqid: number, p: string) => {
            const n = nameOf(p);
            if (p === prefix.slice(0, -1) || p === '/' + prefix.slice(0, -1) || p === '.' || p === '/') return sftp.attrs(reqid, attrs(0, true));
            const f = n !== undefined ? files.get(n) : undefined;
            if (!f) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE);
            sftp.attrs(reqid, attrs(f.claimedSize ?? f.data.length));
          };
          sftp.on('STAT', stat);
          sftp.on('LSTAT', stat);
          sftp.on('OPENDIR', (reqid) => sftp.handle(reqid, handle({ dir: true })));
          sftp.on('READDIR', (reqid, h) => {
            const d = get(h);
            if (!d?.dir || d.sent) return sftp.status(reqid, STATUS_CODE.EOF);
            d.sent = true;
            const names = [...files].map(([filename, f]) => ({ filename, longname: `-rw-------    1 x x ${f.data.length} Jan  1 00:00 ${filename}`, attrs: attrs(f.claimedSize ?? f.data.length) }));
            if (names.length === 0) return sftp.status(reqid, STATUS_CODE.EOF);
            sftp.name(reqid, names);
          });
          sftp.on('OPEN', (reqid, p) => {
            opened.push(p);
            const n = nameOf(p);
            const f = n !== undefined ? files.get(n) : undefined;
            if (!f) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE);
            sftp.handle(reqid, handle({ name: n }));
          });
          sftp.on('READ', (reqid, h, offset, length) => {
            const f = get(h)?.name !== undefined ? files.get(get(h)!.name!) : undefined;
            if (!f) return sftp.status(reqid, STATUS_CODE.FAILURE);
            if (f.failRead) return sftp.status(reqid, STATUS_CODE.FAILURE, 'I/O error');
            if (offset >= f.data.length) return sftp.status(reqid, STATUS_CODE.EOF);
            sftp.data(reqid, f.data.subarray(offset, Math.min(f.data.length, offset + length)));
          });
          sftp.on('FSTAT', (reqid, h) => {
            const f = get(h)?.name !== undefined ? files.get(get(h)!.name!) : undefined;
            sftp.attrs(reqid, attrs(f ? (f.claimedSize ?? f.data.length) : 0));
          });
          sftp.on('CLOSE', (reqid, h) => {
            handles.delete(h.readUInt32BE(0));
            sftp.status(reqid, STATUS_CODE.OK);
          });
          sftp.on('REMOVE', (reqid, p) => {
            retired.push(p);
            const n = nameOf(p);
            if (n !== undefined) files.delete(n);
            sftp.status(reqid, STATUS_CODE.OK);
          });
          sftp.on('RENAME', (reqid, from) => {
            retired.push(from);
            const n = nameOf(from);
            if (n !== undefined) files.delete(n);
            sftp.status(reqid, STATUS_CODE.OK);
          });
          sftp.on('MKDIR', (reqid) => sftp.status(reqid, STATUS_CODE.OK));
          sftp.on('SETSTAT', (reqid) => sftp.status(reqid, STATUS_CODE.OK));
        });
      });
    });
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  (server as unknown as { _srv: import('node:net').Server })._srv.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    port: (server.address() as AddressInfo).port,
    hostKeyFingerprint: publicKeyFingerprint(hostKey),
    files,
    opened,
    retired,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
