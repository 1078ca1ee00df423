/**
 * Maps listed in mappings/checked-maps.json are read without zod at start-up (load.ts readMap): the
 * manifest must list exactly today's map files with their hashes, the trusted read must give exactly what
 * zod gives (defaults included, nothing extra), and a map whose bytes are not the listed ones must still go
 * through zod.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKED_MAPS, mapFiles, mappingsDir, parseMap, readMap, schemaOf, sha256, type CheckedMaps } from '../../../src/guides/load.js';
import { GuideMap } from '../../../src/guides/map-schema.js';

const manifest = JSON.parse(readFileSync(join(mappingsDir(), CHECKED_MAPS), 'utf8')) as CheckedMaps;

describe('checked maps (start-up without zod)', () => {
  it('lists every map file with the SHA-256 of its bytes (else: npx tsx scripts/check-maps.ts --write)', () => {
    const files = mapFiles();
    expect(files.length).toBeGreaterThan(20);
    expect(Object.keys(manifest.files).sort()).toEqual([...files].sort());
    for (const f of files) expect(manifest.files[f], `${f} changed since the maps were checked: npx tsx scripts/check-maps.ts --write`).toBe(sha256(readFileSync(join(mappingsDir(), f), 'utf8')));
  });

  it('reads every listed map exactly as zod does (defaults applied, nothing extra)', () => {
    for (const f of Object.keys(manifest.files)) {
      const schema = schemaOf(f);
      expect(readMap(f, schema, true), f).toStrictEqual(readMap(f, schema, false));
    }
  });

  it('sends a map through zod when its bytes are not the checked ones', () => {
    const text = readFileSync(join(mappingsDir(), 'guides', '837P.json'), 'utf8');
    const broken = text.replace('"usage": "R"', '"usage": "Q"');
    expect(broken).not.toBe(text);
    // Listed hash of the original, bytes of the edit: zod runs and names the problem.
    expect(() => parseMap(broken, 'guides/837P.json', GuideMap, sha256(text))).toThrow(/^guides\/837P\.json: structure/);
    // Not listed at all: zod too.
    expect(() => parseMap(broken, 'guides/837P.json', GuideMap, undefined)).toThrow(/^guides\/837P\.json: structure/);
    // The listed bytes themselves are trusted as they are (the same object zod would give).
    expect(parseMap(text, 'guides/837P.json', GuideMap, sha256(text))).toStrictEqual(GuideMap.parse(JSON.parse(text)));
    // The schema's defaults are applied on the trusted read too (a guide without versionAliases).
    const withoutAliases = JSON.parse(text) as Record<string, unknown>;
    delete withoutAliases.versionAliases;
    const bare = JSON.stringify(withoutAliases);
    expect(parseMap(bare, 'guides/837P.json', GuideMap, sha256(bare))).toStrictEqual(GuideMap.parse(withoutAliases));
  });
});
