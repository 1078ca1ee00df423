/**
 * SNIP 7: a trading partner's own rules, from its profile (`rules` in config/partners/<id>.json):
 *  - `skipEdits`: scrubber edits the partner does not want (by code, e.g. "NPI-CHECK-DIGIT");
 *  - `requiredFields`: fields of our claim model the partner requires beyond the guide
 *    ("referringProvider.npi", "lines[].drug.ndc"), optionally only for some payers;
 *  - `codeLists`: the codes a partner (or one of its payers) accepts in a field ("placeOfService",
 *    "lines[].modifiers").
 * The same rules serve the outgoing scrubber (claims to that partner) and inbound validation of an 837
 * when a partner is named (`x12gw validate --partner`), where the claim is read back into the model.
 * Pure.
 */
import { z } from 'zod';
import type { ScrubFinding } from '../scrub/types.js';

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

interface Hit {
  path: string;
  value: unknown;
}

/** The values at a field path, each with its JSON path ("$.lines[2].placeOfService"); missing ones as undefined. */
export function valuesAt(claim: unknown, field: string): Hit[] {
  let hits: Hit[] = [{ path: '$', value: claim }];
  for (const part of field.split('.')) {
    const list = part.endsWith('[]');
    const key = list ? part.slice(0, -2) : part;
    const next: Hit[] = [];
    for (const h of hits) {
      const v = h.value && typeof h.value === 'object' ? (h.value as Record<string, unknown>)[key] : undefined;
      if (!list) next.push({ path: `${h.path}.${key}`, value: v });
      else if (Array.isArray(v)) v.forEach((x, i) => next.push({ path: `${h.path}.${key}[${i}]`, value: x }));
    }
    hits = next;
  }
  return hits;
}

const appliesTo = (payerIds: readonly string[] | undefined, claim: unknown): boolean => {
  if (!payerIds) return true;
  const payer = (claim as { payer?: { id?: unknown } } | null)?.payer?.id;
  return typeof payer === 'string' && payerIds.includes(payer);
};

const empty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** The partner's extra requirements and code lists on one claim (model JSON), as scrubber findings (errors). */
export function partnerRuleFindings(claim: unknown, rules: PartnerRules, claimId: string, partnerId: string): ScrubFinding[] {
  const out: ScrubFinding[] = [];
  for (const r of rules.requiredFields) {
    if (!appliesTo(r.payerIds, claim)) continue;
    const hits = valuesAt(claim, r.field);
    // "lines[].x": every line needs it; a path through an absent list is checked at the list.
    const missing = hits.length === 0 ? [{ path: `$.${r.field.split('[]')[0]}`, value: undefined }] : hits.filter((h) => empty(h.value));
    for (const h of missing) {
      out.push({ claimId, code: 'PARTNER-REQUIRED-FIELD', field: h.path, severity: 'error', message: `Partner ${partnerId} requires this field${r.payerIds ? ' for this payer' : ''}${r.reason ? `: ${r.reason}` : ''}.`, fix: 'Fill it in in the practice system and send the claim again.' });
    }
  }
  for (const list of rules.codeLists) {
    if (!appliesTo(list.payerIds, claim)) continue;
    for (const h of valuesAt(claim, list.field)) {
      const values = Array.isArray(h.value) ? h.value.map((v, i) => ({ path: `${h.path}[${i}]`, v })) : [{ path: h.path, v: h.value }];
      for (const { path, v } of values) {
        if (empty(v) || list.codes.includes(String(v))) continue;
        out.push({ claimId, code: 'PARTNER-CODE-LIST', field: path, severity: 'error', message: `Partner ${partnerId}${list.payerIds ? ' (for this payer)' : ''} does not accept this code here${list.reason ? `: ${list.reason}` : ''}.`, fix: `Use one of: ${list.codes.slice(0, 20).join(', ')}${list.codes.length > 20 ? ', …' : ''}.` });
      }
    }
  }
  return out;
}

/** The partner a raw claim goes to before it is checked: its own partnerId, else the batch's, else the default. */
export function partnerHint(raw: unknown, fallback: string | undefined): string | undefined {
  const own = (raw as { partnerId?: unknown } | null)?.partnerId;
  return typeof own === 'string' && own !== '' ? own : fallback;
}
