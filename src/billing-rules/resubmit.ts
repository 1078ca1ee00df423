/**
 * Correct-and-resubmit and void, as decisions (pure): what a claim in a given state may become, the
 * claim to send (frequency and REF*F8 set), and the scrubber's verdict on it.
 *
 *  - rejected before the payer adjudicated it (scrubber, TA1, 999, 277CA) → a new original (CLM05-3 = 1);
 *  - adjudicated (denied, partially paid, reversed) → a replacement (CLM05-3 = 7) carrying the payer's
 *    claim number in REF*F8;
 *  - paid → refused (nothing to correct; a wrong payment is voided or corrected by the payer);
 *  - still with the clearinghouse or the payer → refused until it is answered.
 * Void (CLM05-3 = 8) needs a claim the payer holds, with its claim number, that is not a void itself and
 * whose visit was not voided already (a voided claim never offers "Void" again).
 */
import { acceptClaim } from '../claims/accept-claim.js';
import type { Claim } from '../claims/model.js';
import type { ScrubFinding } from '../claims/scrub/types.js';
import { REJECTED_BEFORE_ADJUDICATION, type ClaimState } from '../ledger/lifecycle.js';
import { getPath, parsePath, sameValue, setPath, typedEdit } from './fields.js';

export { REJECTED_BEFORE_ADJUDICATION };
export const ADJUDICATED_TO_CORRECT: readonly ClaimState[] = ['denied', 'partially-paid', 'reversed'];
export const VOIDABLE: readonly ClaimState[] = ['payer-accepted', 'pending', 'paid', 'partially-paid', 'denied', 'reversed'];

export type Decision = { ok: true; action: 'resubmit-original' | 'resubmit-replacement' | 'void'; frequency: '1' | '7' | '8'; originalClaimNumber?: string } | { ok: false; code: string; reason: string };

export function decideResubmit(state: ClaimState, payerClaimNumber: string | null): Decision {
  if (state === 'paid') return { ok: false, code: 'ALREADY-PAID', reason: 'This claim is already paid, so it is not sent again. If the payment was wrong, void the claim (frequency 8) or ask the payer to reverse it first.' };
  if (REJECTED_BEFORE_ADJUDICATION.includes(state)) return { ok: true, action: 'resubmit-original', frequency: '1' };
  if (ADJUDICATED_TO_CORRECT.includes(state)) {
    if (!payerClaimNumber) return { ok: false, code: 'NO-PAYER-CLAIM-NUMBER', reason: 'The payer adjudicated this claim but sent no claim number (CLP07), so a replacement cannot name the claim it replaces. Call the payer for the number.' };
    return { ok: true, action: 'resubmit-replacement', frequency: '7', originalClaimNumber: payerClaimNumber };
  }
  return { ok: false, code: 'IN-FLIGHT', reason: `This claim is ${state}: it is still with the clearinghouse or the payer. Wait for its answer before sending it again.` };
}

/** What the claim's visit says about a void: the claim is itself a void (CLM05-3 = 8), or its visit was voided. */
export interface VoidContext {
  frequency?: string | null;
  visitVoided?: boolean;
}

export function decideVoid(state: ClaimState, payerClaimNumber: string | null, context: VoidContext = {}): Decision {
  if (context.frequency === '8') return { ok: false, code: 'IS-A-VOID', reason: 'This claim is itself a void (frequency 8): there is nothing left to void.' };
  if (context.visitVoided) return { ok: false, code: 'ALREADY-VOIDED', reason: 'This visit was already voided; a void is sent once.' };
  if (!VOIDABLE.includes(state)) return { ok: false, code: 'NOT-WITH-PAYER', reason: `This claim is ${state}: the payer does not hold it, so there is nothing to void.` };
  if (!payerClaimNumber) return { ok: false, code: 'NO-PAYER-CLAIM-NUMBER', reason: 'A void names the payer’s claim number (REF*F8), and the payer has not sent one for this claim.' };
  return { ok: true, action: 'void', frequency: '8', originalClaimNumber: payerClaimNumber };
}

export interface PreparedClaim {
  /** The claim to send (present when it passes the schema). */
  claim?: Claim;
  /** The edited data as JSON-able value (also when it fails). */
  data: unknown;
  /** Field paths whose value changed (never the values). */
  changed: string[];
  /** Blocking findings by field path ("" = the claim as a whole). */
  errors: Map<string, ScrubFinding[]>;
  warnings: ScrubFinding[];
  ok: boolean;
}

/** Applies the biller's edits, sets frequency and REF*F8, and scrubs the result. */
export function prepareClaim(original: unknown, edits: Readonly<Record<string, string>>, decision: Extract<Decision, { ok: true }>, today: string): PreparedClaim {
  let data = structuredClone(original) as Record<string, unknown>;
  const changed: string[] = [];
  for (const [path, value] of Object.entries(edits)) {
    if (!parsePath(path)) continue;
    const before = getPath(data, path);
    const next = typedEdit(path, before, value.trim());
    if (sameValue(before, next)) continue;
    data = setPath(data, path, next);
    changed.push(path);
  }
  if (data.kind === 'institutional' && typeof data.typeOfBill === 'string' && data.typeOfBill.length >= 2) data.typeOfBill = data.typeOfBill.slice(0, -1) + decision.frequency;
  else data.frequency = decision.frequency;
  if (decision.originalClaimNumber) data.originalClaimNumber = decision.originalClaimNumber;
  else delete data.originalClaimNumber;
  const result = acceptClaim(data, { today });
  const errors = new Map<string, ScrubFinding[]>();
  for (const f of result.findings.filter((x) => x.severity === 'error')) errors.set(f.field ?? '', [...(errors.get(f.field ?? '') ?? []), f]);
  return { claim: result.claim, data, changed, errors, warnings: result.findings.filter((f) => f.severity === 'warning'), ok: result.accepted };
}

/** The findings for a stored claim as it is (the worklist's "field to fix" for scrub rejections). */
export function scrubAsStored(data: unknown, today: string): ScrubFinding[] {
  return acceptClaim(data, { today }).findings;
}
