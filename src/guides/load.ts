/**
 * Loads and checks the guide maps, the X12 dictionary and the code lists from `mappings/`.
 * File reading happens once, at first use; everything returned is plain, frozen data.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { CodeList, Dictionary, GuideMap, type LoopRule, type SegmentRule } from './map-schema.js';

/** The project's `mappings/` folder, found from this module's location (works from src/ and dist/). */
export function mappingsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'mappings');
    if (existsSync(join(candidate, 'guides'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('mappings/ folder not found above ' + fileURLToPath(import.meta.url));
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${path}: ${(err as Error).message}`);
  }
}

/**
 * The checked-maps manifest (`mappings/checked-maps.json`, written by `scripts/check-maps.ts --write`
 * after every map passed its zod schema and the cross-checks): each map file's SHA-256. A map whose bytes
 * have that hash is read without zod (~80–250 ms of every process's start-up went into the schemas); any
 * other map — edited since, or not listed — goes through zod as before, so a stale manifest only costs time.
 * test/unit/guides/checked-maps.test.ts holds the trusted read equal to the zod read for every listed map.
 */
export const CHECKED_MAPS = 'checked-maps.json';

export interface CheckedMaps {
  note: string;
  /** Path under mappings/ ("guides/837P.json") → SHA-256 (hex) of the file's bytes. */
  files: Record<string, string>;
}

let checkedCache: Map<string, string> | undefined;
function checkedHashes(): Map<string, string> {
  if (!checkedCache) {
    checkedCache = new Map();
    const path = join(mappingsDir(), CHECKED_MAPS);
    if (existsSync(path)) {
      try {
        const manifest = JSON.parse(readFileSync(path, 'utf8')) as Partial<CheckedMaps>;
        for (const [file, hash] of Object.entries(manifest.files ?? {})) if (typeof hash === 'string') checkedCache.set(file, hash);
      } catch {
        // A damaged manifest trusts nothing: every map goes through zod.
      }
    }
  }
  return checkedCache;
}

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The schema's defaults that a trusted read must apply itself (zod's `.default`s in map-schema.ts). */
const trustedShape = new Map<z.ZodType, (raw: Record<string, unknown>) => unknown>([[GuideMap, (raw) => ({ ...raw, versionAliases: raw.versionAliases ?? [] })]]);

/**
 * Reads the map at mappings/`relative` with `schema`: without zod when the manifest lists its exact bytes
 * (`trusted` false forces zod, for the check script and tests). Throws an Error naming the file and the
 * schema's complaints otherwise.
 */
export function readMap<T>(relative: string, schema: z.ZodType<T>, trusted = true): T {
  const path = join(mappingsDir(), relative);
  return parseMap(readText(path), path, schema, trusted ? checkedHashes().get(relative) : undefined);
}

/**
 * A map file's text as `schema` says: without zod when `checkedHash` (its manifest entry) is the text's
 * SHA-256, through zod otherwise (errors name `path`).
 */
export function parseMap<T>(text: string, path: string, schema: z.ZodType<T>, checkedHash: string | undefined): T {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`cannot read ${path}: ${(err as Error).message}`);
  }
  if (checkedHash !== undefined && raw !== null && typeof raw === 'object' && checkedHash === sha256(text)) {
    const shape = trustedShape.get(schema);
    return (shape ? shape(raw as Record<string, unknown>) : raw) as T;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`${path}: ${formatZodIssues(parsed.error.issues)}`);
  return parsed.data;
}

/** The map files under mappings/ that load.ts reads, as paths relative to it (manifest keys). */
export function mapFiles(): string[] {
  const dir = mappingsDir();
  const list = (sub: string) => (existsSync(join(dir, sub)) ? readdirSync(join(dir, sub)).filter((f) => f.endsWith('.json')).sort().map((f) => `${sub}/${f}`) : []);
  return [...(existsSync(join(dir, 'x12', 'dictionary.json')) ? ['x12/dictionary.json'] : []), ...list('codes'), ...list('guides')];
}

/** The schema of a map file (by its folder). */
export function schemaOf(relative: string): z.ZodType<unknown> {
  return relative.startsWith('guides/') ? GuideMap : relative.startsWith('codes/') ? CodeList : Dictionary;
}

/** Turns off the manifest (every map through zod) until `trustCheckedMaps(true)`; clears the caches. For the check script and tests. */
let trustChecked = true;
export function trustCheckedMaps(on: boolean): void {
  trustChecked = on;
  dictionaryCache = undefined;
  codeListCache = undefined;
  guideCache = undefined;
  checkedCache = undefined;
}

let dictionaryCache: Dictionary | undefined;
export function loadDictionary(): Dictionary {
  if (!dictionaryCache) {
    dictionaryCache = readMap('x12/dictionary.json', Dictionary, trustChecked);
  }
  return dictionaryCache;
}

let codeListCache: Map<string, CodeList> | undefined;
export function loadCodeLists(): Map<string, CodeList> {
  if (!codeListCache) {
    const dir = join(mappingsDir(), 'codes');
    const lists = new Map<string, CodeList>();
    for (const file of existsSync(dir) ? readdirSync(dir).sort() : []) {
      if (!file.endsWith('.json')) continue;
      const path = join(dir, file);
      const list = readMap(`codes/${file}`, CodeList, trustChecked);
      if (list.name + '.json' !== file) throw new Error(`${path}: name "${list.name}" does not match the file name`);
      lists.set(list.name, list);
    }
    codeListCache = lists;
  }
  return codeListCache;
}

let guideCache: Map<string, GuideMap> | undefined;
/** All guide maps, keyed by their id ("837P", "835", ...). */
export function loadGuides(): Map<string, GuideMap> {
  if (!guideCache) {
    const dir = join(mappingsDir(), 'guides');
    const guides = new Map<string, GuideMap>();
    const dictionary = loadDictionary();
    const codeLists = loadCodeLists();
    // The dictionary's own code-list references do not depend on the guide: checked once (they were checked
    // again for every guide map), reported with the first guide as before.
    const dictionaryProblems: string[] = [];
    for (const [ref, el] of Object.entries(dictionary.elements)) {
      if (el.codeList && !codeLists.has(el.codeList)) dictionaryProblems.push(`dictionary element ${ref}: code list "${el.codeList}" not found in mappings/codes`);
    }
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith('.json')) continue;
      const path = join(dir, file);
      const guide = readMap(`guides/${file}`, GuideMap, trustChecked);
      const problems = [...crossCheckGuide(guide, dictionary, codeLists), ...dictionaryProblems];
      if (problems.length) throw new Error(`${path}:\n  ${problems.join('\n  ')}`);
      guides.set(guide.id, guide);
    }
    guideCache = guides;
  }
  return guideCache;
}

function formatZodIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues
    .slice(0, 20)
    .map((i) => `${i.path.map(String).join('.')}: ${i.message}`)
    .join('; ');
}

/**
 * Checks a guide against the dictionary: every segment exists, element and component positions exist,
 * composites are used as composites, code lists exist, loops start with a segment, qualifiers point at
 * elements the guide uses.
 */
export function crossCheckGuide(guide: GuideMap, dictionary: Dictionary, codeLists: Map<string, CodeList>): string[] {
  const problems: string[] = [];
  const visitSegment = (seg: SegmentRule, where: string) => {
    const def = dictionary.segments[seg.id];
    if (!def) {
      problems.push(`${where}/${seg.id}: segment ${seg.id} is not in the dictionary`);
      return;
    }
    const seen = new Set<number>();
    for (const el of seg.elements) {
      const at = `${where}/${seg.id}${String(el.pos).padStart(2, '0')}`;
      if (seen.has(el.pos)) problems.push(`${at}: element listed twice`);
      seen.add(el.pos);
      const slot = def.elements[el.pos - 1];
      if (!slot) {
        problems.push(`${at}: ${seg.id} has only ${def.elements.length} elements`);
        continue;
      }
      const composite = slot.ref.startsWith('C') ? dictionary.composites[slot.ref] : undefined;
      if (slot.ref.startsWith('C') && !composite) problems.push(`${at}: composite ${slot.ref} is not in the dictionary`);
      if (!slot.ref.startsWith('C') && !dictionary.elements[slot.ref]) problems.push(`${at}: element ${slot.ref} is not in the dictionary`);
      if (el.components && !composite) problems.push(`${at}: has components but ${slot.ref} is not a composite`);
      if (composite && el.usage !== 'N' && !el.components) problems.push(`${at}: composite ${slot.ref} used without listing its components`);
      if (el.codeList && !codeLists.has(el.codeList)) problems.push(`${at}: code list "${el.codeList}" not found in mappings/codes`);
      for (const c of el.components ?? []) {
        const cslot = composite?.components[c.pos - 1];
        if (composite && !cslot) problems.push(`${at}-${c.pos}: ${slot.ref} has only ${composite.components.length} components`);
        if (c.codeList && !codeLists.has(c.codeList)) problems.push(`${at}-${c.pos}: code list "${c.codeList}" not found in mappings/codes`);
      }
    }
    if (seg.qualifier) {
      const q = seg.elements.find((e) => e.pos === seg.qualifier!.element);
      if (!q) problems.push(`${where}/${seg.id}: qualifier element ${seg.qualifier.element} is not listed among its elements`);
    }
  };
  const visit = (children: Array<SegmentRule | LoopRule>, where: string) => {
    for (const child of children) {
      if (child.kind === 'segment') visitSegment(child, where);
      else {
        if (child.children[0]?.kind !== 'segment') problems.push(`${where}/${child.id}: a loop must start with a segment`);
        visit(child.children, `${where}/${child.id}`);
      }
    }
  };
  visit(guide.structure, guide.id);
  const first = guide.structure[0];
  if (guide.transactionSet !== 'TA1' && (first?.kind !== 'segment' || first.id !== 'ST')) problems.push(`${guide.id}: structure must start with ST`);
  return problems;
}
