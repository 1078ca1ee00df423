/**
 * The patients' last eligibility answers for the scrubber (its ELIGIBILITY-* warnings): looked up in the
 * ledger per chunk of claims, by patient key, before the pure scrubber runs. Nothing is looked up until a
 * 271 has been posted, so claim intake without eligibility costs nothing extra.
 */
import type { EligibilityFacts } from '../claims/scrub/types.js';
import { rawClaimPatientKey } from '../eligibility/patient-key.js';
import type { RuntimeContext } from './context.js';

export type EligibilityFactsLoader = (raws: readonly unknown[]) => Promise<ReadonlyMap<string, EligibilityFacts>>;

export async function eligibilityFactsLoader(ctx: Pick<RuntimeContext, 'ledger'>): Promise<EligibilityFactsLoader | undefined> {
  if (!(await ctx.ledger.hasEligibilityAnswers())) return undefined;
  return async (raws) => {
    const keys = raws.map(rawClaimPatientKey).filter((k): k is string => k !== undefined);
    return ctx.ledger.lastEligibilityFor(keys);
  };
}
