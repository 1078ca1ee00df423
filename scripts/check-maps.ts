/**
 * Developer check: loads every map in mappings/ with the zod schemas and the cross-checks; prints a summary.
 * `npx tsx scripts/check-maps.ts [guide.json ...]` checks only the named guide files (schema, and the
 * dictionary cross-check when mappings/x12/dictionary.json exists).
 * `--write` (whole check only): when every map passed, writes mappings/checked-maps.json, the SHA-256 of each
 * map file, so the engine reads exactly those bytes without zod at start-up (src/guides/load.ts readMap).
 * Without it the check says whether that manifest is current.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKED_MAPS, crossCheckGuide, loadCodeLists, loadDictionary, loadGuides, mapFiles, mappingsDir, sha256, trustCheckedMaps, type CheckedMaps } from '../src/guides/load.js';
import { GuideMap } from '../src/guides/map-schema.js';
import { expandKnowledge, loadDenialKnowledge } from '../src/denials/knowledge.js';

// The check itself always goes through zod, whatever the manifest says.
trustCheckedMaps(false);
const write = process.argv.includes('--write');
const files = process.argv.slice(2).filter((a) => a !== '--write');
const haveDictionary = existsSync(join(mappingsDir(), 'x12', 'dictionary.json'));
let failed = false;
if (files.length) {
  for (const file of files) {
    const parsed = GuideMap.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) {
      failed = true;
      console.log(`${file}: schema problems:`);
      for (const i of parsed.error.issues.slice(0, 40)) console.log(`  ${i.path.join('.')}: ${i.message}`);
      continue;
    }
    if (haveDictionary) {
      const problems = crossCheckGuide(parsed.data, loadDictionary(), loadCodeLists());
      if (problems.length) {
        failed = true;
        console.log(`${file}: ${problems.length} cross-check problems:`);
        for (const p of problems) console.log('  ' + p);
        continue;
      }
    }
    console.log(`${file}: ok${haveDictionary ? '' : ' (schema only: no dictionary yet)'}`);
  }
} else {
  const dictionary = loadDictionary();
  console.log(`dictionary: ${Object.keys(dictionary.segments).length} segments, ${Object.keys(dictionary.elements).length} elements, ${Object.keys(dictionary.composites).length} composites`);
  for (const [name, list] of loadCodeLists()) console.log(`codes/${name}: ${Object.keys(list.codes).length} codes`);
  for (const [id, guide] of loadGuides()) console.log(`guide ${id} (${guide.version}) ok`);
  const denials = loadDenialKnowledge();
  console.log(`denials/knowledge.json: ${expandKnowledge(denials).length} group × CARC entries, ${Object.keys(denials.kb.remarks).length} remarks ok`);
  const manifest: CheckedMaps = {
    note: 'SHA-256 of each map file that passed scripts/check-maps.ts (zod schemas + cross-checks); the engine reads these exact bytes without zod. Regenerate: npx tsx scripts/check-maps.ts --write',
    files: Object.fromEntries(mapFiles().map((f) => [f, sha256(readFileSync(join(mappingsDir(), f), 'utf8'))])),
  };
  const path = join(mappingsDir(), CHECKED_MAPS);
  const text = JSON.stringify(manifest, null, 2) + '\n';
  const current = existsSync(path) && readFileSync(path, 'utf8') === text;
  if (write && !current) writeFileSync(path, text);
  console.log(`${CHECKED_MAPS}: ${current ? 'current' : write ? 'written' : 'STALE (maps are read through zod at start-up): npx tsx scripts/check-maps.ts --write'}`);
}
process.exit(failed ? 1 : 0);
