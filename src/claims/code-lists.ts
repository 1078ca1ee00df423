/** External code lists the scrubber checks against (mappings/codes, loaded once by src/guides). */
import { loadCodeLists } from '../guides/load.js';

let cache: Map<string, ReadonlySet<string>> | undefined;

/** True when `code` is in the list `name` (e.g. "place-of-service", "carc", "state-province"). */
export function inCodeList(name: string, code: string): boolean {
  cache ??= new Map([...loadCodeLists()].map(([n, list]) => [n, new Set(Object.keys(list.codes))]));
  const set = cache.get(name);
  if (!set) throw new Error(`code list ${name} is not in mappings/codes`);
  return set.has(code);
}
