/**
 * A stored eligibility check (its row and benefit rows, as the ledger keeps them) → what the page, the
 * CSV and the API show: coverage, plan, the AAA rejections in words and the patient estimate for the
 * visit's scheduled procedures (estimate.ts). Pure: plain rows in, values out.
 */
import { describeCode } from '../remits/codes.js';
import { toCsv } from '../text/csv.js';
import { estimateVisit, type VisitEstimate } from './estimate.js';
import type { EligibilityAnswer, Network, ParsedAppointment, Rejection, ServiceBenefits } from './model.js';

export interface StoredCheck {
  appointment_id: string;
  partner_id: string;
  payer_id: string;
  visit_date: string;
  member_id: string;
  appointment: string;
  state: string;
  coverage: string | null;
  plan: string | null;
  answered_member_id: string | null;
  rejections: string | null;
  messages: string | null;
  answered_at: string | null;
  benefits: Array<{ service_type: string; network: string; copay: string | null; coinsurance: string | null; deductible_total: string | null; deductible_remaining: string | null; out_of_pocket_total: string | null; out_of_pocket_remaining: string | null }>;
}

export interface VisitEligibility {
  appointmentId: string;
  partnerId: string;
  payerId: string;
  visitDate: string;
  state: string;
  coverage?: string;
  plan?: string;
  memberId: string;
  answeredMemberId?: string;
  rejections: Rejection[];
  messages: string[];
  answeredAt?: string;
  benefits: ServiceBenefits[];
  /** Only once the payer answered with coverage (active or inactive). */
  estimate?: VisitEstimate;
}

const opt = (v: string | null) => v ?? undefined;

export function visitEligibility(row: StoredCheck, options: { feeSchedule?: Readonly<Record<string, string>> } = {}): VisitEligibility {
  const appointment = JSON.parse(row.appointment) as ParsedAppointment;
  const benefits: ServiceBenefits[] = row.benefits.map((b) => ({
    serviceType: b.service_type,
    serviceTypeName: describeCode('service-type', b.service_type),
    network: b.network as Network,
    copay: opt(b.copay),
    coinsurance: opt(b.coinsurance),
    deductible: { total: opt(b.deductible_total), remaining: opt(b.deductible_remaining) },
    outOfPocket: { total: opt(b.out_of_pocket_total), remaining: opt(b.out_of_pocket_remaining) },
  }));
  const coverage = opt(row.coverage) as EligibilityAnswer['coverage'] | undefined;
  return {
    appointmentId: row.appointment_id,
    partnerId: row.partner_id,
    payerId: row.payer_id,
    visitDate: row.visit_date,
    state: row.state,
    coverage,
    plan: opt(row.plan),
    memberId: row.member_id,
    answeredMemberId: opt(row.answered_member_id),
    rejections: row.rejections ? (JSON.parse(row.rejections) as Rejection[]) : [],
    messages: row.messages ? (JSON.parse(row.messages) as string[]) : [],
    answeredAt: opt(row.answered_at),
    benefits,
    estimate: coverage === 'active' || coverage === 'inactive' ? estimateVisit(appointment, { coverage, benefits }, options) : undefined,
  };
}

export const ELIGIBILITY_CSV_HEADER = ['appointment', 'visit date', 'payer', 'state', 'coverage', 'plan', 'procedure', 'charge', 'deductible', 'coinsurance', 'copay', 'patient estimate', 'rejection'] as const;

/** One row per procedure of each answered visit; one row per visit without an estimate (waiting or rejected). */
export function eligibilityCsv(visits: readonly VisitEligibility[]): string {
  const rows: unknown[][] = [];
  for (const v of visits) {
    const base = [v.appointmentId, v.visitDate, v.payerId, v.state, v.coverage ?? '', v.plan ?? ''];
    const rejection = v.rejections.map((r) => `${r.reason} ${r.reasonText}`).join('; ');
    if (!v.estimate || v.estimate.lines.length === 0) rows.push([...base, '', '', '', '', '', '', rejection]);
    else for (const l of v.estimate.lines) rows.push([...base, l.code, l.charge ?? '', l.deductible, l.coinsurance, l.copay, l.patient, rejection]);
  }
  return toCsv(ELIGIBILITY_CSV_HEADER, rows);
}
