import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Claim, ProfessionalClaim } from '../../../src/claims/model.js';
import { claimModelJsonSchema } from '../../../src/claims/json-schema.js';
import { acceptClaim } from '../../../src/claims/accept-claim.js';
import { jsonPath } from '../../../src/claims/intake.js';
import { professionalInput } from './fixtures.js';

describe('claim model', () => {
  it('docs/claim-model.schema.json is the JSON Schema generated from the zod model (regenerate it when the model changes)', () => {
    const published = JSON.parse(readFileSync(new URL('../../../docs/claim-model.schema.json', import.meta.url), 'utf8'));
    expect(published).toEqual(claimModelJsonSchema());
    expect(Object.keys((published.$defs.Claim as { oneOf?: unknown[]; anyOf?: unknown[] }).oneOf ?? published.$defs.Claim.anyOf)).toHaveLength(3);
  });

  it('applies the documented defaults', () => {
    const c = ProfessionalClaim.parse(professionalInput());
    expect([c.frequency, c.assignment, c.benefitsAssigned, c.releaseOfInformation, c.providerSignature, c.subscriber.responsibility]).toEqual(['1', 'A', 'Y', 'Y', true, 'primary']);
    expect(c.lines[0].unitType).toBe('UN');
    expect(c.otherPayers).toEqual([]);
  });

  it('refuses amounts written as JSON numbers and an unknown claim kind, with the field path', () => {
    const input = professionalInput() as Record<string, unknown>;
    input.totalCharge = 175;
    const r = acceptClaim(input, { today: '2024-06-01' });
    expect(r.accepted).toBe(false);
    expect(r.findings.map((f) => [f.code, f.field])).toEqual([['FIELD-TYPE', '$.totalCharge']]);
    expect(r.findings[0].fix).toMatch(/quotes/);
    expect(Claim.safeParse({ ...professionalInput(), kind: 'vision' }).success).toBe(false);
  });

  it('every sample claim fits the model', () => {
    for (const name of ['professional', 'institutional', 'dental', 'secondary', 'fifty-lines']) {
      const batch = JSON.parse(readFileSync(new URL(`../../../samples/claims/${name}.json`, import.meta.url), 'utf8'));
      for (const c of batch.claims) expect(Claim.safeParse(c).success, `${name} ${c.claimId}`).toBe(true);
    }
  });

  it('writes JSON paths the way the report shows them', () => {
    expect(jsonPath(['lines', 2, 'charge'])).toBe('$.lines[2].charge');
    expect(jsonPath([])).toBe('$');
  });
});
