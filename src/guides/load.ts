/**
 * Loads and checks the guide maps, the X12 dictionary and the code lists from `mappings/`.
 * File reading happens once, at first use; everything returned is plain, frozen data.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read ${path}: ${(err as Error).message}`);
  }
}

let dictionaryCache: Dictionary | undefined;
export function loadDictionary(): Dictionary {
  if (!dictionaryCache) {
    const path = join(mappingsDir(), 'x12', 'dictionary.json');
    const parsed = Dictionary.safeParse(readJson(path));
    if (!parsed.success) throw new Error(`${path}: ${formatZodIssues(parsed.error.issues)}`);
    dictionaryCache = parsed.data;
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
      const parsed = CodeList.safeParse(readJson(path));
      if (!parsed.success) throw new Error(`${path}: ${formatZodIssues(parsed.error.issues)}`);
      if (parsed.data.name + '.json' !== file) throw new Error(`${path}: name "${parsed.data.name}" does not match the file name`);
      lists.set(parsed.data.name, parsed.data);
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
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith('.json')) continue;
      const path = join(dir, file);
      const parsed = GuideMap.safeParse(readJson(path));
      if (!parsed.success) throw new Error(`${path}: ${formatZodIssues(parsed.error.issues)}`);
      const problems = crossCheckGuide(parsed.data, dictionary, codeLists);
      for (const [ref, el] of Object.entries(dictionary.elements)) {
        if (el.codeList && !codeLists.has(el.codeList)) problems.push(`dictionary element ${ref}: code list "${el.codeList}" not found in mappings/codes`);
      }
      if (problems.length) throw new Error(`${path}:\n  ${problems.join('\n  ')}`);
      guides.set(parsed.data.id, parsed.data);
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
