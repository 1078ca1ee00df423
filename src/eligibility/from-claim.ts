/**
 * A claim already in the ledger → the appointment to ask the payer about (the workbench's "Check
 * eligibility" for a claim's patient): payer, billing provider, subscriber, the patient when not the
 * subscriber, the first service date and the lines' procedures with their charges. Pure.
 */
import type { Claim } from '../claims/model.js';
import type { Appointment } from './model.js';

/** PAT01 → the appointment's relationship (spouse 01, child 19, everything else other). */
const RELATIONSHIP: Readonly<Record<string, 'spouse' | 'child' | 'other'>> = { '01': 'spouse', '19': 'child' };

export function appointmentFromClaim(claim: Claim, options: { serviceDate: string; appointmentId: string }): Appointment {
  const procedures = claim.lines
    .map((l) => ({ code: 'procedureCode' in l ? l.procedureCode : undefined, charge: l.charge }))
    .filter((p): p is { code: string; charge: string } => typeof p.code === 'string' && /^[A-Z0-9]{5}$/.test(p.code));
  return {
    appointmentId: options.appointmentId,
    date: options.serviceDate,
    partnerId: claim.partnerId,
    payer: { id: claim.payer.id, name: claim.payer.name },
    provider: { npi: claim.billingProvider.npi ?? '', name: claim.billingProvider.name },
    subscriber: { name: claim.subscriber.name, memberId: claim.subscriber.memberId, birthDate: claim.subscriber.birthDate, gender: claim.subscriber.gender },
    patient: claim.patient ? { name: claim.patient.name, birthDate: claim.patient.birthDate, gender: claim.patient.gender, relationship: RELATIONSHIP[claim.patient.relationship] ?? 'other' } : undefined,
    procedures: procedures.slice(0, 50),
  };
}
