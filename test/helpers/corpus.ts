/** Where the shared public corpus lives (read in place, never copied), and its manifest. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CORPUS_DIR = process.env.X12_CORPUS_DIR ?? join(root, '..', 'shared', 'corpus');

export interface CorpusEntry {
  file: string;
  type: string;
  referenceResult: string;
  firstError: string;
}

export function corpusAvailable(): boolean {
  return existsSync(join(CORPUS_DIR, 'MANIFEST.tsv'));
}

export function corpusManifest(): CorpusEntry[] {
  const lines = readFileSync(join(CORPUS_DIR, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const header = lines[0].split('\t');
  const col = (name: string) => header.indexOf(name);
  return lines.slice(1).map((l) => {
    const c = l.split('\t');
    return { file: c[col('file')], type: c[col('txn_type')], referenceResult: c[col('reference_result')], firstError: c[col('first_error')] ?? '' };
  });
}
