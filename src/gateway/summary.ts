/** The one-line picture of where claims are, for the demo, `--json` scripts and tests. */
import { Decimal } from 'decimal.js';
import type { Ledger } from '../ledger/ledger.js';
import { FINAL_STATES } from '../ledger/lifecycle.js';

export interface ClaimSummary {
  claims: number;
  sent: number;
  accepted: number;
  rejected: number;
  paid: number;
  partiallyPaid: number;
  denied: number;
  paidAmount: string;
  patientResponsibility: string;
  /** Claims not yet in a final state. */
  open: number;
}

export async function summarize(ledger: Ledger): Promise<ClaimSummary> {
  const claims = await ledger.listClaims();
  const uploaded = await ledger.db.selectFrom('claim_events').select('claim_id').where('to_state', '=', 'uploaded').execute();
  const count = (s: string) => claims.filter((c) => c.state === s).length;
  const sum = (f: (c: (typeof claims)[number]) => string | null) => claims.reduce((s, c) => s.plus(f(c) ?? '0'), new Decimal(0)).toFixed(2);
  return {
    claims: claims.length,
    sent: new Set(uploaded.map((u) => u.claim_id)).size,
    accepted: claims.filter((c) => ['payer-accepted', 'pending', 'paid', 'partially-paid', 'denied', 'reversed'].includes(c.state)).length,
    rejected: ['scrub-rejected', 'interchange-rejected', 'ack-rejected', 'payer-rejected'].reduce((n, s) => n + count(s), 0),
    paid: count('paid'),
    partiallyPaid: count('partially-paid'),
    denied: count('denied'),
    paidAmount: sum((c) => c.paid_amount),
    patientResponsibility: sum((c) => c.patient_responsibility),
    open: claims.filter((c) => !FINAL_STATES.includes(c.state)).length,
  };
}
