/**
 * The per-visit patient estimate (docs/eligibility.md): remaining deductible first, then coinsurance,
 * then the copay (once per service type per visit), capped by the out-of-pocket remaining; charges from
 * the appointment or the fee schedule; exact decimal arithmetic, rounded half-up to cents per line.
 */
import { describe, expect, it } from 'vitest';
import { estimateVisit } from '../../../src/eligibility/estimate.js';
import { Appointment, type EligibilityAnswer, type ServiceBenefits } from '../../../src/eligibility/model.js';

const appointment = (procedures: Array<{ code: string; charge?: string; serviceType?: string }>) =>
  Appointment.parse({
    appointmentId: 'A1',
    date: '2024-03-15',
    payer: { id: 'P', name: 'PAYER' },
    provider: { npi: '1234567893', name: 'CLINIC' },
    subscriber: { name: { last: 'X' }, memberId: 'M1' },
    procedures,
  });
const row = (serviceType: string, b: Partial<ServiceBenefits>): ServiceBenefits => ({ serviceType, serviceTypeName: '', network: 'in', deductible: {}, outOfPocket: {}, ...b });
const answer = (benefits: ServiceBenefits[], coverage: EligibilityAnswer['coverage'] = 'active') => ({ coverage, benefits });

const plan = [row('30', { coinsurance: '0.2', deductible: { total: '1500', remaining: '100' }, outOfPocket: { total: '5000', remaining: '1000' } }), row('98', { copay: '25' })];
const visit = appointment([{ code: '99213', charge: '150', serviceType: '98' }, { code: '80053', charge: '60' }]);

describe('patient estimate', () => {
  it('deductible first, then coinsurance, then the copay of the service type', () => {
    const e = estimateVisit(visit, answer(plan));
    expect(e.lines.map((l) => [l.code, l.deductible, l.coinsurance, l.copay, l.patient])).toEqual([
      ['99213', '100.00', '10.00', '25.00', '135.00'],
      ['80053', '0.00', '12.00', '0.00', '12.00'],
    ]);
    expect([e.patientTotal, e.insuranceTotal]).toEqual(['147.00', '63.00']);
  });

  it('the out-of-pocket remaining caps what the patient owes across the visit', () => {
    const capped = [{ ...plan[0], outOfPocket: { total: '5000', remaining: '20' } }, plan[1]];
    const e = estimateVisit(visit, answer(capped));
    expect(e.lines.map((l) => l.patient)).toEqual(['20.00', '0.00']);
    expect(e.insuranceTotal).toBe('190.00');
  });

  it('out-of-network benefits are used when asked for', () => {
    const both = [...plan, row('30', { network: 'out', coinsurance: '0.4', deductible: { remaining: '0' } })];
    const e = estimateVisit(appointment([{ code: '80053', charge: '60' }]), answer(both), { network: 'out' });
    expect(e.lines[0]).toMatchObject({ deductible: '0.00', coinsurance: '24.00', patient: '24.00' });
  });

  it('inactive coverage: the patient owes every charge, with a note', () => {
    const e = estimateVisit(visit, answer(plan, 'inactive'));
    expect(e.patientTotal).toBe('210.00');
    expect(e.notes[0]).toContain('inactive');
  });

  it('charges come from the fee schedule when the appointment has none; none at all is a note, not a guess', () => {
    const e = estimateVisit(appointment([{ code: '80053' }, { code: '99499' }]), answer(plan), { feeSchedule: { '80053': '60.00' } });
    expect(e.lines[0]).toMatchObject({ charge: '60.00', deductible: '60.00', patient: '60.00' });
    expect(e.lines[1].charge).toBeUndefined();
    expect(e.lines[1]).toMatchObject({ patient: '0.00', note: 'no charge given and none in the fee schedule' });
  });

  it('coinsurance is exact decimal arithmetic rounded half-up to cents (no float drift)', () => {
    const odd = [row('30', { coinsurance: '0.3333', deductible: { remaining: '0' } })];
    const e = estimateVisit(appointment([{ code: '80053', charge: '100.01' }, { code: '80054', charge: '0.10' }, { code: '80055', charge: '0.20' }]), answer(odd));
    // 100.01 × 0.3333 = 33.333333 → 33.33; 0.10 × 0.3333 = 0.03333 → 0.03; 0.20 × 0.3333 = 0.06666 → 0.07
    expect(e.lines.map((l) => l.coinsurance)).toEqual(['33.33', '0.03', '0.07']);
    expect(e.patientTotal).toBe('33.43');
    expect(e.insuranceTotal).toBe('66.88');
  });
});
