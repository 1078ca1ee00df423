/**
 * A partner's queued eligibility checks → the 270 interchange the ledger records (its envelope from the
 * partner profile, control numbers reserved by the ledger). Pure.
 */
import type { PartnerProfile } from '../claims/partner.js';
import type { ParsedAppointment } from './model.js';
import { ELIGIBILITY_VERSION, writeEligibilityInquiry } from './write-270.js';

export interface EligibilityBuild {
  text: string;
  fileName: string;
  kind: string;
  functionalId: string;
  version: string;
  transactions: Array<{ controlNumber: string; type: string; claimIds: string[] }>;
  /** Check id → the ST02 of the transaction set that asks about it. */
  checkControls: Record<string, string>;
}

export function build270(partner: Pick<PartnerProfile, 'isa' | 'gs' | 'lineEnding'>, checks: ReadonlyArray<{ id: string; appointment: ParsedAppointment }>, numbers: { interchange: number; group: number; date: string; time: string }, fileName: string): EligibilityBuild {
  const written = writeEligibilityInquiry(
    checks.map((c) => c.appointment),
    {
      senderQualifier: partner.isa.senderQualifier,
      senderId: partner.isa.senderId,
      receiverQualifier: partner.isa.receiverQualifier,
      receiverId: partner.isa.receiverId,
      senderCode: partner.gs.senderCode,
      receiverCode: partner.gs.receiverCode,
      interchangeControl: numbers.interchange,
      groupControl: numbers.group,
      date: numbers.date,
      time: numbers.time,
      usage: partner.isa.usage,
      batchId: `ELIG${numbers.interchange}`,
      lineEnding: partner.lineEnding,
    },
  );
  const byAppointment = new Map(checks.map((c) => [c.appointment.appointmentId, c.id]));
  const checkControls: Record<string, string> = {};
  for (const t of written.transactions) for (const a of t.appointmentIds) checkControls[byAppointment.get(a)!] = t.controlNumber;
  return {
    text: written.text,
    fileName,
    kind: '270',
    functionalId: 'HS',
    version: ELIGIBILITY_VERSION,
    transactions: written.transactions.map((t) => ({ controlNumber: t.controlNumber, type: '270', claimIds: [] })),
    checkControls,
  };
}
