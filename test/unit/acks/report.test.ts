import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readClaimStatuses } from '../../../src/acks/read-277.js';
import { readAcknowledgments } from '../../../src/acks/read-999.js';
import { index837, mapAcknowledgmentTo837 } from '../../../src/acks/map-to-837.js';
import { acknowledgmentCsv, acknowledgmentHtml, claimStatusCsv, claimStatusHtml } from '../../../src/acks/report.js';

const SAMPLES = join(__dirname, '../../../samples/acks');
const read = (name: string) => readFileSync(join(SAMPLES, name));

describe('277CA and 999 reports', () => {
  it('lists accepted and rejected claims with their reasons', () => {
    const { responses } = readClaimStatuses(read('claims-rejected.277ca'));
    const page = claimStatusHtml(responses);
    expect(page).toMatch(/CLM-B2[\s\S]*badge rejected[\s\S]*Entity&#39;s National Provider Identifier/);
    expect(page).toMatch(/CLM-A1[\s\S]*badge accepted/);
    const csv = claimStatusCsv(responses).trimEnd().split('\r\n');
    expect(csv.slice(1).map((l) => /,(accepted|rejected),/.exec(l)?.[1])).toEqual(['accepted', 'rejected', 'rejected']);
  });

  it('says what was rejected and why, with the claims hit when the 837 is given', () => {
    const { acks, ta1 } = readAcknowledgments(read('partially-accepted.999'));
    const mapped = new Map([[acks[0], mapAcknowledgmentTo837(acks[0], index837(read('claims-answered.837')))]]);
    const page = acknowledgmentHtml(acks, ta1, { mapped });
    expect(page).toContain('Claim Frequency Type Code (CLM05-3)');
    expect(page).toMatch(/CLM-B2/);
    expect(page).toMatch(/Partially accepted/i);
    const csv = acknowledgmentCsv(acks, ta1).trimEnd().split('\r\n');
    expect(csv.filter((l) => l.includes('CLM05-3'))).toHaveLength(1);
    expect(csv.find((l) => l.includes('CLM05-3'))).toContain('CLM-B2');
  });

  it('reports a TA1 rejection', () => {
    const { acks, ta1 } = readAcknowledgments(read('interchange-rejected.ta1'));
    expect(acknowledgmentHtml(acks, ta1)).toMatch(/000000201[\s\S]*rejected[\s\S]*006/);
    expect(acknowledgmentCsv(acks, ta1)).toContain('TA1,000000201,,R');
  });
});
