/**
 * 837 files → claim objects, claim by claim (units ['2300'] over the guides reader, so memory stays flat
 * for files of any size). Used for files practices import and to check our own output round-trips.
 *
 * Each claim comes with the guide findings of its transaction set's reader (structure and codes) and, if
 * the claim does not fit our model, the schema findings. A claim that cannot be read at all (no CLM, no
 * subscriber level) is reported as a finding, never thrown.
 */
import { X12Reader, type ReadReport, type TransactionContext } from '../../guides/reader.js';
import { childLoop } from '../../guides/tree.js';
import type { LoopNode } from '../../guides/walker.js';
import { kindOfGuide } from '../kinds.js';
import { Claim, Receiver, Submitter } from '../model.js';
import { modelFindings } from '../model-problems.js';
import type { ScrubFinding } from '../scrub/types.js';
import { claimFromLoops } from './claim-from-loops.js';
import { contactIn } from './parties.js';
import { findSegment } from '../../guides/tree.js';
import { element } from '../../x12/elements.js';

export interface ReadClaim {
  claim?: Claim;
  claimId: string;
  /** Where it was: interchange / group / transaction control numbers. */
  interchange: string;
  transaction: string;
  findings: ScrubFinding[];
  submitter?: Submitter;
  receiver?: Receiver;
}

export interface Read837Options {
  file?: string;
  onClaim: (claim: ReadClaim) => void;
}

function parties(root: readonly LoopNode[]): { submitter?: Submitter; receiver?: Receiver } {
  const st = root[0];
  const a = st && childLoop(st, '1000A');
  const b = st && childLoop(st, '1000B');
  const an = a && findSegment(a, 'NM1');
  const bn = b && findSegment(b, 'NM1');
  return {
    submitter: a && an ? { name: element(an, 3), id: element(an, 9), contact: contactIn(a) ?? {} } : undefined,
    receiver: bn ? { name: element(bn, 3), id: element(bn, 9) } : undefined,
  };
}

function onUnit(unit: LoopNode, path: readonly LoopNode[], ctx: TransactionContext, emit: (c: ReadClaim) => void): void {
  const kind = kindOfGuide(ctx.guide?.map.id ?? '');
  if (!kind || unit.id !== '2300') return;
  const where = { interchange: ctx.interchange.controlNumber, transaction: ctx.transaction.controlNumber };
  const billing = path.find((l) => l.id === '2000A');
  const subscriber = path.find((l) => l.id === '2000B');
  const patient = path.find((l) => l.id === '2000C');
  const clm = findSegment(unit, 'CLM');
  const claimId = clm ? element(clm, 1) : '';
  if (!billing || !subscriber || !clm) {
    emit({ claimId, ...where, findings: [{ claimId, code: 'READ-CLAIM-INCOMPLETE', field: '$', message: 'The claim loop has no CLM segment or no billing provider / subscriber level above it.', fix: 'Correct the file (loop structure) and import it again.', severity: 'error' }] });
    return;
  }
  try {
    const input = claimFromLoops(kind, unit, { billing, subscriber, patient });
    const parsed = Claim.safeParse(input);
    const extra = parties(path);
    if (parsed.success) emit({ claim: parsed.data, claimId, ...where, findings: [], ...extra });
    else emit({ claimId, ...where, findings: modelFindings(Claim, input, parsed.error.issues, claimId), ...extra });
  } catch (err) {
    // A required segment the guide reader already reported missing: the claim cannot be rebuilt.
    if (!(err instanceof TypeError)) throw err;
    emit({ claimId, ...where, findings: [{ claimId, code: 'READ-CLAIM-INCOMPLETE', field: '$', message: 'A segment the claim needs is missing (see the file\'s validation findings).', fix: 'Correct the file and import it again.', severity: 'error' }] });
  }
}

/** A push reader: feed chunks, get claims through `onClaim`, end() gives the validation report. */
export function create837Reader(options: Read837Options): { push(chunk: Buffer | string): void; end(): ReadReport } {
  const reader = new X12Reader({
    file: options.file,
    units: { '837P': ['2300'], '837I': ['2300'], '837D': ['2300'] },
    onUnit: (unit, path, ctx) => onUnit(unit, path, ctx, options.onClaim),
  });
  return { push: (chunk) => reader.push(chunk), end: () => reader.end() };
}

/** Reads a whole 837 text or buffer. */
export function read837(input: Buffer | string, file?: string): { claims: ReadClaim[]; report: ReadReport } {
  const claims: ReadClaim[] = [];
  const reader = create837Reader({ file, onClaim: (c) => claims.push(c) });
  reader.push(input);
  return { claims, report: reader.end() };
}
