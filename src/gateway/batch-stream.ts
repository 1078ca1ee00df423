/**
 * Reads a claim batch file as a stream: NDJSON line by line, JSON through the incremental array splitter
 * (src/claims/json-array-splitter.ts). Never holds the whole file: memory is bounded by the largest claim
 * (itself capped by `maxClaimChars`), and the content hash is computed on the way.
 *
 * The same scan serves two passes: a survey (is the file complete and readable? its hash, its claim
 * count) before anything is recorded, then the recording pass, which hands claims over as they come.
 * Problems are values naming the line (NDJSON) or character offset (JSON): bad UTF-8, nesting deeper
 * than `maxDepth`, a line that is not JSON, a file that is not a batch. A file that simply is not
 * finished (an NDJSON whose last line has no newline, a JSON array or object not closed) is reported
 * as incomplete, so the caller can wait for the rest instead of taking half of it.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createJsonArraySplitter, nestsDeeperThan } from '../claims/json-array-splitter.js';

export interface BatchStreamLimits {
  /** Deepest nesting allowed anywhere (default 64). */
  maxDepth: number;
  /** A claim longer than this many characters is rejected as too large (default 1,000,000). */
  maxClaimChars: number;
  /**
   * True for files proven complete (renamed into the outbox, or with a done marker): a last NDJSON line
   * without a newline is then taken, and an unclosed JSON array is an error, not "incomplete".
   */
  provenComplete: boolean;
}

export const DEFAULT_STREAM_LIMITS: BatchStreamLimits = { maxDepth: 64, maxClaimChars: 1_000_000, provenComplete: false };

/** A claim too large to keep: recorded as rejected, its content not stored. */
const OVERSIZED: unique symbol = Symbol('oversized claim');
export interface OversizedClaim {
  [OVERSIZED]: true;
  chars: number;
}
const oversized = (chars: number): OversizedClaim => ({ [OVERSIZED]: true, chars });

export interface BatchHeader {
  batchId?: string;
  partnerId?: string;
}

export type BatchScan =
  | { ok: true; sha256: string; bytes: number; claims: number; header: BatchHeader }
  | { ok: false; incomplete: true; message: string }
  | { ok: false; incomplete: false; code: string; message: string; line?: number; offset?: number };

export type ClaimSink = (index: number, claim: unknown | OversizedClaim, header: BatchHeader) => void | Promise<void>;

const fileError = (code: string, message: string, where: { line?: number; offset?: number } = {}): BatchScan => ({ ok: false, incomplete: false, code, message, ...where });

/** A marker only this module makes (a symbol key: no claim from a file can look like it). */
export const isOversized = (c: unknown): c is OversizedClaim => !!c && typeof c === 'object' && OVERSIZED in c;

/**
 * Scans the first `size` bytes of `path` (a .json or .ndjson batch), calling `sink` with each claim in
 * order (awaited: the sink may record a chunk before more is read). An NDJSON batch can be read from
 * `from.start` (a byte just after a newline) with the header its earlier lines gave.
 */
export async function scanBatch(path: string, name: string, size: number, limits: BatchStreamLimits, sink?: ClaimSink, from: { start: number; header: BatchHeader } = { start: 0, header: {} }): Promise<BatchScan> {
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const ndjson = /\.ndjson$/i.test(name);
  if (from.start > 0 && !ndjson) throw new Error('only an NDJSON batch can be read from the middle');
  const header: BatchHeader = { ...from.header };
  let claims = 0;
  let bytes = 0;
  let failure: BatchScan | undefined;

  // NDJSON state: the current line (pieces), its number, whether it outgrew the claim limit.
  let linePieces: string[] = [];
  let lineChars = 0;
  let lineNo = 0;
  const takeLine = async (line: string, chars: number, last: boolean): Promise<BatchScan | undefined> => {
    lineNo++;
    if (chars > limits.maxClaimChars) {
      await sink?.(claims, oversized(chars), header);
      claims++;
      return undefined;
    }
    const text = line.trim();
    if (!text) return undefined;
    if (nestsDeeperThan(text, limits.maxDepth)) return fileError('BATCH-DEPTH', `line ${lineNo} nests deeper than ${limits.maxDepth} levels`, { line: lineNo });
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      if (last && !limits.provenComplete) return { ok: false, incomplete: true, message: `line ${lineNo} (the last) is not complete JSON yet` };
      return fileError('BATCH-NDJSON-LINE', `line ${lineNo} is not valid JSON; every line must be one JSON object`, { line: lineNo });
    }
    const rec = value as { record?: unknown; batchId?: unknown; partnerId?: unknown } | null;
    if (rec && typeof rec === 'object' && rec.record === 'batch') {
      if (typeof rec.batchId === 'string') header.batchId = rec.batchId;
      if (typeof rec.partnerId === 'string') header.partnerId = rec.partnerId;
      return undefined;
    }
    await sink?.(claims, value, header);
    claims++;
    return undefined;
  };

  const splitter = ndjson ? undefined : createJsonArraySplitter({ maxDepth: limits.maxDepth, maxClaimChars: limits.maxClaimChars });
  const feedJson = async (text: string): Promise<BatchScan | undefined> => {
    for (const ev of splitter!.push(text)) {
      if (ev.kind === 'error') return fileError(ev.code, `${ev.message} (at character ${ev.offset + 1})`, { offset: ev.offset });
      if (ev.kind === 'member') {
        let v: unknown;
        try {
          v = JSON.parse(ev.text);
        } catch {
          return fileError('BATCH-JSON', `the batch member "${ev.key.slice(0, 40)}" is not valid JSON`);
        }
        if (ev.key === 'batchId' && typeof v === 'string') header.batchId = v;
        if (ev.key === 'partnerId' && typeof v === 'string') header.partnerId = v;
        continue;
      }
      let value: unknown;
      if (ev.text === undefined) value = oversized(ev.chars);
      else {
        try {
          value = JSON.parse(ev.text);
        } catch {
          return fileError('BATCH-JSON', `claim ${ev.index + 1} is not valid JSON`);
        }
      }
      await sink?.(ev.index, value, header);
      claims++;
    }
    return undefined;
  };

  const feedNdjson = async (text: string): Promise<BatchScan | undefined> => {
    let from = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
      const part = text.slice(from, nl);
      lineChars += part.length;
      const line = linePieces.length ? linePieces.join('') + part : part;
      const chars = lineChars;
      linePieces = [];
      lineChars = 0;
      from = nl + 1;
      const err = await takeLine(chars > limits.maxClaimChars ? '' : line, chars, false);
      if (err) return err;
    }
    const rest = text.slice(from);
    lineChars += rest.length;
    if (lineChars <= limits.maxClaimChars) linePieces.push(rest);
    else linePieces = [];
    return undefined;
  };

  const feed = (text: string) => (ndjson ? feedNdjson(text) : feedJson(text));

  if (size - from.start <= 0) return limits.provenComplete ? fileError('BATCH-EMPTY', 'the file is empty') : { ok: false, incomplete: true, message: 'the file is empty (not written yet?)' };
  {
    const stream = createReadStream(path, { start: from.start, end: size - 1, highWaterMark: 256 * 1024 });
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        hash.update(chunk);
        bytes += chunk.length;
        let text: string;
        try {
          text = decoder.decode(chunk, { stream: true });
        } catch {
          failure = fileError('BATCH-ENCODING', `the file is not UTF-8 text (bad bytes near byte ${bytes - chunk.length + 1}); save it as UTF-8`, { offset: bytes - chunk.length });
          break;
        }
        failure = await feed(text);
        if (failure) break;
      }
    } finally {
      stream.destroy();
    }
  }
  if (!failure) {
    let tail = '';
    try {
      tail = decoder.decode();
    } catch {
      failure = fileError('BATCH-ENCODING', 'the file ends in the middle of a UTF-8 character; save it as UTF-8');
    }
    if (!failure && tail) failure = await feed(tail);
  }
  if (failure) return failure;
  if (bytes < size - from.start) return { ok: false, incomplete: true, message: 'the file is shorter than when it was measured' };

  if (ndjson) {
    if (lineChars > 0) {
      if (!limits.provenComplete) return { ok: false, incomplete: true, message: `line ${lineNo + 1} (the last) has no newline yet` };
      const err = await takeLine(linePieces.join(''), lineChars, true);
      if (err) return err;
    }
  } else {
    const end = splitter!.end();
    if (!end.ok && end.incomplete) {
      if (!limits.provenComplete) return { ok: false, incomplete: true, message: end.message };
      return fileError('BATCH-JSON', `${end.message} (was it written completely?)`);
    }
    if (!end.ok) return fileError(end.code, `${end.message} (at character ${end.offset + 1})`, { offset: end.offset });
    if (!end.sawClaims) return fileError('BATCH-SHAPE', 'a batch is an object with a "claims" array (or an array of claims)');
  }
  if (claims === 0) return fileError('BATCH-EMPTY', 'the batch holds no claims');
  return { ok: true, sha256: hash.digest('hex'), bytes, claims, header };
}
