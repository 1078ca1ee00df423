/** JSON written piece by piece prints exactly what JSON.stringify(whole, null, 2) prints. */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { prettyJsonWriter } from '../../../src/text/pretty-json.js';

function streamed(build: (w: ReturnType<typeof prettyJsonWriter>) => void): string {
  let out = '';
  build(prettyJsonWriter((t) => (out += t)));
  return out;
}

describe('prettyJsonWriter', () => {
  it('matches JSON.stringify for nested objects, arrays, empties, undefined members and toJSON values', () => {
    const doc = { a: 1, skipped: undefined, list: [{ x: 'y\nz', amount: new Decimal('12.50') }, [], {}], empty: [], tail: { b: [1, 2] } };
    const text = streamed((w) => {
      w.beginObject();
      w.value(doc.a, 'a');
      w.value(doc.skipped, 'skipped');
      w.beginArray('list');
      for (const item of doc.list) w.value(item);
      w.end();
      w.beginArray('empty');
      w.end();
      w.beginObject('tail');
      w.value(doc.tail.b, 'b');
      w.end();
      w.end();
    });
    expect(text).toBe(JSON.stringify(doc, null, 2));
  });

  it('matches for a top-level array of records and for an empty one', () => {
    const records = [{ n: 1 }, { n: 2, m: [undefined, 'x'] }];
    expect(streamed((w) => { w.beginArray(); records.forEach((r) => w.value(r)); w.end(); })).toBe(JSON.stringify(records, null, 2));
    expect(streamed((w) => { w.beginArray(); w.end(); })).toBe('[]');
  });

  it('refuses an end() with nothing open', () => {
    expect(() => streamed((w) => w.end())).toThrow(/without an open container/);
  });
});
