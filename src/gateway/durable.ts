/**
 * Durable file steps for the runtime: write to a temporary name, fsync, rename, fsync the folder; move
 * by rename (same file system) with a unique name when the target exists. Files are created 0600.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { fsyncDir } from './sftp.js';

export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

export function writeDurable(path: string, data: string | Buffer): void {
  ensureDir(dirname(path));
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  fsyncDir(dirname(path));
}

/** A name in `dir` like `name` that does not exist yet (name, name.1, name.2...). */
export function freeName(dir: string, name: string): string {
  if (!existsSync(join(dir, name))) return name;
  const ext = extname(name);
  const stem = ext ? name.slice(0, -ext.length) : name;
  for (let i = 1; ; i++) {
    const candidate = `${stem}.${i}${ext}`;
    if (!existsSync(join(dir, candidate))) return candidate;
  }
}

/** Moves `from` into `dir` (keeping its name, or a free variant); returns the new path. */
export function moveInto(from: string, dir: string, name = basename(from)): string {
  ensureDir(dir);
  const to = join(dir, freeName(dir, name));
  renameSync(from, to);
  fsyncDir(dir);
  fsyncDir(dirname(from));
  return to;
}

/**
 * A file written piece by piece to a temporary name (0600), gathered into 64 KiB writes, and made durable
 * under its final name by `commit()` (fsync, rename, fsync the folder) — `writeDurable` for output too
 * big to hold. Writes are synchronous, so a slow disk holds up the writer (no queue grows). `abort()`
 * drops the temporary file.
 */
export class DurableFileWriter {
  private readonly tmp: string;
  private fd: number | undefined;
  private pending: string[] = [];
  private pendingLength = 0;

  constructor(readonly path: string) {
    ensureDir(dirname(path));
    this.tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    this.fd = openSync(this.tmp, 'w', 0o600);
  }

  write(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= 64 * 1024) this.flush();
  }

  commit(): void {
    this.flush();
    fsyncSync(this.fd!);
    this.close();
    renameSync(this.tmp, this.path);
    fsyncDir(dirname(this.path));
  }

  abort(): void {
    this.close();
    try {
      unlinkSync(this.tmp);
    } catch {
      /* already gone */
    }
  }

  private flush(): void {
    if (!this.pending.length || this.fd === undefined) return;
    writeSync(this.fd, Buffer.from(this.pending.join('')));
    this.pending = [];
    this.pendingLength = 0;
  }

  private close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
