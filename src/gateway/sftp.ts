/**
 * SFTP transport to one partner (ssh2-sftp-client). Every call connects with the partner's pinned host
 * key (a different key is refused before anything is sent), does its work under a time limit, and
 * disconnects. Uploads go to a temporary name and are renamed once complete, then the remote size is
 * checked; downloads are streamed into `<name>.part` (sha256 computed on the way, no whole-file buffer),
 * fsynced and renamed. A dropped transfer (the partner was reached in this operation) is retried with
 * exponential backoff; a failure to connect at all is not: it is the partner's circuit breaker's
 * business (src/gateway/partner-breaker.ts), so one unreachable partner costs one connect timeout.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, posix } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import SftpClient from 'ssh2-sftp-client';
import type { SftpSettings } from './partners.js';
import { readSecret } from './partners.js';

/**
 * What went wrong. The partner as a whole (its breaker opens): `config` (our key file is missing),
 * `host-key`, `auth`, `timeout`, `network`. One file only: `remote` (the server refused this operation),
 * `size-mismatch` (a truncated transfer), `empty` (a zero-byte response).
 */
export type TransportErrorKind = 'config' | 'host-key' | 'auth' | 'timeout' | 'network' | 'remote' | 'size-mismatch' | 'empty';

/** Kinds that say the partner cannot be reached or trusted now, not that one file is bad. */
export const PARTNER_WIDE_KINDS: readonly TransportErrorKind[] = ['config', 'host-key', 'auth', 'timeout', 'network'];

export interface TransportErrorDetails {
  /** SHA256 fingerprint of the host key the server presented (as OpenSSH prints it). */
  hostKeyFingerprint?: string;
  /** False when the failure happened before the SSH session was ready. */
  connected?: boolean;
}

export class TransportError extends Error {
  constructor(
    readonly kind: TransportErrorKind,
    message: string,
    readonly retryable: boolean,
    readonly details: TransportErrorDetails = {},
  ) {
    super(message);
    this.name = 'TransportError';
  }
  /** True when the whole partner is affected (open its breaker), not only the file being handled. */
  get partnerWide(): boolean {
    return PARTNER_WIDE_KINDS.includes(this.kind);
  }
}

/** A local file to upload, streamed (never read whole). */
export interface LocalFile {
  path: string;
  size: number;
}

export interface RemoteFile {
  name: string;
  size: number;
}

export interface Transport {
  /**
   * Uploads `content` (bytes, or a local file streamed from disk) as `name` into the partner's inbound
   * folder; resolves once the remote size matches.
   */
  upload(name: string, content: Buffer | LocalFile): Promise<{ remoteName: string; size: number }>;
  /** What is under `name` in the inbound folder: the final file, a leftover temp file, or nothing. */
  inspectUpload(name: string): Promise<{ final?: number; temp?: number }>;
  /** Files waiting in the partner's outbound folder (temporary names excluded; names NOT checked: see safe-name.ts). */
  listResponses(): Promise<RemoteFile[]>;
  /**
   * Streams a response to `localPath` (via `localPath.part`, fsynced, renamed). A zero-byte file or a
   * transfer shorter than the remote size fails (`empty`, `size-mismatch`) and leaves no `.part`.
   */
  download(name: string, localPath: string): Promise<{ size: number; sha256: string }>;
  /** Deletes (or moves, per profile) a response we have durably recorded. */
  retire(name: string): Promise<void>;
}

export interface SftpTransportOptions {
  settings: SftpSettings;
  /** Folder secret files are relative to. */
  baseDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Called on each retry (ids and counts only; the caller logs). */
  onRetry?: (info: { operation: string; attempt: number; delayMs: number; kind: TransportErrorKind }) => void;
  /** Test hook: called between steps ("after-temp-upload", "after-rename", ...). */
  hook?: (point: string) => void | Promise<void>;
  sleep?: (ms: number) => Promise<void>;
}

export function fingerprint(key: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(key).digest('base64').replace(/=+$/, '');
}

function classify(err: unknown, hostKeyRejected: boolean, details: TransportErrorDetails = {}): TransportError {
  if (err instanceof TransportError) return err;
  const msg = (err as Error)?.message ?? String(err);
  if (hostKeyRejected || /Host denied|verification failed/i.test(msg)) return new TransportError('host-key', `the server presented host key ${details.hostKeyFingerprint ?? '(none)'}, which is not pinned for this partner; refusing to connect`, false, details);
  if (/authentication methods failed|authentication fail|permission denied \(publickey/i.test(msg)) return new TransportError('auth', `the server refused our credentials (${msg})`, false, details);
  if (/timed out|timeout/i.test(msg)) return new TransportError('timeout', `timed out: ${msg}`, true, details);
  if (/ECONNREFUSED|ECONNRESET|EPIPE|ENOTFOUND|EHOSTUNREACH|Connection lost|No response from server|closed|not connected|\bend\b/i.test(msg)) return new TransportError('network', msg, true, details);
  return new TransportError('remote', msg, true, details);
}

export function createSftpTransport(options: SftpTransportOptions): Transport {
  const s = options.settings;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const hook = async (p: string) => {
    if (options.hook) await options.hook(p);
  };

  async function session<T>(operation: string, fn: (c: SftpClient) => Promise<T>): Promise<T> {
    // Quiet global listeners: the library's defaults print to the console; failures reach us as rejections.
    const quiet = { error: () => undefined, end: () => undefined, close: () => undefined };
    const client = new (SftpClient as unknown as new (name: string, callbacks: typeof quiet) => SftpClient)(`x12gw-${operation}`, quiet);
    let hostKeyRejected = false;
    const details: TransportErrorDetails = { connected: false };
    let privateKey: string | undefined;
    let password: string | undefined;
    let passphrase: string | undefined;
    try {
      privateKey = readSecret(s.privateKey, options.baseDir, options.env);
      password = readSecret(s.password, options.baseDir, options.env);
      passphrase = readSecret(s.passphrase, options.baseDir, options.env);
    } catch (err) {
      // Our own configuration, not the partner: retrying every tick cannot fix it.
      throw new TransportError('config', (err as Error).message, false, details);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TransportError('timeout', `${operation} did not finish within ${s.operationTimeoutMs} ms`, true)), s.operationTimeoutMs);
    });
    // A rejected promise nobody awaits yet must not crash the process.
    timeout.catch(() => undefined);
    try {
      const work = (async () => {
        await client.connect({
          host: s.host,
          port: s.port,
          username: s.username,
          privateKey,
          passphrase,
          password,
          readyTimeout: s.readyTimeoutMs,
          keepaliveInterval: s.keepaliveIntervalMs,
          keepaliveCountMax: s.keepaliveCountMax,
          retries: 0,
          tryKeyboard: false,
          hostVerifier: (key: Buffer) => {
            details.hostKeyFingerprint = fingerprint(key);
            const ok = s.hostKeyFingerprints.includes(details.hostKeyFingerprint);
            if (!ok) hostKeyRejected = true;
            return ok;
          },
        } as SftpClient.ConnectOptions);
        details.connected = true;
        return fn(client);
      })();
      work.catch(() => undefined);
      return await Promise.race([work, timeout]);
    } catch (err) {
      const e = classify(err, hostKeyRejected, details);
      if (e.details !== details) Object.assign(e.details, { ...details, ...e.details });
      throw e;
    } finally {
      clearTimeout(timer);
      try {
        await client.end();
      } catch {
        /* already closed */
      }
    }
  }

  async function withRetry<T>(operation: string, fn: (c: SftpClient) => Promise<T>): Promise<T> {
    let attempt = 0;
    let reached = false;
    for (;;) {
      attempt++;
      try {
        return await session(operation, fn);
      } catch (err) {
        const e = classify(err, false);
        if (e.details.connected) reached = true;
        // A partner we could not connect to in this operation is not hammered: the breaker decides when
        // to try again. One that dropped mid-transfer (reached before) is retried, reconnects included.
        if (!e.retryable || (!reached && e.details.connected === false) || attempt >= s.retry.attempts) throw e;
        const delayMs = Math.min(s.retry.maxDelayMs, s.retry.baseDelayMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
        options.onRetry?.({ operation, attempt, delayMs: Math.round(delayMs), kind: e.kind });
        await sleep(delayMs);
      }
    }
  }

  const remote = (dir: string, name: string) => posix.join(dir, name);

  async function sizeOf(c: SftpClient, path: string): Promise<number | undefined> {
    const kind = await c.exists(path);
    if (kind !== '-') return undefined;
    return (await c.stat(path)).size;
  }

  return {
    async upload(name, content) {
      const length = Buffer.isBuffer(content) ? content.length : content.size;
      return withRetry('upload', async (c) => {
        const final = remote(s.inboundDir, name);
        const target = s.uploadMode === 'temp-rename' ? final + s.tempSuffix : final;
        // A file already under the final name with our size is ours (a retry after a lost reply).
        const existing = await sizeOf(c, final);
        if (existing === length) return { remoteName: final, size: existing };
        // A string is a local path to ssh2-sftp-client: the file is streamed, not loaded.
        await c.put(Buffer.isBuffer(content) ? content : content.path, target);
        await hook('after-temp-upload');
        if (target !== final) {
          const tempSize = await sizeOf(c, target);
          if (tempSize !== length) throw new TransportError('size-mismatch', `uploaded ${tempSize ?? 0} of ${length} bytes`, true);
          if (existing !== undefined) await c.delete(final);
          await c.rename(target, final);
          await hook('after-rename');
        }
        const size = await sizeOf(c, final);
        if (size !== length) throw new TransportError('size-mismatch', `remote file has ${size ?? 0} bytes, expected ${length}`, true);
        return { remoteName: final, size };
      });
    },

    async inspectUpload(name) {
      return withRetry('inspect', async (c) => {
        const final = remote(s.inboundDir, name);
        return { final: await sizeOf(c, final), temp: await sizeOf(c, final + s.tempSuffix) };
      });
    },

    async listResponses() {
      return withRetry('list', async (c) => {
        const entries = await c.list(s.outboundDir);
        return entries
          // The partner's uploads in progress are not listed; every other name goes to the poller,
          // which takes it only if it is a safe base name (src/gateway/safe-name.ts) and logs it if not.
          .filter((e) => e.type === '-' && !(s.tempSuffix && e.name.endsWith(s.tempSuffix)))
          .map((e) => ({ name: e.name, size: e.size }))
          .sort((a, b) => a.name.localeCompare(b.name));
      });
    },

    async download(name, localPath) {
      return withRetry('download', async (c) => {
        const part = `${localPath}.part`;
        const path = remote(s.outboundDir, name);
        const before = await sizeOf(c, path);
        if (before === undefined) throw new TransportError('remote', 'the response is no longer there', false);
        if (before === 0) throw new TransportError('empty', 'the response file is empty (0 bytes)', false);
        const fd = openSync(part, 'w', 0o600);
        let landed = false;
        try {
          const got = await streamInto(c.createReadStream(path) as NodeJS.ReadableStream, fd);
          await hook('after-download-read');
          fsyncSync(fd);
          closeSync(fd);
          landed = true;
          const after = await sizeOf(c, path);
          if (got.size === 0) throw new TransportError('empty', 'the response file is empty (0 bytes)', false);
          if (got.size !== before || (after !== undefined && after !== got.size)) throw new TransportError('size-mismatch', `downloaded ${got.size} bytes, remote has ${after ?? before}`, true);
          renameSync(part, localPath);
          fsyncDir(dirname(localPath));
          return got;
        } catch (err) {
          if (!landed) closeSync(fd);
          try {
            unlinkSync(part);
          } catch {
            /* already gone */
          }
          throw err;
        }
      });
    },

    async retire(name) {
      await withRetry('retire', async (c) => {
        const path = remote(s.outboundDir, name);
        if ((await c.exists(path)) !== '-') return;
        if (s.afterDownload === 'delete') await c.delete(path);
        else {
          if ((await c.exists(s.archiveDir)) !== 'd') await c.mkdir(s.archiveDir, true);
          await c.rename(path, remote(s.archiveDir, name));
        }
      });
    },
  };
}

/** Copies a stream into an open file, hashing on the way; bounded memory whatever the size. */
async function streamInto(source: NodeJS.ReadableStream, fd: number): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      try {
        hash.update(chunk);
        for (let off = 0; off < chunk.length; ) off += writeSync(fd, chunk, off, chunk.length - off);
        size += chunk.length;
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
  });
  await pipeline(source, sink);
  return { size, sha256: hash.digest('hex') };
}

/** fsync a directory so a rename in it is durable. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    /* some file systems refuse fsync on a directory; the rename is still atomic */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
