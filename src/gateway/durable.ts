/**
 * Durable file steps for the runtime: write to a temporary name, fsync, rename, fsync the folder; move
 * by rename (same file system) with a unique name when the target exists. Files are created 0600.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
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
