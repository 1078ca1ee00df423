/**
 * Writes the golden JSON beside every X12 sample in samples/x12/<guide>/: `<name>.x12` → `<name>.expected.json`.
 *
 *   npx tsx scripts/update-goldens.ts            rewrite every golden
 *   npx tsx scripts/update-goldens.ts --check    rewrite nothing; exit 1 when a golden is stale or missing
 *   npx tsx scripts/update-goldens.ts 837P 999   only these guide folders
 *
 * A golden records what the engine makes of the sample: valid or not, the envelope summary (interchanges,
 * groups, transaction sets with guide and status), every finding with its position, and the loop tree of
 * each transaction set. test/golden/x12-samples.test.ts compares the engine against these files, so after a
 * deliberate change to the engine or a guide map, re-run this script and review the diff by eye: a VALID
 * sample must have no findings, an INVALID one exactly the findings samples/x12/README.md lists for it.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allFindings, isValid, readX12, type ReadReport } from '../src/guides/reader.js';
import { treeToJson, type LoopJson } from '../src/guides/tree.js';
import type { Finding } from '../src/x12/finding.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SAMPLES_DIR = join(REPO_ROOT, 'samples', 'x12');

export interface Sample {
  /** Guide folder ("837P"). */
  guide: string;
  /** File name ("professional-claims.valid.x12"). */
  name: string;
  /** Absolute path of the X12 file. */
  path: string;
  /** Absolute path of its golden JSON. */
  goldenPath: string;
  /** True for `*.valid.x12`, false for `*.invalid.x12`. */
  expectValid: boolean;
}

/** Every sample under samples/x12, sorted by guide and name. Only `*.valid.x12` and `*.invalid.x12` count. */
export function listSamples(guides?: readonly string[]): Sample[] {
  const out: Sample[] = [];
  if (!existsSync(SAMPLES_DIR)) return out;
  for (const guide of readdirSync(SAMPLES_DIR, { withFileTypes: true })) {
    if (!guide.isDirectory() || (guides?.length && !guides.includes(guide.name))) continue;
    const dir = join(SAMPLES_DIR, guide.name);
    for (const name of readdirSync(dir).sort()) {
      const m = /^(.+)\.(valid|invalid)\.x12$/.exec(name);
      if (!m) continue;
      const path = join(dir, name);
      out.push({ guide: guide.name, name, path, goldenPath: path.replace(/\.x12$/, '.expected.json'), expectValid: m[2] === 'valid' });
    }
  }
  return out.sort((a, b) => (a.guide === b.guide ? a.name.localeCompare(b.name) : a.guide.localeCompare(b.guide)));
}

export interface GoldenFinding {
  code: string;
  severity: Finding['severity'];
  position: { segmentNumber?: number; loop?: string; segmentId?: string; element?: number; component?: number };
}

export interface GoldenTransaction {
  id: string;
  controlNumber: string;
  version: string;
  guide: string | null;
  status: string;
  segmentCount: number;
}

export interface GoldenGroup {
  functionalId: string;
  controlNumber: string;
  version: string;
  status: string;
  closed: boolean;
  transactions: GoldenTransaction[];
}

export interface GoldenInterchange {
  controlNumber: string;
  sender: string;
  receiver: string;
  usage: string;
  ackRequested: boolean;
  delimiters: { element: string; repetition: string; component: string; segment: string };
  closed: boolean;
  /** TA1 segments carried directly in the interchange (TA101 and TA104 of each). */
  ta1: Array<{ controlNumber: string; code: string }>;
  groups: GoldenGroup[];
}

export interface GoldenTree {
  interchange: string;
  group: string | null;
  transaction: string;
  guide: string | null;
  /** treeToJson of the transaction set's loop tree; null when no guide could read it. */
  root: LoopJson | null;
}

export interface Golden {
  /** Path relative to samples/x12, forward slashes. */
  file: string;
  valid: boolean;
  summary: { segmentCount: number; interchanges: GoldenInterchange[] };
  findings: GoldenFinding[];
  tree: GoldenTree[];
}

function goldenFinding(f: Finding): GoldenFinding {
  const p = f.position;
  const position: GoldenFinding['position'] = {};
  if (p.segmentNumber !== undefined) position.segmentNumber = p.segmentNumber;
  if (p.loop !== undefined) position.loop = p.loop;
  if (p.segmentId !== undefined) position.segmentId = p.segmentId;
  if (p.element !== undefined) position.element = p.element;
  if (p.component !== undefined) position.component = p.component;
  return { code: f.code, severity: f.severity, position };
}

function summarize(report: ReadReport): Golden['summary'] {
  return {
    segmentCount: report.segmentCount,
    interchanges: report.interchanges.map((ic) => ({
      controlNumber: ic.controlNumber,
      sender: `${ic.senderQualifier}/${ic.senderId}`,
      receiver: `${ic.receiverQualifier}/${ic.receiverId}`,
      usage: ic.usage,
      ackRequested: ic.ackRequested,
      delimiters: { ...ic.delimiters },
      closed: ic.closed,
      ta1: ic.ta1.map((s) => ({ controlNumber: s.elements[1] ?? '', code: s.elements[4] ?? '' })),
      groups: ic.groups.map((g) => ({
        functionalId: g.functionalId,
        controlNumber: g.controlNumber,
        version: g.version,
        status: g.status,
        closed: g.closed,
        transactions: g.transactions.map((t) => ({
          id: t.id,
          controlNumber: t.controlNumber,
          version: t.version,
          guide: t.guideId ?? null,
          status: t.status,
          segmentCount: t.segmentCount,
        })),
      })),
    })),
  };
}

/** Reads one sample and returns its golden (plain JSON data: what JSON.parse of the golden file gives back). */
export function buildGolden(input: Buffer | string, file: string): Golden {
  const tree: GoldenTree[] = [];
  const report = readX12(input, {
    file,
    onTransaction: (root, ctx) => {
      tree.push({
        interchange: ctx.interchange.controlNumber,
        group: ctx.group?.controlNumber ?? null,
        transaction: ctx.transaction.controlNumber,
        guide: ctx.transaction.guideId ?? null,
        root: root ? treeToJson(root) : null,
      });
    },
  });
  const golden: Golden = {
    file,
    valid: isValid(report),
    summary: summarize(report),
    findings: allFindings(report).map(goldenFinding),
    tree,
  };
  // Through JSON once, so that the value is exactly what a golden file holds (no undefined, no prototypes).
  return JSON.parse(JSON.stringify(golden)) as Golden;
}

/** The golden of a sample file on disk. */
export function goldenOf(sample: Sample): Golden {
  return buildGolden(readFileSync(sample.path), `${sample.guide}/${sample.name}`);
}

/**
 * JSON with two-space indentation, except that each tree segment and each finding sits on one line, so a
 * golden reads like the X12 it describes and a diff shows the segments that changed.
 */
export function formatGolden(golden: Golden): string {
  const oneLine = (v: unknown): boolean =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && (('segment' in v && 'elements' in v) || ('code' in v && 'severity' in v) || ('element' in v && 'segment' in v));
  const write = (v: unknown, indent: string): string => {
    if (v === null || typeof v !== 'object' || oneLine(v)) return JSON.stringify(v);
    const inner = indent + '  ';
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return '[\n' + v.map((x) => inner + write(x, inner)).join(',\n') + '\n' + indent + ']';
    }
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return '{}';
    return '{\n' + entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${write(x, inner)}`).join(',\n') + '\n' + indent + '}';
  };
  return write(golden, '') + '\n';
}

function main(args: string[]): number {
  const check = args.includes('--check');
  const guides = args.filter((a) => !a.startsWith('--'));
  const samples = listSamples(guides);
  if (!samples.length) {
    console.error(`no samples found under ${relative(process.cwd(), SAMPLES_DIR) || '.'}${guides.length ? ` for ${guides.join(', ')}` : ''}`);
    return 1;
  }
  let stale = 0;
  let suspicious = 0;
  for (const sample of samples) {
    const golden = goldenOf(sample);
    const text = formatGolden(golden);
    const old = existsSync(sample.goldenPath) ? readFileSync(sample.goldenPath, 'utf8') : undefined;
    const changed = old !== text;
    const errors = golden.findings.filter((f) => f.severity === 'error').length;
    const notes: string[] = [];
    if (sample.expectValid && golden.findings.length) notes.push(`VALID sample has ${golden.findings.length} finding(s)`);
    if (!sample.expectValid && golden.valid) notes.push('INVALID sample reads as valid');
    if (notes.length) suspicious++;
    const codes = [...new Set(golden.findings.map((f) => f.code))].join(', ');
    const state = check ? (old === undefined ? 'MISSING' : changed ? 'STALE' : 'ok') : old === undefined ? 'written' : changed ? 'updated' : 'unchanged';
    console.log(`${state.padEnd(9)} ${sample.guide}/${sample.name}: ${golden.valid ? 'valid' : 'invalid'}, ${golden.findings.length} finding(s)${errors ? ` (${errors} error)` : ''}${codes ? ` — ${codes}` : ''}${notes.length ? `  <-- ${notes.join('; ')}` : ''}`);
    if (changed) {
      stale++;
      if (!check) writeFileSync(sample.goldenPath, text);
    }
  }
  console.log(`${samples.length} samples; ${stale} golden(s) ${check ? 'stale or missing' : 'written'}; ${suspicious} sample(s) to look at`);
  return check && stale ? 1 : 0;
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) process.exitCode = main(process.argv.slice(2));
