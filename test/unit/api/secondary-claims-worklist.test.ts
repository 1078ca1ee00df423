/**
 * Held secondary claims where a person sees them (issue 14 item 1): a secondary whose coverage is
 * incomplete is on the worklist (GET /v1/worklist) with the reason and the field to complete; the answered
 * claim's timeline says "Secondary claim <id> created" (pure entry used by the claim page).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/api/app.js';
import { secondaryEntry } from '../../../src/api/web/timeline.js';
import { heldSecondaryReasons } from '../../../src/api/workbench/views.js';
import { createLedger, openLedgerDb, type Ledger, type LedgerDb } from '../../../src/ledger/index.js';
import { allSecondaryClaims } from '../../../src/ledger/secondary-claims.js';
import { cobPrimary835, postCob835, sendCobPrimaries } from '../../helpers/cob-ledger.js';

const TOKEN = 'cob-token-0123456789abcdef';
let dir: string;
let handle: LedgerDb;
let ledger: Ledger;
let server: Awaited<ReturnType<typeof buildServer>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cob-wl-'));
  handle = await openLedgerDb({ dataDir: dir });
  ledger = createLedger(handle.db);
  // Stored before the model refused a blank member id (issue 12, round 11): the intake refuses it now.
  await sendCobPrimaries(ledger, undefined, (claims) => {
    claims[0].otherPayers[0].subscriber.memberId = ' ';
  });
  await postCob835(ledger, cobPrimary835(), 'primary.835');
  server = await buildServer({ deps: { ledger, tokens: [TOKEN], workbench: { partnerIds: ['demo'], now: () => new Date('2024-04-01T12:00:00Z') } }, logger: false });
});
afterAll(async () => {
  await server?.close();
  await handle?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('held secondary claims on the worklist', () => {
  it('the incomplete secondary is listed with SECONDARY-INCOMPLETE and the secondary member id field to complete', async () => {
    const res = await server.inject({ url: '/v1/worklist?limit=100', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    const items = (res.json() as { items: Array<{ claimId: string; state: string; reasons: Array<{ source: string; code: string; field?: string; fieldLabel?: string; text: string }> }> }).items;
    const held = items.find((i) => i.claimId === 'P-1001-S');
    expect(held?.state).toBe('scrub-rejected');
    expect(held?.reasons.map((r) => [r.source, r.code, r.field])).toEqual([['cob', 'SECONDARY-INCOMPLETE', '$.subscriber.memberId']]);
    expect(held?.reasons[0].fieldLabel).toMatch(/[Mm]ember/);
    expect(held?.reasons[0].text).toMatch(/member id is missing/);
    // The complete one went to the queue, not the worklist.
    expect(items.find((i) => i.claimId === 'P-1004-S')).toBeUndefined();
  });

  it('a partner hold says so, with no field', () => {
    expect(heldSecondaryReasons({ reason: 'partner-hold', missing: [] }).map((r) => [r.code, r.field])).toEqual([['SECONDARY-HELD', undefined]]);
  });

  it('a claim the payer forwarded (crossover) says so, with no field, and the timeline too', () => {
    const [r] = heldSecondaryReasons({ reason: 'forwarded', missing: [] });
    expect([r.code, r.field, r.text]).toEqual(['SECONDARY-HELD', undefined, expect.stringMatching(/forwarded the claim to the next payer itself/)]);
    const entry = secondaryEntry('C1', { claim_id: 'C2', patient_control_number: 'P-1-S', responsibility: 'secondary', state: 'held', hold_reason: JSON.stringify({ reason: 'forwarded', missing: [] }), created_at: '2024-04-01T00:00:00Z' });
    expect([entry.text, entry.tone]).toEqual(['Held on the worklist: the payer forwarded the claim to the next payer itself (crossover), so it is not sent twice.', 'bad']);
  });
});

describe('the answered claim\'s timeline', () => {
  it('says "Secondary claim <id> created", queued or held with the reason', async () => {
    const rows = await allSecondaryClaims(handle.db);
    const entries = rows.map((r) => secondaryEntry(r.source_claim_id, r)).sort((a, b) => a.title.localeCompare(b.title));
    expect(entries.map((e) => [e.title, e.tone])).toEqual([
      ['Secondary claim P-1001-S created', 'bad'],
      ['Secondary claim P-1004-S created', 'action'],
    ]);
    expect(entries[0].text).toMatch(/secondary coverage is incomplete \(.*[Mm]ember.*\)/);
    expect(entries[1].text).toMatch(/queued to send/);
  });
});

describe('the claim pages', () => {
  const page = async (id: string) => (await server.inject({ url: `/claims/${id}`, headers: { authorization: `Bearer ${TOKEN}` } })).body;

  it('the answered claim\'s timeline says which secondary claim was created', async () => {
    const rows = await allSecondaryClaims(handle.db);
    const sent = rows.find((r) => r.patient_control_number === 'P-1004-S')!;
    const body = await page(sent.source_claim_id);
    const timeline = body.slice(body.indexOf('id="tl-h"'));
    expect(timeline).toContain('Secondary claim P-1004-S created');
    expect(timeline).toContain('queued to send');
  });

  it('the held secondary\'s page says why it needs a person and offers its member id to complete', async () => {
    const held = (await allSecondaryClaims(handle.db)).find((r) => r.state === 'held')!;
    const body = await page(held.claim_id);
    expect(body).toMatch(/Why it needs a person/);
    expect(body).toMatch(/member id is missing/);
    expect(body).toContain('name="f:$.subscriber.memberId"');
  });
});

