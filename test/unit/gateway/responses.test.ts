import { describe, expect, it } from 'vitest';
import { buildAcknowledgments } from '../../../src/acks/generate.js';
import { Claim } from '../../../src/claims/model.js';
import { build837 } from '../../../src/gateway/claims-port.js';
import { detectKind, outcomeOfCategory, parseResponse } from '../../../src/gateway/read-responses.js';
import { readX12 } from '../../../src/guides/reader.js';
import { syntheticBatch } from '../../../src/simulator/synthetic-claims.js';
import { testPartner } from '../../helpers/partner.js';

const isa = (ackRequested = '0') => `ISA*00*          *00*          *ZZ*SIMCH          *ZZ*PRACTICE01     *240310*1200*^*00501*000000005*${ackRequested}*T*:~`;

describe('response detection', () => {
  it('tells TA1, 999, 277CA, 277, 835 and 837 apart from the envelope', () => {
    expect(detectKind(isa() + 'TA1*000000001*240310*1200*A*000~IEA*0*000000005~')).toBe('TA1');
    expect(detectKind(isa() + 'GS*FA*SIMCH*P*20240310*1200*5*X*005010X231A1~ST*999*0001*005010X231A1~')).toBe('999');
    expect(detectKind(isa() + 'GS*HN*SIMCH*P*20240310*1200*5*X*005010X214~ST*277*0001*005010X214~')).toBe('277CA');
    expect(detectKind(isa() + 'GS*HN*SIMCH*P*20240310*1200*5*X*005010X212~ST*277*0001*005010X212~')).toBe('277');
    expect(detectKind(isa() + 'GS*HP*SIMCH*P*20240310*1200*5*X*005010X221A1~ST*835*0001~')).toBe('835');
    expect(detectKind(isa() + 'GS*HC*SIMCH*P*20240310*1200*5*X*005010X222A1~ST*837*0001*005010X222A1~')).toBe('837');
    expect(detectKind('hello')).toBe('unknown');
    expect(detectKind(isa().replace(/\*/g, '|') + 'GS|FA|x~')).toBe('999');
  });

  it('maps claim status categories to ledger states', () => {
    expect(outcomeOfCategory('A2', 'WQ')).toBe('payer-accepted');
    expect(outcomeOfCategory('A1')).toBe('payer-accepted');
    expect(outcomeOfCategory('A7', 'U')).toBe('payer-rejected');
    expect(outcomeOfCategory('A3')).toBe('payer-rejected');
    expect(outcomeOfCategory('P1')).toBe('pending');
  });

  it('reads a TA1 into a posting, and refuses what it cannot read with findings', () => {
    const ta1 = parseResponse(Buffer.from(isa() + 'TA1*000000042*240310*1200*R*024~IEA*0*000000005~'), 'x.ta1');
    expect(ta1).toMatchObject({ kind: 'TA1', postings: [{ interchangeControl: '000000042', status: 'R', note: '024' }] });
    const junk = parseResponse(Buffer.from('not x12 at all'), 'junk');
    expect('findings' in junk && junk.findings[0].code).toBe('RESPONSE-UNKNOWN');
    const broken = parseResponse(Buffer.from(isa() + 'GS*FA*SIMCH*P*20240310*1200*5*X*005010X231A1~ST*999*0001*005010X231A1~SE*2*0001~'), 'b.999');
    expect('findings' in broken).toBe(true);
  });

  it('reads a 999 that rejects one transaction set of our 837 into a posting that says so', () => {
    const partner = testPartner({ host: 'h', port: 22, username: 'u', fingerprint: 'SHA256:' + 'A'.repeat(43) }, { limits: { maxClaimsPerTransaction: 2, maxClaimsPerFile: 10 } });
    const claims = syntheticBatch({ batchId: 'R', claims: 4 }).claims.map((c, i) => ({ id: `c${i}`, claim: Claim.parse(c) }));
    const built = build837(partner, claims, { interchange: 7, group: 70, date: '20240310', time: '1200' }, () => 'x.837p');
    expect(built.transactions.map((t) => t.controlNumber)).toEqual(['0001', '0002']);
    // break the second transaction set: an invalid place of service code in its first CLM
    const second = built.text.indexOf('ST*837*0002');
    const clm = built.text.indexOf('CLM*', second);
    const broken = built.text.slice(0, clm) + built.text.slice(clm).replace(/\*11:B:1\*/, '*XX:B:1*');
    const report = readX12(broken, { file: 'x.837p' });
    const [ack] = buildAcknowledgments(report, { date: '20240310', time: '1201', interchangeControlNumber: () => 900, groupControlNumber: () => 901 });
    const parsed = parseResponse(Buffer.from(ack.ack999!), 'x.999');
    expect('posting' in parsed && parsed.kind === '999').toBe(true);
    if (!('posting' in parsed) || parsed.kind !== '999') return;
    const g = parsed.posting.groups[0];
    expect(g.groupControl).toBe('70');
    expect(g.status).toBe('P');
    expect(g.transactions.map((t) => [t.controlNumber, t.status])).toEqual([['0001', 'A'], ['0002', 'R']]);
    expect(g.transactions[1].errorCodes!.some((c) => c.startsWith('IK3:CLM'))).toBe(true);
  });
});
