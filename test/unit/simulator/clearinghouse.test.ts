import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Claim } from '../../../src/claims/model.js';
import { build837 } from '../../../src/gateway/claims-port.js';
import { parseResponse } from '../../../src/gateway/read-responses.js';
import { allFindings } from '../../../src/guides/reader.js';
import { createSimulator, type Simulator } from '../../../src/simulator/clearinghouse.js';
import { syntheticBatch } from '../../../src/simulator/synthetic-claims.js';
import { builtInWriters } from '../../../src/simulator/responses.js';
import { remitsWriters } from '../../../src/simulator/remits-writers.js';
import { testPartner } from '../../helpers/partner.js';

let dir: string;
let sim: Simulator;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sim-'));
  sim = createSimulator({ dir, sftp: { username: 'x' }, delays: { ackMs: 0, statusMs: 0, remitMs: 0 }, rejectMemberIds: '^REJ', plbEvery: 1 });
});
afterEach(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

const partner = testPartner({ host: '127.0.0.1', port: 22, username: 'x', fingerprint: 'SHA256:' + 'A'.repeat(43) });

function an837(n: number, isa = 1, payerRejectEvery = 0) {
  const batch = syntheticBatch({ batchId: 'T1', claims: n, payerRejectEvery });
  const claims = batch.claims.map((c, i) => ({ id: `c${i}`, claim: Claim.parse(c) }));
  return build837(partner, claims, { interchange: isa, group: isa, date: '20240310', time: '1200' }, () => `demo-${isa}.837p`);
}

async function run(text: string, name = 'demo-1.837p') {
  writeFileSync(join(sim.root, 'inbound', name), text);
  await sim.scan();
  await sim.scan();
  await sim.idle();
  const out = join(sim.root, 'outbound');
  return readdirSync(out).filter((f) => !f.startsWith('.')).sort().map((f) => ({ name: f, bytes: readFileSync(join(out, f)) }));
}

describe('simulated clearinghouse', () => {
  it.each([
    ['the remits 835 writer', remitsWriters],
    ['the built-in 835 writer', builtInWriters],
  ])('answers an 837 with a 999, a 277CA and an 835 (%s) that the guides accept and that balance', async (_name, writers) => {
    await sim.stop();
    sim = createSimulator({ dir: join(dir, 'w'), sftp: { username: 'x' }, delays: { ackMs: 0, statusMs: 0, remitMs: 0 }, rejectMemberIds: '^REJ', plbEvery: 1, writers });
    const built = an837(40, 1, 8);
    const files = await run(built.text);
    expect(files.map((f) => f.name.split('-').pop())).toEqual(['277ca.x12', '835.x12', '999.x12']);
    const parsed = files.map((f) => parseResponse(f.bytes, f.name));
    for (const p of parsed) {
      expect('findings' in p).toBe(false);
      if ('report' in p) expect(allFindings(p.report).filter((f) => f.severity === 'error')).toEqual([]);
    }
    const ack = parsed.find((p) => 'kind' in p && p.kind === '999');
    expect(ack && 'posting' in ack && 'groups' in ack.posting && ack.posting.groups[0].transactions.every((t) => t.status === 'A')).toBe(true);
    const status = parsed.find((p) => 'kind' in p && p.kind === '277CA');
    const statuses = status && 'posting' in status && 'claims' in status.posting ? status.posting.claims : [];
    expect(statuses).toHaveLength(40);
    expect(statuses.filter((s) => s.outcome === 'payer-rejected')).toHaveLength(5);
    const remit = parsed.find((p) => 'kind' in p && p.kind === '835');
    const postings = remit && 'postings' in remit && remit.kind === '835' ? remit.postings : [];
    expect(postings).toHaveLength(1);
    const r = postings[0];
    expect(r.claims).toHaveLength(35);
    // BPR02 = sum CLP04 - sum PLB, and every claim: billed - paid = sum of its CAS
    const paid = r.claims.reduce((s, c) => s.plus(c.paid), new Decimal(0));
    const plb = r.providerAdjustments.reduce((s, p) => s.plus(p.amount), new Decimal(0));
    expect(paid.minus(plb).eq(r.paymentAmount)).toBe(true);
    for (const c of r.claims) {
      const cas = [...c.adjustments, ...c.lines.flatMap((l) => l.adjustments)].reduce((s, a) => s.plus(a.amount), new Decimal(0));
      expect(new Decimal(c.billed).minus(c.paid).eq(cas)).toBe(true);
    }
    const codes = new Set(r.claims.flatMap((c) => c.lines.flatMap((l) => l.adjustments.map((a) => `${a.group}-${a.reason}`))));
    expect(codes.has('CO-45')).toBe(true);
    expect([...codes].some((c) => c.startsWith('PR-'))).toBe(true);
    expect(codes.has('CO-50')).toBe(true);
    expect(r.claims.some((c) => c.statusCode === '4')).toBe(true);
  });

  it('sends a TA1 when ISA14 asks for one and drops an interchange it has already seen', async () => {
    const built = an837(3, 7);
    const withAck = built.text.replace(/^(ISA(?:\*[^*]*){13}\*)0/, '$11');
    const files = await run(withAck, 'a.837p');
    expect(files.some((f) => f.name.endsWith('ta1.x12'))).toBe(true);
    const before = files.length;
    const again = await run(withAck, 'b.837p');
    expect(again.length).toBe(before);
    expect(sim.stats().duplicates).toBe(1);
  });

  it('rejects a broken envelope with a TA1 and nothing else', async () => {
    const built = an837(2, 9);
    const broken = built.text.replace(/IEA\*1\*000000009/, 'IEA*1*000000010');
    const files = await run(broken, 'c.837p');
    const kinds = files.map((f) => parseResponse(f.bytes, f.name)).map((p) => ('kind' in p ? p.kind : 'x'));
    expect(kinds).toContain('TA1');
  });
});
