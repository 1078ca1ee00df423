/**
 * Issue 12: "does this text hold any of the interchange's delimiters?" in one regex scan instead of one
 * `includes` per delimiter. Callers still ask which one (`chars.find`) when it does, so answers are
 * unchanged. The regex is kept per delimiter set (looked up by the set's object, checked by its values).
 */
import type { Delimiters } from '../x12/delimiters.js';

interface Cached {
  element: string;
  component: string;
  repetition: string;
  segment: string;
  any: RegExp | undefined;
}
const cache = new WeakMap<Delimiters, Cached>();

/**
 * A regex matching any of the non-empty delimiters of `d`, or undefined when one of them is not a single
 * UTF-16 unit (then look for each in turn).
 */
export function anyDelimiterOf(d: Delimiters): RegExp | undefined {
  const hit = cache.get(d);
  if (hit && hit.element === d.element && hit.component === d.component && hit.repetition === d.repetition && hit.segment === d.segment) return hit.any;
  const chars = [d.element, d.component, d.repetition, d.segment].filter(Boolean);
  const single = chars.length > 0 && chars.every((c) => c.length === 1);
  const any = single ? new RegExp(`[${chars.map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]`) : undefined;
  cache.set(d, { element: d.element, component: d.component, repetition: d.repetition, segment: d.segment, any });
  return any;
}
