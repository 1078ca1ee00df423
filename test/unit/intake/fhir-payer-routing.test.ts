/**
 * FHIR payers without a payer id (issue 13 item 1): the payer Organization's NIIP identifier is the payer id;
 * when the EHR names the payer only, the partner profile's payer list by name (`payerIdsByName`) supplies it,
 * with a warning naming the id taken — in the pure translation and in the gateway's outbox.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claimsFromFhirText } from '../../../src/intake/index.js';
import { startHarness, type Harness } from '../../helpers/harness.js';

const PAYER_ENTRY = 4;
/** The professional sample with its payer Organization stripped of the NIIP identifier. */
function bundleWithoutPayerId(): string {
  const bundle = JSON.parse(readFileSync(join(import.meta.dirname, '../../../samples/fhir/professional.json'), 'utf8'));
  const org = bundle.entry[PAYER_ENTRY].resource;
  expect(org).toMatchObject({ resourceType: 'Organization', name: 'SAMPLE HEALTH PLAN' });
  delete org.identifier;
  return JSON.stringify(bundle);
}
const path = `Bundle.entry[${PAYER_ENTRY}].resource.identifier`;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('payer id by name from the partner profile', () => {
  it('without a list the claim is refused at the payer, saying where to add the id', () => {
    const r = claimsFromFhirText(bundleWithoutPayerId());
    expect(r.claims).toEqual([]);
    expect(r.problems.filter((p) => p.severity === 'error').map((p) => [p.path, p.message])).toEqual([[path, 'The payer has no payer id.']]);
    expect(r.problems[0].fix).toContain('payerIdsByName');
  });

  it('with the list the id is taken by name (case, spaces and punctuation ignored) and a warning says so', () => {
    const r = claimsFromFhirText(bundleWithoutPayerId(), { payerIdsByName: { 'Other Plan': 'OTH01', 'Sample Health-Plan': 'SHP01' } });
    expect(r.claims).toHaveLength(1);
    expect((r.claims[0].claim as { payer: unknown }).payer).toEqual({ name: 'SAMPLE HEALTH PLAN', id: 'SHP01' });
    expect(r.claims[0].warnings.map((w) => [w.path, w.severity])).toEqual([[path, 'warning']]);
    expect(r.claims[0].warnings[0].message).toContain('SHP01');
    // a name the list does not hold is still refused
    expect(claimsFromFhirText(bundleWithoutPayerId(), { payerIdsByName: { 'Other Plan': 'OTH01' } }).claims).toEqual([]);
  });

  it('the outbox reads a bundle through the default partner profile\'s list', async () => {
    h = await startHarness({ partner: { payerIdsByName: { 'sample health plan': 'SHP01' } }, config: { intake: { stableMs: 0, rescanIntervalMs: 200, usePolling: false, completion: 'quiet-period', maxAttempts: 3, chunkClaims: 100, settleMs: 60_000 } } });
    writeFileSync(join(h.gateway.context.folders.outbox, 'ehr-export.json'), bundleWithoutPayerId());
    await h.gateway.cycle({ poll: false });
    const claims = await h.ledger.listClaims({});
    expect(claims.map((c) => [c.patient_control_number, c.payer_id])).toEqual([['FHIR-P-1', 'SHP01']]);
  });
});
