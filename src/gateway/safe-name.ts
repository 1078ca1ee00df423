/**
 * Names that come from outside (a partner's SFTP listing, an interchange control number a sender chose)
 * are checked here BEFORE any local path is made from them. A name is accepted only when it already is a
 * plain, safe base name; anything else is refused, never rewritten: rewriting (dropping `../`, replacing
 * `/`) turns two different remote files into one local name, and hides an attack in a collision.
 *
 * Pure: no fs, no logger. `pathInside` is the last line of defence where a path is finally built.
 */
import { createHash } from 'node:crypto';
import { join, resolve, sep } from 'node:path';

/** Longest accepted name, in UTF-8 bytes (local names get a partner prefix and suffixes; NAME_MAX is 255). */
export const MAX_SAFE_NAME_BYTES = 150;

/** Letters, digits and a few punctuation marks file names commonly use; must start with a letter or digit. */
const SAFE = /^[A-Za-z0-9][A-Za-z0-9._\-+=@,~ ()]*$/;

export type UnsafeNameReason = 'empty' | 'too-long' | 'separator' | 'dot-dot' | 'control-character' | 'leading-dot' | 'trailing-dot-or-space' | 'reserved-suffix' | 'character';

export type SafeNameResult = { ok: true; name: string } | { ok: false; reason: UnsafeNameReason; nameHash: string; escaped: string };

/** First 16 hex digits of the name's sha256: how a refused name is identified in logs and the ledger. */
export function nameHash(name: string): string {
  return createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 16);
}

/** A printable, bounded form of any string for a log line: non-printable and non-ASCII as \xNN / \u{...}. */
export function escapeName(name: string, max = 64): string {
  let out = '';
  for (const ch of name) {
    const cp = ch.codePointAt(0)!;
    out += cp >= 0x20 && cp < 0x7f && ch !== '\\' ? ch : cp < 0x100 ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u{${cp.toString(16)}}`;
    if (out.length >= max) return out.slice(0, max) + '…';
  }
  return out;
}

function reasonOf(name: string, reservedSuffixes: readonly string[]): UnsafeNameReason | undefined {
  if (name.length === 0) return 'empty';
  if (Buffer.byteLength(name, 'utf8') > MAX_SAFE_NAME_BYTES) return 'too-long';
  if (name.includes('/') || name.includes('\\')) return 'separator';
  if (name.includes('..')) return 'dot-dot';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return 'control-character';
  if (name.startsWith('.')) return 'leading-dot';
  if (/[. ]$/.test(name)) return 'trailing-dot-or-space';
  if (reservedSuffixes.some((s) => s && name.toLowerCase().endsWith(s.toLowerCase()))) return 'reserved-suffix';
  if (!SAFE.test(name)) return 'character';
  return undefined;
}

/**
 * Accepts `name` when it is a safe base name; otherwise says why and how to identify it without
 * printing it. `reservedSuffixes`: endings the caller uses for its own temporary files (".part").
 */
export function safeBaseName(name: string, options: { reservedSuffixes?: readonly string[] } = {}): SafeNameResult {
  const reason = reasonOf(name, options.reservedSuffixes ?? ['.part', '.tmp']);
  return reason ? { ok: false, reason, nameHash: nameHash(name), escaped: escapeName(name) } : { ok: true, name };
}

/** The error thrown when a path would leave its folder (a bug: names must pass `safeBaseName` first). */
export class PathEscapeError extends Error {
  constructor(readonly dir: string, readonly nameHashValue: string) {
    super(`refusing a path outside ${dir} (name hash ${nameHashValue})`);
    this.name = 'PathEscapeError';
  }
}

/**
 * `dir/name`, asserting the result is a direct child of `dir`. Every place that joins an outside name
 * into a local path goes through here, so a name that slipped past the checks still cannot escape.
 */
export function pathInside(dir: string, name: string): string {
  const base = resolve(dir);
  const full = resolve(join(base, name));
  if (!full.startsWith(base + sep) || full.slice(base.length + 1).includes(sep) || safeBaseName(name, { reservedSuffixes: [] }).ok === false) {
    throw new PathEscapeError(base, nameHash(name));
  }
  return full;
}
