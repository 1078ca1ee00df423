import { describe, expect, it } from 'vitest';
import { CLAIM_STATES, canTransition, deriveState, FINAL_STATES, IllegalTransitionError, allowedNext } from '../../../src/ledger/lifecycle.js';

describe('claim lifecycle', () => {
  it('follows the DESIGN §7 path from queued to paid', () => {
    const path = ['queued', 'generated', 'uploaded', 'ack-accepted', 'payer-accepted', 'paid'] as const;
    const events = path.map((to, i) => ({ fromState: i === 0 ? null : path[i - 1], toState: to }));
    expect(deriveState('c1', events)).toBe('paid');
  });

  it('refuses skipping generation, going back, and leaving a final rejection', () => {
    expect(canTransition('queued', 'uploaded')).toBe(false);
    expect(canTransition('uploaded', 'queued')).toBe(false);
    expect(canTransition('ack-rejected', 'ack-accepted')).toBe(false);
    expect(canTransition('scrub-rejected', 'queued')).toBe(false);
    expect(canTransition(undefined, 'generated')).toBe(false);
    expect(() => deriveState('c1', [{ fromState: null, toState: 'queued' }, { fromState: 'queued', toState: 'paid' }])).toThrow(IllegalTransitionError);
  });

  it('refuses an event whose from-state is not the current state', () => {
    expect(() =>
      deriveState('c1', [
        { fromState: null, toState: 'queued' },
        { fromState: 'generated', toState: 'uploaded' },
      ]),
    ).toThrow(/generated|queued/);
  });

  it('has no way out of rejections and a way out of every non-final state', () => {
    for (const s of CLAIM_STATES) {
      if (['scrub-rejected', 'interchange-rejected', 'ack-rejected', 'payer-rejected'].includes(s)) expect(allowedNext(s)).toEqual([]);
      else if (!FINAL_STATES.includes(s)) expect(allowedNext(s).length).toBeGreaterThan(0);
    }
  });
});
