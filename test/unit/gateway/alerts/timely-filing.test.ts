/** The timely-filing rule (pure): which limit applies, and where approaching / passed begin. */
import { describe, expect, it } from 'vitest';
import { TimelyFilingSettingsSchema, timelyFilingDays } from '../../../../src/gateway/alerts/settings.js';
import { addDays, timelyFilingFinding } from '../../../../src/gateway/alerts/timely-filing.js';

const settings = TimelyFilingSettingsSchema.parse({ defaultDays: 90, warningDays: 10, payers: { P180: 180 }, byFilingIndicator: { MC: 120 } });
const claim = (serviceDate: string, payerId = 'ANY', filingIndicator: string | null = 'CI') => ({ claimId: 'L1', payerId, serviceDate, filingIndicator });

describe('timely filing', () => {
  it('takes the payer limit first, then the filing indicator (config over the built-in Medicare/TRICARE year), then the default', () => {
    expect(timelyFilingDays(settings, 'P180', 'MB')).toBe(180);
    expect(timelyFilingDays(settings, 'X', 'MB')).toBe(365);
    expect(timelyFilingDays(settings, 'X', 'ma')).toBe(365);
    expect(timelyFilingDays(settings, 'X', 'CH')).toBe(365);
    expect(timelyFilingDays(settings, 'X', 'MC')).toBe(120);
    expect(timelyFilingDays(settings, 'X', 'CI')).toBe(90);
    expect(timelyFilingDays(settings, 'X', null)).toBe(90);
    expect(TimelyFilingSettingsSchema.parse({})).toMatchObject({ enabled: true, defaultDays: 90, warningDays: 30 });
  });

  it('is quiet before the window, approaching inside it up to the due date, passed the day after', () => {
    // 2026-01-01 + 90 days = 2026-04-01
    expect(addDays('2026-01-01', 90)).toBe('2026-04-01');
    expect(timelyFilingFinding(claim('2026-01-01'), settings, '2026-03-21')).toBeNull();
    expect(timelyFilingFinding(claim('2026-01-01'), settings, '2026-03-22')).toEqual({ kind: 'timely-filing-approaching', dueDate: '2026-04-01', limitDays: 90, daysLeft: 10 });
    expect(timelyFilingFinding(claim('2026-01-01'), settings, '2026-04-01')).toMatchObject({ kind: 'timely-filing-approaching', daysLeft: 0 });
    expect(timelyFilingFinding(claim('2026-01-01'), settings, '2026-04-02')).toMatchObject({ kind: 'timely-filing-passed', daysLeft: -1 });
  });

  it('counts calendar days across a leap day and ignores a claim without a usable date', () => {
    expect(addDays('2028-02-01', 365)).toBe('2029-01-31');
    expect(timelyFilingFinding(claim('2028-02-01', 'X', 'MB'), settings, '2029-01-31')).toMatchObject({ kind: 'timely-filing-approaching', dueDate: '2029-01-31', daysLeft: 0 });
    expect(timelyFilingFinding(claim('not a date'), settings, '2029-01-31')).toBeNull();
  });
});
