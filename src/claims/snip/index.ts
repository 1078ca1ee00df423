/**
 * The checks an inbound 837 gets beyond the guide engine's SNIP 1/2/5, one 2300 claim loop at a time as
 * the reader streams it (an X12Reader `onUnit` hook), each finding marked with its SNIP level:
 *   SNIP 3  claim total = sum of the lines (read/claim-balance.ts); COB balance per other payer (cob-balance.ts)
 *   SNIP 4  situational rules of the guides (situational.ts)
 *   SNIP 7  the partner's rules when a partner is named (partner-rules.ts): its extra required fields and
 *           code lists, checked on the claim read back into our model; its `skipEdits` turn these
 *           inbound checks off by code too.
 */
import type { TransactionContext } from '../../guides/reader.js';
import { findSegment } from '../../guides/tree.js';
import type { FlatUnit, LoopNode } from '../../guides/walker.js';
import type { Finding, Position } from '../../x12/finding.js';
import { kindOfGuide } from '../kinds.js';
import type { ClaimKind } from '../model.js';
import { claimTotalFinding } from '../read/claim-balance.js';
import { claimFromLoops } from '../read/claim-from-loops.js';
import { claimCertainlyClean, claimUnitCertainlyClean } from './clean-claim.js';
import { cobBalanceFindings } from './cob-balance.js';
import { partnerRuleFindings, type PartnerRules } from './partner-rules.js';
import { situationalFindings } from './situational.js';

export { claimCertainlyClean, claimUnitCertainlyClean } from './clean-claim.js';
export { cobBalanceFindings } from './cob-balance.js';
export { situationalFindings } from './situational.js';
export { partnerRuleFindings, partnerHint, valuesAt, type PartnerRules } from './partner-rules.js';

export interface Inbound837Options {
  /** The partner the file comes from or goes to: its rules are applied (SNIP 7). */
  partner?: { id: string; rules?: PartnerRules };
}

/** The claim kind of a guide id, looked up once per id (this runs once per claim). */
const KIND_OF_GUIDE = new Map<string, ClaimKind | undefined>();
function kindOf(guideId: string): ClaimKind | undefined {
  if (!KIND_OF_GUIDE.has(guideId)) KIND_OF_GUIDE.set(guideId, kindOfGuide(guideId));
  return KIND_OF_GUIDE.get(guideId);
}

/** The SNIP 3/4 findings of one 2300 claim loop: claim total, COB balance, situational rules. */
export function claimCheckFindings(guideId: string, unit: LoopNode, path: readonly LoopNode[], base: Position): Finding[] {
  const findings: Finding[] = [];
  const total = claimTotalFinding(guideId, unit, base);
  if (total) findings.push(total);
  findings.push(...cobBalanceFindings(guideId, unit, base), ...situationalFindings(guideId, unit, path, base));
  return findings;
}

/**
 * Findings of one 2300 claim loop (the hook's pure core). A claim the one-pass scan finds certainly clean
 * (clean-claim.ts) skips the checks; any other claim gets them, so findings are the checks' own.
 */
export function inbound837ClaimFindings(guideId: string, unit: LoopNode, path: readonly LoopNode[], base: Position, options: Inbound837Options = {}): Finding[] {
  if (unit.id !== '2300') return [];
  const kind = kindOf(guideId);
  if (!kind) return [];
  const findings = claimCertainlyClean(guideId, unit, path) ? [] : claimCheckFindings(guideId, unit, path, base);
  const rules = options.partner?.rules;
  if (!rules) return findings;
  const kept = findings.filter((f) => !rules.skipEdits.includes(f.code));
  const clm = findSegment(unit, 'CLM');
  const billing = path.find((l) => l.id === '2000A');
  const subscriber = path.find((l) => l.id === '2000B');
  if (!clm || !billing || !subscriber) return kept;
  let claim: unknown;
  try {
    claim = claimFromLoops(kind, unit, { billing, subscriber, patient: path.find((l) => l.id === '2000C') });
  } catch {
    return kept; // a claim the reader cannot read back has its SNIP 2 findings already
  }
  for (const f of partnerRuleFindings(claim, rules, clm.elements[1] ?? '', options.partner!.id)) {
    if (rules.skipEdits.includes(f.code)) continue;
    kept.push({ code: f.code, severity: 'error', snip: 7, message: `${f.message} Field ${f.field} of the claim. ${f.fix}`, position: { ...base, loop: '2300', segmentId: 'CLM', segmentNumber: clm.number, byteOffset: clm.offset } });
  }
  return kept;
}

/** The 837s' claim loops, as `inbound837Check().flat` takes them handed flat (the reader's `flatUnits`). */
export const INBOUND_837_FLAT_UNITS: Readonly<Record<string, readonly string[]>> = Object.freeze({ '837P': ['2300'], '837I': ['2300'], '837D': ['2300'] });

/** The 837 guides whose loops above the claims may be recorded too (the reader's `flatPaths`): `check.flat` reads them as `PathLoop`s. */
export const INBOUND_837_FLAT_PATHS: readonly string[] = Object.freeze(Object.keys(INBOUND_837_FLAT_UNITS));

/**
 * An X12Reader `onUnit` hook adding these findings to each 837 transaction set. A finding about a level
 * above the claim (a 2000B's SBR02, seen by each of its claims) is reported once. Its `flat` is the same
 * hook for a 2300 handed flat (`onFlatUnit`, with `INBOUND_837_FLAT_UNITS`): a claim the fast path vouches
 * for from the view needs no tree; any other is checked on `unit.tree()`, exactly as the tree route checks it.
 */
export function inbound837Check(options: Inbound837Options = {}) {
  const reported = new WeakMap<object, Set<string>>();
  const check = (guideId: string, unit: LoopNode, path: readonly LoopNode[], ctx: TransactionContext): void => {
    const base: Position = { interchange: ctx.interchange.controlNumber, transaction: ctx.transaction.controlNumber };
    if (ctx.group) base.group = ctx.group.controlNumber;
    let seen = reported.get(ctx.transaction);
    if (!seen) reported.set(ctx.transaction, (seen = new Set()));
    for (const f of inbound837ClaimFindings(guideId, unit, path, base, options)) {
      const key = `${f.code}@${f.position.segmentNumber}:${f.position.element ?? ''}:${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ctx.transaction.findings.push(f);
    }
  };
  const hook = (unit: LoopNode, path: readonly LoopNode[], ctx: TransactionContext): void => {
    const guideId = ctx.guide?.map.id;
    if (!guideId || unit.id !== '2300') return;
    // The common case first: a clean claim and no partner rules make no finding and need no position.
    if (!options.partner?.rules && kindOf(guideId) && claimCertainlyClean(guideId, unit, path)) return;
    check(guideId, unit, path, ctx);
  };
  const flat = (unit: FlatUnit, path: readonly LoopNode[], ctx: TransactionContext): void => {
    const guideId = ctx.guide?.map.id;
    if (!guideId || unit.id !== '2300') return;
    if (!options.partner?.rules && kindOf(guideId) && claimUnitCertainlyClean(guideId, unit, path)) return;
    check(guideId, unit.tree(), path, ctx);
  };
  return Object.assign(hook, { flat });
}
