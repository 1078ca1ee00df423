import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GatewayConfigSchema, loadConfigFile } from '../../../src/gateway/config.js';
import { GatewayPartnerProfile, outboundFileName, readSecret } from '../../../src/gateway/partners.js';
import { crashPoint } from '../../../src/gateway/crash.js';
import { statusFollowupOf } from '../../../src/claims/status/thresholds.js';
import { REPO } from '../../helpers/child.js';

describe('configuration', () => {
  it('loads the example config and its partner profiles (claims-only profiles are skipped)', () => {
    const resolved = loadConfigFile(join(REPO, 'config', 'gateway.example.json'));
    expect([...resolved.partners.keys()]).toContain(resolved.config.defaultPartner);
    const p = resolved.partners.get(resolved.config.defaultPartner)!;
    expect(p.sftp.hostKeyFingerprints[0]).toMatch(/^SHA256:/);
    expect(p.sftp.privateKey ?? p.sftp.password).toBeDefined();
    expect(resolved.folders.working.endsWith(join('outbox', '.working'))).toBe(true);
    // Issue 14 / 13 partner keys shown in the example are read as written.
    expect(p.secondaryClaims).toBe('send');
    expect(statusFollowupOf(p)).toEqual({ enabled: true, no999Hours: 24, no277caDays: 3, no835Days: 30, no835DaysByPayer: { 'EXAMPLE-MEDICARE': 14 }, silentAfterInquiryDays: 3, reinquireDays: 7 });
    expect(p.payerIdsByName).toEqual({ 'Example Health Plan': 'EXAMPLEHP01' });
  });

  it('reads the alerts section of the example (issue 14) and names what is wrong in a bad one', () => {
    const resolved = loadConfigFile(join(REPO, 'config', 'gateway.example.json'));
    expect(resolved.config.alerts).toMatchObject({ timelyFiling: { enabled: true, defaultDays: 90, warningDays: 30, payers: { 'EXAMPLE-MEDICAID': 365 } }, email: { port: 587, starttls: true, to: ['billing@example.com'] }, delivery: { maxDelayMs: 3_600_000 } });
    const dir = mkdtempSync(join(tmpdir(), 'cfg-alerts-'));
    try {
      writeFileSync(join(dir, 'bad.json'), JSON.stringify({ defaultPartner: 'x', alerts: { timelyFiling: { defaultDays: 0 }, email: { host: 'h', from: 'x12gw@example.com', to: [] } } }));
      expect(() => loadConfigFile(join(dir, 'bad.json'))).toThrow(/alerts\.timelyFiling\.defaultDays[^]*alerts\.email\.to/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an intake.csvHeaderMap that maps to a column the CSV layout does not have, naming it and the likely one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-csvmap-'));
    try {
      expect(GatewayConfigSchema.parse({ defaultPartner: 'x', intake: { csvHeaderMap: { 'Patient Acct #': 'claim_id', CPT: 'procedure_code' } } }).intake.csvHeaderMap).toEqual({ 'Patient Acct #': 'claim_id', CPT: 'procedure_code' });
      // A typo here would otherwise make every CSV export fail later with "required column missing".
      writeFileSync(join(dir, 'bad.json'), JSON.stringify({ defaultPartner: 'x', intake: { csvHeaderMap: { 'Patient Acct #': 'claim_id', CPT: 'procedure_cod', Notes: 'remarks' } } }));
      expect(() => loadConfigFile(join(dir, 'bad.json'))).toThrow(/intake\.csvHeaderMap\.CPT[^]*"procedure_cod"[^]*did you mean "procedure_code"/);
      expect(() => loadConfigFile(join(dir, 'bad.json'))).toThrow(/intake\.csvHeaderMap\.Notes[^]*"remarks"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts config/partners/demo.json plus an sftp block (the claims shape is extended, not changed)', async () => {
    const { readFileSync } = await import('node:fs');
    const demo = JSON.parse(readFileSync(join(REPO, 'config', 'partners', 'demo.json'), 'utf8'));
    const p = GatewayPartnerProfile.parse({ ...demo, sftp: { host: 'h', username: 'u', password: { env: 'X' }, hostKeyFingerprints: ['SHA256:' + 'a'.repeat(43)] } });
    expect(p.isa.senderId).toBe(demo.isa.senderId);
    expect(p.sftp.uploadMode).toBe('temp-rename');
  });

  it('reads secrets from an environment variable or a file, never from the profile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    try {
      writeFileSync(join(dir, 'pw'), 's3cret');
      expect(readSecret({ env: 'X12GW_TEST_PW' }, dir, { X12GW_TEST_PW: 'abc' })).toBe('abc');
      expect(readSecret({ file: 'pw' }, dir)).toBe('s3cret');
      expect(() => readSecret({ env: 'X12GW_MISSING' }, dir, {})).toThrow(/X12GW_MISSING is not set/);
      expect(() => GatewayPartnerProfile.shape.sftp.parse({ host: 'h', username: 'u', password: { env: 'A', file: 'b' }, hostKeyFingerprints: ['SHA256:' + 'a'.repeat(43)] })).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names outbound files from the template', () => {
    expect(outboundFileName({ id: 'acme', files: { outboundName: '{partner}-{isa13}-{date}.{kind}', maxFileBytes: 1 } }, { isa13: 42, kind: '837P', date: '20240310', time: '1200' })).toBe('acme-000000042-20240310.837p');
  });

  it('crash points do nothing unless named', () => {
    expect(() => crashPoint('upload-mid', {})).not.toThrow();
    expect(() => crashPoint('upload-mid', { X12GW_CRASH_AT: 'other-point' })).not.toThrow();
  });
});
