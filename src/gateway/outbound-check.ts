/**
 * The gateway never records or uploads an 837 our own validator refuses (what `x12gw generate` does with
 * its files: src/cli/commands/check-written.ts). Each interchange is read with the guide maps and the 837
 * claim checks as it is built. A claim that cannot be written — its stored data no longer fits the claim
 * model (queued under an older model), its values clash with the partner's delimiters, or its 837 fails
 * the validator — is held in the queue, never uploaded, with an alert that says where the 837 failed
 * (codes and positions only, never values); the other claims of its chunk go on.
 */
import { INBOUND_837_FLAT_UNITS, inbound837Check } from '../claims/snip/index.js';
import type { Claim } from '../claims/model.js';
import { DEFAULT_UNITS, X12Reader, errorSummary, guideById, isValid } from '../guides/index.js';
import type { InterchangeBuild, ReservedNumbers } from '../ledger/ledger.js';

/**
 * Compiles the 837 guides now (~60 ms of CPU each, once per process) instead of inside the first 837's
 * check: the gateway calls it when it starts, before the API has requests to answer.
 */
export function prepareOutboundCheck(): void {
  for (const id of ['837P', '837I', '837D']) guideById(id);
}

/** Bytes of the 837 read between two calls of `between` (the event loop's turns). */
const SLICE = 16_384;

/**
 * The first three errors our validator finds in an 837 (positions and codes), or none. The text is read in
 * slices with `between` awaited after each, so a large interchange does not hold the event loop. Its claims
 * (2300s) are handed flat, as `x12gw validate` reads them: a claim the fast clean check vouches for needs no
 * tree, any other is checked on its tree by the same code (`flat: false`, the tree route, gives the same errors).
 */
export async function outboundErrors(text: string, fileName: string, between: () => Promise<void>, { flat = true }: { flat?: boolean } = {}): Promise<string[]> {
  const check = inbound837Check();
  const reader = new X12Reader({
    file: fileName,
    units: DEFAULT_UNITS,
    onUnit: check,
    ...(flat ? { flatUnits: INBOUND_837_FLAT_UNITS, onFlatUnit: check.flat } : {}),
  });
  for (let at = 0; at < text.length; at += SLICE) {
    reader.push(text.slice(at, at + SLICE));
    await between();
  }
  const report = reader.end();
  return isValid(report) ? [] : errorSummary(report).first;
}

/** Thrown from inside the ledger transaction so nothing of the interchange is recorded. */
export class UnwritableInterchangeError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(`the built 837 fails our own validator: ${errors.join('; ')}`);
  }
}

/** `build`, refused with UnwritableInterchangeError when it throws or our validator refuses its text. */
export async function checkedBuild(build: () => InterchangeBuild, between: () => Promise<void>): Promise<InterchangeBuild> {
  let built: InterchangeBuild;
  try {
    built = build();
  } catch (err) {
    throw new UnwritableInterchangeError([(err as Error).message]);
  }
  const errors = await outboundErrors(built.text, built.fileName, between);
  if (errors.length) throw new UnwritableInterchangeError(errors);
  return built;
}

/** Numbers for building a claim alone to see whether it can be written (never recorded or sent). */
const PROBE: ReservedNumbers = { interchange: 1, group: 1, date: '20260101', time: '0000' };

/**
 * Which claims of a refused chunk are the cause, found by halving: a half our validator accepts is fine, a
 * refused half is halved again down to single claims (about twice the chunk's bytes checked for one bad
 * claim, not one build per claim). Empty when no part fails alone (the chunk fails only as a whole): the
 * caller then holds the whole chunk.
 */
export async function unwritableClaims(claims: ReadonlyArray<{ id: string; claim: Claim }>, build: (some: Array<{ id: string; claim: Claim }>, numbers: ReservedNumbers) => InterchangeBuild, between: () => Promise<void>): Promise<Array<{ id: string; errors: readonly string[] }>> {
  const bad: Array<{ id: string; errors: readonly string[] }> = [];
  const mid = claims.length >> 1;
  for (const part of claims.length > 1 ? [claims.slice(0, mid), claims.slice(mid)] : [claims]) {
    try {
      await checkedBuild(() => build([...part], PROBE), between);
    } catch (err) {
      if (!(err instanceof UnwritableInterchangeError)) throw err;
      if (part.length === 1) bad.push({ id: part[0].id, errors: err.errors });
      else bad.push(...(await unwritableClaims(part, build, between)));
    }
  }
  return bad;
}
