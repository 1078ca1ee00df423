/** Reading element values out of tokenized segments (1-based positions, as in the guides). */
import type { Segment } from './tokenizer.js';

/** Raw element `pos` (NM103 → element(seg, 3)); "" when absent. */
export function element(segment: Segment, pos: number): string {
  return segment.elements[pos] ?? '';
}

/** The repetitions of element `pos` (one entry when it does not repeat). */
export function repetitions(segment: Segment, pos: number): string[] {
  const raw = element(segment, pos);
  const rep = segment.delimiters.repetition;
  return rep && raw.includes(rep) ? raw.split(rep) : [raw];
}

/** The components of element `pos` (one entry for a simple element). */
export function components(segment: Segment, pos: number, repetition = 0): string[] {
  const raw = repetitions(segment, pos)[repetition] ?? '';
  return raw.split(segment.delimiters.component);
}

/** Component `comp` (1-based) of element `pos`; "" when absent. */
export function component(segment: Segment, pos: number, comp: number): string {
  const raw = element(segment, pos);
  if (comp === 1) {
    const i = raw.indexOf(segment.delimiters.component);
    return i < 0 ? raw : raw.slice(0, i);
  }
  return raw.split(segment.delimiters.component)[comp - 1] ?? '';
}
