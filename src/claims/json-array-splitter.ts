/**
 * An incremental splitter for claim batches written as JSON: `[claim, claim, ...]` or
 * `{ "batchId": ..., "partnerId": ..., "claims": [claim, ...] }`. Text is pushed in pieces of any size
 * (a piece may end inside a string or an escape); each claim comes out as its own JSON text, so a batch
 * of any size is read in memory bounded by its largest claim. Never recursive: nesting deeper than
 * `maxDepth` is an error value (a 100,000-level file cannot overflow a stack downstream).
 * Pure: no I/O; the caller parses each claim text (JSON.parse) and decides what to do with it.
 */

export interface SplitterOptions {
  /** Deepest nesting of arrays/objects allowed anywhere in the file (the batch object counts as 1). */
  maxDepth: number;
  /** A claim longer than this (in characters) is reported as too large instead of being kept. */
  maxClaimChars: number;
  /** A top-level member other than `claims` (batchId, partnerId, ...) may not be longer than this. */
  maxMemberChars?: number;
}

export type SplitEvent =
  /** `text` is undefined when the claim was longer than maxClaimChars (it was skipped, not kept). */
  | { kind: 'claim'; index: number; text: string | undefined; chars: number }
  | { kind: 'member'; key: string; text: string }
  | { kind: 'error'; code: 'BATCH-DEPTH' | 'BATCH-JSON' | 'BATCH-SHAPE'; message: string; offset: number };

export type SplitEnd =
  | { ok: true; shape: 'array' | 'object'; claims: number; sawClaims: boolean }
  | { ok: false; incomplete: true; message: string }
  | { ok: false; incomplete: false; code: 'BATCH-DEPTH' | 'BATCH-JSON' | 'BATCH-SHAPE'; message: string; offset: number };

export interface JsonArraySplitter {
  /** Feeds the next piece of text; returns what completed in it. After an error nothing more comes out. */
  push(text: string): SplitEvent[];
  /** The end of the file: complete, incomplete (an array or object not closed) or wrong. */
  end(): SplitEnd;
}

const enum Mode {
  Start,
  /** In the batch object, expecting a member name (or "}"). */
  Key,
  Colon,
  Value,
  /** Capturing a member value other than `claims`. */
  MemberValue,
  /** In the claims array. */
  Elements,
  /** After the claims array of a batch object: "," or "}". */
  AfterClaims,
  Done,
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

export function createJsonArraySplitter(options: SplitterOptions): JsonArraySplitter {
  const maxMember = options.maxMemberChars ?? 64 * 1024;
  let mode = Mode.Start;
  let shape: 'array' | 'object' | undefined;
  let sawClaims = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  /** Depth of the array whose elements are claims (1 for a bare array, 2 inside `claims`). */
  let elementDepth = 0;
  let claims = 0;
  /** After a "," in the claims array: another claim must follow. */
  let expectClaim = false;
  let offset = 0;
  let failed: Extract<SplitEvent, { kind: 'error' }> | undefined;
  // The value being captured (a claim, a member value or a member key), across pushes.
  let capture: 'claim' | 'member' | 'key' | undefined;
  let pieces: string[] = [];
  let captured = 0;
  let key = '';

  const fail = (code: 'BATCH-DEPTH' | 'BATCH-JSON' | 'BATCH-SHAPE', message: string, at: number): SplitEvent => {
    failed = { kind: 'error', code, message, offset: at };
    return failed;
  };

  function keep(text: string, from: number, to: number) {
    if (to <= from) return;
    captured += to - from;
    const limit = capture === 'claim' ? options.maxClaimChars : maxMember;
    if (captured <= limit) pieces.push(text.slice(from, to));
    else pieces = [];
  }

  function finish(text: string, start: number, end: number, out: SplitEvent[]): SplitEvent | undefined {
    keep(text, start, end);
    const whole = pieces.join('');
    const chars = captured;
    const kind = capture;
    pieces = [];
    captured = 0;
    capture = undefined;
    if (kind === 'claim') {
      out.push({ kind: 'claim', index: claims++, text: chars <= options.maxClaimChars ? whole.trimEnd() : undefined, chars });
      return undefined;
    }
    if (kind === 'key') {
      if (chars > maxMember) return fail('BATCH-SHAPE', 'a member name of the batch object is too long', offset + end);
      try {
        key = JSON.parse(whole) as string;
      } catch {
        return fail('BATCH-JSON', 'a member name of the batch object is not a valid JSON string', offset + end);
      }
      return undefined;
    }
    if (chars > maxMember) return fail('BATCH-SHAPE', `the batch member "${key.slice(0, 40)}" is too long (only "claims" may be large)`, offset + end);
    out.push({ kind: 'member', key, text: whole.trimEnd() });
    return undefined;
  }

  return {
    push(text) {
      const out: SplitEvent[] = [];
      if (failed || text.length === 0) {
        offset += text.length;
        return out;
      }
      let start = 0; // where the captured part of this piece begins
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (inString) {
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) {
            inString = false;
            if (capture === 'key') {
              const e = finish(text, start, i + 1, out);
              if (e) return [...out, e];
              mode = Mode.Colon;
            }
          }
          continue;
        }
        if (isSpace(c)) continue;
        const ch = text[i];
        switch (mode) {
          case Mode.Start:
            if (ch === '[') {
              shape = 'array';
              sawClaims = true;
              elementDepth = 1;
              mode = Mode.Elements;
            } else if (ch === '{') {
              shape = 'object';
              mode = Mode.Key;
            } else return [...out, fail('BATCH-SHAPE', 'a batch is an object with a "claims" array (or an array of claims)', offset + i)];
            depth = 1;
            continue;
          case Mode.Key:
            if (ch === '"') {
              capture = 'key';
              start = i;
              inString = true;
              continue;
            }
            if (ch === '}' && depth === 1) {
              depth = 0;
              mode = Mode.Done;
              continue;
            }
            return [...out, fail('BATCH-JSON', 'expected a member name in the batch object', offset + i)];
          case Mode.Colon:
            if (ch !== ':') return [...out, fail('BATCH-JSON', 'expected ":" after a member name', offset + i)];
            mode = Mode.Value;
            continue;
          case Mode.Value:
            if (key === 'claims') {
              if (ch !== '[') return [...out, fail('BATCH-SHAPE', 'a batch is an object with a "claims" array (or an array of claims)', offset + i)];
              if (sawClaims) return [...out, fail('BATCH-SHAPE', 'the batch object has "claims" twice', offset + i)];
              sawClaims = true;
              depth = 2;
              if (depth > options.maxDepth) return [...out, fail('BATCH-DEPTH', `nesting deeper than ${options.maxDepth} levels`, offset + i)];
              elementDepth = 2;
              mode = Mode.Elements;
              continue;
            }
            capture = 'member';
            start = i;
            mode = Mode.MemberValue;
            i--; // the value's first character is scanned again, as part of the capture
            continue;
          case Mode.Elements:
            if (ch === ']' && depth === elementDepth && !capture) {
              if (expectClaim) return [...out, fail('BATCH-JSON', 'a comma before "]"', offset + i)];
              depth--;
              mode = elementDepth === 1 ? Mode.Done : Mode.AfterClaims;
              continue;
            }
            if (!capture) {
              capture = 'claim';
              start = i;
              expectClaim = false;
            }
            break;
          case Mode.MemberValue:
            break;
          case Mode.Done:
            return [...out, fail('BATCH-JSON', 'text after the end of the batch', offset + i)];
        }
        if (mode === Mode.AfterClaims) {
          if (ch === ',') {
            mode = Mode.Key;
            continue;
          }
          if (ch === '}') {
            depth = 0;
            mode = Mode.Done;
            continue;
          }
          return [...out, fail('BATCH-JSON', 'expected "," or "}" after the claims array', offset + i)];
        }
        // Inside a captured value (a claim or a member value).
        if (ch === '"') {
          inString = true;
          continue;
        }
        if (ch === '{' || ch === '[') {
          depth++;
          if (depth > options.maxDepth) return [...out, fail('BATCH-DEPTH', `nesting deeper than ${options.maxDepth} levels`, offset + i)];
          continue;
        }
        const base = mode === Mode.Elements ? elementDepth : 1;
        if (ch === '}' || ch === ']') {
          if (depth > base) {
            depth--;
            continue;
          }
          // Closes the container the captured value sits in.
          const e = finish(text, start, i, out);
          if (e) return [...out, e];
          if (mode === Mode.Elements) {
            if (ch !== ']') return [...out, fail('BATCH-JSON', 'an array closed with "}"', offset + i)];
            depth--;
            mode = elementDepth === 1 ? Mode.Done : Mode.AfterClaims;
          } else {
            if (ch !== '}') return [...out, fail('BATCH-JSON', 'the batch object closed with "]"', offset + i)];
            depth = 0;
            mode = Mode.Done;
          }
          continue;
        }
        if (ch === ',' && depth === base) {
          const e = finish(text, start, i, out);
          if (e) return [...out, e];
          if (mode === Mode.Elements) expectClaim = true;
          else mode = Mode.Key;
          continue;
        }
      }
      if (capture && !failed) keep(text, start, text.length);
      offset += text.length;
      return out;
    },
    end() {
      if (failed) return { ok: false, incomplete: false, code: failed.code, message: failed.message, offset: failed.offset };
      if (mode === Mode.Start) return { ok: false, incomplete: true, message: 'the file is empty' };
      if (mode !== Mode.Done) return { ok: false, incomplete: true, message: shape === 'array' ? 'the claims array is not closed' : 'the batch object is not closed' };
      return { ok: true, shape: shape!, claims, sawClaims };
    },
  };
}

/** True when `text` (one JSON value) nests arrays/objects deeper than `maxDepth`; string-aware, never recursive. */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === BACKSLASH) escaped = true;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}
