/**
 * The 837 guide maps are generated (scripts/maps/837P.mjs, 837I.mjs, 837D.mjs, sharing scripts/maps/shared-837.mjs):
 * the committed JSON must be exactly what the generators emit, so a fix made once in the shared definitions
 * reaches all three maps and nobody edits the JSON by hand. The loops the three guides have in common are
 * authored once (shared-837.mjs), so where the guides agree the three maps hold the very same rules.
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

  const maps = Object.fromEntries(['837P', '837I', '837D'].map((g) => [g, JSON.parse(readFileSync(join(root, 'mappings', 'guides', `${g}.json`), 'utf8'))]));
  type Node = { kind: string; id: string; children?: Node[]; elements?: Array<{ pos: number; codeList?: string }> };
  const walk = (nodes: Node[], visit: (n: Node) => void): void => nodes.forEach((n) => { visit(n); if (n.children) walk(n.children, visit); });
  const loopOf = (guide: string, id: string): Node => {
    let found: Node | undefined;
    walk(maps[guide].structure, (n) => { if (n.kind === 'loop' && n.id === id && !found) found = n; });
    return found!;
  };

  it('loops the three guides agree on are the same rules, word for word, in all three maps', () => {
    for (const id of ['1000A', '1000B', '2010AC']) {
      expect(loopOf('837P', id)).toBeDefined();
      expect(loopOf('837I', id)).toEqual(loopOf('837P', id));
      expect(loopOf('837D', id)).toEqual(loopOf('837P', id));
    }
    // Where a guide differs, the shared definition says so: the 837I billing provider is an organization,
    // the 837D requires its NPI; everything else about 2010AA is common.
    const nm1 = (guide: string) => loopOf(guide, '2010AA').children![0].elements!;
    expect(nm1('837I').find((e) => e.pos === 2)).toMatchObject({ codes: ['2'] });
    expect(nm1('837D').find((e) => e.pos === 8)).toMatchObject({ usage: 'R' });
    expect(nm1('837P').find((e) => e.pos === 8)).toMatchObject({ usage: 'S' });
  });

  it('a fix made once reaches all three guides: every N4 checks its state against the state and province list', () => {
    for (const guide of ['837P', '837I', '837D']) {
      let n4s = 0;
      walk(maps[guide].structure, (n) => {
        if (n.kind !== 'segment' || n.id !== 'N4') return;
        n4s++;
        expect(n.elements!.find((e) => e.pos === 2)?.codeList, `${guide} N4`).toBe('state-province');
      });
      expect(n4s).toBeGreaterThan(5);
    }
  });

  it('the generators take the code lists they share from one module', () => {
    for (const guide of ['837P', '837I', '837D']) expect(readFileSync(join(root, 'scripts', 'maps', `${guide}.mjs`), 'utf8')).toMatch(/from '\.\/shared-837\.mjs'/);
  });
});
