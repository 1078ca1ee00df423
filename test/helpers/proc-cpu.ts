/**
 * CPU time from Linux's /proc: user + system of a process (`/proc/<pid>/stat`) or of one of its threads
 * (`/proc/<pid>/task/<tid>/stat`), fields 14 and 15 after the command name, in clock ticks of 10 ms.
 */
import { readFileSync } from 'node:fs';

/** user + system CPU milliseconds of the stat file at `path`. */
export function cpuMsOf(path: string): number {
  const stat = readFileSync(path, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
