/**
 * The compiled guides, and the choice of guide for a transaction set (ST01 + ST03/GS08 version).
 */
import type { Finding } from '../x12/finding.js';
import { compileGuide, type CompiledGuide } from './compile.js';
import { loadCodeLists, loadDictionary, loadGuides } from './load.js';

let compiled: Map<string, CompiledGuide> | undefined;

/** Every guide, compiled, by id ("837P", "835", "999", ...). */
export function compiledGuides(): Map<string, CompiledGuide> {
  if (!compiled) {
    const dictionary = loadDictionary();
    const codeLists = loadCodeLists();
    const all = new Map<string, CompiledGuide>();
    for (const [id, map] of loadGuides()) all.set(id, compileGuide(map, dictionary, codeLists));
    compiled = all;
  }
  return compiled;
}

export function guideById(id: string): CompiledGuide {
  const g = compiledGuides().get(id);
  if (!g) throw new Error(`no guide map with id ${id}`);
  return g;
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
  const candidates = [...compiledGuides().values()].filter((g) => g.map.transactionSet === st01);
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
    const exact = candidates.find((g) => g.map.version === version || g.map.versionAliases.includes(version));
    if (exact) return { guide: exact };
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
  const core = candidates.find((g) => {
    const m = /X\d{3}/.exec(g.map.version);
    return m && version.includes(m[0]);
  });
  const guess = core ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (guess) {
    return {
      guide: guess,
      finding: {
        code: 'GUIDE-VERSION-UNKNOWN',
        severity: 'warning',
        snip: 1,
        message: `Version "${version}" is not one we know for transaction set ${st01}; read with the ${guess.map.id} guide (${guess.map.version}).`,
        position: {},
      },
    };
  }
  return {
    finding: {
      code: 'GUIDE-VERSION-UNSUPPORTED',
      severity: 'error',
      snip: 1,
      message: `Transaction set ${st01} with version "${version}" matches none of our guides (${candidates.map((g) => `${g.map.id} ${g.map.version}`).join(', ')}).`,
      position: {},
      ack: { transaction: 'I6' },
    },
  };
}
