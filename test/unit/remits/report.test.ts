import { describe, expect, it } from 'vitest';
import { readRemittances } from '../../../src/remits/read-remittances.js';
import { REMITTANCE_CSV_COLUMNS, remittanceCsv, remittanceHtml, remittanceJson } from '../../../src/remits/report.js';
import { csvField, esc, html } from '../../../src/remits/html.js';
import { Remittance } from '../../../src/remits/model.js';
import { write835 } from '../../../src/remits/write-835.js';
import { adj, claim, d, envelope, line, remittance } from './build.js';

function sample() {
  const paid = claim('150', '100', [], [line('150', '100', [adj('CO', '45', '30'), adj('PR', '3', '20')], { lineControlNumber: 'L1' })], { patientControlNumber: 'PAID-1', payerClaimControlNumber: 'ICN1', patient: { role: 'QC', entityType: '1', lastName: '<script>alert(1)</script>', firstName: 'A&B' } });
  const denied = claim('80', '0', [adj('CO', '29', '80')], [], { patientControlNumber: '=HYPERLINK("x")', status: '4', payerClaimControlNumber: 'ICN2', patient: { role: 'QC', entityType: '1', lastName: 'DOE, JR', firstName: 'SAM "S"' } });
  const text = write835([remittance([paid, denied], '100')], envelope);
  return readRemittances(text).remittances;
}

describe('remittance reports', () => {
  const rs = sample();

  it('explains every adjustment in words with the next action, in JSON, CSV and HTML (denial knowledge base)', () => {
    const json = JSON.parse(remittanceJson(rs)) as Array<{ claims: Array<{ patientControlNumber: string; adjustments: Array<Record<string, unknown>>; lines: Array<{ adjustments: Array<Record<string, unknown>> }> }> }>;
    const all = json.flatMap((r) => r.claims.flatMap((c) => [...c.adjustments, ...c.lines.flatMap((l) => l.adjustments)]));
    expect(all).toHaveLength(3);
    for (const a of all) {
      expect(typeof a.explanation).toBe('string');
      expect(a.explanation as string).not.toMatch(/\.:|\.\.| \.|^$/);
      expect((a.nextAction as { kind: string }).kind).toMatch(/^(correct-and-resubmit|send-to-secondary|bill-patient|appeal|request-records|check-eligibility|write-off|none)$/);
    }
    const late = json[0].claims.find((c) => c.patientControlNumber !== 'PAID-1')!.adjustments[0];
    expect(late).toMatchObject({ group: 'CO', reason: '29', nextAction: { kind: 'appeal' } });
    const copay = all.find((a) => a.group === 'PR')!;
    expect(copay).toMatchObject({ nextAction: { kind: 'bill-patient' }, patientMayBeBilled: true });
    const csv = remittanceCsv(rs).split('\r\n');
    expect(csv[0].endsWith('adjustment_explanations,next_actions')).toBe(true);
    expect(csv.find((r) => r.includes('CO-29 80.00'))).toMatch(/CO-29: .*filing limit.*Appeal/);
    expect(remittanceHtml(rs)).toMatch(/<b>Next:<\/b> Appeal/);
  });

  it('escapes every value in HTML and holds no script or external asset', () => {
    const page = remittanceHtml(rs);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>');
    expect(page).toContain('A&amp;B');
    expect(page).not.toMatch(/<(link|img|script)\b|src=|href=/);
    expect(page).toContain('class="denied"');
    expect(page).toMatch(/Denied/);
    expect(page).toContain('CO-29 80.00: Time limit for filing has expired.');
    expect(page).toMatch(/Balanced/);
  });

  it('html`` escapes interpolations but keeps nested markup', () => {
    expect(html`<b>${'<i>'}</b>${html`<i>${'"q"'}</i>`}`.text).toBe('<b>&lt;i&gt;</b><i>&quot;q&quot;</i>');
    expect(esc(`'&`)).toBe('&#39;&amp;');
  });

  it('writes CSV with one row per service line, quoting and defusing formulas', () => {
    const csv = remittanceCsv(rs).trimEnd().split('\r\n');
    expect(csv[0].split(',')).toEqual([...REMITTANCE_CSV_COLUMNS]);
    expect(csv).toHaveLength(3);
    expect(csv[1]).toContain('PAID-1');
    expect(csv[1]).toContain('CO-45 30.00; PR-3 20.00');
    expect(csv[2]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv[2]).toContain('"DOE, JR, SAM ""S"""');
    expect(csvField('-12.50')).toBe('-12.50');
    expect(csvField('-x')).toBe("'-x");
  });

  it('JSON is the model and reads back through the zod schema', () => {
    const parsed = JSON.parse(remittanceJson(rs));
    const back = Remittance.parse(parsed[0]);
    expect(back.claims[1].billed.equals(d('80'))).toBe(true);
    expect(back.balance.balanced).toBe(true);
    expect(back.claims.map((c) => c.outcome)).toEqual(['paid', 'denied']);
  });
});

describe('remittance reports written claim by claim', () => {
  it('HTML lists the first claims of a payment, says how many it left out, and totals them all', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { readRemittances } = await import('../../../src/remits/read-remittances.js');
    const { remittanceHtml } = await import('../../../src/remits/report.js');
    const { remittances } = readRemittances(readFileSync(join(import.meta.dirname, '../../../samples/remits/paid-partial-denied.835')), { file: 'x.835' });
    const full = remittanceHtml(remittances);
    expect(full).not.toContain('not listed here');
    const capped = remittanceHtml(remittances, { maxClaimsShown: 1 });
    expect(capped).toContain('2 more claim(s) of this payment are not listed here (the page shows the first 1); the totals cover all 3.');
    expect(capped.match(/<div class="claim/g)).toHaveLength(1);
    expect(capped).toMatch(/Totals \(3 claims\)<\/td><td class="num">875.00/);
    expect(capped).toMatch(/1 payment\(s\) · 330.00 total/);
  });
});
