/**
 * Issue 12, round 8: `x12gw validate` (its command and each of its worker threads) starts without loading
 * zod — zod cost 35–110 ms of start-up per thread and the validation path uses none of its schemas (the
 * partner rules' schema lives in partner-rules-schema.ts, loaded only with `--partner`). The modules each
 * entry loads are followed as the build emits them: each file transpiled by TypeScript (type-only imports
 * elided as `tsc` elides them), static `import … from` / `export … from` followed, dynamic `import()` not.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** Every module `entry` loads before it runs: repository files (relative to ROOT) and packages (bare names). */
function staticImports(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(join(ROOT, file), 'utf8');
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }, fileName: file }).outputText;
    for (const m of js.matchAll(/^\s*(?:import|export)\s[^;]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm)) {
      const spec = m[1] ?? m[2];
      if (spec.startsWith('.')) visit(resolve('/', dirname(file), spec).slice(1).replace(/\.js$/, '.ts'));
      else packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    }
  };
  visit(entry);
  return { files, packages };
}

describe('x12gw validate loads no zod', () => {
  for (const entry of ['src/cli/commands/validate.ts', 'src/cli/validate-parallel/worker.ts']) {
    it(entry, () => {
      const { files, packages } = staticImports(entry);
      // The walk reaches the engine and the 837 checks (not a vacuous pass) ...
      expect(files).toContain('src/guides/walker.ts');
      expect(files).toContain('src/claims/snip/partner-rules.ts');
      // ... and no zod on the way.
      expect([...packages]).not.toContain('zod');
    });
  }

  it('the walk does find zod where it is loaded (the claim model, the partner profile)', () => {
    expect([...staticImports('src/claims/partner.ts').packages]).toContain('zod');
    expect([...staticImports('src/claims/snip/partner-rules-schema.ts').packages]).toContain('zod');
  });
});
