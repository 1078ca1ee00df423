/**
 * JSON written piece by piece, byte for byte what `JSON.stringify(value, null, 2)` would print for the
 * whole document: containers are opened and closed by hand, members in between are stringified one at a
 * time. So a report or a loop tree of any size is written without building it (or its text) whole.
 * Pure: pieces go to `emit`; the caller decides where they land.
 *
 * A member at depth d is printed by JSON.stringify itself at that depth: the value is put inside d nested
 * one-element arrays and the text of those arrays is cut off both ends. That is one native call and no
 * re-indenting pass (a regex over every line of every claim was a fifth of `report --format json`).
 */

interface Open {
  close: ']' | '}';
  empty: boolean;
}

export interface PrettyJsonWriter {
  /** Opens an array (as a member `key` of the enclosing object, or an element of the enclosing array). */
  beginArray(key?: string): void;
  beginObject(key?: string): void;
  /** One member or element, stringified now; skipped (as JSON.stringify skips it) when it is undefined. */
  value(value: unknown, key?: string): void;
  /**
   * One member or element whose JSON text the caller made itself, as JSON.stringify would print it at
   * `depth` (the number of open containers); the writer adds the separator, indentation and key.
   */
  text(text: string, key?: string): void;
  /**
   * What `text` would write before a member (separator, new line, indentation, key), returned rather than
   * emitted, for a caller that writes the member's text itself right after it (nothing else in between).
   */
  head(key?: string): string;
  /** Closes the innermost open container. */
  end(): void;
  /** Open containers. */
  readonly depth: number;
}

const INDENT = '  ';

/**
 * Per depth d: `outer`, d nested one-element arrays, `inner` the innermost (whose slot takes the value),
 * and how many characters JSON.stringify(outer, null, 2) prints before and after the value.
 */
interface Chain {
  outer: unknown[];
  inner: unknown[];
  before: number;
  after: number;
}
const chains: Chain[] = [];

function chainAt(depth: number): Chain {
  let chain = chains[depth];
  if (!chain) {
    const inner: unknown[] = [0];
    let outer = inner;
    for (let d = 1; d < depth; d++) outer = [outer];
    const text = JSON.stringify(outer, null, 2);
    const before = text.indexOf('0');
    chain = chains[depth] = { outer, inner, before, after: text.length - before - 1 };
  }
  return chain;
}

/** The old way: stringified at depth 0, re-indented (undefined when a toJSON returns undefined). */
const reindented = (value: object, depth: number): string | undefined => (JSON.stringify(value, null, 2) as string | undefined)?.replace(/\n/g, '\n' + INDENT.repeat(depth));

/**
 * What JSON.stringify(value, null, 2) prints, with every line after the first indented by `depth` more
 * levels; undefined when it prints nothing (undefined, a function, a symbol). Primitives print on one line.
 * Objects with a toJSON method are stringified alone and re-indented: the chain would call it with the
 * key '0' where JSON.stringify(value) passes ''.
 */
export function stringifyAtDepth(value: unknown, depth: number): string | undefined {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (depth === 0) return JSON.stringify(value, null, 2);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return reindented(value, depth);
  const chain = chainAt(depth);
  if (chain.inner[0] !== 0) return reindented(value, depth); // in use: a toJSON inside the value writes JSON itself
  chain.inner[0] = value;
  try {
    const text = JSON.stringify(chain.outer, null, 2);
    return text.slice(chain.before, text.length - chain.after);
  } finally {
    chain.inner[0] = 0; // the chain is shared: hold no reference to the caller's value
  }
}

/** '\n' and the indentation of each depth, made once. */
const pads: string[] = [];
const pad = (depth: number) => (pads[depth] ??= '\n' + INDENT.repeat(depth));

export function prettyJsonWriter(emit: (text: string) => void): PrettyJsonWriter {
  const stack: Open[] = [];
  /** Separator, new line and key before the next member of the innermost container ('' at the top). */
  const start = (key: string | undefined) => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    const text = (top.empty ? '' : ',') + pad(stack.length) + (key !== undefined && top.close === '}' ? JSON.stringify(key) + ': ' : '');
    top.empty = false;
    return text;
  };
  const begin = (open: '[' | '{', close: ']' | '}', key?: string) => {
    emit(start(key) + open);
    stack.push({ close, empty: true });
  };
  return {
    beginArray: (key) => begin('[', ']', key),
    beginObject: (key) => begin('{', '}', key),
    value(value, key) {
      const top = stack[stack.length - 1];
      // Inside arrays JSON.stringify prints undefined as null; in objects it drops the member.
      const text = stringifyAtDepth(value, stack.length) ?? (top?.close === ']' ? 'null' : undefined);
      if (text === undefined) return;
      emit(start(key) + text);
    },
    text(text, key) {
      emit(start(key) + text);
    },
    head: (key) => start(key),
    end() {
      const top = stack.pop();
      if (!top) throw new Error('prettyJsonWriter: end() without an open container');
      emit((top.empty ? '' : pad(stack.length)) + top.close);
    },
    get depth() {
      return stack.length;
    },
  };
}
