/**
 * Loads and checks the guide maps, the X12 dictionary and the code lists from `mappings/`.
 * File reading happens once, at first use; everything returned is plain, frozen data.
 *
 * Start-up (docs/performance.md, issue 12 round 8): maps whose bytes the manifest vouches for are read
 * without zod (zod itself is imported only when some map is not vouched for, see map-schema-slot.ts) and
 * guide maps are read one transaction set at a time (`loadGuidesFor`): a file of 837s parses and checks
 * the 837 maps only. A guide map is cross-checked against the dictionary and the code lists unless the
 * manifest vouches for all three (the guide's bytes, the dictionary's and every listed code list's: the
 * cross-check is a function of them, and the manifest is written only after it passed).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import type { CodeList, Dictionary, GuideMap, LoopRule, SegmentRule } from './map-schema.js';
import { mapSchemaSlot, type MapSchemas } from './map-schema-slot.js';

/**
 * Points `mappingsDir()` at another folder (a copy of mappings/, for tests: a tampered map must still be
 * refused). Read at every call; also reaches worker threads and child processes through the environment.
 */
export const MAPPINGS_DIR_ENV = 'X12GW_MAPPINGS_DIR';

/** The project's `mappings/` folder, found from this module's location (works from src/ and dist/). */
export function mappingsDir(): string {
  const override = process.env[MAPPINGS_DIR_ENV];
  if (override) return override;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'mappings');
    if (existsSync(join(candidate, 'guides'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('mappings/ folder not found above ' + fileURLToPath(import.meta.url));
}

/** Map texts read (and hashed) at start-up to know whether zod is needed: each kept for its first read. */
const startTexts = new Map<string, string>();
/** SHA-256 of texts hashed at start-up (by text), so their first read does not hash them again. */
const startHashes = new Map<string, string>();

function readText(path: string): string {
  const early = startTexts.get(path);
  if (early !== undefined) {
    startTexts.delete(path);
    return early;
  }
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

/** `sha256`, once per text hashed at start-up. */
function hashOf(text: string): string {
  const early = startHashes.get(text);
  if (early === undefined) return sha256(text);
  startHashes.delete(text);
  return early;
}

/** The schema's defaults that a trusted read must apply itself (zod's `.default`s in map-schema.ts): by the map's folder. */
function trustedShape(path: string, raw: Record<string, unknown>): unknown {
  return /(^|[\\/])guides[\\/][^\\/]*$/.test(path) ? { ...raw, versionAliases: raw.versionAliases ?? [] } : raw;
}

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
  return parseVouched(text, path, () => schema, checkedHash).value;
}

/** `parseMap`, saying whether the manifest vouched for the text (then zod did not run); `schema` is asked for only when zod runs. */
function parseVouched<T>(text: string, path: string, schema: () => z.ZodType<T>, checkedHash: string | undefined): { value: T; vouched: boolean } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`cannot read ${path}: ${(err as Error).message}`);
  }
  if (checkedHash !== undefined && raw !== null && typeof raw === 'object' && checkedHash === hashOf(text)) {
    return { value: trustedShape(path, raw as Record<string, unknown>) as T, vouched: true };
  }
  const parsed = schema().safeParse(raw);
  if (!parsed.success) throw new Error(`${path}: ${formatZodIssues(parsed.error.issues)}`);
  return { value: parsed.data, vouched: false };
}

/** The zod schemas (map-schema.ts must have been evaluated: it is imported below when a map needs zod). */
function schemas(): MapSchemas {
  const loaded = mapSchemaSlot.schemas;
  if (!loaded) throw new Error(`a map in ${mappingsDir()} must be read through zod, but src/guides/map-schema.ts was not loaded (every map was vouched for when this module started: was X12GW_MAPPINGS_DIR changed since?)`);
  return loaded;
}

/** The map files under mappings/ that load.ts reads, as paths relative to it (manifest keys). */
export function mapFiles(): string[] {
  const dir = mappingsDir();
  const list = (sub: string) => (existsSync(join(dir, sub)) ? readdirSync(join(dir, sub)).filter((f) => f.endsWith('.json')).sort().map((f) => `${sub}/${f}`) : []);
  return [...(existsSync(join(dir, 'x12', 'dictionary.json')) ? ['x12/dictionary.json'] : []), ...list('codes'), ...list('guides')];
}

/** The schema of a map file (by its folder). The caller must have imported map-schema.ts (as the check script and tests do). */
export function schemaOf(relative: string): z.ZodType<unknown> {
  const all = schemas();
  return relative.startsWith('guides/') ? all.GuideMap : relative.startsWith('codes/') ? all.CodeList : all.Dictionary;
}

/**
 * Turns off the manifest (every map through zod) until `trustCheckedMaps(true)`; clears the caches. For the
 * check script and tests, which import map-schema.ts themselves.
 */
let trustChecked = true;
export function trustCheckedMaps(on: boolean): void {
  if (!on) schemas();
  trustChecked = on;
  dictionaryCache = undefined;
  codeListCache = undefined;
  guideCache = undefined;
  guideFileCache = undefined;
  guidesForCache = new Map();
  dictionaryProblemsCache = undefined;
  checkedCache = undefined;
}

/** Reads a map of this folder: `vouched` when the manifest vouched for its bytes (and trust is on). */
function readOwnMap<T>(relative: string, schema: () => z.ZodType<T>): { value: T; vouched: boolean } {
  const path = join(mappingsDir(), relative);
  return parseVouched(readText(path), path, schema, trustChecked ? checkedHashes().get(relative) : undefined);
}

let dictionaryCache: { value: Dictionary; vouched: boolean } | undefined;
function dictionaryRead(): { value: Dictionary; vouched: boolean } {
  return (dictionaryCache ??= readOwnMap('x12/dictionary.json', () => schemas().Dictionary));
}

export function loadDictionary(): Dictionary {
  return dictionaryRead().value;
}

let codeListCache: { lists: Map<string, CodeList>; vouched: boolean } | undefined;
function codeListsRead(): { lists: Map<string, CodeList>; vouched: boolean } {
  if (!codeListCache) {
    const dir = join(mappingsDir(), 'codes');
    const lists = new Map<string, CodeList>();
    const read = new Set<string>();
    let vouched = true;
    for (const file of existsSync(dir) ? readdirSync(dir).sort() : []) {
      if (!file.endsWith('.json')) continue;
      const path = join(dir, file);
      const list = readOwnMap(`codes/${file}`, () => schemas().CodeList);
      if (list.value.name + '.json' !== file) throw new Error(`${path}: name "${list.value.name}" does not match the file name`);
      lists.set(list.value.name, list.value);
      read.add(`codes/${file}`);
      vouched &&= list.vouched;
    }
    // Every code list the manifest lists must be here (the cross-checks ask only whether a list exists).
    for (const listed of checkedHashes().keys()) if (listed.startsWith('codes/') && !read.has(listed)) vouched = false;
    codeListCache = { lists, vouched };
  }
  return codeListCache;
}

export function loadCodeLists(): Map<string, CodeList> {
  return codeListsRead().lists;
}

/** A guide map file: its text until it is parsed, the transaction set it is for, the map once checked. */
interface GuideFile {
  relative: string;
  path: string;
  /** The transaction set sniffed from its vouched bytes (null: not vouched or not found; parse to know). */
  sniffed?: string | null;
  map?: GuideMap;
}

let guideFileCache: GuideFile[] | undefined;
function guideFiles(): GuideFile[] {
  if (!guideFileCache) {
    const dir = join(mappingsDir(), 'guides');
    guideFileCache = readdirSync(dir)
      .sort()
      .filter((f) => f.endsWith('.json'))
      .map((f) => ({ relative: `guides/${f}`, path: join(dir, f) }));
  }
  return guideFileCache;
}

/** The dictionary's own code-list references (they do not depend on the guide: checked once, reported with a guide's problems as before). */
let dictionaryProblemsCache: string[] | undefined;
function dictionaryProblems(dictionary: Dictionary, codeLists: Map<string, CodeList>): string[] {
  if (!dictionaryProblemsCache) {
    dictionaryProblemsCache = [];
    for (const [ref, el] of Object.entries(dictionary.elements)) {
      if (el.codeList && !codeLists.has(el.codeList)) dictionaryProblemsCache.push(`dictionary element ${ref}: code list "${el.codeList}" not found in mappings/codes`);
    }
  }
  return dictionaryProblemsCache;
}

/** Reads, parses and checks one guide map file (once). */
function guideMapOf(file: GuideFile): GuideMap {
  if (!file.map) {
    const guide = readOwnMap(file.relative, () => schemas().GuideMap);
    const dictionary = dictionaryRead();
    const codeLists = codeListsRead();
    // The cross-checks are a function of the guide, the dictionary and the set of code lists: when the
    // manifest vouches for all of them, they passed when it was written (scripts/check-maps.ts --write).
    if (!(guide.vouched && dictionary.vouched && codeLists.vouched)) {
      const problems = [...crossCheckGuide(guide.value, dictionary.value, codeLists.lists), ...dictionaryProblems(dictionary.value, codeLists.lists)];
      if (problems.length) throw new Error(`${file.path}:\n  ${problems.join('\n  ')}`);
    }
    file.map = guide.value;
  }
  return file.map;
}

/**
 * The transaction set a guide map file is for, read from the start of its text when the manifest vouches
 * for the bytes (test/unit/guides/lazy-maps.test.ts holds it equal to the parsed map's for every map);
 * undefined when the file must be parsed to know.
 */
export function sniffTransactionSet(text: string): string | undefined {
  return /^\{\s*(?:"[A-Za-z]+"\s*:\s*"[^"\\]*"\s*,\s*)*?"transactionSet"\s*:\s*"([A-Za-z0-9]+)"/.exec(text)?.[1];
}

/** Guide map ids parsed so far in this thread (for tests: a file of 837s reads the 837 maps only). */
export function guideMapsRead(): string[] {
  return (guideFileCache ?? []).filter((f) => f.map).map((f) => f.map!.id);
}

/**
 * The guide maps for transaction set `st01` ("837" → 837D, 837I, 837P), in file order (the order
 * `loadGuides` gives), parsing and checking only those (and any map whose bytes are not vouched for,
 * which must be parsed to know its transaction set).
 */
export function loadGuidesFor(st01: string): GuideMap[] {
  let maps = guidesForCache.get(st01);
  if (maps) return maps;
  maps = [];
  if (guideCache) {
    for (const m of guideCache.values()) if (m.transactionSet === st01) maps.push(m);
  } else {
    for (const file of guideFiles()) {
      if (!file.map && file.sniffed !== null) {
        file.sniffed ??= sniffVouched(file);
        if (file.sniffed !== null && file.sniffed !== st01) continue;
      }
      const map = guideMapOf(file);
      if (map.transactionSet === st01) maps.push(map);
    }
  }
  guidesForCache.set(st01, maps);
  return maps;
}

/** `loadGuidesFor`'s answers (one read of the map files per transaction set, not per ST). */
let guidesForCache = new Map<string, GuideMap[]>();

/** The transaction set of a guide map file whose bytes the manifest vouches for (null: parse it to know). */
function sniffVouched(file: GuideFile): string | null {
  const hash = trustChecked ? checkedHashes().get(file.relative) : undefined;
  if (hash === undefined) return null;
  const text = readText(file.path);
  const sniffed = hashOf(text) === hash ? (sniffTransactionSet(text) ?? null) : null;
  startTexts.set(file.path, text); // for guideMapOf, if it is read
  if (sniffed !== null) startHashes.set(text, hash);
  return sniffed;
}

/** The guide map with this id: mappings/guides/<id>.json when it holds it, else from all maps (undefined: none). */
export function loadGuideById(id: string): GuideMap | undefined {
  if (guideCache) return guideCache.get(id);
  const file = guideFiles().find((f) => f.relative === `guides/${id}.json`);
  if (file && guideMapOf(file).id === id) return file.map;
  return loadGuides().get(id);
}

let guideCache: Map<string, GuideMap> | undefined;
/** All guide maps, keyed by their id ("837P", "835", ...). */
export function loadGuides(): Map<string, GuideMap> {
  if (!guideCache) {
    const guides = new Map<string, GuideMap>();
    for (const file of guideFiles()) {
      const guide = guideMapOf(file);
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

/**
 * Whether every map file is the bytes the manifest vouches for (then no map needs zod). The texts are kept
 * for their first read, the hashes for its check.
 */
function everyMapVouched(): boolean {
  const dir = mappingsDir();
  const hashes = checkedHashes();
  let all = true;
  for (const relative of mapFiles()) {
    const path = join(dir, relative);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return false; // read again (and reported) where it is used
    }
    const hash = sha256(text);
    startTexts.set(path, text);
    startHashes.set(text, hash);
    if (hashes.get(relative) !== hash) all = false;
  }
  return all;
}

// zod (with the schemas) only when some map needs it: ~40–110 ms of every thread's start-up otherwise.
if (!everyMapVouched()) await import('./map-schema.js');
