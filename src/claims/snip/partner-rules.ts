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
import type { ScrubFinding } from '../scrub/types.js';
// Types only: the zod schema lives in partner-rules-schema.ts, so that reading an 837 (x12gw validate, its
// workers) does not load zod for these rule functions (35–110 ms of start-up per thread, issue 12 round 8).
import type { PartnerRules } from './partner-rules-schema.js';

export type { PartnerRules, PartnerRulesInput } from './partner-rules-schema.js';

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
