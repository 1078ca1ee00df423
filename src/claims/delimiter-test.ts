/**
 * Issue 12: "does this text hold any of these delimiters?" in one regex scan instead of one `includes`
 * per delimiter. Callers still ask which one (`chars.find`) when it does, so answers are unchanged.
 */
const patterns = new Map<string, RegExp | undefined>();

/** A regex matching any of `chars`, or undefined when one of them is not a single UTF-16 unit. */
export function anyCharOf(chars: readonly string[]): RegExp | undefined {
  const key = chars.join('\u0000');
  if (!patterns.has(key)) {
    const single = chars.length > 0 && chars.every((c) => c.length === 1);
    patterns.set(key, single ? new RegExp(`[${chars.map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]`) : undefined);
  }
  return patterns.get(key);
}
