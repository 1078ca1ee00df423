/**
 * The schema of a trading partner's own rules (`rules` in config/partners/<id>.json); what they mean and
 * the functions that apply them: partner-rules.ts (which imports only the types, so that the engine's
 * readers do not load zod). Pure.
 */
import { z } from 'zod';

/** A field of the claim model: dot path, "[]" for every element of a list ("lines[].placeOfService"). */
const FieldPath = z.string().regex(/^[A-Za-z][A-Za-z0-9]*(\[\])?(\.[A-Za-z][A-Za-z0-9]*(\[\])?)*$/, 'a field of the claim model, like "referringProvider.npi" or "lines[].placeOfService"');

export const PartnerRules = z.object({
  /** Scrubber edit codes turned off for claims to this partner. */
  skipEdits: z.array(z.string()).default([]),
  requiredFields: z
    .array(z.object({ field: FieldPath, /** Only for claims to these payer ids (all when absent). */ payerIds: z.array(z.string()).optional(), /** Why, in the partner's words (shown to the biller). */ reason: z.string().optional() }))
    .default([]),
  codeLists: z
    .array(z.object({ field: FieldPath, codes: z.array(z.string()).min(1), payerIds: z.array(z.string()).optional(), reason: z.string().optional() }))
    .default([]),
});
export type PartnerRules = z.infer<typeof PartnerRules>;
export type PartnerRulesInput = z.input<typeof PartnerRules>;
