/**
 * One gateway per data folder: a lock file beside the folder (`<folder>.lock`, so that clearing the
 * folder keeps it) holding the owner's pid. Taken with O_EXCL; a lock whose pid is no longer running is
 * stale and taken over. Released on exit. Two demos on one folder would upload every 837 twice and one
 * would wipe the other's ledger.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

export type LockResult = { ok: true; path: string; release: () => void } | { ok: false; path: string; pid: number };

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export function lockDataFolder(folder: string, pid = process.pid): LockResult {
  const path = `${folder.replace(/[\\/]+$/, '')}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${pid}\n`);
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (Number(readFileSync(path, 'utf8').trim()) === pid) rmSync(path, { force: true });
        } catch {
          // already gone
        }
        process.off('exit', release);
      };
      process.on('exit', release);
      return { ok: true, path, release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let owner = NaN;
      try {
        owner = Number(readFileSync(path, 'utf8').trim());
      } catch {
        // removed meanwhile: try again
      }
      if (Number.isInteger(owner) && owner > 0 && owner !== pid && alive(owner)) return { ok: false, path, pid: owner };
      rmSync(path, { force: true }); // stale (its process is gone) or unreadable: take it over
    }
  }
  throw new Error(`cannot take the lock ${path}`);
}
