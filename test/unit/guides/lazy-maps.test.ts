/**
 * Guide maps are read per transaction set (src/guides/load.ts `loadGuidesFor`), zod is imported only when a
 * map is not vouched for by mappings/checked-maps.json, and the cross-checks are skipped only when the
 * manifest vouches for the guide, the dictionary and the code lists. Proven here:
 *  - the transaction set sniffed from a map's first bytes is the parsed map's, for every guide map;
 *  - a file of each transaction set (837P/I/D, 835, 277CA, 276, 277, 270, 271, 999, TA1) validates the same
 *    read lazily (fresh modules: only its transaction set's maps read) as with every map loaded first;
 *  - a copy of mappings/ (X12GW_MAPPINGS_DIR) with a tampered guide map — bytes not the manifest's — is still
 *    cross-checked and refused, and a tampered map that passes the checks is read through zod.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { MAPPINGS_DIR_ENV, mappingsDir, sniffTransactionSet } from '../../../src/guides/load.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const sample = (p: string) => join(ROOT, 'samples', p);

/** One file per guide map, the guide the reader must choose for it, and the maps a lazy read parses. */
const FILES: Array<{ file: string; guide?: string; maps: string[] }> = [
  { file: sample('cob/professional.secondary.837'), guide: '837P', maps: ['837D', '837I', '837P'] },
  { file: sample('cob/institutional.secondary.837'), guide: '837I', maps: ['837D', '837I', '837P'] },
  { file: sample('cob/dental.secondary.837'), guide: '837D', maps: ['837D', '837I', '837P'] },
  { file: sample('remits/paid-partial-denied.835'), guide: '835', maps: ['835'] },
  { file: sample('acks/claims-accepted.277ca'), guide: '277CA', maps: ['277', '277CA'] },
  { file: sample('276-277/requests.276'), guide: '276', maps: ['276'] },
  { file: sample('276-277/answers-1.277'), guide: '277', maps: ['277', '277CA'] },
  { file: sample('270-271/inquiry.270'), guide: '270', maps: ['270'] },
  { file: sample('270-271/benefits.271'), guide: '271', maps: ['271'] },
  { file: sample('acks/accepted.999'), guide: '999', maps: ['999'] },
  // A TA1 is no transaction set: its segment is checked with the TA1 map (guideById).
  { file: sample('acks/interchange-rejected.ta1'), maps: ['TA1'] },
];

type Modules = { validate: typeof import('../../../src/cli/commands/validate.js'); load: typeof import('../../../src/guides/load.js') };
/** validate.ts with fresh guide modules (nothing loaded or compiled yet). */
async function fresh(): Promise<Modules> {
  vi.resetModules();
  return { validate: await import('../../../src/cli/commands/validate.js'), load: await import('../../../src/guides/load.js') };
}

const guidesOf = (report: Awaited<ReturnType<Modules['validate']['readFile']>>) =>
  report.interchanges.flatMap((i) => i.groups.flatMap((g) => g.transactions.map((t) => t.guideId)));

/** The report as `validate --json` prints it (each fresh module set has its own classes: compared as data). */
const asJson = (report: unknown): unknown => JSON.parse(JSON.stringify(report));

afterEach(() => {
  delete process.env[MAPPINGS_DIR_ENV];
});

describe('guide maps read lazily', () => {
  it('sniffs the transaction set each guide map is for from its first bytes, as parsing says', () => {
    const dir = join(mappingsDir(), 'guides');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(11);
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(sniffTransactionSet(text), f).toBe((JSON.parse(text) as { transactionSet: string }).transactionSet);
    }
    // Only a top-level key counts: one nested in an object before it is not taken.
    expect(sniffTransactionSet('{"id": "X", "nested": {"transactionSet": "835"}, "transactionSet": "837"}')).toBeUndefined();
    expect(sniffTransactionSet('{\n  "id": "837P",\n  "title": "a",\n  "transactionSet": "837"')).toBe('837');
  });

  it('validates a file of each transaction set as with every map loaded, reading only its maps', async () => {
    const lazy: unknown[] = [];
    for (const { file, guide, maps } of FILES) {
      const { validate, load } = await fresh();
      const report = await validate.readFile(file);
      if (guide) expect(guidesOf(report), file).toContain(guide);
      expect(load.guideMapsRead().sort(), file).toEqual(maps);
      lazy.push(asJson(report));
    }
    const { validate, load } = await fresh();
    expect(load.loadGuides().size).toBeGreaterThanOrEqual(11);
    for (const [k, { file }] of FILES.entries()) expect(asJson(await validate.readFile(file)), file).toStrictEqual(lazy[k]);
  }, 120_000);
});

describe('a copy of mappings/ (X12GW_MAPPINGS_DIR)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  /** mappings/ copied, the 837P map's text edited by `edit`. */
  function copyWith(edit: (text: string) => string): string {
    const dir = mkdtempSync(join(tmpdir(), 'x12gw-maps-'));
    dirs.push(dir);
    cpSync(mappingsDir(), dir, { recursive: true });
    const path = join(dir, 'guides', '837P.json');
    const text = readFileSync(path, 'utf8');
    const edited = edit(text);
    expect(edited).not.toBe(text);
    writeFileSync(path, edited);
    return dir;
  }
  const professional = FILES[0].file;

  it('refuses a tampered guide map that fails the cross-checks (its bytes are not the vouched ones)', async () => {
    // Valid for the schema, but CLM is not a segment of the dictionary under that name.
    const dir = copyWith((t) => t.replace(/"id": "CLM"/g, '"id": "CLQ"'));
    process.env[MAPPINGS_DIR_ENV] = dir;
    const { validate, load } = await fresh();
    expect(load.mappingsDir()).toBe(dir);
    await expect(validate.readFile(professional)).rejects.toThrow(/837P\.json:\n {2}837P.*segment CLQ is not in the dictionary/s);
  });

  it('reads through zod a tampered map that passes the checks, and refuses one zod refuses', async () => {
    // One more space: other bytes, the same map.
    process.env[MAPPINGS_DIR_ENV] = copyWith((t) => t.replace('"transactionSet": "837"', '"transactionSet":  "837"'));
    let { validate, load } = await fresh();
    const same = await validate.readFile(professional);
    expect(load.guideMapsRead()).toContain('837P');
    delete process.env[MAPPINGS_DIR_ENV];
    ({ validate } = await fresh());
    expect(asJson(same)).toStrictEqual(asJson(await validate.readFile(professional)));

    process.env[MAPPINGS_DIR_ENV] = copyWith((t) => t.replace('"usage": "R"', '"usage": "Q"'));
    ({ validate } = await fresh());
    await expect(validate.readFile(professional)).rejects.toThrow(/837P\.json: structure/);
  });
});
