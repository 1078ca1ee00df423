/**
 * Test reference: the pretty JSON writer as it was before issue 12 round 5 (each member stringified at
 * depth 0 and re-indented with a regex). test/property/pretty-json.property.test.ts proves the fast
 * writer in src/text/pretty-json.ts prints byte for byte what this one prints. Do not optimise.
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
  /** Closes the innermost open container. */
  end(): void;
  /** Open containers. */
  readonly depth: number;
}

const INDENT = '  ';

export function referencePrettyJsonWriter(emit: (text: string) => void): PrettyJsonWriter {
  const stack: Open[] = [];
  const pad = (depth: number) => '\n' + INDENT.repeat(depth);
  const start = (key: string | undefined) => {
    const top = stack[stack.length - 1];
    if (!top) return;
    emit((top.empty ? '' : ',') + pad(stack.length) + (key !== undefined && top.close === '}' ? JSON.stringify(key) + ': ' : ''));
    top.empty = false;
  };
  const begin = (open: '[' | '{', close: ']' | '}', key?: string) => {
    start(key);
    emit(open);
    stack.push({ close, empty: true });
  };
  return {
    beginArray: (key) => begin('[', ']', key),
    beginObject: (key) => begin('{', '}', key),
    value(value, key) {
      const top = stack[stack.length - 1];
      // Inside arrays JSON.stringify prints undefined as null; in objects it drops the member.
      const text = JSON.stringify(value, null, 2) ?? (top?.close === ']' ? 'null' : undefined);
      if (text === undefined) return;
      start(key);
      emit(stack.length ? text.replace(/\n/g, pad(stack.length)) : text);
    },
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
