/**
 * How a claim's patient finds the patient of an eligibility check: "last|first|YYYY-MM-DD", trimmed and
 * lower case. Kept in the database only (PHI), never logged. Pure.
 */
import type { ParsedAppointment } from './model.js';

export function patientKeyOf(name: { last: string; first?: string }, birthDate: string | undefined): string {
  return [name.last, name.first ?? '', birthDate ?? ''].map((v) => v.trim().toLowerCase()).join('|');
}

/** The patient's key of an appointment: the dependent when there is one, else the subscriber. */
export function appointmentPatientKey(a: ParsedAppointment): string {
  return a.patient ? patientKeyOf(a.patient.name, a.patient.birthDate) : patientKeyOf(a.subscriber.name, a.subscriber.birthDate);
}

/** The patient's key of a claim (the claim model's patient, else its subscriber). */
export function claimPatientKey(claim: { subscriber: { name: { last: string; first?: string }; birthDate?: string }; patient?: { name: { last: string; first?: string }; birthDate: string } }): string {
  return claim.patient ? patientKeyOf(claim.patient.name, claim.patient.birthDate) : patientKeyOf(claim.subscriber.name, claim.subscriber.birthDate);
}

/** The same key from a raw (not yet validated) claim, for looking facts up before the scrubber runs; undefined when it cannot be told. */
export function rawClaimPatientKey(raw: unknown): string | undefined {
  const r = raw as { subscriber?: { name?: { last?: unknown; first?: unknown }; birthDate?: unknown }; patient?: { name?: { last?: unknown; first?: unknown }; birthDate?: unknown } } | null;
  const who = r?.patient ?? r?.subscriber;
  if (!who || typeof who.name?.last !== 'string') return undefined;
  return patientKeyOf({ last: who.name.last, first: typeof who.name.first === 'string' ? who.name.first : undefined }, typeof who.birthDate === 'string' ? who.birthDate : undefined);
}
