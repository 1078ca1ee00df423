/**
 * How far an NDJSON batch written in place has been taken (outbox/.working/.progress/<name hash>.json).
 * A writer that keeps its file open can pause longer than the quiet period and then append more lines
 * to a batch we already took; so an in-place NDJSON stays in .working after its claims are recorded, and
 * lines appended later are taken as a continuation (from `consumed` on) until the file has been quiet
 * for the settle time. `pending` is written before a range is recorded: a restart redoes exactly that
 * range (same bytes, same hash, same claim ids), never a longer one.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { nameHash } from './batch-names.js';
import type { BatchHeader } from './batch-stream.js';
import { writeDurable } from './durable.js';

export interface IntakeProgress {
  /** Bytes of the file recorded so far (always just after a newline). */
  consumed: number;
  /** Claims recorded so far (the next range's claim numbers continue from here). */
  claims: number;
  header: BatchHeader;
  /** The ledger file rows of the parts recorded (moved to archive together). */
  fileIds: string[];
  /** The range being recorded, when a restart finds one. */
  pending?: { start: number; end: number; sha256: string };
  /** Size and mtime last seen, and since when (ms): the settle clock. */
  seen?: { size: number; mtimeMs: number; since: number };
}

const fileFor = (workingDir: string, name: string) => join(workingDir, '.progress', `${nameHash(name)}.json`);

export function readProgress(workingDir: string, name: string): IntakeProgress | undefined {
  const path = fileFor(workingDir, name);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as IntakeProgress;
  } catch {
    return undefined;
  }
}

export function writeProgress(workingDir: string, name: string, progress: IntakeProgress): void {
  writeDurable(fileFor(workingDir, name), JSON.stringify(progress) + '\n');
}

export function clearProgress(workingDir: string, name: string): void {
  rmSync(fileFor(workingDir, name), { force: true });
}
