/**
 * Names made from a batch's file name: a practice's file name may be long (240 characters leaves no room
 * for ".errors.json" and a temporary suffix: ENAMETOOLONG), hold any character, or hold PHI. Derived
 * files (reports, quarantine reasons, markers) use `safeStem`; logs use `nameHash`.
 */
import { createHash } from 'node:crypto';
import { extname } from 'node:path';

const MAX_STEM = 80;
/** Longest name (in bytes) a batch keeps when it is moved (archive, rejected, quarantine). */
const MAX_MOVED_BYTES = 180;

/** 12 hex characters of the name's SHA-256: what the logs say instead of the name. */
export const nameHash = (name: string) => createHash('sha256').update(name).digest('hex').slice(0, 12);

/**
 * The name without its batch extension, reduced to letters, digits, "._-" and at most 80 characters;
 * when anything had to change, the name's hash is appended so two names never share a stem.
 */
export function safeStem(name: string): string {
  const stem = name.replace(/\.(json|ndjson)$/i, '');
  const cleaned = stem.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[.]+/, '_');
  if (cleaned === stem && cleaned.length <= MAX_STEM && cleaned.length > 0) return cleaned;
  return `${cleaned.slice(0, MAX_STEM - 13)}-${nameHash(name)}`;
}

/** The name a batch gets when it is moved: its own when short enough, else the safe stem plus its extension. */
export function movedName(name: string): string {
  if (Buffer.byteLength(name) <= MAX_MOVED_BYTES && !name.startsWith('.')) return name;
  return safeStem(name) + extname(name).toLowerCase().replace(/[^a-z.]/g, '');
}
