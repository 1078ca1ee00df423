/** The EDI files under samples/ whose names match `names`, as [path relative to the repository, bytes], in directory order. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

export function sampleFiles(names: RegExp): Array<[string, Buffer]> {
  const out: Array<[string, Buffer]> = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (names.test(entry.name)) out.push([path.slice(ROOT.length + 1), readFileSync(path)]);
    }
  };
  visit(join(ROOT, 'samples'));
  return out;
}
