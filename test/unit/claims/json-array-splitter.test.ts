import { describe, expect, it } from 'vitest';
import { createJsonArraySplitter, nestsDeeperThan, type SplitEvent } from '../../../src/claims/json-array-splitter.js';

/** Feeds `text` in pieces of `step` characters (so pieces end inside strings, escapes and numbers). */
function split(text: string, step: number, maxDepth = 8, maxClaimChars = 1000) {
  const s = createJsonArraySplitter({ maxDepth, maxClaimChars });
  const events: SplitEvent[] = [];
  for (let i = 0; i < text.length; i += step) events.push(...s.push(text.slice(i, i + step)));
  return { events, end: s.end() };
}

describe('incremental JSON array splitter', () => {
  const batch = { batchId: 'B1', claims: [{ a: 'x,]}"\\ y', b: [1, { c: null }] }, 'plain', 42, [true]], partnerId: 'p' };
  const text = JSON.stringify(batch, null, 1);

  it('gives the same claims and members whatever the piece size', () => {
    for (const step of [1, 2, 3, 7, 64, text.length]) {
      const { events, end } = split(text, step);
      const claims = events.filter((e) => e.kind === 'claim').map((e) => JSON.parse((e as { text: string }).text));
      expect(claims).toEqual(batch.claims);
      const members = Object.fromEntries(events.flatMap((e) => (e.kind === 'member' ? [[e.key, JSON.parse(e.text)]] : [])));
      expect(members).toEqual({ batchId: 'B1', partnerId: 'p' });
      expect(end).toEqual({ ok: true, shape: 'object', claims: 4, sawClaims: true });
    }
  });

  it('stops at the depth limit without recursion, even 100,000 levels deep', () => {
    const deep = '[' + '['.repeat(100_000) + ']'.repeat(100_000) + ']';
    expect(split(deep, 4096).end).toMatchObject({ ok: false, incomplete: false, code: 'BATCH-DEPTH' });
    expect(nestsDeeperThan('{"a":' + '['.repeat(100_000), 64)).toBe(true);
    expect(nestsDeeperThan('{"a":"[[[[[[[[[[[["}', 3)).toBe(false);
  });

  it('tells an unfinished batch from a wrong one', () => {
    expect(split('{"claims":[{"a":1},', 5).end).toMatchObject({ ok: false, incomplete: true });
    expect(split('[{"a":1},]', 5).end).toMatchObject({ ok: false, incomplete: false, code: 'BATCH-JSON' });
    expect(split('{"claims":7}', 5).end).toMatchObject({ ok: false, code: 'BATCH-SHAPE' });
    expect(split('[1] [2]', 5).end).toMatchObject({ ok: false, code: 'BATCH-JSON' });
  });

  it('skips a claim larger than the limit instead of keeping it', () => {
    const { events, end } = split(`[{"n":"${'x'.repeat(5000)}"},{"n":1}]`, 100, 8, 1000);
    expect(events).toMatchObject([{ kind: 'claim', index: 0, text: undefined }, { kind: 'claim', index: 1, text: '{"n":1}' }]);
    expect(end).toMatchObject({ ok: true, claims: 2 });
  });
});
