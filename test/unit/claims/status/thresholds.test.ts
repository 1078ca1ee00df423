/** Per-partner silence thresholds: which answer is overdue, when, with an injected clock. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_STATUS_FOLLOWUP, inquiryOverdue, overdueAnswer, statusFollowupOf } from '../../../../src/claims/status/thresholds.js';
import { PartnerProfile } from '../../../../src/claims/partner.js';

const t0 = '2026-03-01T08:00:00.000Z';
const at = (hours: number) => new Date(Date.parse(t0) + hours * 3_600_000);
const s = DEFAULT_STATUS_FOLLOWUP;

describe('claim-status thresholds', () => {
  it('defaults: 999 after 24 h, 277CA after 3 days, 835 after 30 days, silent 3 days after an inquiry', () => {
    expect(s).toMatchObject({ no999Hours: 24, no277caDays: 3, no835Days: 30, silentAfterInquiryDays: 3, reinquireDays: 7, enabled: true });
  });

  it('uploaded with no 999: overdue at 24 h, not a minute before', () => {
    const c = { state: 'uploaded', since: t0, payerId: 'P1' };
    expect(overdueAnswer(c, s, at(23.99))).toBeUndefined();
    expect(overdueAnswer(c, s, at(24))).toEqual({ reason: 'no-999', dueAt: at(24).toISOString() });
  });

  it('accepted by the 999 with no 277CA: overdue after 3 days', () => {
    const c = { state: 'ack-accepted', since: t0, payerId: 'P1' };
    expect(overdueAnswer(c, s, at(71))).toBeUndefined();
    expect(overdueAnswer(c, s, at(72))?.reason).toBe('no-277ca');
  });

  it('accepted or pended by the payer with no 835: 30 days, or the payer\'s own wait (Medicare 14)', () => {
    const settings = statusFollowupOf({ statusFollowup: { no835DaysByPayer: { MEDICARE: 14 } } });
    for (const state of ['payer-accepted', 'pending']) {
      expect(overdueAnswer({ state, since: t0, payerId: 'P1' }, settings, at(29 * 24))).toBeUndefined();
      expect(overdueAnswer({ state, since: t0, payerId: 'P1' }, settings, at(30 * 24))?.reason).toBe('no-835');
      expect(overdueAnswer({ state, since: t0, payerId: 'MEDICARE' }, settings, at(13 * 24))).toBeUndefined();
      expect(overdueAnswer({ state, since: t0, payerId: 'MEDICARE' }, settings, at(14 * 24))?.reason).toBe('no-835');
    }
  });

  it('final or unsent claims are never overdue', () => {
    for (const state of ['queued', 'generated', 'paid', 'denied', 'payer-rejected', 'ack-rejected']) expect(overdueAnswer({ state, since: t0, payerId: 'P1' }, s, at(10_000))).toBeUndefined();
  });

  it('asked recently: not again before reinquireDays; disabled partner: never', () => {
    const c = { state: 'uploaded', since: t0, payerId: 'P1', lastInquiryAt: at(30).toISOString() };
    expect(overdueAnswer(c, s, at(30 + 7 * 24 - 1))).toBeUndefined();
    expect(overdueAnswer(c, s, at(30 + 7 * 24))?.reason).toBe('no-999');
    expect(overdueAnswer({ state: 'uploaded', since: t0, payerId: 'P1' }, statusFollowupOf({ statusFollowup: { enabled: false } }), at(1000))).toBeUndefined();
  });

  it('an inquiry unanswered for silentAfterInquiryDays is overdue itself', () => {
    expect(inquiryOverdue(t0, s, at(71))).toBe(false);
    expect(inquiryOverdue(t0, s, at(72))).toBe(true);
  });

  it('the partner profile carries the settings (hours/days per partner)', () => {
    const p = PartnerProfile.parse({ id: 'x', name: 'x', isa: { senderId: 'A', receiverId: 'B' }, gs: { senderCode: 'AA', receiverCode: 'BB' }, submitter: { name: 'S', id: 'SUB01', contact: {} }, receiver: { name: 'R', id: 'RCV01' }, statusFollowup: { no999Hours: 2 } });
    expect(statusFollowupOf(p).no999Hours).toBe(2);
    expect(statusFollowupOf(p).no835Days).toBe(30);
    expect(() => PartnerProfile.parse({ ...p, statusFollowup: { no999Hourz: 2 } })).toThrow();
  });
});
