/**
 * The 837 guide maps are generated (scripts/maps/837P.mjs, 837I.mjs, 837D.mjs, sharing scripts/maps/shared-837.mjs):
 * the committed JSON must be exactly what the generators emit, so a fix made once in the shared definitions
 * reaches all three maps and nobody edits the JSON by hand.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'x12gw-maps-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('837 map generators', () => {
  for (const guide of ['837P', '837I', '837D']) {
    it(`${guide}: the generator emits the committed mappings/guides/${guide}.json byte for byte`, () => {
      execFileSync(process.execPath, [join(root, 'scripts', 'maps', `${guide}.mjs`)], { env: { ...process.env, MAP_OUT_DIR: out }, stdio: 'pipe' });
      expect(readFileSync(join(out, `${guide}.json`), 'utf8')).toBe(readFileSync(join(root, 'mappings', 'guides', `${guide}.json`), 'utf8'));
    });
  }

  it('the generators take the code lists they share from one module', () => {
    for (const guide of ['837P', '837I', '837D']) expect(readFileSync(join(root, 'scripts', 'maps', `${guide}.mjs`), 'utf8')).toMatch(/from '\.\/shared-837\.mjs'/);
  });
});
