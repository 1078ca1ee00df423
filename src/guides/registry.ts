/**
 * The compiled guides, and the choice of guide for a transaction set (ST01 + ST03/GS08 version).
 */
import type { Finding } from '../x12/finding.js';
import { compileGuide, type CompiledGuide } from './compile.js';
import { loadCodeLists, loadDictionary, loadGuideById, loadGuides, loadGuidesFor } from './load.js';
import type { GuideMap } from './map-schema.js';

/** Guides compiled so far, by id: each is compiled the first time it is asked for (a file usually needs one). */
const compiled = new Map<string, CompiledGuide>();

/** The guide map `map`, compiled (once per process). */
function compiledGuideOf(map: GuideMap): CompiledGuide {
  let guide = compiled.get(map.id);
  if (guide === undefined) {
    guide = compileGuide(map, loadDictionary(), loadCodeLists());
    compiled.set(map.id, guide);
  }
  return guide;
}

/** Every guide, compiled, by id ("837P", "835", "999", ...). */
export function compiledGuides(): Map<string, CompiledGuide> {
  const all = new Map<string, CompiledGuide>();
  for (const [id, map] of loadGuides()) all.set(id, compiledGuideOf(map));
  return all;
}

export function guideById(id: string): CompiledGuide {
  const map = loadGuideById(id);
  if (!map) throw new Error(`no guide map with id ${id}`);
  return compiledGuideOf(map);
}

/** While above 0, `chooseGuide` picks no guide and says nothing (see `withoutGuides`). */
let withoutGuidesDepth = 0;

/**
 * Runs `read` (synchronously) with every transaction set read without a guide: `chooseGuide` answers no
 * guide and no finding, so no guide map is loaded or compiled. For the `x12gw validate --jobs` main
 * thread's envelope skeleton (src/cli/validate-parallel/assemble.ts), whose transaction-set summaries are
 * all replaced by the workers' — only the interchange and group checks of the skeleton are kept.
 */
export function withoutGuides<T>(read: () => T): T {
  withoutGuidesDepth++;
  try {
    return read();
  } finally {
    withoutGuidesDepth--;
  }
}

export interface GuideChoice {
  guide?: CompiledGuide;
  finding?: Finding;
}

/**
 * Picks the guide for a transaction set. Exact version (ST03, else GS08) or one of its aliases first;
 * then, for an unknown version string, the guide whose version core (e.g. "X222") it contains; then the
 * only guide for that ST01, with a warning. No guide → an error finding (999 IK502 I6 / 1).
 */
export function chooseGuide(st01: string, st03: string, gs08: string): GuideChoice {
  if (withoutGuidesDepth > 0) return {};
  // Chosen on the maps of this transaction set (only those are read); only the guide chosen is compiled.
  const candidates = loadGuidesFor(st01);
  if (candidates.length === 0) {
    return {
      finding: {
        code: 'GUIDE-TRANSACTION-UNSUPPORTED',
        severity: 'error',
        snip: 1,
        message: `Transaction set ${st01 || '(none)'} is not one this gateway handles (837, 835, 277, 276, 270, 271, 999).`,
        position: {},
        ack: { transaction: '1' },
      },
    };
  }
  for (const version of [st03, gs08]) {
    if (!version) continue;
    const exact = candidates.find((m) => m.version === version || m.versionAliases.includes(version));
    if (exact) return { guide: compiledGuideOf(exact) };
  }
  const version = st03 || gs08;
  if (/^004010/.test(version)) {
    return {
      finding: {
        code: 'GUIDE-VERSION-4010',
        severity: 'error',
        snip: 1,
        message: `Version ${version} is the retired 4010 standard; this gateway reads HIPAA 5010 (005010X...) only.`,
        position: {},
        ack: { transaction: 'I6' },
      },
    };
  }
  const core = candidates.find((m) => {
    const x = /X\d{3}/.exec(m.version);
    return x && version.includes(x[0]);
  });
  const guess = core ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (guess) {
    return {
      guide: compiledGuideOf(guess),
      finding: {
        code: 'GUIDE-VERSION-UNKNOWN',
        severity: 'warning',
        snip: 1,
        message: `Version "${version}" is not one we know for transaction set ${st01}; read with the ${guess.id} guide (${guess.version}).`,
        position: {},
      },
    };
  }
  return {
    finding: {
      code: 'GUIDE-VERSION-UNSUPPORTED',
      severity: 'error',
      snip: 1,
      message: `Transaction set ${st01} with version "${version}" matches none of our guides (${candidates.map((m) => `${m.id} ${m.version}`).join(', ')}).`,
      position: {},
      ack: { transaction: 'I6' },
    },
  };
}
