/** The claim timeline says what the 276/277 follow-up did, with the status category and code in words. */
import { describe, expect, it } from 'vitest';
import { eventEntry, statusEntries } from '../../../src/api/web/timeline.js';

describe('claim-status follow-up on the timeline', () => {
  it('a 276 asked and 277 answers, in words, with the next step when a person must act', () => {
    const entries = statusEntries('C1', {
      inquiries: [{ trace: 'ST5-1', reason: 'no-277ca', created_at: '2026-03-04T08:00:00Z', file_id: 'O1' }],
      answers: [
        { trace: 'ST5-1', category: 'P1', status_code: '20', entity: null, paid: null, outcome: 'pending', next_step: null, created_at: '2026-03-04T09:00:00Z', file_id: 'I1' },
        { trace: 'ST6-1', category: 'A4', status_code: '35', entity: null, paid: null, outcome: 'action-needed', next_step: 'The payer cannot find the claim: resubmit.', created_at: '2026-03-05T09:00:00Z', file_id: 'I2' },
      ],
    });
    expect(entries[0]).toMatchObject({ title: '276: claim status asked', tone: 'normal' });
    expect(entries[0].text).toMatch(/trace ST5-1.*no 277CA/);
    expect(entries[1].title).toBe('277: claim status answer (P1/20)');
    expect(entries[1].text).toMatch(/Pending\/In Process.*Accepted for processing/i);
    expect(entries[2]).toMatchObject({ tone: 'bad' });
    expect(entries[2].text).toMatch(/Not Found.*Claim\/encounter not found.*Next step: The payer cannot find the claim/);
  });

  it('a claim moved by a 277 is named as a 277, not a 277CA', () => {
    const ev = (to: string, detail: unknown, kind = '277') => eventEntry('C1', { seq: 1, from_state: 'ack-accepted', to_state: to, at: '2026-03-04T09:00:00Z', source_file_id: 'I1', detail: JSON.stringify(detail), file_name: 'x', file_kind: kind });
    expect(ev('pending', { source: '277', category: 'P1', status: '20' }).title).toBe('277: pending');
    expect(ev('payer-accepted', { source: '277', category: 'F1', status: '65' }).title).toBe('277: finalized by the payer; the 835 follows');
    expect(ev('denied', { source: '277', category: 'F2', status: '585' })).toMatchObject({ title: '277: denied by the payer', tone: 'bad' });
    expect(ev('pending', { category: 'P1', status: '20' }, '277CA').title).toBe('277CA: pending');
  });
});
