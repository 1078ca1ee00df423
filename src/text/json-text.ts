/**
 * The text `JSON.stringify(value, null, 2)` prints for a value placed at a given depth of a document
 * (every line after the first indented by `depth` more levels), written in JavaScript for the kinds of
 * values a model is made of: strings, finite and non-finite numbers, booleans, null, undefined, plain
 * objects, arrays and decimal.js amounts. Anything else (a custom toJSON, Date, Map, a boxed primitive,
 * a class instance, a bigint) makes it throw `NOT_PLAIN`, and the caller prints the value the native way.
 *
 * Why: a report prints the same few long strings (code descriptions, explanations) and the same keys at
 * the same depths on every claim. Here their JSON text is made once and reused; JSON.stringify escapes and
 * indents them again each time (`report --format json`: the native stringify was 29 % of the profile).
 * Pure; the caches are bounded.
 */
import { Decimal } from 'decimal.js';

/** Thrown when a value is not one this printer knows to print exactly as JSON.stringify does. */
export const NOT_PLAIN: { readonly reason: string } = Object.freeze({ reason: 'not a plain JSON value' });

/** A string made flat (one sequential string): `+` makes ropes, which every copy of a cached piece walks again. */
const flat = (...pieces: string[]): string => pieces.join('');

const INDENT = '  ';
const pads: string[] = [];
/** '\n' and the indentation of `depth` levels. */
export const jsonPad = (depth: number): string => (pads[depth] ??= ['\n', INDENT.repeat(depth)].join(''));

/** Code units JSON.stringify writes as escapes: '"', '\\', controls, and (well-formed stringify) lone surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Long strings (descriptions, explanations) repeat on every claim: their JSON text is kept. */
const QUOTED = new Map<string, string>();
const QUOTED_MIN_LENGTH = 24;
const QUOTED_LIMIT = 4096;

/** A string as JSON.stringify prints it. */
export function jsonString(s: string): string {
  if (s.length >= QUOTED_MIN_LENGTH) {
    let q = QUOTED.get(s);
    if (q === undefined) {
      q = NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : flat('"', s, '"');
      if (QUOTED.size >= QUOTED_LIMIT) QUOTED.clear();
      QUOTED.set(s, q);
    }
    return q;
  }
  // Anything to escape: the native stringify does it (exact by construction).
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : '"' + s + '"';
}

/** Per depth: a key → ',' or '{', new line, indentation, the quoted key and ': ' (keys are few and repeat). */
const memberHeads: Map<string, string>[][] = [[], []];

/**
 * The start of an object member at `depth`: the separator (',' after another member, '{' for the first),
 * '\n', the indentation, the key as JSON and ': '.
 */
export function jsonMemberHead(key: string, depth: number, first: boolean): string {
  const heads = (memberHeads[first ? 1 : 0][depth] ??= new Map());
  let head = heads.get(key);
  if (head === undefined) {
    head = flat(first ? '{' : ',', jsonPad(depth), JSON.stringify(key), ': ');
    if (heads.size < QUOTED_LIMIT) heads.set(key, head);
  }
  return head;
}

const elementHeads: string[][] = [[], []];
/** The start of an array element at `depth`: '[' (first) or ',', '\n' and the indentation. */
export const jsonElementHead = (depth: number, first: boolean): string => (elementHeads[first ? 1 : 0][depth] ??= flat(first ? '[' : ',', jsonPad(depth)));

const closers: string[][] = [[], []];
/** The end of a non-empty container whose members are at `depth + 1`: '\n', the indentation of `depth`, '}' or ']'. */
export const jsonClose = (depth: number, array: boolean): string => (closers[array ? 1 : 0][depth] ??= flat(jsonPad(depth), array ? ']' : '}'));

const decimalToJson = Decimal.prototype.toJSON;
const objectProto = Object.prototype;
const arrayProto = Array.prototype;

/**
 * Pieces of JSON text, joined once when a record is complete: `Array#join` copies them into one flat
 * string, where `+=` would build a rope of thousands of small pieces that the output then flattens
 * (`Buffer.byteLength` of such ropes was 14 % of `report --format json`) and that the GC has to walk.
 */
export type JsonParts = string[];

/** Whether JSON.stringify prints a member with this value (it leaves out undefined, functions, symbols). */
export const printable = (value: unknown): boolean => {
  const t = typeof value;
  return t !== 'undefined' && t !== 'function' && t !== 'symbol';
};

/** The JSON text of `value` at `depth` (undefined where JSON.stringify prints nothing); throws NOT_PLAIN for values it does not print itself. */
export function jsonText(value: unknown, depth: number): string | undefined {
  if (!printable(value)) return undefined;
  const parts: JsonParts = [];
  writeJson(parts, value, depth);
  return parts.join('');
}

/**
 * Pushes the JSON text of a printable value (see `printable`) at `depth` onto `parts`; throws NOT_PLAIN
 * for values it does not print itself.
 */
export function writeJson(parts: JsonParts, value: unknown, depth: number): void {
  switch (typeof value) {
    case 'string':
      parts.push(jsonString(value));
      return;
    case 'number':
      parts.push(Number.isFinite(value) ? '' + value : 'null');
      return;
    case 'boolean':
      parts.push(value ? 'true' : 'false');
      return;
    case 'object': {
      if (value === null) {
        parts.push('null');
        return;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto === arrayProto && Array.isArray(value)) {
        if (typeof (value as { toJSON?: unknown }).toJSON === 'function') throw NOT_PLAIN;
        writeJsonArray(parts, value as readonly unknown[], depth);
        return;
      }
      if (proto === objectProto || proto === null) {
        if (typeof (value as { toJSON?: unknown }).toJSON === 'function') throw NOT_PLAIN;
        writeJsonObject(parts, value as Record<string, unknown>, depth);
        return;
      }
      if ((value as { toJSON?: unknown }).toJSON === decimalToJson) {
        parts.push(jsonString((value as Decimal).toJSON()));
        return;
      }
      throw NOT_PLAIN;
    }
    default:
      throw NOT_PLAIN; // bigint (JSON.stringify throws: let it say so), or not printable at all
  }
}

/** An array's JSON text at `depth` (elements JSON.stringify does not print are null). */
export function writeJsonArray(parts: JsonParts, list: readonly unknown[], depth: number): void {
  const n = list.length;
  if (n === 0) {
    parts.push('[]');
    return;
  }
  const next = jsonElementHead(depth + 1, false);
  for (let i = 0; i < n; i++) {
    parts.push(i ? next : jsonElementHead(depth + 1, true));
    const v = list[i];
    if (printable(v)) writeJson(parts, v, depth + 1);
    else parts.push('null');
  }
  parts.push(jsonClose(depth, true));
}

/** A plain object's JSON text at `depth`: own enumerable keys in their order, members JSON.stringify leaves out left out. */
export function writeJsonObject(parts: JsonParts, o: Record<string, unknown>, depth: number): void {
  const keys = Object.keys(o);
  let any = false;
  for (let i = 0; i < keys.length; i++) {
    const v = o[keys[i]];
    if (!printable(v)) continue;
    parts.push(jsonMemberHead(keys[i], depth + 1, !any));
    writeJson(parts, v, depth + 1);
    any = true;
  }
  parts.push(any ? jsonClose(depth, false) : '{}');
}
