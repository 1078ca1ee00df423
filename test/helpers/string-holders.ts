/** Where a claim holds strings, for property tests that plant values at random string leaves. */

/** An object or array and the key (or index) of one of its string values. */
export type Holder = [Record<string | number, unknown>, string | number];

/**
 * Every string leaf of `x` as its holder and key, in walk order. Not `kind`: the model's kind picks the
 * writer's and the scrubber's routes, and the tests plant into claims the model accepted.
 */
export function stringHolders(x: unknown, out: Holder[] = []): Holder[] {
  if (Array.isArray(x)) x.forEach((y, i) => (typeof y === 'string' ? out.push([x as unknown as Record<number, unknown>, i]) : stringHolders(y, out)));
  else if (x && typeof x === 'object') for (const [k, y] of Object.entries(x)) typeof y === 'string' ? k !== 'kind' && out.push([x as Record<string, unknown>, k]) : stringHolders(y, out);
  return out;
}
