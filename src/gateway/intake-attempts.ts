/**
 * How many times a batch in outbox/.working/ has been tried, kept on disk next to it
 * (outbox/.working/.attempts/<name hash>) and counted BEFORE each try: a batch that kills the process
 * (out of memory, a crash) is still counted, so it cannot crash-loop the gateway; after the limit it is
 * quarantined instead of being tried again.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { nameHash } from './batch-names.js';
import { writeDurable } from './durable.js';

const fileFor = (workingDir: string, name: string) => join(workingDir, '.attempts', `${nameHash(name)}.json`);

/** Counts one more try of `name`; returns the count including this one. */
export function countAttempt(workingDir: string, name: string, at: string): number {
  const path = fileFor(workingDir, name);
  let attempts = 0;
  try {
    if (existsSync(path)) attempts = Number((JSON.parse(readFileSync(path, 'utf8')) as { attempts?: number }).attempts) || 0;
  } catch {
    attempts = 0;
  }
  attempts++;
  writeDurable(path, JSON.stringify({ attempts, lastAt: at }) + '\n');
  return attempts;
}

/** Forgets the tries of `name` (it reached an outcome). */
export function clearAttempts(workingDir: string, name: string): void {
  rmSync(fileFor(workingDir, name), { force: true });
}
