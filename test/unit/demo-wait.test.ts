/**
 * The interactive demo's wait ends once every claim is final except those the simulator's payer holds
 * back (accepted, no 835: `heldByNumber` picks them), instead of always waiting out its minute.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_HOLD_EVERY, openNotHeldBack } from '../../src/cli/commands/demo.js';
import type { Ledger } from '../../src/ledger/ledger.js';
import { heldByNumber } from '../../src/simulator/clearinghouse.js';

const ledgerOf = (claims: Array<{ state: string; patient_control_number: string }>) => ({ listClaims: async () => claims }) as unknown as Ledger;

describe('openNotHeldBack', () => {
  const numbers = Array.from({ length: 200 }, (_, i) => `PCN-${i}`);
  const held = numbers.filter((n) => heldByNumber(n, DEMO_HOLD_EVERY));
  const notHeld = numbers.filter((n) => !heldByNumber(n, DEMO_HOLD_EVERY));

  it('counts nothing when the only open claims are held-back accepted ones', async () => {
    expect(held.length).toBeGreaterThan(5);
    const claims = [...held.map((n) => ({ state: 'payer-accepted', patient_control_number: n })), ...notHeld.map((n) => ({ state: 'paid', patient_control_number: n }))];
    expect(await openNotHeldBack(ledgerOf(claims), DEMO_HOLD_EVERY)).toBe(0);
  });

  it('counts an open claim the payer does not hold, and a held one still before acceptance', async () => {
    const claims = [
      { state: 'payer-accepted', patient_control_number: notHeld[0]! },
      { state: 'uploaded', patient_control_number: held[0]! },
      { state: 'pending', patient_control_number: held[1]! },
      { state: 'denied', patient_control_number: notHeld[1]! },
    ];
    expect(await openNotHeldBack(ledgerOf(claims), DEMO_HOLD_EVERY)).toBe(2);
  });
});
