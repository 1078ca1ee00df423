/** Secondary-claim fixtures for ledger and API tests: the sample primaries sent, the primary's 835 posted. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { Batch, Claim } from '../../src/claims/index.js';
import { checkClaims } from '../../src/gateway/claims-port.js';
import { nextPayerHook } from '../../src/gateway/next-payer-claims.js';
import { parseResponse } from '../../src/gateway/read-responses.js';
import { sha256, type Ledger, type RemittancePosting } from '../../src/ledger/index.js';
import { fakeBuild } from '../unit/ledger/fixtures.js';

const samples = new URL('../../samples/cob/', import.meta.url).pathname;
export const cobCheckOptions = { today: '2024-06-01', defaultPartner: 'demo', knownPartners: new Set(['demo']) };
export const cobHook = (secondaryClaims: 'send' | 'hold' = 'send') => nextPayerHook({ ...cobCheckOptions, partners: new Map([['demo', { secondaryClaims }]]) });

/**
 * The professional primary batch (P-1001, P-1004), possibly edited, taken in, generated and uploaded; their ledger ids.
 * `stored` edits the claims as the ledger stores them, after the intake check: a claim taken in before a rule
 * that now refuses it (a blank member id of the next payer, refused since round 11 of issue 12).
 */
export async function sendCobPrimaries(ledger: Ledger, edit: (claims: Claim[]) => void = () => {}, stored: (claims: Claim[]) => void = () => {}): Promise<string[]> {
  const batch = Batch.parse(JSON.parse(readFileSync(join(samples, 'professional.primary.json'), 'utf8')));
  const claims = batch.claims.map((c) => Claim.parse(c));
  edit(claims);
  const checked = checkClaims(claims, { startIndex: 0, batchPartnerId: 'demo', seenClaimIds: new Set() }, cobCheckOptions);
  expect(checked.map((c) => c.intake.rejected)).toEqual([undefined, undefined]);
  stored(checked.map((c) => c.intake.data as Claim));
  const { claimIds } = await ledger.recordBatch({ name: 'cob.json', sha256: sha256('cob' + JSON.stringify(claims)), size: 1, partnerId: 'demo', claims: checked.map((c) => c.intake) });
  const g = await ledger.generateInterchange({ partnerId: 'demo', chunkKey: 'k1', claimIds, build: fakeBuild(claimIds) });
  await ledger.markUploaded(g.fileId, `remote/${g.fileName}`);
  return claimIds;
}

/** samples/cob/professional.primary.835 as the gateway posts it. */
export function cobPrimary835(): RemittancePosting {
  const parsed = parseResponse(readFileSync(join(samples, 'professional.primary.835')), 'professional.primary.835');
  if (parsed.kind !== '835' || !('postings' in parsed)) throw new Error('the sample 835 must read');
  return parsed.postings[0];
}

export async function postCob835(ledger: Ledger, remit: RemittancePosting, name: string, secondaryClaims: 'send' | 'hold' = 'send') {
  const f = await ledger.recordFile({ direction: 'in', partnerId: 'demo', name, sha256: sha256(name), size: 1, kind: '835' });
  return { fileId: f.file.id, result: await ledger.postRemittance(f.file.id, 'demo', remit, { nextPayer: cobHook(secondaryClaims) }) };
}
