import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountsSettings } from '../../../src/accounts/settings.js';
import { DEFAULT_STATEMENT_POLICY } from '../../../src/accounts/patient-account.js';
import { GatewayConfigSchema } from '../../../src/gateway/config.js';

describe('accounts config', () => {
  it('reads the example config’s accounts section (practice, statement cycle, collections, deposit window)', () => {
    const config = GatewayConfigSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, '../../../config/gateway.example.json'), 'utf8')));
    const s = accountsSettings(config.accounts);
    expect(s.practice).toEqual({ name: 'Example Family Practice', address: ['100 Main Street', 'Springfield, IL 62701'], phone: '217-555-0100' });
    expect(s.policy).toEqual({ cycleDays: 30, notices: 3, collectionsAfterDays: 30, dueDays: 30, minimumBalance: '5.00' });
    expect(s.windowDays).toBe(3);
  });

  it('defaults every key, and refuses a bad one', () => {
    expect(accountsSettings(undefined)).toEqual({ practice: undefined, policy: DEFAULT_STATEMENT_POLICY, windowDays: 3 });
    expect(accountsSettings(GatewayConfigSchema.parse({ defaultPartner: 'x', accounts: { statements: { notices: 2 } } }).accounts).policy.notices).toBe(2);
    expect(() => GatewayConfigSchema.parse({ defaultPartner: 'x', accounts: { statements: { notices: 0 } } })).toThrow();
    expect(() => GatewayConfigSchema.parse({ defaultPartner: 'x', accounts: { statements: { minimumBalance: '1.001' } } })).toThrow();
  });
});
